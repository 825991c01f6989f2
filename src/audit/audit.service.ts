import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, MoreThanOrEqual } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { page, type Page } from '../common/paging.js';
import { toIsoTimestamp } from '../common/sql-values.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { AuditEvent } from './audit-event.entity.js';
import type { AuditQueryDto } from './dto/audit-query.dto.js';

export type AuditAction =
  | 'login.succeeded'
  | 'login.failed'
  | 'login.throttled'
  | 'logout'
  | 'password.changed'
  | 'user.created'
  | 'user.updated'
  | 'user.password-reset'
  | 'token.issued'
  | 'token.revoked'
  | 'write.refused'
  | 'import.applied';

export const AUDIT_ACTIONS: readonly AuditAction[] = [
  'login.succeeded',
  'login.failed',
  'login.throttled',
  'logout',
  'password.changed',
  'user.created',
  'user.updated',
  'user.password-reset',
  'token.issued',
  'token.revoked',
  'write.refused',
  'import.applied',
];

export interface AuditEntry {
  action: AuditAction;
  /** Who acted; for a failed sign-in, the name that was typed. */
  actor: Pick<Principal, 'name' | 'userId' | 'apiTokenId' | 'sourceIp'>;
  target?: string;
  detail?: string;
}

export interface AuditEventView {
  id: number;
  at: string;
  action: string;
  actor: string;
  target: string | null;
  detail: string | null;
  sourceIp: string | null;
}

/** Writes and reads the append-only audit log. */
@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Records an event in its own transaction, or in `manager`'s when the event belongs to a change. */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const row = {
      action: entry.action,
      actor: entry.actor.name.slice(0, 200),
      userId: entry.actor.userId,
      apiTokenId: entry.actor.apiTokenId,
      target: entry.target?.slice(0, 200) ?? null,
      detail: entry.detail ?? null,
      sourceIp: entry.actor.sourceIp?.slice(0, 64) ?? null,
    };
    if (manager) {
      await manager.insert(AuditEvent, row);
    } else {
      await this.transactions.run((m) => m.insert(AuditEvent, row));
    }
  }

  /** How many events of this kind happened since `since`, from this address if given. */
  count(action: AuditAction, since: Date, sourceIp?: string | null): Promise<number> {
    return this.dataSource.getRepository(AuditEvent).countBy({
      action,
      at: MoreThanOrEqual(since),
      ...(sourceIp ? { sourceIp } : {}),
    });
  }

  /** Newest first. */
  async list(query: AuditQueryDto): Promise<Page<AuditEventView>> {
    const qb = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .orderBy('e.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (query.actor) qb.andWhere('e.actor = :actor', { actor: query.actor });
    const [rows, total] = await qb.getManyAndCount();
    const items = rows.map((e) => ({
      id: e.id,
      at: toIsoTimestamp(e.at) ?? '',
      action: e.action,
      actor: e.actor,
      target: e.target,
      detail: e.detail,
      sourceIp: e.sourceIp,
    }));
    return page(items, query, total);
  }
}
