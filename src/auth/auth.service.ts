import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request } from 'express';
import { ApiTokensService } from '../api-tokens/api-tokens.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Env } from '../config/env.js';
import { Role } from '../users/role.enum.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { newCsrfToken } from './csrf.js';
import type { Principal } from './principal.js';

export const LOGIN_WINDOW_MS = 60_000;
/** Wrong passwords for one username are counted over this window (LOGIN_FAILURES_PER_ACCOUNT). */
export const ACCOUNT_WINDOW_MS = 15 * 60_000;

export type LoginResult =
  | { outcome: 'signed-in'; principal: Principal }
  | { outcome: 'failed' }
  | { outcome: 'throttled'; by: 'address' | 'account'; retryAfterSeconds: number };

/** Why a request carries no principal: nothing presented, or a credential that does not work. */
export type Anonymous = { reason: 'none' } | { reason: 'bad-token' } | { reason: 'session-ended' };

/** Tells who makes a request (API token or web session) and signs users in and out. */
@Injectable()
export class AuthService {
  private readonly maxSessionMs: number;
  private readonly failuresPerWindow: number;
  private readonly failuresPerAccount: number;

  constructor(
    private readonly users: UsersService,
    private readonly tokens: ApiTokensService,
    private readonly audit: AuditService,
    config: ConfigService<Env, true>,
  ) {
    this.maxSessionMs = config.get('SESSION_MAX_HOURS', { infer: true }) * 3_600_000;
    this.failuresPerWindow = config.get('LOGIN_FAILURES_PER_MINUTE', { infer: true });
    this.failuresPerAccount = config.get('LOGIN_FAILURES_PER_ACCOUNT', { infer: true });
  }

  /**
   * Sets `req.principal` from a Bearer token or the session, once per request. A Bearer header
   * that is not a live token makes the request anonymous, whatever the session says.
   */
  async identify(req: Request): Promise<Principal | Anonymous> {
    if (req.identified) return req.principal ?? { reason: 'none' };
    req.identified = true;
    const result = await this.lookup(req);
    if ('kind' in result) req.principal = result;
    return result;
  }

  private async lookup(req: Request): Promise<Principal | Anonymous> {
    const sourceIp = req.ip ?? null;
    const header = req.get('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const token = match ? await this.tokens.authenticate(match[1]) : null;
      if (!token) return { reason: 'bad-token' };
      return {
        kind: 'token',
        name: `token:${token.name}`,
        displayName: token.name,
        role: token.role,
        userId: null,
        apiTokenId: token.id,
        states: limits(token.role, token.states),
        mustChangePassword: false,
        sourceIp,
      };
    }
    const userId = req.session?.userId;
    if (userId === undefined) return { reason: 'none' };
    const expired = Date.now() - (req.session.signedInAt ?? 0) > this.maxSessionMs;
    const user = expired ? null : await this.users.findActiveById(userId);
    if (!user) {
      // A fresh, empty session replaces the ended one.
      await regenerateSession(req);
      return { reason: 'session-ended' };
    }
    return principalOf(user, sourceIp);
  }

  /**
   * Checks a username and password. After LOGIN_FAILURES_PER_MINUTE wrong passwords from one
   * address within a minute, further attempts are refused unchecked until the minute is over.
   * Wrong passwords for one username from any address are limited too (LOGIN_FAILURES_PER_ACCOUNT
   * per 15 minutes), so that guesses spread over many addresses are throttled as well.
   * The count is read from the audit log, so every app instance on the database shares it. On
   * success the session gets a new id (so an id planted before sign-in is worthless) and a new
   * CSRF token.
   */
  async login(req: Request, username: string, password: string): Promise<LoginResult> {
    const sourceIp = req.ip ?? null;
    const actor = {
      name: username.trim().slice(0, 200) || '(empty)',
      userId: null,
      apiTokenId: null,
      sourceIp,
    };
    const since = new Date(Date.now() - LOGIN_WINDOW_MS);
    const failures = await this.audit.count('login.failed', since, { sourceIp });
    if (failures >= this.failuresPerWindow) {
      await this.audit.record({
        action: 'login.throttled',
        actor,
        detail: `${failures} wrong passwords from this address within a minute`,
      });
      return { outcome: 'throttled', by: 'address', retryAfterSeconds: LOGIN_WINDOW_MS / 1000 };
    }
    // Guesses at one account from many addresses: counted by the name typed, in any case.
    const accountSince = new Date(Date.now() - ACCOUNT_WINDOW_MS);
    const accountFailures = await this.audit.count('login.failed', accountSince, {
      actor: actor.name,
    });
    if (accountFailures >= this.failuresPerAccount) {
      await this.audit.record({
        action: 'login.throttled',
        actor,
        detail: `${accountFailures} wrong passwords for this username within 15 minutes`,
      });
      const oldest = await this.audit.earliest('login.failed', accountSince, actor.name);
      const freeAt = (oldest?.getTime() ?? Date.now()) + ACCOUNT_WINDOW_MS;
      return {
        outcome: 'throttled',
        by: 'account',
        retryAfterSeconds: Math.max(1, Math.ceil((freeAt - Date.now()) / 1000)),
      };
    }
    const user = await this.users.authenticate(username, password);
    if (!user) {
      await this.audit.record({ action: 'login.failed', actor });
      return { outcome: 'failed' };
    }
    await regenerateSession(req);
    req.session.userId = user.id;
    req.session.signedInAt = Date.now();
    req.session.csrfToken = newCsrfToken();
    await saveSession(req);
    const principal = principalOf(user, sourceIp);
    req.principal = principal;
    await this.audit.record({ action: 'login.succeeded', actor: principal });
    return { outcome: 'signed-in', principal };
  }

  async logout(req: Request): Promise<void> {
    if (req.principal) await this.audit.record({ action: 'logout', actor: req.principal });
    req.principal = undefined;
    await regenerateSession(req);
  }
}

export function principalOf(user: User, sourceIp: string | null): Principal {
  return {
    kind: 'user',
    name: user.username,
    displayName: user.displayName,
    role: user.role,
    userId: user.id,
    apiTokenId: null,
    states: limits(user.role, user.states),
    mustChangePassword: user.mustChangePassword,
    sourceIp,
  };
}

/** Only analysts are limited, and only when they have a list. */
function limits(
  role: Role,
  states: { id: number; iso3: string }[] | undefined,
): Principal['states'] {
  if (role !== Role.Analyst || !states || states.length === 0) return null;
  return states.map((s) => ({ id: s.id, iso3: s.iso3 }));
}

function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.regenerate((err: unknown) => (err ? reject(toError(err)) : resolve())),
  );
}

function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.save((err: unknown) => (err ? reject(toError(err)) : resolve())),
  );
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
