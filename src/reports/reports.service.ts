import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Event } from '../events/event.entity.js';
import { State } from '../states/state.entity.js';
import { Theme } from '../themes/theme.entity.js';
import type { PeriodReportQueryDto } from './dto/period-report-query.dto.js';
import type { ReportQueryDto } from './dto/report-query.dto.js';
import { EventReportService } from './event-report.service.js';
import { PeriodReportService } from './period-report.service.js';
import { RecommendationReportService } from './recommendation-report.service.js';
import { StateReportService } from './state-report.service.js';
import { ThemeReportService } from './theme-report.service.js';
import type { ReportDocument } from './report-view.js';

/** The kinds of printable report, as the command line and the API name them. */
export const REPORT_KINDS = ['event', 'state', 'theme', 'recommendation', 'period'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** The query of any kind: the period report reads from, to, event and theme; the others asOf and compareWith. */
export type AnyReportQuery = ReportQueryDto & PeriodReportQueryDto;

/** What the reports page offers to report on. */
export interface ReportChoices {
  events: { value: string; label: string }[];
  states: { value: string; label: string }[];
  themes: { value: string; label: string }[];
}

/**
 * One door to every kind of report, for callers that choose the kind at run time (the command
 * line, the benchmark). `target` names what the report is about: an event slug, a State's ISO3
 * code, a recommendation ref or a theme slug; the period report ignores it (its query carries
 * from, to, event and theme).
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly eventReports: EventReportService,
    private readonly stateReports: StateReportService,
    private readonly themeReports: ThemeReportService,
    private readonly recommendationReports: RecommendationReportService,
    private readonly periodReports: PeriodReportService,
  ) {}

  async choices(): Promise<ReportChoices> {
    const [events, states, themes] = await Promise.all([
      this.dataSource.getRepository(Event).find({ order: { startDate: 'DESC', title: 'ASC' } }),
      this.dataSource.getRepository(State).find({ order: { name: 'ASC' } }),
      this.dataSource.getRepository(Theme).find({ order: { title: 'ASC' } }),
    ]);
    return {
      events: events.map((e) => ({ value: e.slug, label: e.title })),
      states: states.map((s) => ({ value: s.iso3, label: s.name })),
      themes: themes.map((t) => ({ value: t.slug, label: t.title })),
    };
  }

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
        throw new BadRequestException(`report kind must be one of ${REPORT_KINDS.join(', ')}`);
    }
  }
}
