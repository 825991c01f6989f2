import { Injectable, NotFoundException } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { fieldError } from '../common/errors.js';
import { today } from '../common/dates.js';
import { toIsoTimestamp } from '../common/sql-values.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import { Role } from '../users/role.enum.js';
import { ApiToken } from './api-token.entity.js';
import type { ApiTokenView, IssuedApiToken } from './api-token.view.js';
import type { IssueTokenDto } from './dto/issue-token.dto.js';

const TOKEN_PREFIX = 'rt_';
/** `last_used_at` is written at most this often per token, so reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Named bearer tokens for `/api/v1`. Only a hash of each secret is stored. */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly lookups: LookupsService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<ApiTokenView[]> {
    const tokens = await this.dataSource.getRepository(ApiToken).find({
      relations: { states: true, createdBy: true },
      order: { id: 'DESC' },
    });
    return tokens.map(toApiTokenView);
  }

  async issue(dto: IssueTokenDto, actor: Principal): Promise<IssuedApiToken> {
    if (dto.expiresOn && dto.expiresOn < today()) {
      throw fieldError('expiresOn', 'notInPast', 'expiresOn must be today or later');
    }
    const states = await this.lookups.states(dto.states ?? []);
    const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const token = await this.transactions.run(async (manager) => {
      const saved = await manager.save(
        manager.create(ApiToken, {
          name: dto.name,
          tokenHash: hashToken(secret),
          prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
          role: dto.role,
          states: dto.role === Role.Analyst ? states : [],
          createdById: actor.userId,
          expiresAt: dto.expiresOn ? new Date(`${dto.expiresOn}T23:59:59.999Z`) : null,
        }),
      );
      await this.audit.record(
        {
          action: 'token.issued',
          actor,
          target: saved.name,
          detail: `role: ${saved.role}; states: ${(saved.states ?? []).map((s) => s.iso3).join(' ') || 'all'}; prefix: ${saved.prefix}`,
        },
        manager,
      );
      return saved;
    });
    return { token: toApiTokenView(await this.load(token.id)), secret };
  }

  /** Revokes a token for good; revoking twice changes nothing. */
  async revoke(id: number, actor: Principal): Promise<ApiTokenView> {
    const token = await this.load(id);
    if (!token.revokedAt) {
      await this.transactions.run(async (manager) => {
        await manager.update(ApiToken, { id, revokedAt: IsNull() }, { revokedAt: new Date() });
        await this.audit.record(
          { action: 'token.revoked', actor, target: token.name, detail: `prefix: ${token.prefix}` },
          manager,
        );
      });
    }
    return toApiTokenView(await this.load(id));
  }

  /** The live token with this secret, with its States, or null (unknown, revoked or expired). */
  async authenticate(secret: string): Promise<ApiToken | null> {
    if (!secret.startsWith(TOKEN_PREFIX)) return null;
    // One query: findOne() with a relation reads the id first, then the row (two per request).
    const token = await this.dataSource
      .getRepository(ApiToken)
      .createQueryBuilder('t')
      .leftJoinAndSelect('t.states', 's')
      .where('t.tokenHash = :hash', { hash: hashToken(secret) })
      .getOne();
    if (!token || token.revokedAt || (token.expiresAt && token.expiresAt < new Date())) {
      return null;
    }
    const now = new Date();
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.transactions.run((m) => m.update(ApiToken, { id: token.id }, { lastUsedAt: now }));
    }
    return token;
  }

  private async load(id: number): Promise<ApiToken> {
    const token = await this.dataSource
      .getRepository(ApiToken)
      .findOne({ where: { id }, relations: { states: true, createdBy: true } });
    if (!token) throw new NotFoundException(`No API token with id ${id}`);
    return token;
  }
}

export function toApiTokenView(t: ApiToken): ApiTokenView {
  const expired = t.expiresAt !== null && t.expiresAt < new Date();
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    role: t.role,
    states: (t.states ?? []).map((s) => s.iso3).sort(),
    createdBy: t.createdBy?.username ?? null,
    createdAt: toIsoTimestamp(t.createdAt) ?? '',
    expiresOn: t.expiresAt ? t.expiresAt.toISOString().slice(0, 10) : null,
    lastUsedAt: toIsoTimestamp(t.lastUsedAt),
    revokedAt: toIsoTimestamp(t.revokedAt),
    active: !t.revokedAt && !expired,
  };
}
