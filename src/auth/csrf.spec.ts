import type { Request } from 'express';
import { checkCsrf, csrfTokenFor, isSafeMethod } from './csrf.js';

function fakeRequest(body: unknown, sessionToken?: string, header?: string): Request {
  return {
    body,
    session: { csrfToken: sessionToken },
    get: (name: string) => (name.toLowerCase() === 'x-csrf-token' ? header : undefined),
  } as unknown as Request;
}

describe('CSRF synchronizer token', () => {
  it('accepts the session token from the form field and removes the field', () => {
    const body: Record<string, unknown> = { _csrf: 'token-1', note: 'x' };
    expect(checkCsrf(fakeRequest(body, 'token-1'))).toBe(true);
    expect(body).toEqual({ note: 'x' });
  });

  it('accepts it from the X-CSRF-Token header', () => {
    expect(checkCsrf(fakeRequest({}, 'token-1', 'token-1'))).toBe(true);
  });

  it('refuses a missing, wrong or session-less token', () => {
    expect(checkCsrf(fakeRequest({}, 'token-1'))).toBe(false);
    expect(checkCsrf(fakeRequest({ _csrf: 'token-2' }, 'token-1'))).toBe(false);
    expect(checkCsrf(fakeRequest({ _csrf: 'token-1' }, undefined))).toBe(false);
    expect(checkCsrf(fakeRequest({ _csrf: ['token-1'] }, 'token-1'))).toBe(false);
  });

  it('creates one token per session and keeps it', () => {
    const req = fakeRequest({}, undefined);
    const first = csrfTokenFor(req);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfTokenFor(req)).toBe(first);
  });

  it('treats only GET, HEAD and OPTIONS as safe', () => {
    expect(['GET', 'head', 'OPTIONS'].every(isSafeMethod)).toBe(true);
    expect(['POST', 'PATCH', 'PUT', 'DELETE'].some(isSafeMethod)).toBe(false);
  });
});
