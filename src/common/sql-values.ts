/** Normalises values read with raw queries, which differ by driver. */

/** A timestamp column as an ISO 8601 string (SQLite gives "YYYY-MM-DD HH:MM:SS" in UTC). */
export function toIsoTimestamp(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const s = String(value);
  // SQLite's UTC "YYYY-MM-DD HH:MM:SS[.SSS]", written as a Date would be (with milliseconds),
  // so that a time reads the same whichever query it came through.
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,3}))?$/.exec(s);
  return m ? `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(3, '0')}Z` : s;
}

/** A date column as YYYY-MM-DD. */
export function toIsoDate(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return typeof value === 'string' ? value.slice(0, 10) : null;
}

export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}
