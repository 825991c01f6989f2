import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { EventsModule } from '../events/events.module.js';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { PdfService } from './pdf.service.js';
import { ReportPagesController } from './report-pages.controller.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [ReferenceDataModule, AssessmentsModule, EventsModule],
  controllers: [ReportPagesController],
  providers: [ReportsService, PdfService],
  exports: [ReportsService],
})
export class ReportsModule {}
