import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { submitForm } from '../common/views/form-flow.js';
import { Role } from '../users/role.enum.js';
import type { AdminForm } from '../users/users-admin.view-model.js';
import { ApiTokensAdminPageService } from './api-tokens-admin-page.service.js';
import { tokenIssuedViewModel, type TokensIndexView } from './api-tokens-admin.view-model.js';
import { ApiTokensService } from './api-tokens.service.js';
import { IssueTokenDto } from './dto/issue-token.dto.js';
import { IdPipe } from '../common/validation.js';

/** The admins' pages for API tokens: list, issue (secret shown once), revoke. */
@ApiExcludeController()
@Controller('admin/tokens')
@MinRole(Role.Admin)
export class ApiTokensAdminController {
  constructor(
    private readonly tokens: ApiTokensService,
    private readonly pages: ApiTokensAdminPageService,
  ) {}

  @Get()
  @Render('pages/admin/tokens/index')
  index(): Promise<TokensIndexView> {
    return this.pages.index();
  }

  @Post()
  issue(
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: AdminForm,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    return submitForm(req, res, {
      dto: IssueTokenDto,
      fields: {
        name: body.name,
        role: body.role,
        states: body.states ?? [],
        expiresOn: body.expiresOn,
      },
      run: (value) => this.tokens.issue(value, actor),
      // Not a redirect: the secret is shown this once and is not kept anywhere.
      done: (issued) => ({
        status: 201,
        template: 'pages/admin/tokens/issued',
        view: tokenIssuedViewModel(issued),
      }),
      again: {
        template: 'pages/admin/tokens/index',
        view: ({ errors }) => this.pages.index({ errors, values: body }),
      },
    });
  }

  @Post(':id/revoke')
  revoke(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', IdPipe) id: number,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    return submitForm(req, res, {
      run: () => this.tokens.revoke(id, actor),
      done: (token) => ({
        redirect: '/admin/tokens',
        flash: { kind: 'success', text: `Token "${token.name}" revoked.` },
      }),
    });
  }
}
