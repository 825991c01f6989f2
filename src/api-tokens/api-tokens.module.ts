import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { ApiTokensAdminPageService } from './api-tokens-admin-page.service.js';
import { ApiTokensAdminController } from './api-tokens-admin.controller.js';
import { ApiTokensController } from './api-tokens.controller.js';
import { ApiTokensService } from './api-tokens.service.js';

@Module({
  imports: [ReferenceDataModule, AuditModule],
  controllers: [ApiTokensController, ApiTokensAdminController],
  providers: [ApiTokensService, ApiTokensAdminPageService],
  exports: [ApiTokensService],
})
export class ApiTokensModule {}
