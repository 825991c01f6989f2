import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { TransactionRunner } from './transaction-runner.js';

/** Rows another connection to the same file can see: what has been committed. */
function committed(path: string): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path, sqlite3.OPEN_READONLY);
    db.all<{ v: number }>('SELECT v FROM t ORDER BY v', [], (err, rows) => {
      db.close();
      if (err) reject(err);
      else resolve(rows.map((r) => r.v));
    });
  });
}

describe('TransactionRunner', () => {
  let dir: string;
  let path: string;
  let dataSource: DataSource;
  let runner: TransactionRunner;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runner-'));
    path = join(dir, 'runner.sqlite');
    dataSource = new DataSource({ type: 'sqlite', database: path, enableWAL: true });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE t (v INTEGER NOT NULL UNIQUE)');
    runner = new TransactionRunner(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the writes that wait together apart: one that fails leaves the others written', async () => {
    const insert = (v: number) => () =>
      runner.run(async (m) => {
        await m.query('INSERT INTO t (v) VALUES (?)', [v]);
        if (v === 3) throw new Error('refused after writing');
        return v;
      });
    // Sent at once: the first starts alone, the others wait and then share one transaction.
    const outcomes = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((v) => insert(v)()));
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []))).toEqual([
      1, 2, 4, 5, 6,
    ]);
    expect(await committed(path)).toEqual([1, 2, 4, 5, 6]);
  });

  it('answers each caller only once its write is committed', async () => {
    const seen = await Promise.all(
      [10, 20, 30, 40].map((v) =>
        runner.run((m) => m.query('INSERT INTO t (v) VALUES (?)', [v])).then(() => committed(path)),
      ),
    );
    // Each caller, when answered, finds its own row visible to another connection.
    [10, 20, 30, 40].forEach((v, i) => expect(seen[i]).toContain(v));
  });

  it('rolls back one failed statement of a waiting write without losing the others', async () => {
    await runner.run((m) => m.query('INSERT INTO t (v) VALUES (?)', [7]));
    const outcomes = await Promise.allSettled([
      runner.run((m) => m.query('INSERT INTO t (v) VALUES (?)', [8])),
      runner.run(async (m) => {
        await m.query('INSERT INTO t (v) VALUES (?)', [9]);
        await m.query('INSERT INTO t (v) VALUES (?)', [7]); // unique violation
      }),
      runner.run((m) => m.query('INSERT INTO t (v) VALUES (?)', [11])),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await committed(path)).toEqual([7, 8, 11]);
  });

  it('runs work without a savepoint when asked: a refusal before writing leaves the group whole', async () => {
    await runner.run((m) => m.query('INSERT INTO t (v) VALUES (?)', [20]));
    // A conditional insert writes nothing when its condition fails; the work then refuses. One
    // statement (its RETURNING rows read through a leading WITH): works without a savepoint
    // start together, and their statements may interleave.
    const insertUnless = (v: number) =>
      runner.run(
        async (m) => {
          const rows = await m.query<{ v: number }[]>(
            `WITH w (v) AS (VALUES (?))
             INSERT INTO t (v) SELECT v FROM w WHERE NOT EXISTS (SELECT 1 FROM t WHERE t.v = ?)
             RETURNING v`,
            [v, v - 1],
          );
          if (rows.length === 0) throw new Error(`${v - 1} is there: ${v} refused`);
          return v;
        },
        { savepoint: false },
      );
    const outcomes = await Promise.allSettled([21, 23, 25, 27].map((v) => insertUnless(v)));
    expect(outcomes.map((o) => o.status)).toEqual([
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(await committed(path)).toEqual([20, 23, 25, 27]);
    // Work that waits shares a transaction with no SAVEPOINT or RELEASE of its own, and starts
    // with the other such work of its group.
    const statements: string[] = [];
    const logger = dataSource.logger;
    dataSource.logger = { ...logger, logQuery: (q: string) => void statements.push(q) };
    await Promise.all([31, 33, 35].map((v) => insertUnless(v)));
    dataSource.logger = logger;
    expect(statements.filter((q) => q.includes('INSERT'))).toHaveLength(3);
    expect(statements.filter((q) => /SAVEPOINT/i.test(q))).toEqual([]);
  });
});
