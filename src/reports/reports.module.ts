import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env.js';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { EventsModule } from '../events/events.module.js';
import { MeasureRulesModule } from '../measures/measure-rules.module.js';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { EventReportService } from './event-report.service.js';
import { MeasureTablesService } from './measure-tables.js';
import { PDF_OPTIONS, PdfService, type PdfOptions } from './pdf.service.js';
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
    {
      // How many PDFs print at once, wait, and may be one caller's (PDF_CONCURRENCY, PDF_QUEUE,
      // PDF_PER_USER), and how long one may be (PDF_MAX_PAGES).
      provide: PDF_OPTIONS,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>): PdfOptions => {
        const limits: PdfOptions = {
          concurrency: config.get('PDF_CONCURRENCY', { infer: true }),
          queue: config.get('PDF_QUEUE', { infer: true }),
          perCaller: config.get('PDF_PER_USER', { infer: true }),
          maxPages: config.get('PDF_MAX_PAGES', { infer: true }),
        };
        // A setting the configuration lacks keeps the service's default.
        return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
      },
    },
  ],
  exports: [ReportsService, ReportRenderer, PdfService],
})
export class ReportsModule {}
