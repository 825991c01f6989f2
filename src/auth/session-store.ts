import session, { type SessionData } from 'express-session';
import { DataSource, LessThan } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Session } from './session.entity.js';

type Callback = (err?: unknown) => void;

/** Expired rows are swept at most this often. */
const SWEEP_INTERVAL_MS = 10 * 60_000;
/** A session's expiry is moved on only once it would move by at least this much. */
const TOUCH_STEP_MS = 60_000;

/**
 * express-session store on the `sessions` table, so that every app instance on the same database
 * sees the same sessions, and sessions survive a restart. Writes go through the write queue.
 */
export class DatabaseSessionStore extends session.Store {
  private lastSweep = 0;
  /**
   * The expiry each session had when this request read it, so that `touch` at the end of the
   * request writes only when it moves the expiry by a minute or more: a page view is then a
   * read, not a queued write, unless the session last moved over a minute ago.
   */
  private readonly readExpiry = new Map<string, number>();

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
        if (this.readExpiry.size > 10_000) this.readExpiry.clear();
        this.readExpiry.set(sid, Number(row.expiresAt));
        callback(null, JSON.parse(row.data) as SessionData);
      })
      .catch((err: unknown) => callback(err));
  }

  override set(sid: string, data: SessionData, callback?: Callback): void {
    this.readExpiry.delete(sid);
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
    const stored = this.readExpiry.get(sid);
    this.readExpiry.delete(sid);
    const expiresAt = this.expiry(data);
    if (stored !== undefined && expiresAt - stored < TOUCH_STEP_MS) {
      callback?.();
      return;
    }
    this.transactions
      .run((manager) => manager.update(Session, { sid }, { expiresAt }))
      .then(() => callback?.())
      .catch((err: unknown) => callback?.(err));
  }

  override destroy(sid: string, callback?: Callback): void {
    this.readExpiry.delete(sid);
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
