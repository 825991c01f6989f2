import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs write transactions one after another. TypeORM's `sqlite` driver shares one connection
 * (and one query runner) between all callers, so two transactions started at once would
 * interleave their statements; queueing them keeps each one whole. The queue holds no data, only
 * the order of work in this process; other processes are kept apart by SQLite's file lock.
 * On PostgreSQL each transaction has a pooled connection of its own, so the queue is not needed
 * for that, but it is kept: writes stay in one order per instance, and other instances are kept
 * apart by the database (row locks, and the version checks of every write).
 */
@Injectable()
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }
}
