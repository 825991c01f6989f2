import session, { type SessionData } from 'express-session';
import { DataSource, LessThan } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Session } from './session.entity.js';

type Callback = (err?: unknown) => void;

/** Expired rows are swept at most this often. */
const SWEEP_INTERVAL_MS = 10 * 60_000;

/**
 * express-session store on the `sessions` table, so that every app instance on the same database
 * sees the same sessions, and sessions survive a restart. Writes go through the write queue.
 */
export class DatabaseSessionStore extends session.Store {
  private lastSweep = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly idleMs: number,
  ) {
    super();
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.dataSource
      .getRepository(Session)
      .findOneBy({ sid })
      .then((row) => {
        if (!row || row.expiresAt <= Date.now()) return callback(null, null);
        callback(null, JSON.parse(row.data) as SessionData);
      })
      .catch((err: unknown) => callback(err));
  }

  override set(sid: string, data: SessionData, callback?: Callback): void {
    const row = {
      sid,
      userId: data.userId ?? null,
      data: JSON.stringify(data),
      expiresAt: this.expiry(data),
    };
    this.transactions
      .run(async (manager) => {
        await manager.upsert(Session, row, ['sid']);
        if (Date.now() - this.lastSweep > SWEEP_INTERVAL_MS) {
          this.lastSweep = Date.now();
          await manager.delete(Session, { expiresAt: LessThan(Date.now()) });
        }
      })
      .then(() => callback?.())
      .catch((err: unknown) => callback?.(err));
  }

  override touch(sid: string, data: SessionData, callback?: Callback): void {
    this.transactions
      .run((manager) => manager.update(Session, { sid }, { expiresAt: this.expiry(data) }))
      .then(() => callback?.())
      .catch((err: unknown) => callback?.(err));
  }

  override destroy(sid: string, callback?: Callback): void {
    this.transactions
      .run((manager) => manager.delete(Session, { sid }))
      .then(() => callback?.())
      .catch((err: unknown) => callback?.(err));
  }

  private expiry(data: SessionData): number {
    const expires = data.cookie?.expires;
    return expires ? new Date(expires).getTime() : Date.now() + this.idleMs;
  }
}
