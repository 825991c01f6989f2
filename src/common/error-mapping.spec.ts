import { BadRequestException, NotFoundException } from '@nestjs/common';
import {
  cliOutcomeOf,
  formProblemsOf,
  httpAnswerOf,
  pageMessageOf,
  httpBodyOf,
  formRefusalOf,
} from './error-mapping.js';
import {
  ConflictError,
  InvalidInputError,
  NotAllowedError,
  NotFoundError,
  OutOfScopeError,
  StaleVersionError,
  UnavailableError,
} from './errors.js';

const problemKind = (kind: string): string =>
  ({
    invalid: 'invalid',
    notAllowed: 'not-allowed',
    notFound: 'not-found',
    staleVersion: 'stale-version',
    conflict: 'conflict',
    outOfScope: 'out-of-scope',
    unavailable: 'unavailable',
  })[kind] ?? kind;

const problem = { field: 'iso3', rule: 'inScope', message: 'XYZ is not in the scope of A-1' };

describe('one mapping of domain errors', () => {
  it.each([
    [new InvalidInputError([problem]), 400, 'Bad Request', 2],
    [new NotAllowedError('not yours'), 403, 'Forbidden', 4],
    [new NotFoundError('no such thing'), 404, 'Not Found', 3],
    [new StaleVersionError('moved on', 3, { version: 4 }), 409, 'Conflict', 5],
    [new ConflictError('ref taken'), 409, 'Conflict', 5],
    [new OutOfScopeError('not tracked', [problem]), 422, 'Unprocessable Entity', 4],
    [new UnavailableError('no Chromium'), 503, 'Service Unavailable', 6],
  ])('%s answers HTTP %i (%s) and exits the CLI with %i', (err, status, reason, exitCode) => {
    const body = httpBodyOf(err);
    expect(body.status).toBe(status);
    expect(body.title).toBe(reason);
    expect(body.detail).toBe(err.message);
    expect(body.type).toBe(`urn:recommendation-tracker:problem:${problemKind(err.kind)}`);
    expect(body.statusCode).toBe(status);
    expect(body.error).toBe(reason);
    expect(body.message).toBe(err.message);
    expect(cliOutcomeOf(err)?.exitCode).toBe(exitCode);
  });

  it('lists the fields at fault in the API answer', () => {
    expect(httpBodyOf(new OutOfScopeError('not tracked', [problem])).errors).toEqual([problem]);
    expect(httpBodyOf(new NotFoundError('gone'))).not.toHaveProperty('errors');
  });

  it('gives a stale write the version sent and the current state', () => {
    const err = new StaleVersionError('moved on', 3, { version: 4, status: 'implemented' });
    expect(httpBodyOf(err)).toMatchObject({
      baseVersion: 3,
      current: { version: 4, status: 'implemented' },
    });
    expect(formRefusalOf(err)).toEqual({
      kind: 'staleVersion',
      status: 409,
      message: 'moved on',
      problems: [],
      current: { version: 4, status: 'implemented' },
    });
    expect(formRefusalOf(new ConflictError('x'))).toMatchObject({ status: 409, current: null });
  });

  it('shows only invalid input beside the fields of a form', () => {
    expect(formProblemsOf(new InvalidInputError([problem]))).toEqual([problem]);
    expect(formProblemsOf(new NotAllowedError('no', [problem]))).toBeNull();
    expect(formProblemsOf(new Error('boom'))).toBeNull();
    expect(formRefusalOf(new InvalidInputError([problem]))).toMatchObject({
      kind: 'invalid',
      status: 400,
      problems: [problem],
    });
    // Any other refusal of the domain is shown only by a form that asks for it.
    expect(formRefusalOf(new NotAllowedError('no', [problem]))).toMatchObject({
      kind: 'notAllowed',
      status: 403,
    });
    expect(formRefusalOf(new Error('boom'))).toBeNull();
  });

  it('writes one line per problem for the terminal, with the line of a file', () => {
    const outcome = cliOutcomeOf(
      new ConflictError('Nothing was imported', [{ ...problem, line: 7 }]),
    );
    expect(outcome?.lines).toEqual([
      'Nothing was imported',
      'line 7: XYZ is not in the scope of A-1',
    ]);
    expect(cliOutcomeOf(new InvalidInputError([problem]))?.lines).toEqual([
      'iso3: XYZ is not in the scope of A-1',
    ]);
    expect(cliOutcomeOf(new Error('boom'))).toBeNull();
  });

  it("answers Nest's own exceptions in the same shape", () => {
    expect(httpAnswerOf(new NotFoundException('Cannot GET /x'))).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Cannot GET /x',
      statusCode: 404,
      error: 'Not Found',
      message: 'Cannot GET /x',
    });
    expect(httpAnswerOf(new BadRequestException(['a is wrong', 'b is wrong']))).toMatchObject({
      statusCode: 400,
      message: 'a is wrong; b is wrong',
    });
  });
});

describe('pageMessageOf', () => {
  it("replaces the framework's message for an unknown address, and only that", () => {
    expect(pageMessageOf(404, 'Cannot GET /no-such-page')).toMatch(
      /^There is no page at this address/,
    );
    expect(pageMessageOf(404, 'No State KAZ')).toBe('No State KAZ');
    expect(pageMessageOf(500, 'Cannot GET /x')).toBe('Cannot GET /x');
  });
});
