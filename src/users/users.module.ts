import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { MeController } from './me.controller.js';
import { UsersAdminPageService } from './users-admin-page.service.js';
import { UsersAdminController } from './users-admin.controller.js';
import { UsersService } from './users.service.js';
import { UsersController } from './users.controller.js';

@Module({
  imports: [ReferenceDataModule, AuditModule],
  controllers: [UsersController, MeController, UsersAdminController],
  providers: [UsersService, UsersAdminPageService],
  exports: [UsersService],
})
export class UsersModule {}
