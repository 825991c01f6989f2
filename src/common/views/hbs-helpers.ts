import type { HelperDelegate } from 'handlebars';

/** Formats a share (0..1) as a whole percentage; a dash where there is no figure. */
export function percent(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${Math.round(value * 100)}%` : '–';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** HTML a template prints as it is (Handlebars calls `toHTML` instead of escaping). */
export class Html {
  constructor(readonly html: string) {}
  toHTML(): string {
    return this.html;
  }
  toString(): string {
    return this.html;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (c) => ESCAPES[c]);
}

/** A date or timestamp as a Date (UTC), or null when it is none. */
function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string' || value === '') return null;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The app's one way to write a date: "30 Nov 2026" (UTC); empty when there is none. */
export function dateText(value: unknown): string {
  const d = toDate(value);
  return d ? `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` : '';
}

/** A moment, to the minute, in UTC: "30 Nov 2026, 03:16 UTC"; empty when there is none. */
export function timestampText(value: unknown): string {
  const d = toDate(value);
  return d ? `${dateText(d)}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC` : '';
}

/** A date for a page: its words, with the ISO date in `<time datetime>` for machines. */
export function formatDate(value: unknown): Html {
  const d = toDate(value);
  if (!d) return new Html('');
  const iso = d.toISOString().slice(0, 10);
  return new Html(`<time datetime='${iso}'>${escapeHtml(dateText(d))}</time>`);
}

/**
 * A recorded-at moment for a page, in UTC; the page's script rewrites it in the reader's own time
 * zone from `datetime` (marked `data-local`).
 */
export function formatTimestamp(value: unknown): Html {
  const d = toDate(value);
  if (!d) return new Html('');
  return new Html(
    `<time datetime='${d.toISOString()}' data-local>${escapeHtml(timestampText(d))}</time>`,
  );
}

/**
 * Text with each ISO date (2010-12-31) kept on one line: a title that wraps does not split a date
 * at its hyphen. The text is escaped; the dates are wrapped in `<span class='nowrap'>`.
 */
export function keepDates(value: unknown): Html {
  // Titles and dates are strings; anything else prints nothing.
  const text = typeof value === 'string' ? value : '';
  return new Html(
    escapeHtml(text).replace(
      /\b\d{4}-\d{2}-\d{2}\b/g,
      (date) => `<span class='nowrap'>${date}</span>`,
    ),
  );
}

export function eq(a: unknown, b: unknown): boolean {
  return a === b;
}

export const HELPERS: Record<string, HelperDelegate> = {
  percent: (value: unknown) => percent(value),
  eq: (a: unknown, b: unknown) => eq(a, b),
  keepDates: (value: unknown) => keepDates(value),
  formatDate: (value: unknown) => formatDate(value),
  formatTimestamp: (value: unknown) => formatTimestamp(value),
  /** A date as plain words, for attributes and text that is not HTML. */
  dateText: (value: unknown) => dateText(value),
  gt: (a: unknown, b: unknown) => Number(a) > Number(b),
  /** Any of the arguments is truthy (the last argument is Handlebars' options). */
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
};

export function registerHelpers(handlebars: {
  registerHelper(name: string, fn: HelperDelegate): void;
}): void {
  for (const [name, fn] of Object.entries(HELPERS)) handlebars.registerHelper(name, fn);
}
