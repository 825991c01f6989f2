import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import argon2 from 'argon2';
import { randomBytes, randomInt } from 'node:crypto';
import type { FieldProblem } from '../common/errors.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/**
 * The least zxcvbn score a new password needs (0 to 4): 3 means it takes an attacker with the
 * password lists and patterns of zxcvbn-ts at least 10^8 guesses, "safely unguessable" for an
 * online attack and with a slow hash such as argon2id.
 */
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;

/**
 * zxcvbn-ts with its common dictionaries (the 30,000 most used passwords, a diceware list) and
 * keyboard layouts, made on first use.
 */
function strength(password: string, userInputs: string[]): ZxcvbnResult {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator.check(password, userInputs);
}

/** What a weak password is made of, in words: "a common password ("password") and a sequence". */
function weakParts(result: ZxcvbnResult): string {
  const parts: string[] = [];
  for (const match of result.sequence) {
    const token = `"${match.token}"`;
    let part: string | null = null;
    if (match.pattern === 'dictionary') {
      const name = String(match.dictionaryName);
      part = name.startsWith('passwords')
        ? `a common password (${token})`
        : name === 'userInputs'
          ? `the username (${token})`
          : `a common word (${token})`;
    } else if (match.pattern === 'repeat') part = `a repetition (${token})`;
    else if (match.pattern === 'sequence') part = `a sequence (${token})`;
    else if (match.pattern === 'spatial') part = `a keyboard pattern (${token})`;
    else if (match.pattern === 'date' || match.pattern === 'regex')
      part = `a date or year (${token})`;
    if (part && !parts.includes(part)) parts.push(part);
  }
  if (parts.length === 0) return 'it is one of the passwords tried first';
  const list =
    parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `it is made of ${list}`;
}

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
  if (problems.length > 0) return problems;
  const result = strength(password, username ? [username] : []);
  if (result.score < MIN_PASSWORD_SCORE) {
    problems.push({
      field,
      rule: 'notCommon',
      message:
        `${field} is too easy to guess: ${weakParts(result)}. ` +
        'Choose a longer one, for example a few unrelated words.',
    });
  }
  return problems;
}
