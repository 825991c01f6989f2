import { NotFoundError } from '../common/errors.js';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StatusCounts } from '../assessments/progress.js';
import { statusBadge, type StatusBadge } from '../assessments/status-view.js';
import { StatusesRepository, type AssessmentRow } from '../assessments/statuses.repository.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { osceStatusMap, stackedStatusBar } from './charts/index.js';
import { statusTimeline } from './charts/timeline.js';
import type { ReportQueryDto } from './dto/report-query.dto.js';
import { MeasureTablesService, type MeasureTableView } from './measure-tables.js';
import { figureViews, type FigureView } from './report-figures.js';
import {
  assessmentLineView,
  countsAtDates,
  countViews,
  groupBy,
  moveKind,
  reportDates,
  reportMeta,
  type AssessmentLineView,
  type CountView,
  type ReportDocument,
  type ReportMeta,
} from './report-view.js';

/** At most this many columns in the picture of the history (the latest years). */
const TIMELINE_YEARS = 15;

export interface SubjectHistoryView {
  name: string;
  code: string;
  kind: 'state' | 'organisation';
  /** Anchor on the page. */
  anchor: string;
  now: StatusBadge;
  /** Date of the assessment in force at the as-of date; null when never assessed by then. */
  assessedOn: string | null;
  before: StatusBadge;
  /** 'up', 'down' or 'other' since the comparison date; null when unchanged. */
  change: 'up' | 'down' | 'other' | null;
  /** Every assessment dated on or before the as-of date, oldest first. */
  history: AssessmentLineView[];
}

export interface RecommendationReportView {
  meta: ReportMeta;
  /** Set when there is nothing to report (tracked for no State or organisation): the one line printed instead. */
  empty: string | null;
  /** States tracked for the recommendation without any assessment up to the as-of date. */
  statesWithoutHistory: string[];
  recommendation: {
    ref: string;
    title: string;
    text: string;
    event: { title: string; slug: string };
    session: string | null;
    themes: string[];
    organisations: string[];
  };
  summary: {
    figures: FigureView[];
    counts: CountView[];
    pairs: number;
    moved: { up: number; down: number; other: number };
    assessments: number;
  };
  /** The facts behind the statuses, when the recommendation is measured by facts. */
  measure: MeasureTableView | null;
  /** Its rule in a sentence, for the method section (empty when graded). */
  measureRules: string[];
  states: SubjectHistoryView[];
  organisations: SubjectHistoryView[];
  /** Inline SVGs drawn by the charts module, every data text escaped there. */
  charts: { bar: string; map: string; timeline: string };
  timelineCaption: string;
}

/**
 * The recommendation report: one recommendation across the States (and organisations) it is
 * tracked for, its figures as of a date and their change since a comparison date, and the history
 * of every pair up to the as-of date. Four set-based reads, whatever the number of pairs.
 */
