import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { loadInBatches } from '../common/batches.js';
import { countByStatus, progressFromCounts } from '../assessments/progress.js';
import { statusBadge, type StatusBadge } from '../assessments/status-view.js';
import { StatusesRepository, type PairRow } from '../assessments/statuses.repository.js';
import { EventsService } from '../events/events.service.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { SubjectsService } from '../subjects/subjects.service.js';
import { statusDistribution } from './charts/index.js';
import { comparisonBars } from './charts/comparison.js';
import type { ReportQueryDto } from './dto/report-query.dto.js';
import { MeasureTablesService, type MeasureTableView } from './measure-tables.js';
import { figureViews, type FigureView } from './report-figures.js';
import {
  averageFigureViews,
  countViews,
  direction,
  editionNotes,
  eventDatesText,
  groupBy,
  notableView,
  reportDates,
  reportMeta,
  stateAverages,
  STATE_AVERAGE_DEFINITION,
  type AverageFigureView,
  type CountView,
  type NotableView,
  type ReportDocument,
  type ReportMeta,
} from './report-view.js';

/** One recommendation in scope for the State, with the assessment in force at the as-of date. */
export interface StateRecommendationView {
  ref: string;
  title: string;
  /** The recommendation's full text. */
  text: string;
  themes: string[];
  status: StatusBadge;
  assessedOn: string | null;
  note: string | null;
  /** Only http(s) addresses, so that a link can be printed. */
  evidenceUrl: string | null;
  evidenceCitation: string | null;
  /** Internal edition only. */
  internalNote: string | null;
  /** Internal edition only. */
  author: string | null;
  /** Set when the status moved since the comparison date. */
  moved: { direction: 'up' | 'down'; before: StatusBadge } | null;
  /**
   * The State's facts, when the recommendation is measured by facts: those in force at the
   * as-of date and its timeline of facts up to it.
   */
  measure: MeasureTableView | null;
}

/** A figure of the State next to the average of all States, as a table cell pair prints it. */
export interface FigurePairView {
  value: string;
  average: string;
}

/** A group of recommendations (an event, a theme) with the State's figures and the averages. */
export interface GroupComparisonView {
  title: string;
  recommendations: number;
  implementationRate: FigurePairView;
  progressIndex: FigurePairView;
  coverage: FigurePairView;
}

/** A recommendation whose status for the State moved between the two dates. */
export interface StateChangeView extends NotableView {
  ref: string;
  title: string;
}

export interface StateReportView {
  meta: ReportMeta;
  /** Set when there is nothing to report (no recommendation in scope): the one line printed instead. */
  empty: string | null;
  state: { name: string; iso3: string; group: string };
  summary: {
    figures: FigureView[];
    averages: AverageFigureView[];
    /** States tracked for any of the State's recommendations. */
    statesTracked: number;
    averageDefinition: string;
    counts: CountView[];
    recommendations: number;
    events: number;
    movedUp: number;
    movedDown: number;
    byEvent: GroupComparisonView[];
    byTheme: GroupComparisonView[];
  };
  changes: { up: StateChangeView[]; down: StateChangeView[] };
  sections: {
    number: string;
    title: string;
    dates: string | null;
    figures: GroupComparisonView;
    recommendations: StateRecommendationView[];
  }[];
  /** The rules of the State's recommendations measured by facts, for the method section. */
  measureRules: string[];
  /** Inline SVGs drawn by the charts module, every data text escaped there. */
  charts: { distribution: string; comparison: string };
}

const GROUP_LABELS: Record<string, string> = {
  participating: 'Participating State',
  'mediterranean-partner': 'Mediterranean Partner for Co-operation',
  'asian-partner': 'Asian Partner for Co-operation',
};

/**
 * The State report: every recommendation in scope for one State, by event, with the assessment
 * in force at the as-of date, the State's figures and their change, and the State against the
 * average of all States (STATE_AVERAGE_DEFINITION).
 */
