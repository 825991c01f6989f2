import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
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
  | 'import.applied'
  | 'document.created'
  | 'document.updated'
  | 'document.submitted'
  | 'document.approved'
  | 'document.returned'
  | 'document.issued'
  | 'document.revised'
  | 'measure.changed';

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
  'document.created',
  'document.updated',
  'document.submitted',
  'document.approved',
  'document.returned',
  'document.issued',
  'document.revised',
  'measure.changed',
];

/** Each action in words, as the audit log page shows it (the API keeps the codes). */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'login.succeeded': 'Signed in',
  'login.failed': 'Sign-in failed',
  'login.throttled': 'Sign-in refused: too many attempts',
  logout: 'Signed out',
  'password.changed': 'Password changed',
  'user.created': 'User created',
  'user.updated': 'User changed',
  'user.password-reset': 'Password reset',
  'token.issued': 'API token issued',
  'token.revoked': 'API token revoked',
  'write.refused': 'Change refused: role too low',
  'import.applied': 'Import applied',
  'document.created': 'Document created',
  'document.updated': 'Document changed',
  'document.submitted': 'Document submitted for approval',
  'document.approved': 'Document approved',
  'document.returned': 'Document returned to draft',
  'document.issued': 'Document issued',
  'document.revised': 'Document revision started',
  'measure.changed': 'Measure of a recommendation set or changed',
};

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

  /** How many events of `action` since `since`, from one address or by one actor (any case). */
  count(
    action: AuditAction,
    since: Date,
    where: { sourceIp?: string | null; actor?: string } = {},
  ): Promise<number> {
    const qb = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('e.action = :action', { action })
      .andWhere('e.at >= :since', { since: storedTime(since) });
    if (where.sourceIp) qb.andWhere('e.source_ip = :sourceIp', { sourceIp: where.sourceIp });
    if (where.actor !== undefined) {
      qb.andWhere('LOWER(e.actor) = LOWER(:actor)', { actor: where.actor });
    }
    return qb.getCount();
  }

  /** The earliest event of `action` by `actor` (any case) since `since`, or null. */
  async earliest(action: AuditAction, since: Date, actor: string): Promise<Date | null> {
    const row = await this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .select('MIN(e.at)', 'at')
      .where('e.action = :action', { action })
      .andWhere('e.at >= :since', { since: storedTime(since) })
      .andWhere('LOWER(e.actor) = LOWER(:actor)', { actor })
      .getRawOne<{ at: unknown }>();
    const iso = toIsoTimestamp(row?.at);
    return iso ? new Date(iso) : null;
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

/** A time as the `at` column holds it: UTC "YYYY-MM-DD HH:MM:SS" (PostgreSQL reads it as a timestamp). */
function storedTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** A page of AuditEventViews, as the API answers it. */
export type AuditEventPage = Page<AuditEventView>;
