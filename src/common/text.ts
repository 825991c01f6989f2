import type { FieldProblem } from './errors.js';

/**
 * The one rule for the text the app stores, shared by the API (the validation pipe), the forms
 * (`validateForm`) and the imports (`import-line.ts`): a text may hold any character that both
 * XML 1.0 (the XLSX exports) and PostgreSQL's `text` can hold. That leaves out
 *
 * - NUL and the other C0 control characters, except tab, line feed and carriage return;
 * - U+FFFE and U+FFFF, which are not characters;
 * - a surrogate (U+D800 to U+DFFF) that is not one half of a pair: it stands for nothing.
 *
 * A text that holds one is refused, naming its field and the character; nothing is silently
 * changed in what a person typed. Search boxes, which store nothing, are cleaned instead
 * (`cleanSearchText`).
 */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\p{Cs}]/u;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'gu');

/** Every control character (tab and line breaks included) and what cannot be stored. */
const NOT_SEARCHABLE = /[\p{Cc}\uFFFE\uFFFF\p{Cs}]/gu;

export const STORABLE_TEXT_RULE = 'storableText';

/** "U+FFFF": a code point as people write it. */
export function codePointName(char: string): string {
  const cp = char.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first character of `text` that cannot be stored, as "U+0000", or null when there is none. */
export function unstorableCharacter(text: string): string | null {
  const match = UNSTORABLE.exec(text);
  return match ? codePointName(match[0]) : null;
}

/** The message of the rule: "note: contains a character that cannot be stored (U+FFFF)". */
export function unstorableMessage(field: string, codePoint: string): string {
  return `${field}: contains a character that cannot be stored (${codePoint})`;
}

/** The problem with one text field, or null when it can be stored. */
export function textProblem(field: string, text: string): FieldProblem | null {
  const codePoint = unstorableCharacter(text);
  return codePoint
    ? { field, rule: STORABLE_TEXT_RULE, message: unstorableMessage(field, codePoint) }
    : null;
}

/** Nesting beyond this is not followed (bodies are limited to far less before they are parsed). */
const MAX_WALK_DEPTH = 64;

/**
 * Every string in `value` (an object, an array or a string, as a request body or a form gives
 * it) that cannot be stored, each named by its dotted path (`states.2`), one problem per field.
 */
export function unstorableTextProblems(value: unknown, path = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const walk = (v: unknown, at: string, depth: number): void => {
    if (typeof v === 'string') {
      const problem = textProblem(at || 'value', v);
      if (problem) problems.push(problem);
      return;
    }
    if (depth >= MAX_WALK_DEPTH || v === null || typeof v !== 'object' || Buffer.isBuffer(v)) {
      return;
    }
    const entries = Array.isArray(v) ? v.map((item, i) => [String(i), item] as const) : null;
    for (const [key, item] of entries ?? Object.entries(v as Record<string, unknown>)) {
      walk(item, at ? `${at}.${key}` : key, depth + 1);
    }
  };
  walk(value, path, 0);
  return problems;
}

/** `text` without the characters that cannot be stored (for text from before the rule, say). */
export function cleanText(text: string): string {
  return text.replace(UNSTORABLE_ALL, '');
}

/**
 * A search box's text with every control character (tab and line breaks included) and every
 * character that cannot be stored turned into a space: words are all a search looks for.
 */
export function cleanSearchText(text: string): string {
  return text.replace(NOT_SEARCHABLE, ' ');
}

/**
 * The strings of a query string cleaned as search text: a query is never stored, and what it
 * holds reaches SQL and the pages only cleaned. Returns a new value; `value` is left as it is.
 */
export function cleanQueryValues(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cleanSearchText(value);
  if (depth >= MAX_WALK_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cleanQueryValues(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      cleanQueryValues(v, depth + 1),
    ]),
  );
}
