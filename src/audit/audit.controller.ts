import { Controller, Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MinRole } from '../auth/decorators.js';
import type { Page } from '../common/paging.js';
import { Role } from '../users/role.enum.js';
import { AuditService, type AuditEventView } from './audit.service.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';
import { ApiAnswer } from '../openapi/responses.js';

@ApiTags('audit')
@Controller('api/v1/audit')
@MinRole(Role.Admin)
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: 'The audit log, newest first',
    description:
      'Sign-ins, failed and throttled sign-ins, sign-outs, password changes, user and token changes, and refused writes, each with time and source address.',
  })
  @ApiForbiddenResponse({ description: 'Admins only' })
  @ApiAnswer(200, 'AuditEventPage', 'A page of audit events')
  list(@Query() query: AuditQueryDto): Promise<Page<AuditEventView>> {
    return this.audit.list(query);
  }
}
