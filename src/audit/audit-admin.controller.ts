import { Controller, Get, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { MinRole } from '../auth/decorators.js';
import { Role } from '../users/role.enum.js';
import { auditPageViewModel, type AuditPageView } from './audit-page.view-model.js';
import { AuditService } from './audit.service.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';

/** The admins' page for the audit log, newest first, filtered by action or actor. */
@ApiExcludeController()
@Controller('admin/audit')
@MinRole(Role.Admin)
export class AuditAdminController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Render('pages/admin/audit')
  async index(@Query() query: AuditQueryDto): Promise<AuditPageView> {
    return auditPageViewModel(await this.audit.list(query), query);
  }
}
