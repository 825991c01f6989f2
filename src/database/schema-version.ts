import type { MigrationInterface } from 'typeorm';
import { MIGRATIONS } from './migrations/index.js';

/** The migrations this version of the app knows, oldest first, by the names TypeORM records. */
export const KNOWN_MIGRATIONS: readonly string[] = MIGRATIONS.map(
  (Migration) => (new Migration() as MigrationInterface).name ?? Migration.name,
);

/** The migrations a database records as applied, in the order they were. */
export const APPLIED_MIGRATIONS_SQL = 'SELECT name FROM migrations ORDER BY id';

/** Where a database's schema stands against this version of the app. */
export interface SchemaVersion {
  /** The last migration applied (the schema's version); null when none is. */
  last: string | null;
  applied: number;
  /** Known to this app, not applied yet: applied at the next start. */
  pending: string[];
  /** Applied, but unknown to this app: the database was made by a newer version of it. */
  unknown: string[];
}

export function schemaVersionOf(applied: readonly string[]): SchemaVersion {
  const done = new Set(applied);
  const known = new Set(KNOWN_MIGRATIONS);
  return {
    last: applied.at(-1) ?? null,
    applied: applied.length,
    pending: KNOWN_MIGRATIONS.filter((name) => !done.has(name)),
    unknown: applied.filter((name) => !known.has(name)),
  };
}
