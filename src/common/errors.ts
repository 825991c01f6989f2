import type { ValidationError } from '@nestjs/common';

/**
 * The errors of the domain. Services throw these and nothing else of their own; they know
 * nothing of HTTP. One mapping (`error-mapping.ts`) turns each kind into an API answer, a form
 * re-rendered with messages beside its fields, and a command-line exit code.
 */

/** One problem with the input: which field, which rule it broke, and a sentence for a person. */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
  /** The line of an imported file the problem is on (the header is line 1). */
  line?: number;
}

/** What kind of refusal an error is; the mapping chooses the HTTP status and exit code by it. */
export type DomainErrorKind =
  | 'invalid'
  | 'notFound'
  | 'notAllowed'
  | 'outOfScope'
  | 'tooLong'
  | 'staleVersion'
  | 'conflict'
  | 'tooMany'
  | 'unavailable';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;

  constructor(
    message: string,
    /** The fields (or lines) at fault, when the refusal is about some of them. */
    readonly problems: readonly FieldProblem[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** Extra facts a client may act on (the current state of a stale pair, say). */
  details(): Record<string, unknown> {
    return {};
  }
}

/** The input breaks one or more rules; `problems` names each field and rule. */
export class InvalidInputError extends DomainError {
  readonly kind = 'invalid';

  constructor(problems: readonly FieldProblem[], message?: string) {
    super(message ?? problems.map((p) => p.message).join('; '), problems);
  }
}

/** What was asked for does not exist. */
export class NotFoundError extends DomainError {
  readonly kind = 'notFound';
}

/**
 * The caller may not do this: a role too low, a subject outside the States an analyst is
 * limited to, an import that someone else uploaded.
 */
export class NotAllowedError extends DomainError {
  readonly kind = 'notAllowed';
}

/** The request is understood and valid, but the subject is not tracked for the recommendation. */
export class OutOfScopeError extends DomainError {
  readonly kind = 'outOfScope';
}

/**
 * A report too long to print as one PDF (PDF_MAX_PAGES), refused before it is printed. 422: the
 * request is valid and the same report narrowed, or as HTML, can be had (413 would speak of the
 * request's own content, here a few bytes of query).
 */
export class TooLongToPrintError extends DomainError {
  readonly kind = 'tooLong';

  constructor(
    message: string,
    readonly estimatedPages: number,
    readonly maxPages: number,
  ) {
    super(message);
  }

  override details(): Record<string, unknown> {
    return { estimatedPages: this.estimatedPages, maxPages: this.maxPages };
  }
}

/**
 * Someone else changed the thing since the version the caller saw. `current` is its state now,
 * so that the caller can review it and submit again on top of it.
 */
export class StaleVersionError<T = unknown> extends DomainError {
  readonly kind = 'staleVersion';

  constructor(
    message: string,
    readonly baseVersion: number | null,
    readonly current: T | null,
    problems: readonly FieldProblem[] = [],
  ) {
    super(message, problems);
  }

  override details(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.baseVersion !== null) out.baseVersion = this.baseVersion;
    if (this.current !== null) out.current = this.current;
    return out;
  }
}

/** The request clashes with what is stored: a ref already taken, an import already applied. */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}

/**
 * The caller already has as much under way as one caller may (PDFs being printed, say); the
 * same request may succeed once some of it is done.
 */
export class TooManyRequestsError extends DomainError {
  readonly kind = 'tooMany';

  constructor(
    message: string,
    /** Seconds after which trying again may succeed, when known. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/** A part the request needs is not available here (Chromium for PDFs, say). */
export class UnavailableError extends DomainError {
  readonly kind = 'unavailable';

  constructor(
    message: string,
    /** Seconds after which trying again may succeed, when known. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/** An InvalidInputError for one field, for rules that need the database (an unknown theme). */
export function fieldError(field: string, rule: string, message: string): InvalidInputError {
  return new InvalidInputError([{ field, rule, message }]);
}

/** An InvalidInputError for several problems. */
export function validationError(problems: FieldProblem[]): InvalidInputError {
  return new InvalidInputError(problems);
}

/** Flattens class-validator's tree of errors into field problems with dotted paths. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const [rule, message] of Object.entries(e.constraints ?? {})) {
      out.push({
        field,
        rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
        message: rule === 'whitelistValidation' ? `${field} is not a known field` : message,
      });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}
