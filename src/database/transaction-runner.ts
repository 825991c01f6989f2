import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isPostgres } from './dialect.js';

/** At most this many queued pieces of work share one transaction (SQLite). */
const MAX_GROUP = 64;

/**
 * At most this many transactions at once per instance (PostgreSQL): fewer than the connections
 * of the pool (10 by default), so that reads always find one.
 */
const MAX_AT_ONCE = 8;

/** How a piece of work runs. */
export interface RunOptions {
  /**
   * Whether the work needs a savepoint of its own in a shared transaction (SQLite), so that
   * if it fails what it wrote is undone without undoing the others' (default true). Work that
   * writes nothing before it can fail (one statement whose own conditions refuse the write,
   * say) passes false and saves two statements. Such work starts together with the other such
   * work of its group, before the rest: it must not depend on the order of its statements and
   * theirs (their single writes are then inserted together, see `PairsRepository.appendOne`).
   */
  savepoint?: boolean;
}

interface Queued {
  work: (manager: EntityManager) => Promise<unknown>;
  savepoint: boolean;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * Runs write transactions: on SQLite one after another, committing the ones that queued up
 * meanwhile together (group commit); on PostgreSQL each in a transaction of its own, several at
 * once. Every caller hears back only once its work is committed, so nothing is acknowledged
 * that could still be lost.
 *
 * SQLite: TypeORM's `sqlite` driver shares one connection (and one query runner) between all
 * callers, so two transactions started at once would interleave their statements; queueing them
 * keeps each one whole. The queue holds no data, only the order of work in this process; other
 * processes are kept apart by SQLite's file lock. Work that arrives while a transaction is
 * running waits, and the next transaction takes all of it: each piece in a savepoint of its own,
 * so that one that fails is rolled back alone and the others stay; one commit (one flush to disk)
 * for all; if the commit fails, all of them get its error. Work that finds the queue empty
 * starts at once, as a transaction of its own.
 *
 * PostgreSQL: each transaction has a pooled connection of its own, and the server flushes
 * commits that arrive together at once. A shared transaction would hold the row locks of each
 * piece (a pair's row, say) until the last piece is done, and two instances' groups locking
 * the same pairs in different orders would deadlock; so every piece is a transaction of its own,
 * holding its locks only as long as it needs them, up to MAX_AT_ONCE at a time (the others wait
 * here, in order). Instances and transactions are kept apart by the database: row locks, the
 * version check of every write, and the status totals' buckets (migration StatusTotalsInBuckets).
 */
@Injectable()
export class TransactionRunner {
  private readonly queue: Queued[] = [];
  private draining = false;
  /** PostgreSQL: transactions running, and the work waiting for one of them to end. */
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>, options: RunOptions = {}): Promise<T> {
    if (isPostgres(this.dataSource)) return this.runAtOnce(work);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        work,
        savepoint: options.savepoint ?? true,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (!this.draining) void this.drain();
    });
  }

  /** A transaction of its own, once fewer than MAX_AT_ONCE are running. */
  private async runAtOnce<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.running < MAX_AT_ONCE) this.running += 1;
    // The place of a transaction that ends is handed over, never counted free in between.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await this.dataSource.transaction(work);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, MAX_GROUP);
        if (group.length === 1) await this.runAlone(group[0]);
        else await this.runTogether(group);
      }
    } finally {
      this.draining = false;
    }
  }

  private async runAlone(item: Queued): Promise<void> {
    try {
      item.resolve(await this.dataSource.transaction(item.work));
    } catch (err) {
      item.reject(err);
    }
  }

  private async runTogether(group: Queued[]): Promise<void> {
    type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
    const outcomes: Outcome[] = new Array<Outcome>(group.length);
    const settle = async (i: number, work: () => Promise<unknown>): Promise<void> => {
      try {
        outcomes[i] = { ok: true, value: await work() };
      } catch (error) {
        outcomes[i] = { ok: false, error };
      }
    };
    try {
      await this.dataSource.transaction(async (manager) => {
        // Work without a savepoint starts together (it writes nothing before it can fail).
        await Promise.all(
          group.flatMap((item, i) => (item.savepoint ? [] : [settle(i, () => item.work(manager))])),
        );
        for (const [i, item] of group.entries()) {
          // A nested transaction is a savepoint: released on success, rolled back on failure.
          if (item.savepoint) await settle(i, () => manager.transaction(item.work));
        }
      });
    } catch (err) {
      // Nothing of the group was committed.
      for (const item of group) item.reject(err);
      return;
    }
    group.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}
