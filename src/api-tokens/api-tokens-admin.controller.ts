import { formProblemsOf } from '../common/error-mapping.js';
import { Body, Controller, Get, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { validationError } from '../common/errors.js';
import { formErrors, formList, validateForm, type FormErrors } from '../common/views/forms.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import { Role, roleOptions } from '../users/role.enum.js';
import { ApiTokensService } from './api-tokens.service.js';
import { IssueTokenDto } from './dto/issue-token.dto.js';

type Form = Record<string, unknown>;

/** The admins' pages for API tokens: list, issue (secret shown once), revoke. */
@ApiExcludeController()
@Controller('admin/tokens')
@MinRole(Role.Admin)
export class ApiTokensAdminController {
  constructor(
    private readonly tokens: ApiTokensService,
    private readonly lookups: LookupsService,
  ) {}

  @Get()
  async index(@Res() res: Response): Promise<void> {
    await this.renderIndex(res, {});
  }

  @Post()
  async issue(
    @Res() res: Response,
    @Body() body: Form,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    const form = await validateForm(IssueTokenDto, {
      name: body.name,
      role: body.role,
      states: body.states ?? [],
      expiresOn: body.expiresOn,
    });
    try {
      if (form.problems) throw validationError(form.problems);
      const { token, secret } = await this.tokens.issue(form.value, actor);
      // Not a redirect: the secret is shown this once and is not kept anywhere.
      res.status(201).render('pages/admin/tokens/issued', {
        title: `Token "${token.name}" issued`,
        token,
        secret,
      });
    } catch (err) {
      const found = formProblemsOf(err);
      if (!found) throw err;
      res.status(400);
      await this.renderIndex(res, { errors: formErrors(found), values: body });
    }
  }

  @Post(':id/revoke')
  async revoke(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    const token = await this.tokens.revoke(id, actor);
    req.session.flash = { kind: 'success', text: `Token "${token.name}" revoked.` };
    res.redirect(303, '/admin/tokens');
  }

  private async renderIndex(
    res: Response,
    view: { errors?: FormErrors; values?: Form },
  ): Promise<void> {
    const values = view.values ?? {};
    res.render('pages/admin/tokens/index', {
      title: 'API tokens',
      tokens: await this.tokens.list(),
      roles: roleOptions(values.role ?? Role.Viewer),
      states: await this.lookups.stateOptions(formList(values.states)),
      values,
      errors: view.errors,
    });
  }
}
