import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request, Response } from 'express';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Env } from '../config/env.js';
import { SettingsService } from '../database/settings.service.js';

/** The sign-in form's cookie; with COOKIE_SECURE=true it takes the `__Host-` prefix. */
export const SIGN_IN_COOKIE = 'rt.signin';

/** The value of one cookie of a request, read from its Cookie header. */
export function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at !== -1 && part.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(part.slice(at + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * The sign-in form's CSRF protection, without a session: a signed double-submit cookie. The
 * sign-in page sets a cookie holding a random value and its HMAC (keyed by the session secret)
 * and puts the same text in the form; the post must carry both, equal, with a valid signature.
 * Another site can neither read the cookie nor make one the server signed, so it cannot post
 * a sign-in in the visitor's name, and an anonymous visit stores nothing on the server: the
 * session (a row in the database) starts at sign-in.
 */
@Injectable()
export class SignInCsrf {
  private key: Promise<Buffer> | undefined;
  private readonly secure: Env['COOKIE_SECURE'];
  readonly cookieName: string;

  constructor(
    private readonly settings: SettingsService,
    config: ConfigService<Env, true>,
  ) {
    this.secure = config.get('COOKIE_SECURE', { infer: true });
    this.cookieName = this.secure === 'true' ? `__Host-${SIGN_IN_COOKIE}` : SIGN_IN_COOKIE;
  }

  /** The token of the sign-in form: the visitor's cookie when it is sound, else a new one. */
  async tokenFor(req: Request, res: Response): Promise<string> {
    const present = cookieOf(req, this.cookieName);
    if (present && (await this.isSigned(present))) return present;
    const nonce = randomBytes(18).toString('base64url');
    const token = `${nonce}.${await this.mac(nonce)}`;
    res.cookie(this.cookieName, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.secure === 'true' || (this.secure === 'auto' && req.secure),
      path: '/',
    });
    return token;
  }

  /** Whether `sent` (the form's field or header) is the visitor's signed cookie. */
  async check(req: Request, sent: unknown): Promise<boolean> {
    const cookie = cookieOf(req, this.cookieName);
    if (typeof sent !== 'string' || !cookie || !(await this.isSigned(cookie))) return false;
    return equal(sent, cookie);
  }

  /** Drops the cookie once signed in: the session's own token takes over. */
  clear(res: Response): void {
    res.clearCookie(this.cookieName, { path: '/' });
  }

  private async isSigned(token: string): Promise<boolean> {
    const [nonce, mac, ...rest] = token.split('.');
    if (!nonce || !mac || rest.length > 0) return false;
    return equal(mac, await this.mac(nonce));
  }

  private async mac(nonce: string): Promise<string> {
    this.key ??= this.settings
      .getOrCreate('session_secret', () => randomBytes(32).toString('hex'))
      .then((secret) => createHmac('sha256', secret).update('sign-in csrf').digest())
      .catch((err: unknown) => {
        this.key = undefined;
        throw err;
      });
    return createHmac('sha256', await this.key)
      .update(nonce)
      .digest('base64url');
  }
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
