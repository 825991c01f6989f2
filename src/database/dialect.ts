import { DataSource, QueryFailedError, type EntityManager, type QueryRunner } from 'typeorm';
import { cleanSearchText } from '../common/text.js';

/**
 * The few places where SQLite and PostgreSQL need different SQL. Everything else is written once,
 * in SQL both understand or with TypeORM's query builder.
 */
export type Dialect = 'sqlite' | 'postgres';

/** The dialect of a data source, or of the one behind an entity manager or query runner. */
export function dialectOf(source: DataSource | EntityManager | QueryRunner): Dialect {
  const options = source instanceof DataSource ? source.options : source.connection.options;
  return options.type === 'postgres' ? 'postgres' : 'sqlite';
}

export function isPostgres(source: DataSource | EntityManager | QueryRunner): boolean {
  return dialectOf(source) === 'postgres';
}

/** The current time as the database writes it into timestamp columns (UTC on both). */
export function sqlNow(source: DataSource | EntityManager | QueryRunner): string {
  return isPostgres(source) ? 'now()' : "datetime('now')";
}

/**
 * The words of a search box: up to 10, split at spaces, punctuation, control characters and
 * anything else that is no text (cleanSearchText).
 */
export function searchWords(q: string | undefined): string[] {
  return cleanSearchText(q ?? '')
    .split(/[\s.,;:!?()[\]{}"'`*^+-]+/)
    .filter(Boolean)
    .slice(0, 10);
}

/**
 * The words of a search box as an FTS5 query: every word must occur, as a word or the start of
 * one ("caric" finds CARICC). Quotes are doubled so that no input is read as FTS syntax.
 */
export function ftsQuery(q: string | undefined): string | null {
  const words = searchWords(q);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}

/**
 * The same as a PostgreSQL tsquery: every word as a quoted prefix ('caric':*), so that no input
 * is read as tsquery syntax.
 */
export function tsQuery(q: string | undefined): string | null {
  const words = searchWords(q);
  if (words.length === 0) return null;
  return words.map((w) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}':*`).join(' & ');
}

/**
 * A condition on recommendation `alias` for the search box `q` (ref, title and text), with its
 * parameters; null when there is nothing to search for. SQLite uses the FTS5 table
 * `recommendations_fts`, PostgreSQL the tsvector table `recommendations_search` (GIN index).
 */
export function recommendationSearch(
  source: DataSource | EntityManager | QueryRunner,
  q: string | undefined,
  alias = 'r',
): { where: string; params: { match: string } } | null {
  if (isPostgres(source)) {
    const match = tsQuery(q);
    if (!match) return null;
    return {
      where: `${alias}.id IN (SELECT s.id FROM recommendations_search s WHERE s.document @@ to_tsquery('simple', unaccent(:match)))`,
      params: { match },
    };
  }
  const match = ftsQuery(q);
  if (!match) return null;
  return {
    where: `${alias}.id IN (SELECT rowid FROM recommendations_fts WHERE recommendations_fts MATCH :match)`,
    params: { match },
  };
}

/**
 * A boolean to bind in SQL written by hand, as the column stores it: 1 or 0 on SQLite, true or
 * false on PostgreSQL. Drivers differ in what they make of a JavaScript boolean (some refuse it).
 */
export function sqlBool(source: DataSource | EntityManager | QueryRunner, value: boolean): unknown {
  return isPostgres(source) ? value : value ? 1 : 0;
}

/** A positional parameter of a raw query: `?` on SQLite, `$n` (from 1) on PostgreSQL. */
export function param(source: DataSource | EntityManager | QueryRunner, n: number): string {
  return isPostgres(source) ? `$${n}` : '?';
}

/**
 * A subquery of the whole numbers in the JSON array given as one parameter, for any number of
 * ids: `json_each` on SQLite, `jsonb_array_elements_text` on PostgreSQL. The parameter is
 * positional (`n`, from 1) in raw queries, or named (`:name`) in a query builder.
 */
export function jsonIdList(
  source: DataSource | EntityManager | QueryRunner,
  parameter: number | string,
): string {
  const postgres = isPostgres(source);
  const p = typeof parameter === 'string' ? `:${parameter}` : postgres ? `$${parameter}` : '?';
  return postgres
    ? `SELECT ids.v::integer FROM jsonb_array_elements_text(CAST(${p} AS jsonb)) AS ids(v)`
    : `SELECT value FROM json_each(${p})`;
}

/** Advisory lock numbers of the app's own (PostgreSQL), one per kind of start-up work. */
export const LOCKS = { referenceData: 7_295_400_002 } as const;

/**
 * Makes the transactions of `manager` that take the same lock run one after the other, up to
 * their commit, across every instance on a PostgreSQL database (as a second instance starting
 * at the same moment loads the reference data). SQLite's writers take turns anyway.
 */
export async function takeTurns(manager: EntityManager, lock: number): Promise<void> {
  if (isPostgres(manager)) await manager.query('SELECT pg_advisory_xact_lock($1)', [lock]);
}

/** The database refused a row for a unique key (another writer was first). */
export function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const code = (err.driverError as { code?: unknown } | undefined)?.code;
  return code === '23505' || (code === 'SQLITE_CONSTRAINT' && /UNIQUE/.test(err.message));
}
