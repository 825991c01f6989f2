import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { principalOf } from '../auth/auth.service.js';
import type { Principal } from '../auth/principal.js';
import { flattenValidationErrors, InvalidInputError } from '../common/errors.js';
import { hasRole, Role } from '../users/role.enum.js';
import { User } from '../users/user.entity.js';
import { UsageError } from './args.js';

/**
 * What commands read besides their own options, shared by them: the user a command acts as
 * (`--as <username>`), and input checked by the same classes as the API's.
 */

/** Checks the input with the same class as the API; a bad field is an InvalidInputError. */
export async function checked<T extends object>(cls: new () => T, plain: object): Promise<T> {
  const value = plainToInstance(cls, plain);
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new InvalidInputError(flattenValidationErrors(errors));
  return value;
}

const A_ROLE: Record<Role, string> = {
  [Role.Viewer]: 'a viewer',
  [Role.Analyst]: 'an analyst',
  [Role.Admin]: 'an admin',
};

const WHO_HAS: Record<Role, string> = {
  [Role.Viewer]: 'a user',
  [Role.Analyst]: 'an analyst or an admin',
  [Role.Admin]: 'an admin',
};

/**
 * The user a command is done as and recorded for (`--as <username>`): an active user with at
 * least `role`. Anything else is a UsageError naming --as and, for a role too low, what `work`
 * needs (e.g. `an import needs an analyst or an admin`).
 */
export async function actingUser(
  ds: DataSource,
  username: string,
  role: Role,
  work: string,
): Promise<Principal> {
  const user = await ds.getRepository(User).findOne({
    where: { username: username.trim().toLowerCase() },
    relations: { states: true },
  });
  if (!user) throw new UsageError(`--as: no user "${username}"`);
  if (!user.active) throw new UsageError(`--as: the user ${user.username} is deactivated`);
  if (!hasRole(user.role, role)) {
    throw new UsageError(
      `--as: ${user.username} is ${A_ROLE[user.role]}; ${work} needs ${WHO_HAS[role]}`,
    );
  }
  return principalOf(user, null);
}
