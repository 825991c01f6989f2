import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import sqlite3 from 'sqlite3';
import { ConflictError, fieldError, NotFoundError } from '../common/errors.js';
import { APPLIED_MIGRATIONS_SQL, schemaVersionOf, type SchemaVersion } from './schema-version.js';

/**
 * Backup and restore of the SQLite database file, beside the app (no TypeORM, no migrations):
 * a consistent copy taken while the server writes, and a checked copy put in place while it is
 * stopped.
 */

/** What a database file holds, as a backup or a restore reports it. */
export interface DatabaseFileReport {
  assessments: number;
  recommendations: number;
  schema: SchemaVersion;
}

/** The ways a file is refused as a database to restore. */
export type UnusableReason = 'notSqlite' | 'corrupt' | 'notOurs' | 'newerSchema';

/** A promise-shaped connection to one SQLite file. */
class SqliteConnection {
  private constructor(private readonly db: sqlite3.Database) {}

  static open(path: string, busyTimeoutMs: number): Promise<SqliteConnection> {
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(path, sqlite3.OPEN_READWRITE, (err) => {
        if (err) return reject(err);
        db.configure('busyTimeout', busyTimeoutMs);
        resolve(new SqliteConnection(db));
      });
    });
  }

  all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) =>
      this.db.all(sql, params, (err: Error | null, rows: T[]) =>
        err ? reject(err) : resolve(rows),
      ),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.db.close((err) => (err ? reject(err) : resolve())),
    );
  }
}

async function withConnection<T>(
  path: string,
  busyTimeoutMs: number,
  work: (db: SqliteConnection) => Promise<T>,
): Promise<T> {
  const db = await SqliteConnection.open(path, busyTimeoutMs);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

function sqliteCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}

/** A name beside `path` for a file being written, unique to this run. */
function partialName(path: string, what: string): string {
  return `${path}.${what}-${randomBytes(4).toString('hex')}`;
}

/** Flushes a file to the disk, so that a copy announced as made survives a power cut. */
function flushToDisk(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes a database file a single self-contained file (no -wal beside it), checks it whole and
 * says what it holds. A file that is not SQLite, is damaged, or is not one of this app's
 * databases is refused with the reason.
 */
async function inspect(path: string): Promise<DatabaseFileReport> {
  const unusable = (reason: UnusableReason, message: string): Error =>
    fieldError('from', reason, message);
  try {
    return await withConnection(path, 5000, async (db) => {
      await db.all('PRAGMA journal_mode = DELETE');
      const check = await db.all<{ integrity_check: string }>('PRAGMA integrity_check');
      const problems = check.map((row) => row.integrity_check);
      if (problems.join() !== 'ok') {
        throw unusable(
          'corrupt',
          `the file is damaged (integrity check: ${problems.slice(0, 3).join('; ')})`,
        );
      }
      const tables = await db.all<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('migrations', 'assessments', 'recommendations')",
      );
      if (tables.length < 3) {
        throw unusable('notOurs', 'the file is not a Recommendation Tracker database');
      }
      const applied = await db.all<{ name: string }>(APPLIED_MIGRATIONS_SQL);
      const [{ assessments }] = await db.all<{ assessments: number }>(
        'SELECT COUNT(*) AS assessments FROM assessments',
      );
      const [{ recommendations }] = await db.all<{ recommendations: number }>(
        'SELECT COUNT(*) AS recommendations FROM recommendations',
      );
      return { assessments, recommendations, schema: schemaVersionOf(applied.map((r) => r.name)) };
    });
  } catch (err) {
    const code = sqliteCode(err);
    if (code === 'SQLITE_NOTADB') {
      throw unusable('notSqlite', 'the file is not a SQLite database');
    }
    if (code === 'SQLITE_CORRUPT') {
      throw unusable('corrupt', `the file is damaged (${(err as Error).message})`);
    }
    throw err;
  }
}

