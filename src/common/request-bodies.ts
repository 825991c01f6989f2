import { UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { LOGIN_PATH, isApiRequest } from '../auth/auth.guard.js';
import { AuthService } from '../auth/auth.service.js';
import { RedirectException } from '../auth/redirect.exception.js';
import type { Env } from '../config/env.js';
import { fieldError } from './errors.js';
import { nestsDeeperThan } from './json-depth.js';

/** Whether a request carries a body (a length above zero, or one sent in chunks). */
export function hasBody(req: Request): boolean {
  return (
    req.headers['transfer-encoding'] !== undefined ||
    (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0')
  );
}

/** The one write anyone may send before signing in: the sign-in form itself. */
function isSignIn(req: Request): boolean {
  return req.method === 'POST' && req.path === LOGIN_PATH;
}

/**
 * Request bodies are read only from callers who are known, and only so far:
 *
 * 1. Before any body is read, the caller is identified (API token or session). An anonymous
 *    request with a body, other than the sign-in form, is answered at once (401 on the API, the
 *    sign-in page elsewhere) and its connection closed: its body is never read. Uploads are
 *    read later still, by the import routes' own middleware, which also wants the analyst role.
 * 2. JSON and form bodies are limited to BODY_MAX_KB, and a JSON body to JSON_MAX_DEPTH levels
 *    of nesting, counted in its bytes before JSON.parse (deep nesting breaks what walks the
 *    parsed value, not the parser). Too deep is a 400 naming the body and the limit.
 *
 * Registered after the sessions (the gate needs them) and before the routes.
 */
export function useRequestBodies(app: NestExpressApplication): void {
  const config = app.get<ConfigService<Env, true>>(ConfigService);
  const limit = `${config.get('BODY_MAX_KB', { infer: true })}kb`;
  const maxDepth = config.get('JSON_MAX_DEPTH', { infer: true });
  const auth = app.get(AuthService);

  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!hasBody(req) || isSignIn(req)) return next();
    auth
      .identify(req)
      .then((identity) => {
        if ('kind' in identity) return next();
        // The body stays unread; the connection is closed once the answer is sent.
        res.setHeader('Connection', 'close');
        next(
          isApiRequest(req)
            ? new UnauthorizedException(
                'reason' in identity && identity.reason === 'bad-token'
                  ? 'The API token is unknown, revoked or expired'
                  : 'Sign in, or send an API token as "Authorization: Bearer <token>"',
              )
            : new RedirectException(LOGIN_PATH),
        );
      })
      .catch(next);
  });

  // Registered as Express makes them (named jsonParser and urlencodedParser), so that Nest does
  // not add its own defaults behind them.
  app.use(
    express.json({
      limit,
      verify: (_req, _res, buf) => {
        if (nestsDeeperThan(buf, maxDepth)) {
          throw fieldError(
            'body',
            'maxDepth',
            `body: the JSON nests more than ${maxDepth} levels deep (arrays and objects), the most a request may`,
          );
        }
      },
    }),
  );
  app.use(express.urlencoded({ extended: false, limit }));
}