@Injectable()
export class RecommendationReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly statuses: StatusesRepository,
    private readonly measureTables: MeasureTablesService,
  ) {}

  async build(
    ref: string,
    query: ReportQueryDto,
    demoData = false,
  ): Promise<ReportDocument<RecommendationReportView>> {
    const rec = await this.dataSource.getRepository(Recommendation).findOne({
      where: { ref },
      relations: { event: true, session: true, themes: true, organisations: true },
    });
    if (!rec) throw new NotFoundError(`No recommendation with ref "${ref}"`);
    const dates = reportDates(query);
    const { asOf, compareWith, edition } = dates;
    const filter = { recommendationId: rec.id };
    const [now, before, pairsNow, pairsBefore, assessments] = await Promise.all([
      this.statuses.progress({ ...filter, asOf }),
      this.statuses.progress({ ...filter, asOf: compareWith }),
      this.statuses.pairs({ ...filter, asOf }),
      this.statuses.pairs({ ...filter, asOf: compareWith }),
      this.statuses.assessments(filter, { through: asOf }),
    ]);
    const measure = (await this.measureTables.tables([rec], asOf)).get(rec.id) ?? null;
    const beforeByPair = new Map(pairsBefore.map((p) => [p.pairId, p.status]));
    const historyByPair = groupBy(assessments, (a) => a.pairId);

    const moved = { up: 0, down: 0, other: 0 };
    const subjects = pairsNow
      .map((p): SubjectHistoryView => {
        const was = beforeByPair.get(p.pairId) ?? p.status;
        const change = moveKind(was, p.status);
        if (change) moved[change] += 1;
        return {
          name: p.subject.name,
          code: p.subject.code,
          kind: p.subject.kind,
          anchor: `pair-${p.subject.code}`,
          now: statusBadge(p.status),
          assessedOn: p.assessedOn,
          before: statusBadge(was),
          change,
          history: (historyByPair.get(p.pairId) ?? []).map((a) =>
            assessmentLineView(a, edition, p.assessmentId),
          ),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'en'));

    // Each State in the colour of its status, as every other picture of statuses shows them.
    const mapStatuses = new Map(
      pairsNow.filter((p) => p.subject.kind === 'state').map((p) => [p.subject.code, p.status]),
    );
    const timeline = this.timeline(
      pairsNow.map((p) => p.pairId),
      historyByPair,
      asOf,
    );

    const view: RecommendationReportView = {
      meta: reportMeta('Recommendation report', `${rec.ref} ${rec.title}`, dates, demoData, {
        short: rec.ref,
        subject: `Implementation of recommendation ${rec.ref} (${rec.title}) by State: status as of ${asOf}, compared with ${compareWith}`,
      }),
      empty:
        pairsNow.length === 0
          ? 'This recommendation is not tracked for any State or organisation: there is nothing to report on.'
          : null,
      recommendation: {
        ref: rec.ref,
        title: rec.title,
        text: rec.text,
        event: { title: rec.event?.title ?? '', slug: rec.event?.slug ?? '' },
        session: rec.session ? `Session ${rec.session.number}: ${rec.session.title}` : null,
        themes: (rec.themes ?? []).map((t) => t.title).sort((a, b) => a.localeCompare(b, 'en')),
        organisations: (rec.organisations ?? [])
          .map((o) => o.acronym)
          .sort((a, b) => a.localeCompare(b, 'en')),
      },
      summary: {
        figures: figureViews(now, before),
        counts: countViews(now.counts),
        pairs: now.pairs,
        moved,
        assessments: assessments.length,
      },
      measure,
      measureRules: measure ? [measure.rule] : [],
      states: subjects.filter((s) => s.kind === 'state'),
      statesWithoutHistory: subjects
        .filter((s) => s.kind === 'state' && s.history.length === 0)
        .map((s) => s.name),
      organisations: subjects.filter((s) => s.kind === 'organisation'),
      charts: {
        bar: stackedStatusBar(now.counts, {
          id: 'summary',
          label: `${rec.ref} by status as of ${asOf}`,
          legend: true,
        }),
        map: osceStatusMap(mapStatuses, { id: 'summary', label: `Status as of ${asOf}` }),
        timeline: statusTimeline(timeline.columns, {
          id: 'history',
          label: timeline.caption,
        }),
      },
      timelineCaption: timeline.caption,
    };
    return {
      template: 'recommendation',
      view,
      fileName: `recommendation-report-${rec.ref}-${asOf}-${edition}`,
    };
  }

  /**
   * The pairs by status at the end of each year from the first assessment to the as-of date (the
   * last column on the as-of date itself), from the histories already read: no further query.
   */
  private timeline(
    pairIds: number[],
    historyByPair: Map<number, AssessmentRow[]>,
    asOf: string,
  ): { columns: { label: string; counts: StatusCounts }[]; caption: string } {
    const lastYear = Number(asOf.slice(0, 4));
    let firstYear = lastYear;
    for (const list of historyByPair.values()) {
      for (const a of list) firstYear = Math.min(firstYear, Number(a.assessedOn.slice(0, 4)));
    }
    // One year before the first assessment shows where the pairs started from.
    firstYear = Math.max(firstYear - 1, lastYear - TIMELINE_YEARS + 1);
    const dates: string[] = [];
    for (let y = firstYear; y < lastYear; y += 1) dates.push(`${String(y).padStart(4, '0')}-12-31`);
    dates.push(asOf);
    const counts = countsAtDates(pairIds, historyByPair, dates);
    const columns = dates.map((d, i) => ({
      label: d === asOf && !d.endsWith('-12-31') ? d : d.slice(0, 4),
      counts: counts[i],
    }));
    return {
      columns,
      caption: asOf.endsWith('-12-31')
        ? `Pairs by status at the end of each year, ${firstYear}–${lastYear}`
        : `Pairs by status at the end of each year from ${firstYear}, and on ${asOf}`,
    };
  }
}
