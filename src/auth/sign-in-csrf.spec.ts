import type { ConfigService } from '@nestjs/config';
import type { Request, Response } from 'express';
import type { Env } from '../config/env.js';
import type { SettingsService } from '../database/settings.service.js';
import { cookieOf, SignInCsrf } from './sign-in-csrf.js';
import { sessionCookieName } from './web-session.js';

function service(secure: Env['COOKIE_SECURE'] = 'auto', secret = 'a secret'): SignInCsrf {
  const settings = { getOrCreate: () => Promise.resolve(secret) } as unknown as SettingsService;
  const config = { get: () => secure } as unknown as ConfigService<Env, true>;
  return new SignInCsrf(settings, config);
}

function fakeRequest(cookie?: string): Request {
  return { headers: cookie ? { cookie } : {}, secure: false } as unknown as Request;
}

function fakeResponse(): {
  res: Response;
  set: { name: string; value: string; options: unknown }[];
} {
  const set: { name: string; value: string; options: unknown }[] = [];
  const res = {
    cookie: (name: string, value: string, options: unknown) => set.push({ name, value, options }),
  } as unknown as Response;
  return { res, set };
}

describe('the sign-in form without a session: a signed double-submit cookie', () => {
  it('sets a signed cookie and accepts the same text back from the form', async () => {
    const csrf = service();
    const { res, set } = fakeResponse();
    const token = await csrf.tokenFor(fakeRequest(), res);
    expect(set).toEqual([
      {
        name: 'rt.signin',
        value: token,
        options: { httpOnly: true, sameSite: 'strict', secure: false, path: '/' },
      },
    ]);
    const back = fakeRequest(`other=1; rt.signin=${encodeURIComponent(token)}`);
    await expect(csrf.check(back, token)).resolves.toBe(true);
    // A second visit keeps the cookie it has.
    const again = fakeResponse();
    await expect(csrf.tokenFor(back, again.res)).resolves.toBe(token);
    expect(again.set).toEqual([]);
  });

  it('refuses a missing cookie, a different form value, and a cookie it did not sign', async () => {
    const csrf = service();
    const token = await csrf.tokenFor(fakeRequest(), fakeResponse().res);
    await expect(csrf.check(fakeRequest(), token)).resolves.toBe(false);
    await expect(csrf.check(fakeRequest(`rt.signin=${token}`), 'other')).resolves.toBe(false);
    await expect(csrf.check(fakeRequest(`rt.signin=${token}`), undefined)).resolves.toBe(false);
    const [nonce] = token.split('.');
    const forged = `${nonce}.forged`;
    await expect(csrf.check(fakeRequest(`rt.signin=${forged}`), forged)).resolves.toBe(false);
    // Signed with another secret (another installation).
    const other = await service('auto', 'another').tokenFor(fakeRequest(), fakeResponse().res);
    await expect(csrf.check(fakeRequest(`rt.signin=${other}`), other)).resolves.toBe(false);
  });

  it('takes the __Host- prefix, and Secure, when cookies are always secure', async () => {
    const csrf = service('true');
    const { res, set } = fakeResponse();
    await csrf.tokenFor(fakeRequest(), res);
    expect(set[0].name).toBe('__Host-rt.signin');
    expect(set[0].options).toMatchObject({ secure: true, path: '/' });
    expect(sessionCookieName('true')).toBe('__Host-rt.sid');
    expect(sessionCookieName('auto')).toBe('rt.sid');
    expect(sessionCookieName('false')).toBe('rt.sid');
  });

  it('reads one cookie of the header', () => {
    expect(cookieOf(fakeRequest('a=1; rt.signin=x%2Ey; b=2'), 'rt.signin')).toBe('x.y');
    expect(cookieOf(fakeRequest('a=1'), 'rt.signin')).toBeUndefined();
    expect(cookieOf(fakeRequest('rt.signin=%E0%A4%A'), 'rt.signin')).toBeUndefined();
  });
});
