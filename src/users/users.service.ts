import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { Session } from '../auth/session.entity.js';
import {
  generatePassword,
  hashPassword,
  passwordProblems,
  verifyPassword,
} from '../auth/passwords.js';
import {
  fieldError,
  validationError,
  InvalidInputError,
  NotFoundError,
  StaleVersionError,
} from '../common/errors.js';
import { toIsoTimestamp } from '../common/sql-values.js';
import { isUniqueViolation } from '../database/dialect.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import type { CreateUserDto, UpdateUserDto } from './dto/user.dto.js';
import { Role } from './role.enum.js';
import { User } from './user.entity.js';
import type { UserView, UserWithPassword } from './user.view.js';

export const INITIAL_ADMIN = 'admin';

/** Users, their roles and State limits, and their passwords. Every change is audited. */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly lookups: LookupsService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<UserView[]> {
    const users = await this.dataSource
      .getRepository(User)
      .find({ relations: { states: true }, order: { username: 'ASC' } });
    return users.map(toUserView);
  }

  async get(username: string): Promise<UserView> {
    return toUserView(await this.find(this.dataSource.manager, username));
  }

  /** The active user with this id, with their States, or null. */
  findActiveById(id: number): Promise<User | null> {
    return this.dataSource
      .getRepository(User)
      .findOne({ where: { id, active: true }, relations: { states: true } });
  }

  /**
   * Creates a user who must choose a new password at first sign-in. Without a password, a random
   * one is generated and returned once.
   */
  async create(
    dto: CreateUserDto,
    actor: Principal,
    options: { mustChangePassword?: boolean } = {},
  ): Promise<UserWithPassword> {
    const chosen = dto.password;
    if (chosen !== undefined) {
      const problems = passwordProblems(chosen, dto.username);
      if (problems.length > 0) throw validationError(problems);
    }
    const states = await this.lookups.states(dto.states ?? []);
    const password = chosen ?? generatePassword();
    const passwordHash = await hashPassword(password);
    const user = await this.transactions.run(async (manager) => {
      if (await manager.existsBy(User, { username: dto.username })) {
        throw fieldError('username', 'unique', `username "${dto.username}" is already taken`);
      }
      const saved = await manager.save(
        manager.create(User, {
          username: dto.username,
          displayName: dto.displayName,
          role: dto.role,
          passwordHash,
          mustChangePassword: options.mustChangePassword ?? true,
          active: true,
          states: dto.role === Role.Analyst ? states : [],
        }),
      );
      await this.audit.record(
        {
          action: 'user.created',
          actor,
          target: saved.username,
          detail: describe({ role: saved.role, states: (saved.states ?? []).map((s) => s.iso3) }),
        },
        manager,
      );
      return saved;
    });
    return { user: toUserView(user), ...(chosen === undefined ? { password } : {}) };
  }

  /** Changes role, name, State limits or active flag; a stale baseVersion gets 409. */
  async update(username: string, dto: UpdateUserDto, actor: Principal): Promise<UserView> {
    const states = dto.states ? await this.lookups.states(dto.states) : undefined;
    const user = await this.transactions.run(async (manager) => {
      const user = await this.find(manager, username);
      if (user.version !== dto.baseVersion) {
        throw new StaleVersionError(
          `User ${username} has changed since version ${dto.baseVersion}: it is now at version ${user.version}. Reload and edit again.`,
          null,
          toUserView(user),
        );
      }
      if (
        actor.userId === user.id &&
        (dto.active === false || (dto.role && dto.role !== user.role))
      ) {
        throw fieldError(
          dto.active === false ? 'active' : 'role',
          'notSelf',
          'You cannot deactivate yourself or change your own role; ask another admin',
        );
      }
      const before = summary(user);
      if (dto.displayName !== undefined) user.displayName = dto.displayName;
      if (dto.role !== undefined) user.role = dto.role;
      if (states !== undefined) user.states = states;
      if (user.role !== Role.Analyst) user.states = [];
      if (dto.active !== undefined) user.active = dto.active;
      user.version += 1;
      const saved = await manager.save(user);
      const after = summary(saved);
      await this.audit.record(
        { action: 'user.updated', actor, target: user.username, detail: diff(before, after) },
        manager,
      );
      if (!saved.active) await manager.delete(Session, { userId: saved.id });
      return saved;
    });
    return toUserView(user);
  }

  /** Gives the user a new random password, ends their sessions, and asks for a change at sign-in. */
  async resetPassword(username: string, actor: Principal): Promise<UserWithPassword> {
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    const user = await this.transactions.run(async (manager) => {
      const user = await this.find(manager, username);
      user.passwordHash = passwordHash;
      user.mustChangePassword = true;
      user.version += 1;
      const saved = await manager.save(user);
      await manager.delete(Session, { userId: user.id });
      await this.audit.record(
        { action: 'user.password-reset', actor, target: user.username },
        manager,
      );
      return saved;
    });
    return { user: toUserView(user), password };
  }

  /**
   * The user changes their own password. Their other sessions end; `keepSessionId` (the one
   * making the change) stays.
   */
  async changePassword(
    actor: Principal,
    currentPassword: string,
    newPassword: string,
    keepSessionId?: string,
  ): Promise<void> {
    if (actor.userId === null) throw new NotFoundError('Only a signed-in user has a password');
    const user = await this.dataSource.getRepository(User).findOneBy({ id: actor.userId });
    if (!user) throw new NotFoundError('No such user');
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw fieldError(
        'currentPassword',
        'matches',
        'currentPassword is not your current password',
      );
    }
    const problems = passwordProblems(newPassword, user.username, 'newPassword');
    if (newPassword === currentPassword) {
      problems.push({
        field: 'newPassword',
        rule: 'changed',
        message: 'newPassword must differ from the current password',
      });
    }
    if (problems.length > 0) throw validationError(problems);
    const passwordHash = await hashPassword(newPassword);
    await this.transactions.run(async (manager) => {
      await manager.update(
        User,
        { id: user.id },
        { passwordHash, mustChangePassword: false, version: () => 'version + 1' },
      );
      await manager.delete(Session, {
        userId: user.id,
        ...(keepSessionId ? { sid: Not(keepSessionId) } : {}),
      });
      await this.audit.record(
        { action: 'password.changed', actor, target: user.username },
        manager,
      );
    });
  }

  /** Sets a password chosen at the command line (audited as a reset, no change asked at sign-in). */
  async setPassword(username: string, password: string, actor: Principal): Promise<void> {
    const user = await this.find(this.dataSource.manager, username);
    const problems = passwordProblems(password, user.username);
    if (problems.length > 0) throw validationError(problems);
    const passwordHash = await hashPassword(password);
    await this.transactions.run(async (manager) => {
      await manager.update(
        User,
        { id: user.id },
        { passwordHash, mustChangePassword: false, version: () => 'version + 1' },
      );
      await manager.delete(Session, { userId: user.id });
      await this.audit.record(
        { action: 'user.password-reset', actor, target: user.username, detail: 'password set' },
        manager,
      );
    });
  }

  /** The active user with this username and password, or null; as slow for unknown names. */
  async authenticate(username: string, password: string): Promise<User | null> {
    const user = await this.dataSource
      .getRepository(User)
      .findOne({ where: { username: username.trim().toLowerCase() }, relations: { states: true } });
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    return ok && user?.active ? user : null;
  }

  /**
   * On a database without users, creates `admin` with a random password, to be changed at first
   * sign-in, and returns that password (the caller prints it once). Otherwise returns null.
   */
  async ensureInitialAdmin(actor: Principal): Promise<string | null> {
    if ((await this.dataSource.getRepository(User).count()) > 0) return null;
    try {
      const { password } = await this.create(
        { username: INITIAL_ADMIN, displayName: 'Administrator', role: Role.Admin },
        actor,
      );
      return password ?? null;
    } catch (err) {
      // Another instance starting on the same database created it first.
      if (err instanceof InvalidInputError || isUniqueViolation(err)) return null;
      throw err;
    }
  }

  private async find(manager: EntityManager, username: string): Promise<User> {
    const user = await manager.findOne(User, {
      where: { username: username.trim().toLowerCase() },
      relations: { states: true },
    });
    if (!user) throw new NotFoundError(`No user "${username}"`);
    return user;
  }
}

type Summary = Record<string, string | boolean>;

function summary(user: User): Summary {
  return {
    displayName: user.displayName,
    role: user.role,
    states: (user.states ?? []).map((s) => s.iso3).join(' ') || 'all',
    active: user.active,
  };
}

function diff(before: Summary, after: Summary): string {
  const changes = Object.keys(after)
    .filter((k) => before[k] !== after[k])
    .map((k) => `${k}: ${String(before[k])} → ${String(after[k])}`);
  return changes.length > 0 ? changes.join('; ') : 'no change';
}

function describe(values: Record<string, string | string[]>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(' ') || 'all' : v}`)
    .join('; ');
}

export function toUserView(user: User): UserView {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    states: (user.states ?? []).map((s) => s.iso3).sort(),
    active: user.active,
    mustChangePassword: user.mustChangePassword,
    version: user.version,
    createdAt: toIsoTimestamp(user.createdAt) ?? '',
    updatedAt: toIsoTimestamp(user.updatedAt) ?? '',
  };
}
