import { HttpException, HttpStatus } from '@nestjs/common';
import {
  DomainError,
  type DomainErrorKind,
  type FieldProblem,
  InvalidInputError,
  StaleVersionError,
} from './errors.js';

/**
 * The one mapping of domain errors onto the three ways a refusal reaches a person: an HTTP
 * answer (API and error pages), a form shown again with messages beside its fields, and a
 * command-line exit code with a line on stderr.
 */

const HTTP_STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  notAllowed: 403,
  notFound: 404,
  staleVersion: 409,
  conflict: 409,
  outOfScope: 422,
  tooMany: 429,
  unavailable: 503,
};

/** Exit codes of the command line, by kind of refusal (1 is any unexpected failure). */
export const EXIT_CODES: Record<DomainErrorKind | 'usage' | 'unexpected', number> = {
  unexpected: 1,
  usage: 2,
  invalid: 2,
  notFound: 3,
  notAllowed: 4,
  outOfScope: 4,
  staleVersion: 5,
  conflict: 5,
  tooMany: 6,
  unavailable: 6,
};

/** The JSON body of an API error: status, reason, message, the fields at fault, and details. */
export interface HttpErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: FieldProblem[];
  [detail: string]: unknown;
}

export function httpStatusOf(err: DomainError): number {
  return HTTP_STATUS[err.kind];
}

export function httpBodyOf(err: DomainError): HttpErrorBody {
  const statusCode = httpStatusOf(err);
  return {
    statusCode,
    error: reasonPhrase(statusCode),
    message: err.message,
    ...(err.problems.length > 0 ? { errors: [...err.problems] } : {}),
    ...err.details(),
  };
}

/**
 * What a refusal says when whoever raised it gave no reason of its own (a framework's bare
 * "Not Found"): a sentence for each status.
 */
const BARE_MESSAGES: Record<number, string> = {
  400: 'The request could not be understood: check its address, query and body.',
  401: 'Sign in, or send an API token as "Authorization: Bearer <token>"',
  403: 'You may not do this.',
  404: 'There is nothing at this address.',
  405: 'This address does not take this method.',
  413: 'The request body is too large.',
  415: 'The request body is of a type this address does not take.',
};

/** The message itself, or a sentence when it is no more than the status's name. */
function sayWhy(status: number, message: string): string {
  const bare = message.trim() === '' || message === reasonPhrase(status);
  return bare ? (BARE_MESSAGES[status] ?? message) : message;
}

/** The HTTP answer of any error an HTTP layer may see: domain errors and Nest's own. */
export function httpAnswerOf(err: DomainError | HttpException): HttpErrorBody {
  if (err instanceof DomainError) return httpBodyOf(err);
  const status = err.getStatus();
  const body = err.getResponse();
  if (typeof body === 'string') {
    return { statusCode: status, error: reasonPhrase(status), message: sayWhy(status, body) };
  }
  const fields = body as Record<string, unknown>;
  const message = Array.isArray(fields.message)
    ? fields.message.join('; ')
    : typeof fields.message === 'string'
      ? fields.message
      : err.message;
  return {
    ...fields,
    statusCode: status,
    error: typeof fields.error === 'string' ? fields.error : reasonPhrase(status),
    message: sayWhy(status, message),
  };
}

/**
 * The field problems to show beside a form's fields, or null when the error is not about the
 * input (a stale version, a refusal, a missing thing, a failure): the page then handles it, or
 * lets it reach the error page.
 */
export function formProblemsOf(err: unknown): FieldProblem[] | null {
  if (!(err instanceof InvalidInputError)) return null;
  return err.problems.length > 0
    ? [...err.problems]
    : [{ field: '', rule: 'invalid', message: err.message }];
}

/** The refusals a form may answer by showing itself again rather than an error page. */
/** The refusals a form may show (it says which; any other reaches the error page). */
export type FormRefusalKind = DomainErrorKind;

/** A refusal as a form page shows it: its kind and HTTP status, its message and the fields at fault. */
export interface FormRefusal {
  kind: FormRefusalKind;
  /** The status of the API's answer to the same refusal (400, 403, 404, 409, 422, 429, 503). */
  status: number;
  message: string;
  /** For invalid input, every field at fault (at least one); else those the error names, if any. */
  problems: FieldProblem[];
  /** A stale version's state now, when the error carries it; else null. */
  current: unknown;
}

/**
 * What a form shows again after `err`, or null when it is not a refusal of the domain (a
 * failure): it then reaches the error page. Each form says which kinds it shows.
 */
export function formRefusalOf(err: unknown): FormRefusal | null {
  if (!(err instanceof DomainError)) return null;
  return {
    kind: err.kind,
    status: httpStatusOf(err),
    message: err.message,
    problems: formProblemsOf(err) ?? [...err.problems],
    current: err instanceof StaleVersionError ? err.current : null,
  };
}

/** The exit code and the lines for stderr of a command that failed with `err`. */
export function cliOutcomeOf(err: unknown): { exitCode: number; lines: string[] } | null {
  if (!(err instanceof DomainError)) return null;
  const lines =
    err.problems.length > 0
      ? err.problems.map((p) =>
          p.line !== undefined
            ? `line ${p.line}: ${p.message}`
            : p.field
              ? `${p.field}: ${p.message}`
              : p.message,
        )
      : [err.message];
  if (err.problems.length > 0 && err.kind !== 'invalid') lines.unshift(err.message);
  return { exitCode: EXIT_CODES[err.kind], lines };
}

function reasonPhrase(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/**
 * The message an error page shows. An address that matches no route gets a sentence for people
 * instead of the framework's "Cannot GET /path" (the API keeps that message).
 */
export function pageMessageOf(status: number, message: unknown): unknown {
  if (status === 404 && typeof message === 'string' && /^Cannot [A-Z]+ \//.test(message)) {
    return 'There is no page at this address. Check the address, or start again from the dashboard.';
  }
  return message;
}
