import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { fieldError, NotFoundError } from '../common/errors.js';
import { today } from '../common/dates.js';
import { toIsoTimestamp } from '../common/sql-values.js';
import { ChangeSignals } from '../database/change-signals.js';
import { param } from '../database/dialect.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import { Role } from '../users/role.enum.js';
import { ApiToken } from './api-token.entity.js';
import type { ApiTokenView, IssuedApiToken } from './api-token.view.js';
import type { IssueTokenDto } from './dto/issue-token.dto.js';

const TOKEN_PREFIX = 'rt_';
/** `last_used_at` is written at most this often per token, so reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;
/**
 * Live tokens kept in memory, by the hash of their secret: at most this many, each for at most
 * this long (a change made to the database by hand, not through the app, is seen within it).
 */
const LIVE_TOKENS_KEPT = 10_000;
const LIVE_TOKEN_KEPT_MS = 60_000;

/** A token that may be used now: what a request needs of it. */
export interface LiveToken {
  id: number;
  name: string;
  role: Role;
  /** The States an analyst's token is limited to; empty for no limit. */
  states: { id: number; iso3: string }[];
}

/** A live token as kept in memory: with when it expires (ms since the epoch), and when last used. */
interface KeptToken {
  token: LiveToken;
  expiresAt: number | null;
  lastUsedAt: number;
}

interface RawToken {
  id: number;
  name: string;
  role: Role;
  expires_at: unknown;
  last_used_at: unknown;
  revoked_at: unknown;
  state_id: number | null;
  state_iso3: string | null;
}

/** A time column read raw (a Date from PostgreSQL, text from SQLite) as a Date, or null. */
function toDate(value: unknown): Date | null {
  const iso = toIsoTimestamp(value);
  return iso === null ? null : new Date(iso);
}

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Named bearer tokens for `/api/v1`. Only a hash of each secret is stored. */
@Injectable()
export class ApiTokensService {
  /**
   * When this instance last wrote each token's `last_used_at` (or saw it written), by token id:
   * the requests that arrive together once the interval is over write it once between them,
   * instead of each one updating the same row and waiting for the others' locks.
   */
  private readonly touched = new Map<number, number>();
  /**
   * Live tokens read recently, so that a request does not read its token again. Forgotten,
   * all of them, whenever any token is revoked, on this instance or another (`ChangeSignals`),
   * and not used at all while another instance's revocation might not be heard.
   */
  private readonly live = new LRUCache<string, KeptToken>({
    max: LIVE_TOKENS_KEPT,
    ttl: LIVE_TOKEN_KEPT_MS,
  });
  /** Counts the times `live` was emptied: a token read before then is not kept. */
  private forgotten = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly lookups: LookupsService,
    private readonly audit: AuditService,
    private readonly signals: ChangeSignals,
  ) {
    signals.on('rt_api_tokens', () => {
      this.forgotten += 1;
      this.live.clear();
    });
  }

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
        await this.signals.announce(manager, 'rt_api_tokens');
      });
      this.signals.changed('rt_api_tokens');
    }
    return toApiTokenView(await this.load(id));
  }

  /** The live token with this secret, with its States, or null (unknown, revoked or expired). */
  async authenticate(secret: string): Promise<LiveToken | null> {
    if (!secret.startsWith(TOKEN_PREFIX)) return null;
    const hash = hashToken(secret);
    const now = Date.now();
    const kept = this.signals.listening ? this.live.get(hash) : undefined;
    const found = kept ?? (await this.read(hash));
    if (!found || (found.expiresAt !== null && found.expiresAt < now)) return null;
    const { token } = found;
    const lastUsedAt = Math.max(found.lastUsedAt, this.touched.get(token.id) ?? 0);
    if (now - lastUsedAt > TOUCH_INTERVAL_MS) {
      this.touched.set(token.id, now);
      await this.transactions.run((m) =>
        m.update(ApiToken, { id: token.id }, { lastUsedAt: new Date(now) }),
      );
    }
    return token;
  }

  /** Reads a token that is not revoked, and keeps it unless a token was revoked meanwhile. */
  private async read(hash: string): Promise<KeptToken | null> {
    const forgotten = this.forgotten;
    // One plain query: the token with its States (a row each).
    const rows = await this.dataSource.query<RawToken[]>(
      `SELECT t.id, t.name, t.role, t.expires_at, t.last_used_at, t.revoked_at,
              s.id AS state_id, s.iso3 AS state_iso3
       FROM api_tokens t
       LEFT JOIN api_token_states ts ON ts.api_token_id = t.id
       LEFT JOIN states s ON s.id = ts.state_id
       WHERE t.token_hash = ${param(this.dataSource, 1)}`,
      [hash],
    );
    if (rows.length === 0 || toDate(rows[0].revoked_at)) return null;
    const [row] = rows;
    const found: KeptToken = {
      token: {
        id: Number(row.id),
        name: row.name,
        role: row.role,
        states: rows.flatMap((r) =>
          r.state_id === null ? [] : [{ id: Number(r.state_id), iso3: r.state_iso3 ?? '' }],
        ),
      },
      expiresAt: toDate(row.expires_at)?.getTime() ?? null,
      lastUsedAt: toDate(row.last_used_at)?.getTime() ?? 0,
    };
    if (this.forgotten === forgotten && this.signals.listening) this.live.set(hash, found);
    return found;
  }

  private async load(id: number): Promise<ApiToken> {
    const token = await this.dataSource
      .getRepository(ApiToken)
      .findOne({ where: { id }, relations: { states: true, createdBy: true } });
    if (!token) throw new NotFoundError(`No API token with id ${id}`);
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
