import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { EventsModule } from '../events/events.module.js';
import { MeasureRulesModule } from '../measures/measure-rules.module.js';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { EventReportService } from './event-report.service.js';
import { MeasureTablesService } from './measure-tables.js';
import { PdfService } from './pdf.service.js';
import { PeriodReportService } from './period-report.service.js';
import { RecommendationReportService } from './recommendation-report.service.js';
import { ReportPagesController } from './report-pages.controller.js';
import { ReportRenderer } from './report-renderer.js';
import { ReportsPageService } from './reports-page.service.js';
import { ReportsService } from './reports.service.js';
import { StateReportService } from './state-report.service.js';
import { ThemeReportService } from './theme-report.service.js';

@Module({
  imports: [ReferenceDataModule, AssessmentsModule, EventsModule, MeasureRulesModule],
  controllers: [ReportPagesController],
  providers: [
    EventReportService,
    MeasureTablesService,
    StateReportService,
    ThemeReportService,
    RecommendationReportService,
    PeriodReportService,
    ReportsService,
    ReportsPageService,
    ReportRenderer,
    PdfService,
  ],
  exports: [ReportsService, ReportRenderer, PdfService],
})
export class ReportsModule {}
