import { formProblemsOf } from '../common/error-mapping.js';
import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { formErrors, type FormErrors } from '../common/views/forms.js';
import { Role } from '../users/role.enum.js';
import { UsersService } from '../users/users.service.js';
import { AuthService } from './auth.service.js';
import { PASSWORD_PATH } from './auth.guard.js';
import { csrfTokenFor } from './csrf.js';
import { AllowedBeforePasswordChange, CurrentPrincipal, MinRole, Public } from './decorators.js';
import { MIN_PASSWORD_LENGTH } from './passwords.js';
import type { Principal } from './principal.js';

interface LoginForm {
  username?: unknown;
  password?: unknown;
  next?: unknown;
}

interface PasswordForm {
  currentPassword?: unknown;
  newPassword?: unknown;
  confirmPassword?: unknown;
}

/** Only a path on this site, never another host. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}

/** Sign-in, sign-out and the user's own password. */
@ApiExcludeController()
@Controller()
export class LoginController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Get('login')
  @Public()
  loginPage(@Req() req: Request, @Res() res: Response, @Query('next') next?: string): void {
    if (req.principal) return res.redirect(303, safeNext(next));
    this.renderLogin(req, res, { next: safeNext(next) });
  }

  @Post('login')
  @Public()
  async login(@Req() req: Request, @Res() res: Response, @Body() form: LoginForm): Promise<void> {
    const username = typeof form.username === 'string' ? form.username : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const next = safeNext(form.next);
    const result = await this.auth.login(req, username, password);
    if (result.outcome === 'throttled') {
      res.status(429).set('Retry-After', String(result.retryAfterSeconds));
      return this.renderLogin(req, res, {
        next,
        username,
        error:
          result.by === 'address'
            ? 'Too many wrong passwords from your address. Wait a minute, then try again.'
            : `Too many wrong passwords for this username. Wait ${Math.ceil(result.retryAfterSeconds / 60)} minutes, then try again.`,
      });
    }
    if (result.outcome === 'failed') {
      // The same answer whether the user exists or not.
      res.status(401);
      return this.renderLogin(req, res, { next, username, error: 'Wrong username or password.' });
    }
    res.redirect(303, result.principal.mustChangePassword ? PASSWORD_PATH : next);
  }

  @Post('logout')
  @MinRole(Role.Viewer)
  @AllowedBeforePasswordChange()
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.auth.logout(req);
    req.session.flash = { kind: 'info', text: 'You are signed out.' };
    res.redirect(303, '/login');
  }

  @Get('account/password')
  @AllowedBeforePasswordChange()
  passwordPage(@Req() req: Request, @Res() res: Response): void {
    this.renderPassword(req, res);
  }

  @Post('account/password')
  @MinRole(Role.Viewer)
  @AllowedBeforePasswordChange()
  async changePassword(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentPrincipal() principal: Principal,
    @Body() form: PasswordForm,
  ): Promise<void> {
    const current = typeof form.currentPassword === 'string' ? form.currentPassword : '';
    const next = typeof form.newPassword === 'string' ? form.newPassword : '';
    if (next !== form.confirmPassword) {
      res.status(400);
      return this.renderPassword(
        req,
        res,
        formErrors([
          {
            field: 'confirmPassword',
            rule: 'matches',
            message: 'The two new passwords are not the same',
          },
        ]),
      );
    }
    try {
      await this.users.changePassword(principal, current, next, req.sessionID);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      res.status(400);
      return this.renderPassword(req, res, formErrors(problems));
    }
    req.session.flash = { kind: 'success', text: 'Your password has been changed.' };
    res.redirect(303, '/');
  }

  private renderLogin(
    req: Request,
    res: Response,
    view: { next: string; username?: string; error?: string },
  ): void {
    res.render('pages/auth/login', {
      title: 'Sign in',
      csrfToken: csrfTokenFor(req),
      ...view,
    });
  }

  private renderPassword(req: Request, res: Response, errors?: FormErrors): void {
    const mustChange = req.principal?.mustChangePassword ?? false;
    res.render('pages/auth/password', {
      title: 'Change your password',
      mustChange,
      // Before the change every other page sends the user back here: no navigation to follow.
      bare: mustChange,
      minLength: MIN_PASSWORD_LENGTH,
      csrfToken: csrfTokenFor(req),
      errors,
    });
  }
}
