import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { fieldError } from '../common/errors.js';
import { unstorableTextProblems } from '../common/text.js';
import { submitForm } from '../common/views/form-flow.js';
import { Role } from '../users/role.enum.js';
import { UsersService } from '../users/users.service.js';
import { AuthService } from './auth.service.js';
import { PASSWORD_PATH } from './auth.guard.js';
import { csrfTokenFor } from './csrf.js';
import {
  AllowedBeforePasswordChange,
  CurrentPrincipal,
  MinRole,
  Public,
  SignInForm,
} from './decorators.js';
import {
  loginPageViewModel,
  passwordPageViewModel,
  throttledMessage,
} from './login-pages.view-model.js';
import type { Principal } from './principal.js';
import { SignInCsrf } from './sign-in-csrf.js';

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
    private readonly signInCsrf: SignInCsrf,
  ) {}

  /** The sign-in page; a visitor gets no session here (the form's token is a signed cookie). */
  @Get('login')
  @Public()
  async loginPage(
    @Req() req: Request,
    @Res() res: Response,
    @Query('next') next?: string,
  ): Promise<void> {
    if (req.principal) return res.redirect(303, safeNext(next));
    const token = await this.signInCsrf.tokenFor(req, res);
    res.render('pages/auth/login', loginPageViewModel(token, { next: safeNext(next) }));
  }

  @Post('login')
  @Public()
  @SignInForm()
  async login(@Req() req: Request, @Res() res: Response, @Body() form: LoginForm): Promise<void> {
    const username = typeof form.username === 'string' ? form.username : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const next = safeNext(form.next);
    // A name or password holding a character no text may hold names no user: said at once,
    // before the database or the audit log are asked to hold it.
    const unstorable = unstorableTextProblems({ username, password });
    if (unstorable.length > 0) {
      res.status(400).render(
        'pages/auth/login',
        loginPageViewModel(await this.signInCsrf.tokenFor(req, res), {
          next,
          error: unstorable[0].message,
        }),
      );
      return;
    }
    const result = await this.auth.login(req, username, password);
    if (result.outcome === 'signed-in') {
      this.signInCsrf.clear(res);
      return res.redirect(303, result.principal.mustChangePassword ? PASSWORD_PATH : next);
    }
    if (result.outcome === 'throttled') {
      res.status(429).set('Retry-After', String(result.retryAfterSeconds));
    } else {
      // The same answer whether the user exists or not.
      res.status(401);
    }
    const error =
      result.outcome === 'throttled'
        ? throttledMessage(result.by, result.retryAfterSeconds)
        : 'Wrong username or password.';
    res.render(
      'pages/auth/login',
      loginPageViewModel(await this.signInCsrf.tokenFor(req, res), { next, username, error }),
    );
  }

  @Post('logout')
  @MinRole(Role.Viewer)
  @AllowedBeforePasswordChange()
  logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    return submitForm(req, res, {
      run: () => this.auth.logout(req),
      done: () => ({ redirect: '/login', flash: { kind: 'info', text: 'You are signed out.' } }),
    });
  }

  @Get('account/password')
  @AllowedBeforePasswordChange()
  passwordPage(@Req() req: Request, @Res() res: Response): void {
    res.render(
      'pages/auth/password',
      passwordPageViewModel(csrfTokenFor(req), req.principal?.mustChangePassword ?? false),
    );
  }

  @Post('account/password')
  @MinRole(Role.Viewer)
  @AllowedBeforePasswordChange()
  changePassword(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentPrincipal() principal: Principal,
    @Body() form: PasswordForm,
  ): Promise<void> {
    const current = typeof form.currentPassword === 'string' ? form.currentPassword : '';
    const next = typeof form.newPassword === 'string' ? form.newPassword : '';
    return submitForm(req, res, {
      run: async () => {
        if (next !== form.confirmPassword) {
          throw fieldError('confirmPassword', 'matches', 'The two new passwords are not the same');
        }
        await this.users.changePassword(principal, current, next, req.sessionID);
      },
      done: () => ({
        redirect: '/',
        flash: { kind: 'success', text: 'Your password has been changed.' },
      }),
      again: {
        template: 'pages/auth/password',
        view: ({ errors }) =>
          passwordPageViewModel(
            csrfTokenFor(req),
            req.principal?.mustChangePassword ?? false,
            errors,
          ),
      },
    });
  }
}
