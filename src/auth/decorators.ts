import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '../users/role.enum.js';
import type { Principal } from './principal.js';

export const IS_PUBLIC = 'auth:public';
export const MIN_ROLE = 'auth:minRole';
export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'auth:beforePasswordChange';
export const SIGN_IN_FORM = 'auth:signInForm';

/** Open to anyone: the sign-in page and the health check. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * The least role a route needs. Without it, reads (GET, HEAD) need a viewer and every other
 * method an analyst.
 */
export const MinRole = (role: Role): MethodDecorator & ClassDecorator =>
  SetMetadata(MIN_ROLE, role);

/**
 * The sign-in form's post: besides a session's CSRF token, it takes the signed cookie of the
 * sign-in page (`SignInCsrf`), as a visitor has no session yet.
 */
export const SignInForm = (): MethodDecorator & ClassDecorator => SetMetadata(SIGN_IN_FORM, true);

/** Reachable by a user who must still replace a first or reset password. */
export const AllowedBeforePasswordChange = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);

/** The signed-in user or API token making the request (set by the auth guard). */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => {
    const req = ctx.switchToHttp().getRequest<Request>();
    if (!req.principal) throw new Error('CurrentPrincipal used on a route without a principal');
    return req.principal;
  },
);
