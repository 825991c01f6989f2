import { spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { ensureBuilt } from './utils/build.js';
import { itOnSqlite } from './utils/create-test-app.js';
import {
  CLI,
  envWith,
  issueToken,
  runCli,
  startServer,
  type CliRun,
  type ServerProcess,
} from './utils/server-process.js';

const REF = 'JEW-II.2';
const WORKERS = 4;
const AT_LEAST = 200;
const AT_MOST = 3000;

/** Runs SQL on a SQLite file from the test's side. */
function sql<T>(file: string, query: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (err) => {
      if (err) return reject(err);
      db.all(query, (queryErr: Error | null, rows: T[]) =>
        db.close(() => (queryErr ? reject(queryErr) : resolve(rows))),
      );
    });
  });
}

/** The built command line, run without waiting (the test's own requests go on meanwhile). */
function cliInBackground(
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: envWith(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Ack {
  id: number;
  at: number;
}

/**
 * The built server on a SQLite file takes writes through its API while the built command line
 * backs the database up; the backup is restored into a new file and checked against what the
 * API acknowledged.
 */
describe('Backup and restore of the SQLite database', () => {
  let dir: string;
  let db: string;
  let token: string;

  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'rt-backup-'));
    db = join(dir, 'live', 'db.sqlite');
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses on PostgreSQL, pointing to pg_dump and pg_restore', () => {
    const env = { DATABASE_URL: 'postgres://rt:secret@db.invalid:5432/rt' };
    const backup = runCli(['backup', '--out', join(dir, 'pg.dump')], dir, env);
    expect(backup.code).toBe(2);
    expect(backup.stderr).toContain('pg_dump');
    expect(backup.stderr).not.toContain('secret');
    const restore = runCli(['restore', '--from', join(dir, 'pg.dump')], dir, env);
    expect(restore.code).toBe(2);
    expect(restore.stderr).toContain('pg_restore');
    expect(existsSync(join(dir, 'pg.dump'))).toBe(false);
  });

  itOnSqlite(
    'a backup taken under a write load holds every write acknowledged before it started, and only acknowledged ones',
    'backup and restore work on the SQLite file; PostgreSQL has pg_dump',
    async () => {
      const env = { DATABASE_PATH: db };
      token = issueToken(dir, env, 'loader', 'analyst');
      const server: ServerProcess = await startServer({ cwd: dir, env });
      const api = (path: string, init: RequestInit = {}): Promise<Response> =>
        fetch(`${server.url}/api/v1${path}`, {
          ...init,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        });
      try {
        const scope = (await (await api(`/recommendations/${REF}/statuses`)).json()) as {
          statuses: { subject: { code: string }; version: number }[];
        };
        const pairs = scope.statuses.slice(0, WORKERS);
        expect(pairs).toHaveLength(WORKERS);

        const acks: Ack[] = [];
        const refused: string[] = [];
        let sent = 0;
        let backupStartedAt = 0;
        let backup: Promise<CliRun> | undefined;
        let backupDone = false;
        const out = join(dir, 'backups', 'during-load.sqlite');

        // Each worker writes to its own pair, one write after the other, with the version the
        // previous answer gave: at least AT_LEAST writes in all, and on until the backup is done.
        const worker = async (pair: (typeof pairs)[number], n: number): Promise<void> => {
          let version = pair.version;
          while (sent < AT_MOST && (sent < AT_LEAST || !backupDone)) {
            sent += 1;
            const res = await api(
              `/recommendations/${REF}/states/${pair.subject.code}/assessments`,
              {
                method: 'POST',
                body: JSON.stringify({
                  status: 'partially_implemented',
                  assessedOn: '2010-06-30',
                  note: `load ${n}-${sent}`,
                  baseVersion: version,
                }),
              },
            );
            const body = (await res.json()) as {
              assessment: { id: number };
              current: { version: number };
            };
            if (res.status !== 201) {
              refused.push(`${res.status} ${JSON.stringify(body)}`);
              return;
            }
            acks.push({ id: body.assessment.id, at: Date.now() });
            version = body.current.version;
            if (backup === undefined && acks.length >= 40) {
              backupStartedAt = Date.now();
              backup = cliInBackground(['backup', '--out', out], dir, env).finally(
                () => (backupDone = true),
              );
            }
          }
        };
        await Promise.all(pairs.map((pair, n) => worker(pair, n)));
        expect(refused).toEqual([]);
        const taken = await (backup as Promise<CliRun>);
        expect(taken.stderr).toBe('');
        expect(taken.code).toBe(0);
        expect(taken.stdout).toContain('integrity ok');
        const printed =
          /It holds (\d+) assessments, (\d+) recommendations; schema (\w+) \((\d+) migrations\)/.exec(
            taken.stdout,
          );
        expect(printed).not.toBeNull();

        // The load went on during the backup: writes acknowledged after it started.
        expect(acks.filter((a) => a.at > backupStartedAt).length).toBeGreaterThan(0);
        expect(acks.length).toBeGreaterThanOrEqual(AT_LEAST);

        // While the server runs, restore refuses and changes nothing.
        const busy = runCli(['restore', '--from', out], dir, env);
        expect(busy.code).toBe(5);
        expect(busy.stderr).toMatch(/in use \(is the server running\?\)/);
        expect((await api('/states')).status).toBe(200);

        // A backup over an existing file only with --force.
        const again = runCli(['backup', '--out', out], dir, env);
        expect(again.code).toBe(5);
        expect(again.stderr).toContain('add --force');

        server.child.kill('SIGTERM');
        await expect(server.exit).resolves.toBe(0);

        // Restored into a new path, then read from the test's side.
        const fresh = join(dir, 'restored', 'db.sqlite');
        const restored = runCli(['restore', '--from', out], dir, { DATABASE_PATH: fresh });
        expect(restored.stderr).toBe('');
        expect(restored.code).toBe(0);
        expect(restored.stdout).toContain('There was no database there before.');
        const rows = await sql<{ id: number; note: string }>(
          fresh,
          "SELECT id, note FROM assessments WHERE note LIKE 'load %'",
        );
        const inBackup = new Set(rows.map((r) => r.id));
        const acknowledged = new Set(acks.map((a) => a.id));
        const before = acks.filter((a) => a.at <= backupStartedAt).map((a) => a.id);
        expect(before.length).toBeGreaterThanOrEqual(40);
        expect(before.filter((id) => !inBackup.has(id))).toEqual([]);
        expect([...inBackup].filter((id) => !acknowledged.has(id))).toEqual([]);
        const [{ total }] = await sql<{ total: number }>(
          fresh,
          'SELECT COUNT(*) AS total FROM assessments',
        );
        expect(total).toBe(Number(printed?.[1]));

        // The restored database serves.
        const second = await startServer({ cwd: dir, env: { DATABASE_PATH: fresh } });
        expect((await fetch(`${second.url}/health/ready`)).status).toBe(200);
        second.child.kill('SIGTERM');
        await expect(second.exit).resolves.toBe(0);

        // Restoring over the live database keeps the one it replaces beside it.
        const over = runCli(['restore', '--from', out], dir, env);
        expect(over.code).toBe(0);
        const kept = readdirSync(join(dir, 'live')).filter((f) =>
          f.startsWith('db.sqlite.before-restore-'),
        );
        expect(kept).toHaveLength(1);
        expect(over.stdout).toContain(kept[0]);
        const [{ keptTotal }] = await sql<{ keptTotal: number }>(
          join(dir, 'live', kept[0]),
          "SELECT COUNT(*) AS keptTotal FROM assessments WHERE note LIKE 'load %'",
        );
        expect(keptTotal).toBe(acks.length);
        expect(readdirSync(join(dir, 'live')).filter((f) => /-(wal|shm)$/.test(f))).toEqual([]);
      } finally {
        if (server.child.exitCode === null) server.child.kill('SIGKILL');
      }
    },
    180_000,
  );

  itOnSqlite(
    'restore refuses a damaged file and a file from a newer version, changing nothing',
    'backup and restore work on the SQLite file; PostgreSQL has pg_dump',
    async () => {
      // A backup of a new database of its own.
      const source = join(dir, 'small', 'backup.sqlite');
      expect(
        runCli(['migrate'], dir, { DATABASE_PATH: join(dir, 'small', 'db.sqlite') }).code,
      ).toBe(0);
      const made = runCli(['backup', '--out', source], dir, {
        DATABASE_PATH: join(dir, 'small', 'db.sqlite'),
      });
      expect(made.code).toBe(0);
      const target = join(dir, 'untouched', 'db.sqlite');

      const garbage = join(dir, 'garbage.sqlite');
      writeFileSync(garbage, 'not a database at all, just some text'.repeat(200));
      const notSqlite = runCli(['restore', '--from', garbage], dir, { DATABASE_PATH: target });
      expect(notSqlite.code).toBe(2);
      expect(notSqlite.stderr).toMatch(/^from: the file is not a SQLite database/);

      const damaged = join(dir, 'damaged.sqlite');
      copyFileSync(source, damaged);
      // Pages in the middle of the file overwritten with noise.
      const fd = openSync(damaged, 'r+');
      const size = statSync(damaged).size;
      writeSync(
        fd,
        Buffer.alloc(16 * 4096, 0xa5),
        0,
        16 * 4096,
        Math.floor(size / 2 / 4096) * 4096,
      );
      closeSync(fd);
      const corrupt = runCli(['restore', '--from', damaged], dir, { DATABASE_PATH: target });
      expect(corrupt.code).toBe(2);
      expect(corrupt.stderr).toMatch(/^from: the file is damaged/);

      const newer = join(dir, 'newer.sqlite');
      copyFileSync(source, newer);
      await sql(
        newer,
        "INSERT INTO migrations (timestamp, name) VALUES (1899999999999, 'FromTheFuture1899999999999')",
      );
      const fromNewer = runCli(['restore', '--from', newer], dir, { DATABASE_PATH: target });
      expect(fromNewer.code).toBe(2);
      expect(fromNewer.stderr).toMatch(
        /^from: the file comes from a newer version of the app: .*FromTheFuture1899999999999/,
      );

      // Nothing was put in place, and no file was left behind.
      expect(readdirSync(join(dir, 'untouched'))).toEqual([]);
    },
    60_000,
  );
});
