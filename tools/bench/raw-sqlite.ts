import sqlite3 from 'sqlite3';

/**
 * The bare `sqlite3` driver with promises and nothing else: no ORM, no query builder, no
 * mapping of rows. The benchmark's baselines run through it.
 */
export class RawSqlite {
  private constructor(private readonly db: sqlite3.Database) {}

  static open(path: string, mode: 'read' | 'write'): Promise<RawSqlite> {
    const flags = mode === 'read' ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE;
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(path, flags, (err) => {
        if (err) return reject(err);
        db.configure('busyTimeout', 5000);
        resolve(new RawSqlite(db));
      });
    });
  }

  all<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[])));
    });
  }

  /** Runs a statement; resolves with the id of the row it inserted, if any. */
  run(sql: string, params: unknown[] = []): Promise<number> {
    return new Promise((resolve, reject) => {
      this.db.run(sql, params, function (err) {
        if (err) reject(err);
        else resolve(this.lastID);
      });
    });
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.db.exec(sql, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** A prepared statement, run many times with different values. */
  prepare(sql: string): Promise<RawStatement> {
    return new Promise((resolve, reject) => {
      const statement = this.db.prepare(sql, (err) =>
        err ? reject(err) : resolve(new RawStatement(statement)),
      );
    });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.db.close((err) => (err ? reject(err) : resolve()));
    });
  }
}

export class RawStatement {
  constructor(private readonly statement: sqlite3.Statement) {}

  /** Runs it; resolves with the id of the row it inserted, if any. */
  run(params: unknown[]): Promise<number> {
    return new Promise((resolve, reject) => {
      this.statement.run(params, function (err) {
        if (err) reject(err);
        else resolve(this.lastID);
      });
    });
  }

  finalize(): Promise<void> {
    return new Promise((resolve) => this.statement.finalize(() => resolve()));
  }
}