/**
 * Copies the database at `source` to `out` while the server may be writing to it: SQLite's
 * `VACUUM INTO` reads one consistent snapshot (a read transaction, which in WAL mode does not
 * hold up writers) and writes it compacted to a new file. The copy is checked whole
 * (`PRAGMA integrity_check`) before it takes the name `out`; an existing `out` is replaced only
 * when `force` is set.
 */
export async function backupDatabase(
  source: string,
  out: string,
  options: { force: boolean },
): Promise<DatabaseFileReport> {
  if (!existsSync(source)) throw new NotFoundError(`No database at ${resolve(source)}`);
  if (existsSync(out) && !options.force) {
    throw new ConflictError(`${resolve(out)} exists already: add --force to replace it`);
  }
  mkdirSync(dirname(resolve(out)), { recursive: true });
  const partial = partialName(resolve(out), 'partial');
  try {
    await withConnection(source, 30_000, (db) => db.all('VACUUM INTO ?', [partial]));
    const report = await inspect(partial);
    flushToDisk(partial);
    renameSync(partial, out);
    return report;
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Refuses when a process has the database open (the server, say): leaving WAL mode needs the
 * database to itself. Once left, the WAL is checkpointed into the file and no -wal or -shm file
 * stays beside it (the server goes back to WAL mode at its next start).
 */
async function assertNotInUse(target: string): Promise<void> {
  try {
    await withConnection(target, 0, (db) => db.all('PRAGMA journal_mode = DELETE'));
  } catch (err) {
    if (sqliteCode(err) === 'SQLITE_BUSY') {
      throw new ConflictError(
        `The database ${resolve(target)} is in use (is the server running?): stop the server, then restore.`,
      );
    }
    throw err;
  }
}

/** What a restore did: what it put in place, and where the database it replaced is kept. */
export interface RestoreReport extends DatabaseFileReport {
  /** The replaced database, kept as `<db>.before-restore-<time>`; null when there was none. */
  keptAs: string | null;
}

/** `2026-11-30T11:34:58.810Z` as `20261130T113458Z`, for file names. */
function fileTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/**
 * Puts the database file `from` in place of `target`, the server being stopped. The file is
 * first copied beside the target and checked there (integrity; a database of this app whose
 * migrations this version all knows: one from a newer version is refused, an older one is
 * brought up to date at the next start). Then the target, if any, is kept as
 * `<target>.before-restore-<time>` and the checked copy renamed over it, in one step.
 */
export async function restoreDatabase(from: string, target: string): Promise<RestoreReport> {
  if (!existsSync(from)) throw new NotFoundError(`No file at ${resolve(from)}`);
  mkdirSync(dirname(resolve(target)), { recursive: true });
  if (existsSync(target)) await assertNotInUse(target);
  const incoming = partialName(resolve(target), 'restoring');
  try {
    copyFileSync(from, incoming);
    const report = await inspect(incoming);
    if (report.schema.unknown.length > 0) {
      throw fieldError(
        'from',
        'newerSchema',
        `the file comes from a newer version of the app: its migration(s) ${report.schema.unknown.join(', ')} are unknown to this one; restore it with that version or a later one`,
      );
    }
    flushToDisk(incoming);
    let keptAs: string | null = null;
    if (existsSync(target)) {
      keptAs = `${resolve(target)}.before-restore-${fileTimestamp(new Date())}`;
      try {
        linkSync(target, keptAs);
      } catch {
        copyFileSync(target, keptAs);
      }
      // Left by a server that did not close the file (none should remain once not in use).
      for (const suffix of ['-wal', '-shm']) {
        if (existsSync(`${target}${suffix}`))
          renameSync(`${target}${suffix}`, `${keptAs}${suffix}`);
      }
    }
    renameSync(incoming, target);
    return { ...report, keptAs };
  } finally {
    rmSync(incoming, { force: true });
  }
}
