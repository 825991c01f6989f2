import { NotFoundError } from '../common/errors.js';
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
import { Theme } from '../themes/theme.entity.js';
import { stackedStatusBars, statusDistribution } from './charts/index.js';
import type { AnnexReportQueryDto } from './dto/report-query.dto.js';
import { MeasureTablesService } from './measure-tables.js';
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
  type AnnexView,
  type CountView,
  type RecommendationArticleView,
  type ReportDocument,
  type ReportMeta,
} from './report-view.js';

export interface ThemeReportView {
  meta: ReportMeta;
  /** Set when there is nothing to report (no recommendation has the theme): the one line printed instead. */
  empty: string | null;
  theme: { title: string; slug: string };
  summary: {
    figures: FigureView[];
    counts: CountView[];
    pairs: number;
    recommendations: number;
    events: number;
    movedUp: number;
    movedDown: number;
    /** The figures of each event's recommendations on this theme; empty when only one event has any. */
    byEvent: { title: string; recommendations: number; figures: ProgressFigures }[];
  };
  sections: {
    number: string;
    title: string;
    dates: string | null;
    figures: ProgressFigures;
    recommendations: RecommendationArticleView[];
  }[];
  annex: AnnexView;
  /** The rules of the recommendations measured by facts it covers, for the method section. */
  measureRules: string[];
  /** Inline SVGs drawn by the charts module, every data text escaped there. */
  charts: {
    distribution: string;
    /** Each recommendation's bar; empty with a single recommendation (its own bar says it all). */
    overview: string;
    /** One figure per printed page; none when the annex prints as a table. */
    heatmap: string[];
  };
}

/**
 * The theme report: every recommendation of one theme across the events, with the same figures
 * as the progress API for that theme, as of any date, in an internal or a public edition.
 */
@Injectable()
export class ThemeReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly statuses: StatusesRepository,
    private readonly measureTables: MeasureTablesService,
  ) {}

  async build(
    slug: string,
    query: AnnexReportQueryDto,
    demoData = false,
  ): Promise<ReportDocument<ThemeReportView>> {
    const theme = await this.dataSource.getRepository(Theme).findOneBy({ slug });
    if (!theme) throw new NotFoundError(`No theme with slug "${slug}"`);
    const themeId = theme.id;
    const dates = reportDates(query);
    const { asOf, compareWith, edition } = dates;
    const [now, before, byRec, pairsNow, pairsBefore, recs, eventOrder] = await Promise.all([
      this.statuses.progress({ themeId, asOf }),
      this.statuses.progress({ themeId, asOf: compareWith }),
      this.statuses.progressByRecommendation({ themeId, asOf }),
      this.statuses.pairs({ themeId, asOf }),
      this.statuses.pairs({ themeId, asOf: compareWith }),
      this.dataSource.getRepository(Recommendation).find({
        where: { themes: { id: themeId } },
        relations: { event: true },
        order: { position: 'ASC' },
      }),
      this.events.list(),
    ]);
    const tables = await this.measureTables.tables(recs, asOf);
    const beforeByPair = new Map(pairsBefore.map((p) => [p.pairId, p]));
    const pairsByRec = groupBy(pairsNow, (p) => p.recommendationId);
    const figuresOf = (id: number): ProgressFigures =>
      byRec.get(id) ?? progressFromCounts(countByStatus([]));

    // Events in the order of the events list (by date); within each, the source's order.
    const order = new Map(eventOrder.map((e, i) => [e.slug, i]));
    const groups = [...groupBy(recs, (r) => r.eventId)].sort(
      ([a, ra], [b, rb]) =>
        (order.get(ra[0].event?.slug ?? '') ?? Infinity) -
          (order.get(rb[0].event?.slug ?? '') ?? Infinity) || a - b,
    );
    const sections = groups.map(([eventId, list], i) => {
      const event = list[0].event;
      const pairs = list.flatMap((r) => pairsByRec.get(r.id) ?? []);
      return {
        number: String(i + 2),
        title: event?.title ?? `Event ${eventId}`,
        dates: eventDatesText(event?.startDate ?? null, event?.endDate ?? null),
        figures: progressFromCounts(countByStatus(pairs.map((p) => p.status))),
        recommendations: list.map((r, j) => ({
          ...recommendationArticle(
            `${i + 2}.${j + 1}`,
            r,
            figuresOf(r.id),
            pairsByRec.get(r.id) ?? [],
            beforeByPair,
            edition,
          ),
          measure: tables.get(r.id) ?? null,
        })),
      };
    });
    const articles = sections.flatMap((s) => s.recommendations);
    const ordered = groups.flatMap(([, list]) => list);
    const annex = annexView(
      ordered.map((r) => ({ ref: r.ref, title: r.title })),
      pairsNow,
      query.annex,
    );

    const charts = {
      distribution: statusDistribution(now.counts, {
        id: 'summary',
        label: `${theme.title}: pairs by status as of ${asOf}`,
      }),
      overview:
        articles.length < 2
          ? ''
          : stackedStatusBars(
              articles.map((a) => ({ label: `${a.ref} ${a.title}`, counts: a.figures.counts })),
              {
                id: 'overview',
                label: `${theme.title}: each recommendation by status as of ${asOf}`,
                labelWidth: 240,
                legend: true,
              },
            ),
      heatmap:
        annex.as === 'heatmap'
          ? annexHeatmap(annex, { id: 'annex', label: `Ratings by State as of ${asOf}` })
          : [],
    };

    const view: ThemeReportView = {
      charts,
      meta: reportMeta('Theme report', theme.title, dates, demoData, {
        short: theme.title,
        subject: `Implementation of the recommendations on ${theme.title}: status as of ${asOf}, compared with ${compareWith}`,
      }),
      empty:
        recs.length === 0
          ? 'No recommendation has this theme yet: there is nothing to report on.'
          : null,
      theme: { title: theme.title, slug: theme.slug },
      summary: {
        figures: figureViews(now, before),
        counts: countViews(now.counts),
        pairs: now.pairs,
        recommendations: recs.length,
        events: sections.length,
        movedUp: articles.reduce((n, a) => n + a.up.length, 0),
        movedDown: articles.reduce((n, a) => n + a.down.length, 0),
        byEvent:
          sections.length > 1
            ? sections.map((s) => ({
                title: s.title,
                recommendations: s.recommendations.length,
                figures: s.figures,
              }))
            : [],
      },
      sections,
      annex,
      measureRules: articles.flatMap((a) => (a.measure ? [a.measure.rule] : [])),
    };
    return {
      template: 'theme',
      view,
      fileName: `theme-report-${theme.slug}-${asOf}-${edition}`,
    };
  }
}
