import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { loadInBatches } from '../common/batches.js';
import { today } from '../common/dates.js';
import { InvalidInputError } from '../common/errors.js';
import type { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import {
  countByStatus,
  emptyCounts,
  progressFromCounts,
  type StatusCounts,
} from '../assessments/progress.js';
import { statusBadge, type StatusBadge } from '../assessments/status-view.js';
import { StatusesRepository, type PlacedStatus } from '../assessments/statuses.repository.js';
import { Event } from '../events/event.entity.js';
import { EventsService } from '../events/events.service.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import { SubjectsService } from '../subjects/subjects.service.js';
import { Theme } from '../themes/theme.entity.js';
import { statusDistribution } from './charts/index.js';
import { comparisonBars } from './charts/comparison.js';
import type { Edition } from './dto/report-query.dto.js';
import type { StateReportQueryDto } from './dto/state-report-query.dto.js';
import { MeasureTablesService, type MeasureTableView } from './measure-tables.js';
import { figureViews, yearBefore, type FigureView } from './report-figures.js';
import {
  averageFigureViews,
  averagesOfCounts,
  countViews,
  direction,
  editionNotes,
  eventDatesText,
  groupBy,
  notableView,
  reportDates,
  reportMeta,
  STATE_AVERAGE_DEFINITION,
  type AverageFigureView,
  type CountView,
  type NotableView,
  type ReportDocument,
  type ReportMeta,
  type StateAverages,
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

/** A section of the report: one event, its figures and (when read) its recommendations. */
export interface StateSectionView {
  number: string;
  title: string;
  dates: string | null;
  figures: GroupComparisonView;
}

/** A section as it prints, read when its turn comes (see StateReportService.sections). */
export interface StateSectionPart extends StateSectionView {
  state: { name: string };
  recommendations: StateRecommendationView[];
}

/** What the report is narrowed to; none set: every recommendation in scope for the State. */
export interface StateReportFilter {
  event: { slug: string; title: string } | null;
  theme: { slug: string; title: string } | null;
  /** `from` excluded, `to` included: the recommendations assessed for the State in it. */
  period: { from: string; to: string } | null;
}

export interface StateReportView {
  meta: ReportMeta;
  /** Set when there is nothing to report (no recommendation in scope): the one line printed instead. */
  empty: string | null;
  state: { name: string; iso3: string; group: string };
  /** What the report is narrowed to (in words: meta.selection). */
  filter: StateReportFilter;
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
  /** The sections' heads, for the contents; their recommendations are read as they print. */
  sections: StateSectionView[];
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

/** What a State report too long for one PDF is told (see PdfService.admit). */
export const STATE_NARROWING =
  'Narrow it to an event, a theme or a period (from, to), or open it as a web page, which prints from the browser.';

/**
 * Recommendations whose full rows (text, note, evidence, facts) are read at once while the
 * sections print: the memory of the report grows with this many pairs, not with the State's.
 */
export const STATE_REPORT_BATCH = 500;

/** The most recommendations of several events whose averages are counted in one query. */
const AVERAGES_BATCH = 2_000;

/**
 * How long a State report prints, measured on Chromium's A4 prints of State reports of 25 to
 * 2,292 recommendations (see `estimateStatePages` and its test): the cover, contents and
 * summary's figures; a contents line per event; a row per event and theme in the summary's
 * tables and per change; and each event's section, which starts a page, a page per so many
 * recommendations. Within 10% of the prints measured (11, 77, 106 and 531 pages).
 */
export const STATE_PAGE_MODEL = {
  fixed: 4,
  contentsLinesPerPage: 40,
  summaryRowsPerPage: 38,
  changeRowsPerPage: 16,
  recommendationsPerPage: 5,
};

/** The printed pages of a State report that holds so many rows (see STATE_PAGE_MODEL). */
export function estimateStatePages(held: {
  /** The recommendations of each event, in its section. */
  perEvent: readonly number[];
  themes: number;
  changes: number;
}): number {
  const m = STATE_PAGE_MODEL;
  const events = held.perEvent.length;
  if (events === 0) return 1;
  // A section's last page is half full on average.
  const sections = held.perEvent.reduce(
    (pages, n) => pages + Math.max(1, n / m.recommendationsPerPage + 0.5),
    0,
  );
  return Math.ceil(
    m.fixed +
      events / m.contentsLinesPerPage +
      (events + held.themes) / m.summaryRowsPerPage +
      held.changes / m.changeRowsPerPage +
      sections,
  );
}

/** The filter in words, for the cover, the running header's subject and the method. */
export function selectionText(filter: StateReportFilter): string | null {
  const parts = [
    filter.event ? `of the event “${filter.event.title}”` : null,
    filter.theme ? `with the theme “${filter.theme.title}”` : null,
    filter.period
      ? `assessed for the State after ${filter.period.from} and up to ${filter.period.to}`
      : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? `Only the recommendations ${parts.join(', ')}` : null;
}

/**
 * The State report: every recommendation in scope for one State, by event, with the assessment
 * in force at the as-of date, the State's figures and their change, and the State against the
 * average of all States (STATE_AVERAGE_DEFINITION); narrowed, if asked, to an event, a theme
 * or the recommendations assessed in a period.
 *
 * Built for States tracked for tens of thousands of recommendations: the summary is made from a
 * few values a pair (its event and status at both dates) and from counts by State the database
 * makes, never a row per pair of every State; the sections' full rows are read
 * STATE_REPORT_BATCH recommendations at a time as they print (`parts`).
 */
@Injectable()
export class StateReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly subjects: SubjectsService,
    private readonly lookups: LookupsService,
    private readonly statuses: StatusesRepository,
    private readonly measureTables: MeasureTablesService,
  ) {}

  async build(
    iso3: string,
    query: StateReportQueryDto,
    demoData = false,
  ): Promise<ReportDocument<StateReportView>> {
    const state = await this.subjects.getState(iso3);
    const subject = { kind: 'state' as const, id: state.id };
    const { dates, period } = stateReportDates(query);
    const { asOf, compareWith, edition } = dates;
    const [event, theme] = await Promise.all([
      query.event ? this.lookups.event(query.event) : undefined,
      query.theme ? this.lookups.theme(query.theme) : undefined,
    ]);
    const filter: StateReportFilter = {
      event: event ? { slug: event.slug, title: event.title } : null,
      theme: theme ? { slug: theme.slug, title: theme.title } : null,
      period,
    };
    const selection = selectionText(filter);
    const narrowed = { subject, eventId: event?.id, themeId: theme?.id };
    const [placedNow, placedBefore, assessed, eventOrder] = await Promise.all([
      this.statuses.placedStatuses({ ...narrowed, asOf }),
      this.statuses.placedStatuses({ ...narrowed, asOf: compareWith }),
      period
        ? this.statuses.recommendationsAssessedIn(narrowed, {
            after: period.from,
            through: period.to,
          })
        : null,
      this.events.list(),
    ]);
    const mine = assessed ? placedNow.filter((p) => assessed.has(p.recommendationId)) : placedNow;
    const beforeByPair = new Map(placedBefore.map((p) => [p.pairId, p.status]));
    const was = (p: PlacedStatus) => beforeByPair.get(p.pairId) ?? p.status;
    const mineRecs = mine.map((p) => p.recommendationId);

    const now = progressFromCounts(countByStatus(mine.map((p) => p.status)));
    const before = progressFromCounts(countByStatus(mine.map(was)));

    // Events in the order of the events list (by date); within each, the source's order.
    const eventIds = [...new Set(mine.map((p) => p.eventId))];
    const eventsById = new Map(
      (
        await loadInBatches(eventIds, (ids) =>
          this.dataSource.getRepository(Event).findBy({ id: In(ids) }),
        )
      ).map((e) => [e.id, e]),
    );
    const order = new Map(eventOrder.map((e, i) => [e.slug, i]));
    const rank = (id: number) => order.get(eventsById.get(id)?.slug ?? '') ?? Infinity;
    eventIds.sort((a, b) => rank(a) - rank(b) || a - b);
    const byEvent = groupBy(mine, (p) => p.eventId);

    const averages = await this.averages(state.id, byEvent, eventIds, mineRecs, asOf);
    const sections: StateSectionView[] = eventIds.map((id, i) => {
      const e = eventsById.get(id);
      const title = e?.title ?? `Event ${id}`;
      return {
        number: String(i + 3),
        title,
        dates: eventDatesText(e?.startDate ?? null, e?.endDate ?? null),
        figures: comparison(title, byEvent.get(id) ?? [], averages.byEvent.get(id)).view,
      };
    });
    const themeRows = await this.themeComparisons(averages.byTheme);

    const changes = await this.changes(mine, was, subject, asOf, edition);
    const overall = averages.overall;
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
          ...themeRows.map((t) => ({
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

    const shortFilter = filter.event?.slug ?? filter.theme?.slug ?? null;
    const view: StateReportView = {
      charts,
      meta: {
        selection,
        ...reportMeta(
          'State report',
          selection ? `${state.name}: ${lowerFirst(selection)}` : state.name,
          dates,
          demoData,
          {
            short: shortFilter ? `${state.name} · ${shortFilter}` : state.name,
            subject:
              `Implementation by ${state.name} of the recommendations in its scope` +
              `${selection ? ` (${lowerFirst(selection)})` : ''}: status as of ${asOf}, compared with ${compareWith}`,
            dateLine: period ? `${period.from} – ${period.to}` : undefined,
          },
        ),
      },
      empty:
        mine.length === 0
          ? selection
            ? `No recommendation tracked for ${state.name} is left by this selection: ${lowerFirst(selection)}.`
            : `No recommendation is tracked for ${state.name}: it is not in the scope of any recommendation.`
          : null,
      state: {
        name: state.name,
        iso3: state.iso3,
        group: GROUP_LABELS[state.group] ?? state.group,
      },
      filter,
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
        byTheme: themeRows.map((t) => t.view),
      },
      changes,
      sections,
      measureRules: await this.measureTables.rules(mine, asOf),
    };
    return {
      template: 'state',
      view,
      fileName: `state-report-${[state.iso3, event?.slug, theme?.slug].filter(Boolean).join('-')}-${
        period ? `${period.from}-${period.to}` : asOf
      }-${edition}`,
      parts: {
        template: 'state-section',
        read: () =>
          this.sections(sections, byEvent, eventIds, was, {
            state,
            subject,
            asOf,
            edition,
          }),
      },
      pages: estimateStatePages({
        perEvent: eventIds.map((id) => byEvent.get(id)?.length ?? 0),
        themes: themeRows.length,
        changes: changes.up.length + changes.down.length,
      }),
      figures: now,
      narrowing: STATE_NARROWING,
    };
  }

  /**
   * The counts by State the averages are worked out from: over all the selected
   * recommendations, by theme, and by event (a batch of events per query).
   */
  private async averages(
    stateId: number,
    byEvent: Map<number, PlacedStatus[]>,
    eventIds: readonly number[],
    recommendationIds: number[],
    asOf: string,
  ): Promise<{
    overall: StateAverages;
    byEvent: Map<number, StateAverages>;
    byTheme: Map<number, { own: StatusCounts; averages: StateAverages }>;
  }> {
    if (recommendationIds.length === 0) {
      return { overall: averagesOfCounts([]), byEvent: new Map(), byTheme: new Map() };
    }
    const [all, themes] = await Promise.all([
      this.statuses.stateCounts({ recommendationIds, asOf }, null),
      this.statuses.stateCounts({ recommendationIds, asOf }, 'theme'),
    ]);
    const byTheme = new Map<number, { own: StatusCounts; averages: StateAverages }>();
    for (const [themeId, rows] of groupBy(themes, (r) => r.group as number)) {
      byTheme.set(themeId, {
        own: rows.find((r) => r.stateId === stateId)?.counts ?? emptyCounts(),
        averages: averagesOfCounts(rows.map((r) => r.counts)),
      });
    }
    const perEvent = new Map<number, StateAverages>();
    let batch: number[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const rows = await this.statuses.stateCounts({ recommendationIds: batch, asOf }, 'event');
      for (const [eventId, list] of groupBy(rows, (r) => r.group as number)) {
        perEvent.set(eventId, averagesOfCounts(list.map((r) => r.counts)));
      }
      batch = [];
    };
    for (const eventId of eventIds) {
      const recs = (byEvent.get(eventId) ?? []).map((p) => p.recommendationId);
      if (batch.length + recs.length > AVERAGES_BATCH) await flush();
      batch.push(...recs);
    }
    await flush();
    return { overall: averagesOfCounts(all.map((r) => r.counts)), byEvent: perEvent, byTheme };
  }

  /** The State against the average of all States on each theme of its recommendations, by title. */
  private async themeComparisons(
    byTheme: Map<number, { own: StatusCounts; averages: StateAverages }>,
  ) {
    const themes = await this.dataSource
      .getRepository(Theme)
      .findBy({ id: In([...byTheme.keys()]) });
    return themes
      .sort((a, b) => a.title.localeCompare(b.title))
      .map((t) => {
        const { own, averages } = byTheme.get(t.id) as {
          own: StatusCounts;
          averages: StateAverages;
        };
        return comparisonOfCounts(t.title, own, averages);
      });
  }

  /** The recommendations that moved up or down, each with the assessment that moved it. */
  private async changes(
    mine: readonly PlacedStatus[],
    was: (p: PlacedStatus) => ImplementationStatus,
    subject: { kind: 'state'; id: number },
    asOf: string,
    edition: Edition,
  ): Promise<StateReportView['changes']> {
    const moved = mine.filter((p) => direction(was(p), p.status) !== 0);
    const changes: StateReportView['changes'] = { up: [], down: [] };
    const rows = await loadInBatches(
      moved.map((p) => p.recommendationId),
      (ids) => this.statuses.pairs({ subject, asOf, recommendationIds: ids }),
      STATE_REPORT_BATCH,
    );
    const before = new Map(moved.map((p) => [p.pairId, was(p)]));
    for (const p of rows) {
      const from = before.get(p.pairId) ?? p.status;
      const change = {
        ...notableView(p, from, edition),
        ref: p.recommendation,
        title: p.recommendationTitle,
      };
      (direction(from, p.status) > 0 ? changes.up : changes.down).push(change);
    }
    return changes;
  }

  /**
   * The sections as they print, each with its recommendations: their full rows, texts, themes
   * and facts are read STATE_REPORT_BATCH recommendations at a time (a batch may span several
   * events, and an event several batches), and let go once their sections are handed on.
   */
  private async *sections(
    heads: readonly StateSectionView[],
    byEvent: Map<number, PlacedStatus[]>,
    eventIds: readonly number[],
    was: (p: PlacedStatus) => ImplementationStatus,
    context: {
      state: { name: string };
      subject: { kind: 'state'; id: number };
      asOf: string;
      edition: Edition;
    },
  ): AsyncGenerator<StateSectionPart> {
    // The heads are in the order of eventIds.
    let first = 0;
    for (let i = 0; i < eventIds.length;) {
      // Whole events up to the batch's size (one event alone may pass it: it is read in batches).
      const events: number[] = [];
      let size = 0;
      do {
        const n = byEvent.get(eventIds[i])?.length ?? 0;
        events.push(eventIds[i]);
        size += n;
        i += 1;
      } while (
        i < eventIds.length &&
        size + (byEvent.get(eventIds[i])?.length ?? 0) <= STATE_REPORT_BATCH
      );
      const placed = events.flatMap((id) => byEvent.get(id) ?? []);
      const entries = new Map<number, StateRecommendationView>();
      for (let j = 0; j < placed.length; j += STATE_REPORT_BATCH) {
        for (const [pairId, entry] of await this.entries(
          placed.slice(j, j + STATE_REPORT_BATCH),
          was,
          context,
        )) {
          entries.set(pairId, entry);
        }
      }
      for (const id of events) {
        const head = heads[first];
        first += 1;
        yield {
          ...head,
          state: context.state,
          recommendations: (byEvent.get(id) ?? []).flatMap((p) => entries.get(p.pairId) ?? []),
        };
      }
    }
  }

  /** The entries of some of the State's pairs, by pair id: full rows, texts, themes and facts. */
  private async entries(
    placed: readonly PlacedStatus[],
    was: (p: PlacedStatus) => ImplementationStatus,
    {
      subject,
      asOf,
      edition,
    }: { subject: { kind: 'state'; id: number }; asOf: string; edition: Edition },
  ): Promise<Map<number, StateRecommendationView>> {
    const ids = placed.map((p) => p.recommendationId);
    const [rows, recs] = await Promise.all([
      this.statuses.pairs({ subject, asOf, recommendationIds: ids }),
      this.dataSource.getRepository(Recommendation).find({
        where: { id: In(ids) },
        relations: { themes: true },
        select: { id: true, text: true, themes: { id: true, title: true } },
      }),
    ]);
    const facts = await this.measureTables.subjectTables(
      rows.map((p) => ({ ...p, ref: p.recommendation })),
      asOf,
      edition,
    );
    const recById = new Map(recs.map((r) => [r.id, r]));
    const before = new Map(placed.map((p) => [p.pairId, was(p)]));
    return new Map(
      rows.map((p) => {
        const r = recById.get(p.recommendationId);
        const from = before.get(p.pairId) ?? p.status;
        const moved = direction(from, p.status);
        const entry: StateRecommendationView = {
          ref: p.recommendation,
          title: p.recommendationTitle,
          text: r?.text ?? '',
          themes: (r?.themes ?? []).map((t) => t.title).sort((a, b) => a.localeCompare(b)),
          status: statusBadge(p.status),
          assessedOn: p.assessedOn,
          note: p.note,
          evidenceUrl: p.evidenceUrl && /^https?:\/\//i.test(p.evidenceUrl) ? p.evidenceUrl : null,
          evidenceCitation: p.evidenceCitation,
          ...editionNotes(p, edition),
          moved:
            moved === 0
              ? null
              : { direction: moved > 0 ? 'up' : 'down', before: statusBadge(from) },
          measure: facts.get(p.recommendationId) ?? null,
        };
        return [p.pairId, entry];
      }),
    );
  }
}

/** The State's figures and the averages over some of its recommendations, as a table row. */
function comparisonOfCounts(title: string, own: StatusCounts, averages: StateAverages) {
  const figures = progressFromCounts(own);
  const [ir, pi, cov] = averageFigureViews(figures, averages).map((v) => ({
    value: v.value,
    average: v.average,
  }));
  const view: GroupComparisonView = {
    title,
    recommendations: figures.pairs,
    implementationRate: ir,
    progressIndex: pi,
    coverage: cov,
  };
  return { view, figures, averages };
}

/** The same for the State's own pairs of an event. */
function comparison(title: string, own: readonly PlacedStatus[], averages?: StateAverages) {
  return comparisonOfCounts(
    title,
    countByStatus(own.map((p) => p.status)),
    averages ?? averagesOfCounts([]),
  );
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * The dates of a State report: as of `asOf` compared with `compareWith`, or, narrowed to a
 * period, as of its end compared with its start (`from` excluded, `to` included, defaults as in
 * the period report). A period with `asOf` or `compareWith` as well is refused on them.
 */
export function stateReportDates(query: StateReportQueryDto): {
  dates: { asOf: string; compareWith: string; edition: Edition };
  period: { from: string; to: string } | null;
} {
  if (query.from === undefined && query.to === undefined) {
    return { dates: reportDates(query), period: null };
  }
  const problems = (['asOf', 'compareWith'] as const)
    .filter((field) => query[field] !== undefined)
    .map((field) => ({
      field,
      rule: 'notWithPeriod',
      message: `${field} cannot be given with a period (from, to): the statuses are read as of its end and compared with its start`,
    }));
  if (problems.length > 0) throw new InvalidInputError(problems);
  const to = query.to ?? today();
  const from = query.from ?? yearBefore(to);
  return {
    dates: { asOf: to, compareWith: from, edition: query.edition ?? 'internal' },
    period: { from, to },
  };
}
