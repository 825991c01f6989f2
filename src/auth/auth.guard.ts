import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AuditService } from '../audit/audit.service.js';
import { SettingsService } from '../database/settings.service.js';
import { DEMO_SETTING } from '../demo/demo.service.js';
import { hasRole, Role } from '../users/role.enum.js';
import { AuthService } from './auth.service.js';
import { isSafeMethod, matchesSessionToken, takeCsrfToken } from './csrf.js';
import { ALLOWED_BEFORE_PASSWORD_CHANGE, IS_PUBLIC, MIN_ROLE, SIGN_IN_FORM } from './decorators.js';
import type { Principal } from './principal.js';
import { RedirectException } from './redirect.exception.js';
import { SignInCsrf } from './sign-in-csrf.js';

export const LOGIN_PATH = '/login';
export const PASSWORD_PATH = '/account/password';

export function isApiRequest(req: Request): boolean {
  return req.path.startsWith('/api/');
}

/**
 * The one gate every route passes. It identifies the caller (API token or session), then:
 * anonymous callers get 401 on the API and the sign-in page elsewhere; cookie-borne writes must
 * carry the session's CSRF token; the route's least role (MinRole, else viewer for reads and
 * analyst for writes) must be met.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
    private readonly signInCsrf: SignInCsrf,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const meta = <T>(key: string): T | undefined =>
      this.reflector.getAllAndOverride<T>(key, [context.getHandler(), context.getClass()]);

    const identity = await this.auth.identify(req);
    const principal = 'kind' in identity ? identity : undefined;
    res.locals.currentUser = principal ? userLocals(principal) : undefined;
    res.locals.csrfToken = req.session?.csrfToken;
    res.locals.demoData = (await this.settings.cached(DEMO_SETTING)) !== null;
    if (req.method === 'GET' && !isApiRequest(req) && req.session?.flash) {
      // A one-time message left by the previous request (post-redirect-get), shown once.
      res.locals.flash = req.session.flash;
      delete req.session.flash;
    }

    const public_ = meta<boolean>(IS_PUBLIC);
    if (!principal && !public_) {
      if (isApiRequest(req)) {
        throw new UnauthorizedException(
          'reason' in identity && identity.reason === 'bad-token'
            ? 'The API token is unknown, revoked or expired'
            : 'Sign in, or send an API token as "Authorization: Bearer <token>"',
        );
      }
      const next = isSafeMethod(req.method) ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      throw new RedirectException(`${LOGIN_PATH}${next}`);
    }
    // Writes carried by a cookie (sign-in included) must prove they come from our own forms.
    if (!isSafeMethod(req.method) && principal?.kind !== 'token') {
      const sent = takeCsrfToken(req);
      const genuine =
        matchesSessionToken(req, sent) ||
        (meta<boolean>(SIGN_IN_FORM) === true && (await this.signInCsrf.check(req, sent)));
      if (!genuine) {
        throw new ForbiddenException(
          'The form has expired or did not come from this site (missing or wrong CSRF token). Reload the page and try again.',
        );
      }
    }
    if (public_ || !principal) return true;

    if (principal.mustChangePassword && !meta<boolean>(ALLOWED_BEFORE_PASSWORD_CHANGE)) {
      if (isApiRequest(req)) {
        throw new ForbiddenException('Choose a new password first, at /account/password');
      }
      throw new RedirectException(PASSWORD_PATH);
    }

    const required =
      meta<Role>(MIN_ROLE) ?? (isSafeMethod(req.method) ? Role.Viewer : Role.Analyst);
    if (!hasRole(principal.role, required)) {
      if (!isSafeMethod(req.method)) {
        await this.audit.record({
          action: 'write.refused',
          actor: principal,
          target: `${req.method} ${req.originalUrl}`.slice(0, 200),
          detail: `role ${principal.role} is below ${required}`,
        });
      }
      throw new ForbiddenException(
        `This needs the ${required} role or higher; you are signed in as ${principal.role}`,
      );
    }
    return true;
  }
}

export interface UserLocals {
  name: string;
  displayName: string;
  role: Role;
  isAdmin: boolean;
  canWrite: boolean;
  states: string[];
}

export function userLocals(p: Principal): UserLocals {
  return {
    name: p.name,
    displayName: p.displayName,
    role: p.role,
    isAdmin: p.role === Role.Admin,
    canWrite: hasRole(p.role, Role.Analyst),
    states: p.states?.map((s) => s.iso3) ?? [],
  };
}
