import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { ProgressModule } from '../progress/progress.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { DocumentPagesController } from './document-pages.controller.js';
import { DocumentPagesService } from './document-pages.service.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsRepository } from './documents.repository.js';
import { DocumentsService } from './documents.service.js';

@Module({
  imports: [ReportsModule, AuditModule, ProgressModule, AssessmentsModule],
  controllers: [DocumentsController, DocumentPagesController],
  providers: [DocumentsRepository, DocumentsService, DocumentPagesService],
  exports: [DocumentsService],
})
export class DocumentsModule {}
