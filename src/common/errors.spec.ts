import 'reflect-metadata';
import { type ValidationError } from '@nestjs/common';
import { IsInt, IsString, MinLength, ValidateNested, validateSync } from 'class-validator';
import { httpBodyOf } from './error-mapping.js';
import {
  fieldError,
  flattenValidationErrors,
  InvalidInputError,
  validationError,
} from './errors.js';

class Address {
  @IsString()
  city: unknown;
}

class Person {
  @IsString()
  @MinLength(2)
  name: unknown;

  @IsInt()
  age: unknown;

  @ValidateNested()
  address: Address;
}

describe('flattenValidationErrors', () => {
  it('turns nested errors into dotted field paths with the rule name', () => {
    const errors: ValidationError[] = [
      {
        property: 'title',
        constraints: { isNotEmpty: 'title should not be empty' },
        children: [],
      },
      {
        property: 'source',
        children: [
          {
            property: 'links',
            children: [
              {
                property: '0',
                children: [
                  {
                    property: 'url',
                    constraints: { isUrl: 'url must be a URL address' },
                    children: [],
                  },
                ],
              },
            ],
          },
        ],
      },
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'title', rule: 'isNotEmpty', message: 'title should not be empty' },
      { field: 'source.links.0.url', rule: 'isUrl', message: 'url must be a URL address' },
    ]);
  });

  it('gives one problem per broken rule of a field', () => {
    const person = Object.assign(new Person(), { name: 5, age: 3, address: new Address() });
    person.address.city = 'Vienna';
    const problems = flattenValidationErrors(validateSync(person));
    expect(problems.map((p) => [p.field, p.rule]).sort()).toEqual([
      ['name', 'isString'],
      ['name', 'minLength'],
    ]);
  });

  it('flattens the errors of validateSync on a nested object', () => {
    const address = Object.assign(new Address(), { city: 42 });
    const person = Object.assign(new Person(), { name: 'Ana', age: 'old', address });
    const problems = flattenValidationErrors(validateSync(person));
    expect(problems).toEqual([
      { field: 'age', rule: 'isInt', message: expect.stringContaining('age') },
      { field: 'address.city', rule: 'isString', message: expect.stringContaining('city') },
    ]);
  });

  it("maps class-validator's whitelistValidation to unknownField with its own message", () => {
    const person = Object.assign(new Person(), {
      name: 'Ana',
      age: 30,
      address: Object.assign(new Address(), { city: 'Oslo', zip: '0150' }),
      nickname: 'A',
    });
    const problems = flattenValidationErrors(
      validateSync(person, { whitelist: true, forbidNonWhitelisted: true }),
    );
    const byField = [...problems].sort((a, b) => a.field.localeCompare(b.field));
    expect(byField).toEqual([
      { field: 'address.zip', rule: 'unknownField', message: 'address.zip is not a known field' },
      { field: 'nickname', rule: 'unknownField', message: 'nickname is not a known field' },
    ]);
  });

  it('prefixes the paths with the given prefix', () => {
    const problems = flattenValidationErrors(
      [{ property: 'x', constraints: { isInt: 'x must be an integer' } }],
      'body',
    );
    expect(problems).toEqual([{ field: 'body.x', rule: 'isInt', message: 'x must be an integer' }]);
  });

  it('gives nothing for no errors', () => {
    expect(flattenValidationErrors([])).toEqual([]);
  });
});

describe('fieldError', () => {
  it('is an invalid-input error naming the field, the rule and the message', () => {
    const err = fieldError('themes', 'unknownTheme', 'themes: no theme "foo"');
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).toBe('themes: no theme "foo"');
    expect(err.problems).toEqual([
      { field: 'themes', rule: 'unknownTheme', message: 'themes: no theme "foo"' },
    ]);
  });

  it('answers 400 with the field in the API', () => {
    expect(httpBodyOf(fieldError('themes', 'unknownTheme', 'themes: no theme "foo"'))).toEqual({
      type: 'urn:recommendation-tracker:problem:invalid',
      title: 'Bad Request',
      status: 400,
      detail: 'themes: no theme "foo"',
      statusCode: 400,
      error: 'Bad Request',
      message: 'themes: no theme "foo"',
      errors: [{ field: 'themes', rule: 'unknownTheme', message: 'themes: no theme "foo"' }],
    });
  });
});

describe('validationError', () => {
  it('joins the messages of several problems', () => {
    const err = validationError([
      { field: 'a', rule: 'r1', message: 'a is wrong' },
      { field: 'b', rule: 'r2', message: 'b is wrong' },
    ]);
    expect(err.message).toBe('a is wrong; b is wrong');
    expect(err.problems).toHaveLength(2);
  });
});
