import { HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
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
  tooLong: 422,
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
  tooLong: 4,
  staleVersion: 5,
  conflict: 5,
  tooMany: 6,
  unavailable: 6,
};

/**
 * The body of an API error, an RFC 9457 problem (`application/problem+json`): `type`, `title`,
 * `status` and `detail`, with the fields at fault as the `errors` extension and the details a
 * client may act on (the current state of a stale pair). `statusCode`, `error` and `message`
 * repeat `status`, `title` and `detail` for the clients written before problem details.
 */
export interface HttpErrorBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  statusCode: number;
  error: string;
  message: string;
  errors?: FieldProblem[];
  [detail: string]: unknown;
}

export function httpStatusOf(err: DomainError): number {
  return HTTP_STATUS[err.kind];
}

/**
 * A problem's type: `about:blank` (the status says it all) for the framework's refusals, a URN
 * naming the domain's kind of refusal otherwise, so that a client tells a stale version from a
 * conflict (both 409) without reading the message.
 */
export function problemType(kind?: DomainErrorKind): string {
  if (!kind) return 'about:blank';
  return `urn:recommendation-tracker:problem:${kind.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`;
}

function problem(
  status: number,
  message: string,
  kind?: DomainErrorKind,
): Pick<
  HttpErrorBody,
  'type' | 'title' | 'status' | 'detail' | 'statusCode' | 'error' | 'message'
> {
  const title = reasonPhrase(status);
  return {
    type: problemType(kind),
    title,
    status,
    detail: message,
    statusCode: status,
    error: title,
    message,
  };
}

export function httpBodyOf(err: DomainError): HttpErrorBody {
  return {
    ...problem(httpStatusOf(err), err.message, err.kind),
    ...(err.problems.length > 0 ? { errors: [...err.problems] } : {}),
    ...err.details(),
  };
}

/** The realm an API client is told to authenticate in (`WWW-Authenticate` on every 401). */
export const AUTH_CHALLENGE = 'Bearer realm="recommendation-tracker"';

/** Sends a problem as the API answers it: `application/problem+json`, a challenge on 401. */
export function sendProblem(res: Response, body: HttpErrorBody): void {
  if (body.status === 401) res.setHeader('WWW-Authenticate', AUTH_CHALLENGE);
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

/** The problem of a refusal made outside the domain (a body parser's, an unknown address). */
export function httpProblem(status: number, message: string): HttpErrorBody {
  return problem(status, sayWhy(status, message));
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
  if (typeof body === 'string') return httpProblem(status, body);
  const {
    message: said,
    error: _error,
    statusCode: _status,
    ...fields
  } = body as Record<string, unknown>;
  const message = Array.isArray(said)
    ? said.join('; ')
    : typeof said === 'string'
      ? said
      : err.message;
  return { ...fields, ...httpProblem(status, message) };
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
