import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { DataSource } from 'typeorm';
import { ApiTokensService } from './api-tokens/api-tokens.service.js';
import { IssueTokenDto } from './api-tokens/dto/issue-token.dto.js';
import { AuditService } from './audit/audit.service.js';
import { systemPrincipal } from './auth/principal.js';
import { cliOutcomeOf } from './common/error-mapping.js';
import { flattenValidationErrors } from './common/errors.js';
import { TransactionRunner } from './database/transaction-runner.js';
import { Organisation } from './organisations/organisation.entity.js';
import { LookupsService } from './reference-data/lookups.service.js';
import { State } from './states/state.entity.js';
import { SubjectsService } from './subjects/subjects.service.js';
import { CreateUserDto } from './users/dto/user.dto.js';
import { Role } from './users/role.enum.js';
import { UsersService } from './users/users.service.js';

export const USER_USAGE = `  user list
            every user with role, State limits and status
  user create <username> --role admin|analyst|viewer [--name "Full Name"] [--states KAZ,KGZ]
            create a user; prints a random password to be changed at first sign-in
  user reset-password <username>
            new random password (printed once); the user's sessions end, and
            they must choose their own at the next sign-in
  token issue <name> --role admin|analyst|viewer [--states KAZ,KGZ] [--expires YYYY-MM-DD]
            issue an API token; prints the secret once`;

/** A command's mistake: printed without a stack, exit code 2. */
export class UsageError extends Error {}

function services(ds: DataSource): { users: UsersService; tokens: ApiTokensService } {
  const runner = new TransactionRunner(ds);
  const audit = new AuditService(ds, runner);
  const subjects = new SubjectsService(ds.getRepository(State), ds.getRepository(Organisation));
  const lookups = new LookupsService(ds, subjects);
  return {
    users: new UsersService(ds, runner, lookups, audit),
    tokens: new ApiTokensService(ds, runner, lookups, audit),
  };
}

/** `--flag value` pairs and the positional arguments. */
export function parseArgs(args: string[]): { positional: string[]; flags: Record<string, string> } {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith('--')) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) {
        throw new UsageError(`${arg} needs a value`);
      }
      flags[arg.slice(2)] = value;
      i++;
    } else {
      positional.push(arg);
    }
  }
  return { positional, flags };
}

async function checked<T extends object>(cls: new () => T, plain: object): Promise<T> {
  const value = plainToInstance(cls, plain);
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    throw new UsageError(
      flattenValidationErrors(errors)
        .map((p) => `${p.field}: ${p.message}`)
        .join('\n'),
    );
  }
  return value;
}

/** Turns a service's refusal into a plain message for the terminal. */
function describeError(err: unknown): never {
  const outcome = cliOutcomeOf(err);
  if (outcome) throw new UsageError(outcome.lines.join('\n'));
  throw err;
}

export async function userCommand(ds: DataSource, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { users } = services(ds);
  const actor = systemPrincipal('cli', Role.Admin);
  const { positional, flags } = parseArgs(rest);
  try {
    if (sub === 'list') {
      for (const u of await users.list()) {
        console.log(
          [
            u.username.padEnd(20),
            u.role.padEnd(8),
            (u.states.join(',') || 'all States').padEnd(20),
            u.active ? 'active' : 'deactivated',
            u.mustChangePassword ? '(must change password)' : '',
          ].join(' '),
        );
      }
      return;
    }
    if (sub === 'create') {
      const [username] = positional;
      if (!username) throw new UsageError('user create needs a username');
      const dto = await checked(CreateUserDto, {
        username,
        displayName: flags.name ?? username,
        role: flags.role,
        states: flags.states,
      });
      const { user, password } = await users.create(dto, actor);
      console.log(
        `Created ${user.role} ${user.username}${user.states.length ? ` for ${user.states.join(', ')}` : ''}.`,
      );
      console.log(`Password (shown once, to be changed at first sign-in): ${password ?? ''}`);
      return;
    }
    if (sub === 'reset-password') {
      const [username] = positional;
      if (!username) throw new UsageError('user reset-password needs a username');
      const { user, password } = await users.resetPassword(username, actor);
      console.log(
        `New password for ${user.username} (shown once, to be changed at sign-in): ${password ?? ''}`,
      );
      return;
    }
  } catch (err) {
    describeError(err);
  }
  throw new UsageError(`Unknown user command "${sub ?? ''}"`);
}

export async function tokenCommand(ds: DataSource, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { tokens } = services(ds);
  const { positional, flags } = parseArgs(rest);
  if (sub !== 'issue') throw new UsageError(`Unknown token command "${sub ?? ''}"`);
  const [name] = positional;
  if (!name) throw new UsageError('token issue needs a name');
  try {
    const dto = await checked(IssueTokenDto, {
      name,
      role: flags.role,
      states: flags.states,
      expiresOn: flags.expires,
    });
    const { token, secret } = await tokens.issue(dto, systemPrincipal('cli', Role.Admin));
    console.log(`Issued ${token.role} token "${token.name}". Secret (shown once):`);
    console.log(secret);
  } catch (err) {
    describeError(err);
  }
}
