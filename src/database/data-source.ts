import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type pg from 'pg';
import sqlite3 from 'sqlite3';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { DEFAULT_DATABASE_PATH } from '../config/env.js';
import { isPostgres } from './dialect.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

/**
 * Where the data lives: a PostgreSQL database when `url` is set (DATABASE_URL), otherwise the
 * SQLite file at `path` (DATABASE_PATH). A plain string is a SQLite path.
 */
export interface DatabaseTarget {
  url?: string;
  path: string;
}

export function isMemoryDatabase(path: string): boolean {
  return path === ':memory:';
}

function toTarget(database: string | DatabaseTarget): DatabaseTarget {
  return typeof database === 'string' ? { path: database } : database;
}

/** The database named by the environment (DATABASE_URL, else DATABASE_PATH). */
export function databaseTarget(env: {
  DATABASE_URL?: string;
  DATABASE_PATH: string;
}): DatabaseTarget {
  return env.DATABASE_URL
    ? { url: env.DATABASE_URL, path: env.DATABASE_PATH }
    : { path: env.DATABASE_PATH };
}

/** The database for messages: the SQLite path, or the PostgreSQL URL without its password. */
export function describeDatabase(database: string | DatabaseTarget): string {
  const target = toTarget(database);
  if (!target.url) return target.path;
  try {
    const url = new URL(target.url);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'PostgreSQL';
  }
}

/** The database a data source is connected to, for messages (a PostgreSQL URL without its password). */
export function describeDataSource(dataSource: DataSource): string {
  const options = dataSource.options;
  if (options.type === 'postgres') return describeDatabase({ url: options.url, path: '' });
  return String(options.database);
}

/**
 * PostgreSQL values read as SQLite gives them: `date` columns as YYYY-MM-DD strings (not Dates
 * at local midnight), timestamps without time zone in UTC (the sessions run in UTC, see below).
 */
const PG_DATE = 1082;
const PG_TIMESTAMP = 1114;

let postgres: typeof pg | undefined;

/** The pg module, so set; loaded with the first PostgreSQL database, not at every start. */
export function pgDriver(): typeof pg {
  if (postgres) return postgres;
  const driver = createRequire(import.meta.url)('pg') as typeof pg;
  driver.types.setTypeParser(PG_DATE, (value: string) => value);
  driver.types.setTypeParser(
    PG_TIMESTAMP,
    (value: string) => new Date(`${value.replace(' ', 'T')}Z`),
  );
  driver.defaults.parseInputDatesAsUTC = true;
  postgres = driver;
  return driver;
}

/** The one set of TypeORM options, used by the app, the CLI and the tests. */
export function dataSourceOptions(database: string | DatabaseTarget): DataSourceOptions {
  const target = toTarget(database);
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: ['error' as const, 'warn' as const, 'migration' as const],
  };
  if (target.url) {
    return {
      ...common,
      type: 'postgres',
      url: target.url,
      driver: pgDriver(),
      // COUNT(*) and other bigint results as numbers, as on SQLite.
      parseInt8: true,
      // now() and CURRENT_TIMESTAMP in UTC, like SQLite's datetime('now').
      extra: { options: '-c TimeZone=UTC' },
    };
  }
  return {
    ...common,
    type: 'sqlite',
    database: target.path,
    enableWAL: !isMemoryDatabase(target.path),
    busyTimeout: 5000,
    driver: QUIET_SQLITE3,
  };
}

/**
 * The sqlite3 module, kept out of its "verbose" mode. TypeORM switches that mode on for every
 * database; it then records a stack trace and formats every argument of every call, which took
 * a third of the time of a write. Errors still name the failed query (TypeORM adds it).
 */
const QUIET_SQLITE3: unknown = { ...sqlite3, verbose: () => sqlite3 };

/** The PostgreSQL advisory lock held while migrations run (any fixed number of the app's own). */
const MIGRATION_LOCK = 7_295_400_001;

/**
 * The folder the app keeps its files in: the SQLite file's folder (for a database in memory or
 * on PostgreSQL, that of the default path, `data/`, unless DATABASE_PATH names another).
 */
export function dataFolder(databasePath: string): string {
  return dirname(isMemoryDatabase(databasePath) ? DEFAULT_DATABASE_PATH : databasePath);
}

/** Creates the SQLite file's folder when it does not exist yet (nothing to do on PostgreSQL). */
export function ensureDatabaseFolder(database: string | DatabaseTarget): void {
  const target = toTarget(database);
  if (target.url || isMemoryDatabase(target.path)) return;
  mkdirSync(dirname(target.path), { recursive: true });
}

/**
 * Applies the pending migrations. SQLite rebuilds tables for many ALTERs, so foreign keys are
 * switched off while migrations run (a no-op inside a transaction) and checked afterwards, when
 * any ran.
 * PostgreSQL alters tables in place and checks foreign keys itself; an advisory lock makes
 * instances starting at the same moment apply the migrations one after the other (the later
 * ones then find nothing pending).
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  if (isPostgres(dataSource)) {
    const lock = dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await lock.release();
    }
  }
  await dataSource.query('PRAGMA foreign_keys = OFF');
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    // Only migrations can break a foreign key here (the app writes with them on): the check,
    // which reads every table (seconds on a large database), runs after them, not at every open.
    if (applied.length > 0) {
      const broken = await dataSource.query<unknown[]>('PRAGMA foreign_key_check');
      if (broken.length > 0) {
        throw new Error(`Migrations left ${broken.length} rows violating foreign keys`);
      }
    }
    // Fresh table statistics, so that the planner picks the narrow index (an event's or a theme's
    // pairs) over the wide one; cheap when they are fresh (SQLite's advice for every open).
    await dataSource.query('PRAGMA optimize=0x10002');
    return applied.map((m) => m.name);
  } finally {
    await dataSource.query('PRAGMA foreign_keys = ON');
  }
}

/** Opens (and creates if needed) the database and brings its schema up to date. */
export async function openDatabase(database: string | DatabaseTarget): Promise<DataSource> {
  ensureDatabaseFolder(database);
  const dataSource = new DataSource(dataSourceOptions(database));
  await dataSource.initialize();
  await runMigrations(dataSource);
  return dataSource;
}

/**
 * What is wrong with the stored data, as the database itself sees it: on SQLite its pages
 * (`integrity_check`) and foreign keys (`foreign_key_check`), read whole, which no open does any
 * more; PostgreSQL keeps both itself. Empty when all is well.
 */
export async function checkDatabase(dataSource: DataSource): Promise<string[]> {
  if (isPostgres(dataSource)) return [];
  const pages = await dataSource.query<{ integrity_check: string }[]>('PRAGMA integrity_check');
  const problems = pages.map((row) => row.integrity_check).filter((text) => text !== 'ok');
  const keys = await dataSource.query<{ table: string; rowid: number; parent: string }[]>(
    'PRAGMA foreign_key_check',
  );
  for (const { table, rowid, parent } of keys.slice(0, 20)) {
    problems.push(`${table} row ${rowid} refers to a missing ${parent} row`);
  }
  if (keys.length > 20) problems.push(`…and ${keys.length - 20} more rows with missing parents`);
  return problems;
}
