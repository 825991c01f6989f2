import { Module } from '@nestjs/common';
import { AuditAdminController } from './audit-admin.controller.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';

@Module({
  controllers: [AuditController, AuditAdminController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
