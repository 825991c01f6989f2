import { Injectable } from '@nestjs/common';
import { fieldError } from '../common/errors.js';
import type { PeriodReportQueryDto } from './dto/period-report-query.dto.js';
import type { AnnexReportQueryDto } from './dto/report-query.dto.js';
import { EventReportService } from './event-report.service.js';
import { PeriodReportService } from './period-report.service.js';
import { RecommendationReportService } from './recommendation-report.service.js';
import { StateReportService } from './state-report.service.js';
import { ThemeReportService } from './theme-report.service.js';
import type { ReportDocument } from './report-view.js';

/** The kinds of printable report, as the command line and the API name them. */
export const REPORT_KINDS = ['event', 'state', 'theme', 'recommendation', 'period'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * The query of any kind: the period report reads from, to, event and theme; the others asOf and
 * compareWith, and the event and theme reports the annex's form.
 */
export type AnyReportQuery = AnnexReportQueryDto & PeriodReportQueryDto;

/**
 * One door to every kind of report, for callers that choose the kind at run time (the command
 * line, the benchmark). `target` names what the report is about: an event slug, a State's ISO3
 * code, a recommendation ref or a theme slug; the period report ignores it (its query carries
 * from, to, event and theme).
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly eventReports: EventReportService,
    private readonly stateReports: StateReportService,
    private readonly themeReports: ThemeReportService,
    private readonly recommendationReports: RecommendationReportService,
    private readonly periodReports: PeriodReportService,
  ) {}

  async build(
    kind: ReportKind,
    target: string,
    query: AnyReportQuery,
    demoData: boolean,
  ): Promise<ReportDocument> {
    switch (kind) {
      case 'event':
        return this.eventReports.build(target, query, demoData);
      case 'state':
        return this.stateReports.build(target, query, demoData);
      case 'theme':
        return this.themeReports.build(target, query, demoData);
      case 'recommendation':
        return this.recommendationReports.build(target, query, demoData);
      case 'period':
        return this.periodReports.build(query, demoData);
      default:
        throw fieldError('kind', 'isIn', `report kind must be one of ${REPORT_KINDS.join(', ')}`);
    }
  }
}
