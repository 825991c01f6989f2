import type { Request } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The session's CSRF token, created (and the session thereby saved) on first use. */
export function csrfTokenFor(req: Request): string {
  req.session.csrfToken ??= newCsrfToken();
  return req.session.csrfToken;
}

/**
 * The CSRF token a write sends: the form field `_csrf`, else the `X-CSRF-Token` header. The
 * field is removed from the body, so that no DTO sees it.
 */
export function takeCsrfToken(req: Request): unknown {
  const body = req.body as Record<string, unknown> | undefined;
  const sent =
    (body && typeof body === 'object' ? body[CSRF_FIELD] : undefined) ?? req.get(CSRF_HEADER);
  if (body && typeof body === 'object') delete body[CSRF_FIELD];
  return sent;
}

/** Whether `sent` is the token kept in the session. */
export function matchesSessionToken(req: Request, sent: unknown): boolean {
  const expected = req.session?.csrfToken;
  if (typeof sent !== 'string' || !expected) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Synchronizer-token check: the form field `_csrf` or the `X-CSRF-Token` header must equal the
 * token kept in the session. The field is removed from the body once checked.
 */
export function checkCsrf(req: Request): boolean {
  return matchesSessionToken(req, takeCsrfToken(req));
}
