import { sqlBool } from '../database/dialect.js';
import { Injectable } from '@nestjs/common';
import { pairNames, withPairNames, type RawPairNames } from '../assessments/pair-names.js';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env.js';
import { DataSource } from 'typeorm';
import { Assessment } from '../assessments/assessment.entity.js';
import { Pair } from '../assessments/pair.entity.js';
import { progressFromCounts, type ProgressFigures } from '../assessments/progress.js';
import { statusBadge, type StatusBadge } from '../assessments/status-view.js';
import { StatusesRepository } from '../assessments/statuses.repository.js';
import { toIsoTimestamp } from '../common/sql-values.js';
import { Event } from '../events/event.entity.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { State } from '../states/state.entity.js';
import { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import { today } from '../common/dates.js';
import { InvalidInputError } from '../common/errors.js';
import { dateText } from '../common/views/hbs-helpers.js';
import { yearBefore } from '../reports/report-figures.js';
import { OTHER_REGION, REGIONS, regionOf } from '../states/regions.js';
import { DashboardRepository } from './dashboard.repository.js';
import { dashboardAnswers, trendDates, type DashboardAnswers } from './dashboard.view-model.js';
import { DASHBOARD_FIELD_LABELS, type DashboardQueryDto } from './dto/dashboard-query.dto.js';

export interface PairLink {
  ref: string;
  recommendationTitle: string;
  code: string;
  name: string;
}

interface DashboardBase {
  title: string;
  counts: { states: number; events: number; recommendations: number; pairs: number };
  progress: ProgressFigures;
  recent: (PairLink & StatusBadge & { assessedOn: string; author: string; recordedAt: string })[];
  unassessed: (PairLink & { event: string; eventDate: string | null })[];
  unassessedTotal: number;
  /** No assessment recorded yet: the dashboard says how to begin instead of showing empty figures. */
  firstRun: boolean;
}

/** The dashboard with its analysis: figures at two dates, what moved, trend, breakdowns. */
export interface AnalysedDashboardView extends DashboardBase, DashboardAnswers {
  analysed: true;
  /** How many events the breakdown shows: the most recent few of `counts.events`. */
  eventsShown: number;
  eventsCapped: boolean;
}

/** The dashboard of a large instance before its analysis is asked for. */
export interface CurrentDashboardView extends DashboardBase {
  analysed: false;
  /** The dates the analysis would use, for the link that asks for it. */
  asOf: string;
  compareWith: string;
}

export type DashboardView = AnalysedDashboardView | CurrentDashboardView;

const LIST_LENGTH = 10;

/** Events in the breakdown by event: the most recent ones. */
const EVENTS_SHOWN = 10;

/**
 * A pair in scope never assessed. Its status is "no information" too, which lets the index on
 * scope and status find the few such pairs among a million.
 */
const NEVER_ASSESSED =
  'p.in_scope = :inScope AND p.status = :noInformation AND p.assessment_id IS NULL';

/** Events read per step when filling the list of pairs never assessed. */
const EVENTS_AT_A_TIME = 20;

@Injectable()
export class HomeService {
  /** Above this many pairs, the dashboard's analysis waits until dates are asked for. */
  private readonly analysisMaxPairs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly statuses: StatusesRepository,
    private readonly figures: DashboardRepository,
    config: ConfigService<Env, true>,
  ) {
    this.analysisMaxPairs = config.get('DASHBOARD_ANALYSIS_MAX_PAIRS', { infer: true });
  }

  /**
   * The figures as of a date and their change since an earlier one, what moved in between, the
   * trend at each year's end, breakdowns by event, theme and region, the latest assessments and
   * the pairs waiting longest for a first one.
   */
  async dashboard(query: DashboardQueryDto): Promise<DashboardView> {
    const asOf = query.asOf ?? today();
    const compareWith = query.compareWith ?? yearBefore(asOf);
    if (compareWith >= asOf) {
      throw new InvalidInputError([
        {
          field: 'compareWith',
          rule: 'beforeAsOf',
          message: `${DASHBOARD_FIELD_LABELS.compareWith}: the date must be before the as-of date (${dateText(asOf)})`,
        },
      ]);
    }
    // On a large instance the analysis reads every pair as of two dates and at each year's end
    // (seconds): shown when asked for (dates given), otherwise the current figures alone.
    if (query.asOf === undefined && query.compareWith === undefined) {
      const current = await this.statuses.progress({});
      if (current.pairs > this.analysisMaxPairs) return this.currentOnly(asOf, compareWith);
    }
    const [base, recentEvents, themes, stateRefs, firstAssessedOn, byState, byTheme] =
      await Promise.all([
        this.base(),
        this.figures.recentEvents(EVENTS_SHOWN),
        this.figures.themes(),
        this.figures.states(),
        this.figures.firstAssessedOn(),
        this.figures.byState(compareWith, asOf),
        this.figures.byTheme(compareWith, asOf),
      ]);
    const dates = trendDates(firstAssessedOn, asOf);
    const [byEvent, trend] = await Promise.all([
      this.figures.byEvent(
        compareWith,
        asOf,
        recentEvents.map((e) => Number(e.id)),
      ),
      this.figures.countsAtDates(dates),
    ]);
    const answers = dashboardAnswers({
      asOf,
      compareWith,
      byState,
      byEvent,
      byTheme,
      events: recentEvents.map((e) => ({ ...e, id: Number(e.id) })),
      themes: themes.map((t) => ({ ...t, id: Number(t.id) })),
      regionOfState: new Map(stateRefs.map((s) => [Number(s.id), regionOf(s.iso3, s.group)])),
      otherRegion: OTHER_REGION,
      regions: REGIONS,
      trend: dates.map((date, i) => ({
        date,
        label: date === asOf ? dateText(date) : date.slice(0, 4),
        chartLabel: date === asOf ? dateText(date).replace(/ (\d+)$/, '\n$1') : date.slice(0, 4),
        figures: progressFromCounts(trend[i]),
      })),
    });
    return {
      ...base,
      eventsShown: recentEvents.length,
      eventsCapped: recentEvents.length < base.counts.events,
      ...answers,
      analysed: true,
    };
  }

  /** The dashboard of a large instance before the analysis is asked for: today's figures. */
  private async currentOnly(asOf: string, compareWith: string): Promise<CurrentDashboardView> {
    return { ...(await this.base()), asOf, compareWith, analysed: false };
  }

  /** What every dashboard shows: the counts, today's figures, the latest and the waiting. */
  private async base(): Promise<DashboardBase> {
    const [states, events, recommendations, progress, recent, unassessed, unassessedTotal] =
      await Promise.all([
        this.dataSource.getRepository(State).count(),
        this.dataSource.getRepository(Event).count(),
        this.dataSource.getRepository(Recommendation).count(),
        this.statuses.progress({}),
        this.recent(),
        this.unassessed(),
        this.dataSource
          .getRepository(Pair)
          .createQueryBuilder('p')
          .where(NEVER_ASSESSED, {
            inScope: sqlBool(this.dataSource, true),
            noInformation: ImplementationStatus.NoInformation,
          })
          .getCount(),
      ]);
    return {
      title: 'Dashboard',
      counts: { states, events, recommendations, pairs: progress.pairs },
      progress,
      recent,
      unassessed,
      unassessedTotal,
      firstRun: recent.length === 0,
    };
  }

  private async recent(): Promise<DashboardView['recent']> {
    const rows = await withPairNames(
      this.dataSource
        .createQueryBuilder()
        .from(Assessment, 'a')
        .innerJoin(Pair, 'p', 'p.id = a.pair_id'),
    )
      .addSelect('a.status', 'status')
      .addSelect('a.assessed_on', 'assessedOn')
      .addSelect('a.author', 'author')
      .addSelect('a.recorded_at', 'recordedAt')
      .orderBy('a.id', 'DESC')
      .limit(LIST_LENGTH)
      .getRawMany<
        RawPairNames & {
          status: ImplementationStatus;
          assessedOn: string;
          author: string;
          recordedAt: unknown;
        }
      >();
    return rows.map((r) => ({
      ...pairNames(r),
      ...statusBadge(r.status),
      assessedOn: r.assessedOn,
      author: r.author,
      recordedAt: toIsoTimestamp(r.recordedAt) ?? '',
    }));
  }

  /**
   * Pairs in scope never assessed, those of the oldest events first. Events are taken a few at a
   * time in date order until the list is full, so that only their pairs are read and sorted.
   */
  private async unassessed(): Promise<DashboardView['unassessed']> {
    const events = await this.dataSource
      .getRepository(Event)
      .createQueryBuilder('e')
      .select('e.id', 'id')
      .orderBy('e.start_date', 'ASC', 'NULLS LAST')
      .addOrderBy('e.id', 'ASC')
      .getRawMany<{ id: number }>();
    const found: DashboardView['unassessed'] = [];
    for (let i = 0; i < events.length && found.length < LIST_LENGTH; i += EVENTS_AT_A_TIME) {
      const eventIds = events.slice(i, i + EVENTS_AT_A_TIME).map((e) => Number(e.id));
      const rows = await withPairNames(this.dataSource.createQueryBuilder().from(Pair, 'p'))
        .innerJoin(Event, 'e', 'e.id = r.event_id')
        .addSelect('e.title', 'event')
        .addSelect('e.start_date', 'eventDate')
        .where(NEVER_ASSESSED, {
          inScope: sqlBool(this.dataSource, true),
          noInformation: ImplementationStatus.NoInformation,
        })
        .andWhere(
          'p.recommendation_id IN (SELECT ev.id FROM recommendations ev WHERE ev.event_id IN (:...eventIds))',
          { eventIds },
        )
        .orderBy('e.start_date', 'ASC', 'NULLS LAST')
        .addOrderBy('e.id', 'ASC')
        .addOrderBy('r.position', 'ASC')
        .addOrderBy('COALESCE(s.name, o.name)', 'ASC')
        .limit(LIST_LENGTH - found.length)
        .getRawMany<RawPairNames & { event: string; eventDate: string | null }>();
      found.push(...rows.map((r) => ({ ...pairNames(r), event: r.event, eventDate: r.eventDate })));
    }
    return found;
  }
}
