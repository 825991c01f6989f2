import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import type { Session, SessionData } from 'express-session';
import { flattenValidationErrors, type FieldProblem } from '../errors.js';
import { unstorableTextProblems } from '../text.js';
import { unstorableValueProblems } from '../validation.js';

/** What a form template needs to show a field's message beside it. */
export interface FormErrors {
  /** field → first message. */
  byField: Record<string, string>;
  /** Every message, for the summary at the top of the form. */
  all: string[];
  /** Every message with the field it belongs to, for an error summary that links to the field. */
  list: { field: string; message: string }[];
}

/**
 * The labels a person sees beside the fields of an assessment form (pair page, inline row forms,
 * bulk update). Pages name a field by its label; the JSON API keeps the field names.
 */
export const ASSESSMENT_FIELD_LABELS: Readonly<Record<string, string>> = {
  status: 'Status',
  assessedOn: 'Date the facts refer to',
  note: 'Note',
  internalNote: 'Internal note',
  evidenceUrl: 'Evidence link',
  evidenceCitation: 'Evidence citation',
  states: 'States',
  regions: 'Regions',
  baseVersion: 'Version',
  fact: 'Fact',
  'fact.instrument': 'Milestone reached',
  'fact.milestone': 'Milestone reached',
  'fact.count': 'Number',
  'fact.places': 'Where',
  'fact.rating': 'Rating',
  'fact.source': 'Source',
  overrideReason: 'Why another status than the facts give',
};

/** Messages that read better said another way on a page than the rule's own words (field → rule → text). */
const PAGE_MESSAGES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  status: { isIn: 'Choose a status' },
};

/**
 * A problem's message as a page shows it: the field's name, where the message starts with it,
 * replaced by the field's label ("assessedOn must not be in the future" becomes "Date the facts
 * refer to must not be in the future"; "states: choose at least one State" becomes "Choose at
 * least one State"). Fields without a label keep their message.
 */
export function pageMessage(
  problem: FieldProblem,
  labels: Readonly<Record<string, string>> = {},
): string {
  const label = labels[problem.field];
  if (!problem.field || !label) return problem.message;
  const special = PAGE_MESSAGES[problem.field]?.[problem.rule];
  if (special) return special;
  const { field, message } = problem;
  if (message.startsWith(`${field}: `)) {
    // "fact.count: must be a whole number" reads "Number must be a whole number"; a message that
    // is a sentence of its own ("choose at least one State") stands alone.
    const rest = message.slice(field.length + 2);
    return /^(must|is|are) /.test(rest) ? `${label} ${rest}` : capitalise(rest);
  }
  if (message.startsWith(`${field} `)) return `${label}${message.slice(field.length)}`;
  return message;
}

/** The problems of a form as its template shows them, named by `labels` where given. */
export function formErrors(
  problems: FieldProblem[],
  labels: Readonly<Record<string, string>> = {},
): FormErrors {
  const byField: Record<string, string> = {};
  const list = problems.map((p) => ({ field: p.field, message: pageMessage(p, labels) }));
  for (const p of list) byField[p.field] ??= p.message;
  return { byField, all: list.map((p) => p.message), list };
}

/**
 * Validates a form body against a DTO class, with the same rules as the JSON API: what cannot be
 * stored first (a character, a number beyond an integer column), then the DTO's.
 */
export async function validateForm<T extends object>(
  cls: ClassConstructor<T>,
  body: unknown,
): Promise<{ value: T; problems?: undefined } | { value?: undefined; problems: FieldProblem[] }> {
  const unstorable = [
    ...unstorableTextProblems(body ?? {}),
    ...unstorableValueProblems(body ?? {}),
  ];
  if (unstorable.length > 0) return { problems: unstorable };
  const value = plainToInstance(cls, body ?? {});
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: false });
  return errors.length > 0 ? { problems: flattenValidationErrors(errors) } : { value };
}

/** A form field that may come once, several times, or not at all, as a list of strings. */
export function formList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Where a confirmation is shown after a record: on which page, beside which row. */
export interface RowConfirmation {
  page: 'recommendation' | 'state' | 'pair' | 'matrix';
  ref: string;
  iso3: string;
  text: string;
}

declare module 'express-session' {
  interface SessionData {
    /** The as-of date this user last recorded an assessment for: the next form's default. */
    lastAssessedOn?: string;
    /** A confirmation shown once, in the row (or on the pair page) the user recorded from. */
    confirmation?: RowConfirmation;
  }
}

type FormSession = Session & Partial<SessionData>;

/** Remembers, after a successful record, the date entered and where to say it was recorded. */
export function rememberRecord(
  session: FormSession | undefined,
  assessedOn: string,
  confirmation?: RowConfirmation,
): void {
  if (!session) return;
  session.lastAssessedOn = assessedOn;
  if (confirmation) session.confirmation = confirmation;
}

/** The as-of date a new assessment form starts with: the last one this user entered, else `fallback`. */
export function defaultAsOf(session: Partial<SessionData> | undefined, fallback: string): string {
  const last = session?.lastAssessedOn;
  return typeof last === 'string' && last <= fallback ? last : fallback;
}

/**
 * The confirmation waiting for this page, taken out of the session (shown once), or null when the
 * waiting one belongs to another page.
 */
export function takeConfirmation(
  session: Partial<SessionData> | undefined,
  where: { page: RowConfirmation['page']; ref?: string; iso3?: string },
): RowConfirmation | null {
  const c = session?.confirmation;
  if (!session || !c || c.page !== where.page) return null;
  if (where.ref !== undefined && c.ref !== where.ref) return null;
  if (where.iso3 !== undefined && c.iso3 !== where.iso3) return null;
  delete session.confirmation;
  return c;
}

/**
 * The matrix address a pair's form goes back to after a record: `/matrix` with its query and at
 * most a cell's fragment, on this site only. Anything else (another site, another page, a
 * protocol-relative or backslashed address) gives null, and the form goes back to the pair page.
 */
export function matrixReturnTo(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2000 || !value.startsWith('/matrix')) return null;
  if (/[\\\s]/.test(value) || value.startsWith('//')) return null;
  let url: URL;
  try {
    url = new URL(value, 'http://local.invalid');
  } catch {
    return null;
  }
  if (url.origin !== 'http://local.invalid' || url.pathname !== '/matrix') return null;
  if (url.hash && !/^#cell-[\w.-]+$/.test(url.hash)) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
