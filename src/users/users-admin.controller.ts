import { formProblemsOf } from '../common/error-mapping.js';
import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { validationError } from '../common/errors.js';
import { formErrors, formList, validateForm, type FormErrors } from '../common/views/forms.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto.js';
import { Role, roleOptions } from './role.enum.js';
import type { UserView } from './user.view.js';
import { UsersService } from './users.service.js';

type Form = Record<string, unknown>;

/** The admins' pages for users: list, create, edit, reset a password. */
@ApiExcludeController()
@Controller('admin/users')
@MinRole(Role.Admin)
export class UsersAdminController {
  constructor(
    private readonly users: UsersService,
    private readonly lookups: LookupsService,
  ) {}

  @Get()
  async index(@Res() res: Response): Promise<void> {
    await this.renderIndex(res, {});
  }

  @Post()
  async create(
    @Res() res: Response,
    @Body() body: Form,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    const form = await validateForm(CreateUserDto, { ...body, password: undefined });
    try {
      if (form.problems) throw validationError(form.problems);
      const { user, password } = await this.users.create(form.value, actor);
      // Not a redirect: the password is shown this once and is not kept anywhere.
      res.status(201).render('pages/admin/users/password', {
        title: `User ${user.username} created`,
        user,
        password,
      });
    } catch (err) {
      const found = formProblemsOf(err);
      if (!found) throw err;
      res.status(400);
      await this.renderIndex(res, { errors: formErrors(found), values: body });
    }
  }

  @Get(':username')
  async edit(@Res() res: Response, @Param('username') username: string): Promise<void> {
    await this.renderEdit(res, await this.users.get(username), {});
  }

  @Post(':username')
  async update(
    @Req() req: Request,
    @Res() res: Response,
    @Param('username') username: string,
    @Body() body: Form,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    const form = await validateForm(UpdateUserDto, {
      displayName: body.displayName,
      role: body.role,
      states: body.states ?? [],
      active: body.active === 'true',
      baseVersion: Number(body.baseVersion),
    });
    try {
      if (form.problems) throw validationError(form.problems);
      const user = await this.users.update(username, form.value, actor);
      req.session.flash = { kind: 'success', text: `User ${user.username} saved.` };
      res.redirect(303, '/admin/users');
    } catch (err) {
      const found = formProblemsOf(err);
      const status = (err as { status?: number }).status;
      if (!found && status !== 409) throw err;
      const current = await this.users.get(username);
      res.status(found ? 400 : 409);
      await this.renderEdit(res, current, {
        errors: found
          ? formErrors(found)
          : formErrors([
              {
                field: '',
                rule: 'stale',
                message: `Someone else changed ${username} while you were editing. The form now shows the saved values; make your change again.`,
              },
            ]),
        values: found ? body : undefined,
      });
    }
  }

  @Post(':username/password-reset')
  async resetPassword(
    @Res() res: Response,
    @Param('username') username: string,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    const { user, password } = await this.users.resetPassword(username, actor);
    res.status(200).render('pages/admin/users/password', {
      title: `New password for ${user.username}`,
      user,
      password,
      reset: true,
    });
  }

  private async renderIndex(
    res: Response,
    view: { errors?: FormErrors; values?: Form },
  ): Promise<void> {
    const values = view.values ?? {};
    res.render('pages/admin/users/index', {
      title: 'Users',
      users: await this.users.list(),
      roles: roleOptions(values.role ?? Role.Analyst),
      states: await this.lookups.stateOptions(formList(values.states)),
      values,
      errors: view.errors,
    });
  }

  private async renderEdit(
    res: Response,
    user: UserView,
    view: { errors?: FormErrors; values?: Form },
  ): Promise<void> {
    const values = view.values;
    res.render('pages/admin/users/edit', {
      title: `User ${user.username}`,
      user,
      displayName: values ? values.displayName : user.displayName,
      active: values ? values.active === 'true' : user.active,
      roles: roleOptions(values ? values.role : user.role),
      states: await this.lookups.stateOptions(values ? formList(values.states) : user.states),
      errors: view.errors,
    });
  }
}
