import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { Role } from '../users/role.enum.js';
import type { ApiTokenView, IssuedApiToken } from './api-token.view.js';
import { ApiTokensService } from './api-tokens.service.js';
import { IssueTokenDto } from './dto/issue-token.dto.js';
import { IdPipe } from '../common/validation.js';
import { ApiAnswer, ApiCreated } from '../openapi/responses.js';

@ApiTags('api-tokens')
@ApiForbiddenResponse({ description: 'Admins only' })
@Controller('api/v1/tokens')
@MinRole(Role.Admin)
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Get()
  @ApiOperation({ summary: 'Every token, revoked ones included; never the secrets' })
  @ApiAnswer(200, ['ApiTokenView'], 'The tokens, newest first')
  list(): Promise<ApiTokenView[]> {
    return this.tokens.list();
  }

  @Post()
  @ApiOperation({
    summary: 'Issue a named token with a role (and State limits for an analyst)',
    description: 'The secret is in the answer only; just its SHA-256 is stored.',
  })
  @ApiBadRequestResponse({ description: 'A field breaks a rule or a State is unknown' })
  @ApiCreated(
    'IssuedApiToken',
    'The token and its secret',
    (t: IssuedApiToken) => `/api/v1/tokens/${t.token.id}`,
  )
  issue(@Body() dto: IssueTokenDto, @CurrentPrincipal() actor: Principal): Promise<IssuedApiToken> {
    return this.tokens.issue(dto, actor);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a token; it stops working at once' })
  @ApiNotFoundResponse({ description: 'Unknown id' })
  @ApiAnswer(200, 'ApiTokenView', 'The token, revoked')
  revoke(
    @Param('id', IdPipe) id: number,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ApiTokenView> {
    return this.tokens.revoke(id, actor);
  }
}
