import argon2 from 'argon2';
import { randomBytes, randomInt } from 'node:crypto';
import type { FieldProblem } from '../common/errors.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/** argon2id with the library's defaults (64 MiB, 3 passes). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

// Verified against when the username is unknown, so that a wrong username takes as long as a
// wrong password and the answer time does not tell which users exist.
let decoy: Promise<string> | undefined;

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (hash === null) {
    decoy ??= hashPassword(randomBytes(16).toString('hex'));
    await argon2.verify(await decoy, password).catch(() => false);
    return false;
  }
  return argon2.verify(hash, password).catch(() => false);
}

/** A random password of 20 characters from an alphabet without look-alikes. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** The rules a new password must meet; an empty list means it is acceptable. */
export function passwordProblems(
  password: unknown,
  username: string,
  field = 'password',
): FieldProblem[] {
  if (typeof password !== 'string' || password.length === 0) {
    return [{ field, rule: 'isNotEmpty', message: `${field} must not be empty` }];
  }
  const problems: FieldProblem[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) {
    problems.push({
      field,
      rule: 'minLength',
      message: `${field} must be at least ${MIN_PASSWORD_LENGTH} characters long`,
    });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    problems.push({
      field,
      rule: 'maxLength',
      message: `${field} must be at most ${MAX_PASSWORD_LENGTH} characters long`,
    });
  }
  if (username && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push({
      field,
      rule: 'notUsername',
      message: `${field} must not contain the username`,
    });
  }
  return problems;
}
