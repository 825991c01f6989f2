import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import type { Role } from './role.enum.js';
import { ApiAnswer } from '../openapi/responses.js';

export interface MeView {
  kind: 'user' | 'token';
  name: string;
  displayName: string;
  role: Role;
  /** ISO3 codes this caller may write for; null when not limited. */
  states: string[] | null;
}

@ApiTags('users')
@Controller('api/v1/me')
export class MeController {
  @Get()
  @ApiOperation({ summary: 'Who the caller is: user or token, role and State limits' })
  @ApiAnswer(200, 'MeView', 'The caller')
  me(@CurrentPrincipal() p: Principal): MeView {
    return {
      kind: p.kind,
      name: p.name,
      displayName: p.displayName,
      role: p.role,
      states: p.states?.map((s) => s.iso3) ?? null,
    };
  }
}
