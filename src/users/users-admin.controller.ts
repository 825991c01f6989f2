import { Body, Controller, Get, HttpCode, Param, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { submitForm } from '../common/views/form-flow.js';
import { formErrors } from '../common/views/forms.js';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto.js';
import { Role } from './role.enum.js';
import { UsersAdminPageService } from './users-admin-page.service.js';
import {
  passwordShownViewModel,
  type AdminForm,
  type PasswordShownView,
  type UserEditView,
  type UsersIndexView,
} from './users-admin.view-model.js';
import { UsersService } from './users.service.js';

/** The admins' pages for users: list, create, edit, reset a password. */
@ApiExcludeController()
@Controller('admin/users')
@MinRole(Role.Admin)
export class UsersAdminController {
  constructor(
    private readonly users: UsersService,
    private readonly pages: UsersAdminPageService,
  ) {}

  @Get()
  @Render('pages/admin/users/index')
  index(): Promise<UsersIndexView> {
    return this.pages.index();
  }

  @Post()
  create(
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: AdminForm,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    return submitForm(req, res, {
      dto: CreateUserDto,
      fields: { ...body, password: undefined },
      run: (value) => this.users.create(value, actor),
      // Not a redirect: the password is shown this once and is not kept anywhere.
      done: (created) => ({
        status: 201,
        template: 'pages/admin/users/password',
        view: passwordShownViewModel(created, false),
      }),
      again: {
        template: 'pages/admin/users/index',
        view: ({ errors }) => this.pages.index({ errors, values: body }),
      },
    });
  }

  @Get(':username')
  @Render('pages/admin/users/edit')
  edit(@Param('username') username: string): Promise<UserEditView> {
    return this.pages.edit(username);
  }

  @Post(':username')
  update(
    @Req() req: Request,
    @Res() res: Response,
    @Param('username') username: string,
    @Body() body: AdminForm,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    return submitForm(req, res, {
      dto: UpdateUserDto,
      fields: {
        displayName: body.displayName,
        role: body.role,
        states: body.states ?? [],
        active: body.active === 'true',
        baseVersion: Number(body.baseVersion),
      },
      showAgainOn: ['invalid', 'staleVersion'],
      run: (value) => this.users.update(username, value, actor),
      done: (user) => ({
        redirect: '/admin/users',
        flash: { kind: 'success', text: `User ${user.username} saved.` },
      }),
      // Changed meanwhile: the form shows the values saved now, to make the change again on.
      again: {
        template: 'pages/admin/users/edit',
        view: ({ kind, errors }) =>
          this.pages.edit(
            username,
            kind === 'staleVersion'
              ? {
                  errors: formErrors([
                    {
                      field: '',
                      rule: 'stale',
                      message: `Someone else changed ${username} while you were editing. The form now shows the saved values; make your change again.`,
                    },
                  ]),
                }
              : { errors, values: body },
          ),
      },
    });
  }

  @Post(':username/password-reset')
  @HttpCode(200)
  @Render('pages/admin/users/password')
  async resetPassword(
    @Param('username') username: string,
    @CurrentPrincipal() actor: Principal,
  ): Promise<PasswordShownView> {
    return passwordShownViewModel(await this.users.resetPassword(username, actor), true);
  }
}
