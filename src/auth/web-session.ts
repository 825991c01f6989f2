import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Env } from '../config/env.js';
import { SettingsService } from '../database/settings.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { AuthService } from './auth.service.js';
import { httpProblem, sendProblem } from '../common/error-mapping.js';
import { DatabaseSessionStore } from './session-store.js';

export const SESSION_COOKIE = 'rt.sid';

/**
 * The session cookie's name: with COOKIE_SECURE=true it takes the `__Host-` prefix, which
 * browsers accept only from HTTPS, with Secure, on path / and without a Domain, so that no
 * other host (a sibling subdomain, say) can set or shadow it. With `auto` the cookie may be
 * set over plain HTTP, where the prefix is refused, so it keeps the plain name.
 */
export function sessionCookieName(secure: Env['COOKIE_SECURE']): string {
  return secure === 'true' ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
};

/**
 * Security headers, with a Content-Security-Policy that allows no inline script anywhere. The
 * bundled Swagger UI page carries inline style blocks, so under /api/docs inline styles (never
 * scripts) are allowed as well.
 */
export function useSecurityHeaders(app: NestExpressApplication): void {
  const config = app.get<ConfigService<Env, true>>(ConfigService);
  app.set('trust proxy', config.get('TRUST_PROXY', { infer: true }));
  app.use(helmet({ contentSecurityPolicy: false }));
  // An organisation logo from another site (ORGANISATION_LOGO_URL) is the one image allowed from there.
  const logo = config.get('ORGANISATION_LOGO_URL', { infer: true });
  const directives = logo?.startsWith('https://')
    ? { ...CSP_DIRECTIVES, imgSrc: [...CSP_DIRECTIVES.imgSrc, new URL(logo).origin] }
    : CSP_DIRECTIVES;
  const appPolicy = helmet.contentSecurityPolicy({ useDefaults: false, directives });
  const docsPolicy = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: { ...directives, styleSrc: ["'self'", "'unsafe-inline'"] },
  });
  app.use((req: Request, res: Response, next: NextFunction) =>
    (req.path.startsWith('/api/docs') ? docsPolicy : appPolicy)(req, res, next),
  );
}

/**
 * Web sessions kept in the database (so every app instance sees them), and sign-in for the API
 * docs, which are served outside the Nest router and so outside the auth guard.
 */
export async function useWebSessions(app: NestExpressApplication): Promise<void> {
  const config = app.get<ConfigService<Env, true>>(ConfigService);
  const idleMs = config.get('SESSION_IDLE_MINUTES', { infer: true }) * 60_000;
  const secure = config.get('COOKIE_SECURE', { infer: true });
  const secret = await app
    .get(SettingsService)
    .getOrCreate('session_secret', () => randomBytes(32).toString('hex'));
  const sessions = session({
    name: sessionCookieName(secure),
    secret,
    store: new DatabaseSessionStore(app.get(DataSource), app.get(TransactionRunner), idleMs),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: secure === 'auto' ? 'auto' : secure === 'true',
      maxAge: idleMs,
      path: '/',
    },
  });
  // An API request with a token carries no session: it is not read, touched or renewed (the
  // cookie store's lookup and the rolling expiry's write were the cost of every API request).
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.headers.authorization !== undefined && req.path.startsWith('/api/')
      ? next()
      : sessions(req, res, next),
  );

  // A browser follows a redirect as soon as it has the headers, before express-session has
  // stored the session at the end of the response: the next page could then miss what the post
  // put in the session (a flash message). So the session is stored first, then the redirect sent.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
    res.redirect = (...args: unknown[]) => {
      // Anonymous visitors sent to the sign-in page get no stored session.
      if (!req.session || (req.session.userId === undefined && !req.session.flash)) {
        return redirect(...args);
      }
      req.session.save((err: unknown) => (err ? next(err) : redirect(...args)));
    };
    next();
  });

  const auth = app.get(AuthService);
  app.use('/api/docs', (req: Request, res: Response, next: NextFunction) => {
    auth
      .identify(req)
      .then((identity) => {
        if ('kind' in identity) return next();
        if (req.accepts(['json', 'html']) === 'html') {
          return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
        }
        sendProblem(res, httpProblem(401, ''));
      })
      .catch(next);
  });
}
