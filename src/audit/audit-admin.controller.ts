import { Controller, Get, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { MinRole } from '../auth/decorators.js';
import { Role } from '../users/role.enum.js';
import { AUDIT_ACTIONS, AuditService } from './audit.service.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';

/** The admins' page for the audit log, newest first, filtered by action or actor. */
@ApiExcludeController()
@Controller('admin/audit')
@MinRole(Role.Admin)
export class AuditAdminController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Render('pages/admin/audit')
  async index(@Query() query: AuditQueryDto): Promise<object> {
    const result = await this.audit.list(query);
    const filters = new URLSearchParams();
    if (query.action) filters.set('action', query.action);
    if (query.actor) filters.set('actor', query.actor);
    const link = (p: number): string =>
      `?${new URLSearchParams([...filters, ['page', String(p)]]).toString()}`;
    return {
      title: 'Audit log',
      events: result.items,
      total: result.total,
      page: result.page,
      pages: result.pages,
      actor: query.actor ?? '',
      actions: AUDIT_ACTIONS.map((a) => ({ value: a, selected: a === query.action })),
      previous: result.page > 1 ? link(result.page - 1) : null,
      next: result.page < result.pages ? link(result.page + 1) : null,
    };
  }
}
