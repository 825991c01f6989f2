import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { DocumentPagesController } from './document-pages.controller.js';
import { DocumentPagesService } from './document-pages.service.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsRepository } from './documents.repository.js';
import { DocumentsService } from './documents.service.js';

@Module({
  imports: [ReportsModule, AuditModule],
  controllers: [DocumentsController, DocumentPagesController],
  providers: [DocumentsRepository, DocumentsService, DocumentPagesService],
  exports: [DocumentsService],
})
export class DocumentsModule {}
