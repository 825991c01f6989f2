import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** At most this many queued pieces of work share one transaction. */
const MAX_GROUP = 64;

interface Queued {
  work: (manager: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * Runs write transactions one after another, and commits the ones that queued up meanwhile
 * together (group commit).
 *
 * TypeORM's `sqlite` driver shares one connection (and one query runner) between all callers,
 * so two transactions started at once would interleave their statements; queueing them keeps
 * each one whole. The queue holds no data, only the order of work in this process; other
 * processes are kept apart by SQLite's file lock. On PostgreSQL each transaction has a pooled
 * connection of its own, so the queue is not needed for that, but it is kept: writes stay in one
 * order per instance, and other instances are kept apart by the database (row locks, and the
 * version checks of every write).
 *
 * Work that arrives while a transaction is running waits, and the next transaction takes all of
 * it: each piece in a savepoint of its own, so that one that fails is rolled back alone and the
 * others stay; one commit (one flush to disk) for all. Every caller hears back only once the
 * commit is done, so nothing is acknowledged that could still be lost; if the commit fails, all
 * of them get its error. Work that finds the queue empty starts at once, as a transaction of its
 * own.
 */
@Injectable()
export class TransactionRunner {
  private readonly queue: Queued[] = [];
  private draining = false;

  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
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
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      await this.dataSource.transaction(async (manager) => {
        for (const item of group) {
          try {
            // A nested transaction is a savepoint: released on success, rolled back on failure.
            outcomes.push({ ok: true, value: await manager.transaction(item.work) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
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
