import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  countByStatus,
  progressFromCounts,
  type ProgressFigures,
} from '../assessments/progress.js';
import { StatusesRepository } from '../assessments/statuses.repository.js';
import { EventsService } from '../events/events.service.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import type { AnnexReportQueryDto } from './dto/report-query.dto.js';
import { MeasureTablesService } from './measure-tables.js';
import { osceMap, statusDistribution } from './charts/index.js';
import { figureViews, type FigureView } from './report-figures.js';
import {
  annexHeatmap,
  annexView,
  countViews,
  eventDatesText,
  groupBy,
  recommendationArticle,
  reportDates,
  reportMeta,
  sharedRefPrefix,
  type AnnexView,
  type CountView,
  type RecommendationArticleView,
  type ReportDocument,
  type ReportMeta,
} from './report-view.js';

export interface EventReportView {
  meta: ReportMeta;
  /** Set when there is nothing to report (no recommendations): the one line printed instead. */
  empty: string | null;
  event: { title: string; slug: string; dates: string | null; place: string | null };
  summary: {
    figures: FigureView[];
    counts: CountView[];
    pairs: number;
    recommendations: number;
    movedUp: number;
    movedDown: number;
  };
  sections: { number: string; title: string; recommendations: RecommendationArticleView[] }[];
  /** The rule of each recommendation measured by facts, in a sentence, for the method section. */
  measureRules: string[];
  annex: AnnexView;
  /** Inline SVGs drawn by the charts module, every data text escaped there. */
  charts: {
    distribution: string;
    map: string;
    /** One figure per printed page; none when the annex prints as a table. */
    heatmap: string[];
  };
}

/**
 * The event progress report: its plain view-model, from the same progress functions as the pages
 * and the API, as of any date, in an internal or a public edition.
 */
@Injectable()
export class EventReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly lookups: LookupsService,
    private readonly statuses: StatusesRepository,
    private readonly measureTables: MeasureTablesService,
  ) {}

  async build(
    slug: string,
    query: AnnexReportQueryDto,
    demoData = false,
  ): Promise<ReportDocument<EventReportView>> {
    const event = await this.events.get(slug);
    const { id: eventId } = await this.lookups.event(slug);
    const dates = reportDates(query);
    const { asOf, compareWith, edition } = dates;
    const [now, before, byRec, pairsNow, pairsBefore, recs] = await Promise.all([
      this.statuses.progress({ eventId, asOf }),
      this.statuses.progress({ eventId, asOf: compareWith }),
      this.statuses.progressByRecommendation({ eventId, asOf }),
      this.statuses.pairs({ eventId, asOf }),
      this.statuses.pairs({ eventId, asOf: compareWith }),
      this.dataSource
        .getRepository(Recommendation)
        .find({ where: { eventId }, order: { position: 'ASC' } }),
    ]);
    const tables = await this.measureTables.tables(recs, asOf);
    const beforeByPair = new Map(pairsBefore.map((p) => [p.pairId, p]));
    const pairsByRec = groupBy(pairsNow, (p) => p.recommendationId);
    const recByRef = new Map(recs.map((r) => [r.ref, r]));
    const article = (ref: string, number: string): RecommendationArticleView => {
      const r = recByRef.get(ref) as Recommendation;
      const figures: ProgressFigures = byRec.get(r.id) ?? progressFromCounts(countByStatus([]));
      return {
        ...recommendationArticle(
          number,
          r,
          figures,
          pairsByRec.get(r.id) ?? [],
          beforeByPair,
          edition,
        ),
        measure: tables.get(r.id) ?? null,
      };
    };

    const groups = [
      ...event.sessions.map((s) => ({
        title: `Session ${s.number}: ${s.title}`,
        refs: s.recommendations.map((r) => r.ref),
      })),
      ...(event.otherRecommendations.length
        ? [{ title: 'Other recommendations', refs: event.otherRecommendations.map((r) => r.ref) }]
        : []),
    ].filter((g) => g.refs.length > 0);
    const sections = groups.map((g, i) => ({
      number: String(i + 2),
      title: g.title,
      recommendations: g.refs.map((ref, j) => article(ref, `${i + 2}.${j + 1}`)),
    }));
    const articles = sections.flatMap((s) => s.recommendations);
    const annex = annexView(
      recs.map((r) => ({ ref: r.ref, title: r.title })),
      pairsNow,
      query.annex,
    );

    // Each State's progress index over this event's recommendations, for the map.
    const mapValues = new Map(
      [...groupBy(pairsNow, (p) => p.subject.code)].map(([code, list]) => [
        code,
        progressFromCounts(countByStatus(list.map((p) => p.status))).progressIndex,
      ]),
    );
    const charts = {
      distribution: statusDistribution(now.counts, {
        id: 'summary',
        label: `Pairs by status as of ${asOf}`,
      }),
      // Shades fitted to the States' range: on a scale of 0..1 most would share two light shades.
      map: osceMap(mapValues, {
        id: 'summary',
        label: `Progress index as of ${asOf}`,
        scale: 'fitted',
      }),
      heatmap:
        annex.as === 'heatmap'
          ? annexHeatmap(annex, { id: 'annex', label: `Ratings by State as of ${asOf}` })
          : [],
    };

    const view: EventReportView = {
      charts,
      meta: reportMeta('Progress report', event.title, dates, demoData, {
        short: sharedRefPrefix(recs.map((r) => r.ref)) ?? event.slug,
        subject: `Implementation of the recommendations of ${event.title}: status as of ${asOf}, compared with ${compareWith}`,
      }),
      empty:
        recs.length === 0
          ? 'This event has no recommendations yet: there is nothing to report on.'
          : null,
      event: {
        title: event.title,
        slug: event.slug,
        dates: eventDatesText(event.startDate, event.endDate),
        place: [event.venue, event.city, event.country?.name].filter(Boolean).join(', ') || null,
      },
      summary: {
        figures: figureViews(now, before),
        counts: countViews(now.counts),
        pairs: now.pairs,
        recommendations: recs.length,
        movedUp: articles.reduce((n, a) => n + a.up.length, 0),
        movedDown: articles.reduce((n, a) => n + a.down.length, 0),
      },
      sections,
      measureRules: articles.flatMap((a) => (a.measure ? [a.measure.rule] : [])),
      annex,
    };
    return {
      template: 'event',
      view,
      fileName: `progress-report-${event.slug}-${asOf}-${edition}`,
    };
  }
}