@Injectable()
export class StateReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly subjects: SubjectsService,
    private readonly statuses: StatusesRepository,
    private readonly measureTables: MeasureTablesService,
  ) {}

  async build(
    iso3: string,
    query: ReportQueryDto,
    demoData = false,
  ): Promise<ReportDocument<StateReportView>> {
    const state = await this.subjects.getState(iso3);
    const subject = { kind: 'state' as const, id: state.id };
    const dates = reportDates(query);
    const { asOf, compareWith, edition } = dates;
    const [now, before, mine, mineBefore, eventOrder] = await Promise.all([
      this.statuses.progress({ subject, asOf }),
      this.statuses.progress({ subject, asOf: compareWith }),
      this.statuses.pairs({ subject, asOf }),
      this.statuses.pairs({ subject, asOf: compareWith }),
      this.events.list(),
    ]);
    // Only the State's recommendations, and the pairs of all States for them: the averages
    // compare like with like, and a State of a large index does not read the whole index.
    const mineRecs = [...new Set(mine.map((p) => p.recommendationId))];
    const [all, recs, facts] = await Promise.all([
      this.statuses.stateStatuses({ asOf, recommendationIds: mineRecs }),
      loadInBatches(mineRecs, (ids) =>
        this.dataSource.getRepository(Recommendation).find({
          where: { id: In(ids) },
          relations: { themes: true, event: true },
        }),
      ),
      this.measureTables.subjectTables(
        mine.map((p) => ({ ...p, ref: p.recommendation })),
        asOf,
        edition,
      ),
    ]);
    const recById = new Map(recs.map((r) => [r.id, r]));
    const rec = (p: PairRow) => recById.get(p.recommendationId) as Recommendation;
    const statePairsByRec = groupBy(all, (p) => p.recommendationId);
    const mineByRec = groupBy(mine, (p) => p.recommendationId);
    const beforeByPair = new Map(mineBefore.map((p) => [p.pairId, p]));

    /** The State's figures and the averages over some of its recommendations. */
    const compare = (title: string, recIds: readonly number[]) => {
      const own = recIds.flatMap((id) => mineByRec.get(id) ?? []);
      const figures = progressFromCounts(countByStatus(own.map((p) => p.status)));
      const averages = stateAverages(recIds.flatMap((id) => statePairsByRec.get(id) ?? []));
      const [ir, pi, cov] = averageFigureViews(figures, averages).map((v) => ({
        value: v.value,
        average: v.average,
      }));
      const view: GroupComparisonView = {
        title,
        recommendations: own.length,
        implementationRate: ir,
        progressIndex: pi,
        coverage: cov,
      };
      return { view, figures, averages };
    };

    const changes: StateReportView['changes'] = { up: [], down: [] };
    const moves = new Map<number, StateRecommendationView['moved']>();
    for (const p of mine) {
      const was = beforeByPair.get(p.pairId)?.status ?? p.status;
      const moved = direction(was, p.status);
      if (moved === 0) continue;
      const change = {
        ...notableView(p, was, edition),
        ref: p.recommendation,
        title: p.recommendationTitle,
      };
      (moved > 0 ? changes.up : changes.down).push(change);
      moves.set(p.pairId, { direction: moved > 0 ? 'up' : 'down', before: statusBadge(was) });
    }

    const entry = (p: PairRow): StateRecommendationView => {
      const r = rec(p);
      return {
        ref: p.recommendation,
        title: p.recommendationTitle,
        text: r.text,
        themes: (r.themes ?? []).map((t) => t.title).sort((a, b) => a.localeCompare(b)),
        status: statusBadge(p.status),
        assessedOn: p.assessedOn,
        note: p.note,
        evidenceUrl: p.evidenceUrl && /^https?:\/\//i.test(p.evidenceUrl) ? p.evidenceUrl : null,
        evidenceCitation: p.evidenceCitation,
        ...editionNotes(p, edition),
        moved: moves.get(p.pairId) ?? null,
        measure: facts.get(p.recommendationId) ?? null,
      };
    };

    // Events in the order of the events list (by date); within each, the source's order.
    const order = new Map(eventOrder.map((e, i) => [e.slug, i]));
    const byEvent = [...groupBy(mine, (p) => rec(p).eventId)]
      .map(([eventId, list]) => ({ event: rec(list[0]).event, eventId, list }))
      .sort(
        (a, b) =>
          (order.get(a.event?.slug ?? '') ?? Infinity) -
            (order.get(b.event?.slug ?? '') ?? Infinity) || a.eventId - b.eventId,
      );
    const sections = byEvent.map(({ event, eventId, list }, i) => {
      const title = event?.title ?? `Event ${eventId}`;
      return {
        number: String(i + 3),
        title,
        dates: eventDatesText(event?.startDate ?? null, event?.endDate ?? null),
        figures: compare(
          title,
          list.map((p) => p.recommendationId),
        ).view,
        recommendations: list.map(entry),
      };
    });

    const themes = new Map<number, { title: string; recIds: number[] }>();
    for (const id of mineRecs) {
      for (const t of recById.get(id)?.themes ?? []) {
        const theme = themes.get(t.id) ?? { title: t.title, recIds: [] };
        theme.recIds.push(id);
        themes.set(t.id, theme);
      }
    }
    const byTheme = [...themes.values()]
      .sort((a, b) => a.title.localeCompare(b.title))
      .map(({ title, recIds }) => compare(title, recIds));

    // The average over the same recommendations as the State's own figures.
    const overall = stateAverages(mineRecs.flatMap((id) => statePairsByRec.get(id) ?? []));
    const charts = {
      distribution: statusDistribution(now.counts, {
        id: 'summary',
        label: `${state.name}: recommendations by status as of ${asOf}`,
      }),
      comparison: comparisonBars(
        [
          {
            label: 'All recommendations',
            value: now.progressIndex,
            reference: overall.progressIndex.mean,
          },
          ...byTheme.map((t) => ({
            label: t.view.title,
            value: t.figures.progressIndex,
            reference: t.averages.progressIndex.mean,
          })),
        ],
        {
          id: 'themes',
          label: `Progress index by theme as of ${asOf}: ${state.name} against the average of all States`,
          valueName: state.name,
          referenceName: 'Average of all States',
          labelWidth: 300,
        },
      ),
    };

    const view: StateReportView = {
      charts,
      meta: reportMeta('State report', state.name, dates, demoData, {
        short: state.name,
        subject: `Implementation by ${state.name} of the recommendations in its scope: status as of ${asOf}, compared with ${compareWith}`,
      }),
      empty:
        mine.length === 0
          ? `No recommendation is tracked for ${state.name}: it is not in the scope of any recommendation.`
          : null,
      state: {
        name: state.name,
        iso3: state.iso3,
        group: GROUP_LABELS[state.group] ?? state.group,
      },
      summary: {
        figures: figureViews(now, before),
        averages: averageFigureViews(now, overall),
        statesTracked: overall.tracked,
        averageDefinition: STATE_AVERAGE_DEFINITION,
        counts: countViews(now.counts),
        recommendations: mine.length,
        events: sections.length,
        movedUp: changes.up.length,
        movedDown: changes.down.length,
        byEvent: sections.map((s) => s.figures),
        byTheme: byTheme.map((t) => t.view),
      },
      changes,
      sections,
      measureRules: sections.flatMap((s) =>
        s.recommendations.flatMap((r) => (r.measure ? [r.measure.rule] : [])),
      ),
    };
    return {
      template: 'state',
      view,
      fileName: `state-report-${state.iso3}-${asOf}-${edition}`,
    };
  }
}
