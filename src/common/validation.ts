import {
  type ArgumentMetadata,
  Injectable,
  type PipeTransform,
  ValidationPipe,
} from '@nestjs/common';
import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isIsoDate, today } from './dates.js';
import {
  type FieldProblem,
  fieldError,
  flattenValidationErrors,
  validationError,
} from './errors.js';
import { cleanQueryValues, unstorableTextProblems } from './text.js';

/** A body typed by a DTO class (the API's), not a plain object (a page's form). */
function isDto(metatype: ArgumentMetadata['metatype']): boolean {
  return (
    typeof metatype === 'function' &&
    !([Object, String, Number, Boolean, Array] as unknown[]).includes(metatype)
  );
}

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The fields of an API body that no column can take: one sent as null (no field of the API takes
 * null: an optional one is left out to keep what is stored), and a number beyond what an integer
 * column holds (every number of the API is a version, an id or a count, and 1e308 is a whole
 * number to JavaScript).
 */
export function unstorableValueProblems(body: unknown): FieldProblem[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  const problems: FieldProblem[] = [];
  for (const [field, value] of Object.entries(body)) {
    if (PROTOTYPE_KEYS.has(field)) {
      // JSON.parse keeps "__proto__" as a field of its own; no DTO declares it, yet the
      // validation's whitelist walks only what the class knows.
      problems.push({ field, rule: 'unknownField', message: `${field} is not a known field` });
    } else if (value === null) {
      problems.push({
        field,
        rule: 'notNull',
        message: `${field} must not be null; leave it out to keep what is stored`,
      });
    } else if (typeof value === 'number' && Math.abs(value) > MAX_ID) {
      problems.push({
        field,
        rule: 'max',
        message: `${field} must be from -${MAX_ID} to ${MAX_ID}`,
      });
    }
  }
  return problems;
}

/**
 * The validation pipe with the text rule of `text.ts` in front: every string of an API body
 * (a DTO) or of a path parameter that cannot be stored is refused, naming its field, before the
 * DTO's own rules, and so is a field of an API body sent as null or as a number beyond what an
 * integer column holds; the strings of a query are cleaned of control characters. A page's form
 * (a plain object) is checked by `submitForm` against the same text rule, so that the message
 * shows beside its field.
 */
class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query') {
      return super.transform(cleanQueryValues(value), metadata);
    }
    if (metadata.type === 'param' || (metadata.type === 'body' && isDto(metadata.metatype))) {
      const problems = [
        ...unstorableTextProblems(value, metadata.data ?? ''),
        ...(metadata.type === 'body' ? unstorableValueProblems(value) : []),
      ];
      if (problems.length > 0) throw validationError(problems);
    }
    return super.transform(value, metadata);
  }
}

/** The one validation pipe: unknown fields refused, every error naming its field and rule. */
export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationError(flattenValidationErrors(errors)),
  });
}

/** A calendar date written YYYY-MM-DD. */
export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIsoDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a real date written YYYY-MM-DD`,
        ...options,
      },
      validator: { validate: (value: unknown) => isIsoDate(value) },
    });
}

/** A YYYY-MM-DD date that is not after today. */
export function NotInFuture(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'notInFuture',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must not be in the future`,
        ...options,
      },
      validator: { validate: (value: unknown) => !isIsoDate(value) || value <= today() },
    });
}

/** Trims strings; an empty or blank string becomes undefined (the field is left out). */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  });
}

/** Turns a query-string number into a number, leaving anything else for the validator to refuse. */
export function ToInt(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value,
  );
}

/** The highest id a table holds (PostgreSQL `integer`): a larger one names nothing. */
export const MAX_ID = 2_147_483_647;

/**
 * An id from the URL as a number, or null when it is not a whole number from 1 to MAX_ID. The
 * validation pipe may have made the number already (a parameter typed `number`).
 */
export function parseId(value: unknown): number | null {
  const id =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,10}$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isInteger(id) && id >= 1 && id <= MAX_ID ? id : null;
}

/** An id parameter of the URL: a whole number from 1 to MAX_ID, else 400 naming the parameter. */
@Injectable()
export class IdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const id = parseId(value);
    if (id !== null) return id;
    const field = metadata.data ?? 'id';
    throw fieldError(field, 'isInt', `${field} must be a whole number from 1 to ${MAX_ID}`);
  }
}
