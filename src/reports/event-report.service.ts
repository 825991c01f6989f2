import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import {
  countByStatus,
  progressFromCounts,
  type ProgressFigures,
} from '../assessments/progress.js';
import { statusBadge, type StatusBadge } from '../assessments/status-view.js';
import { StatusesRepository } from '../assessments/statuses.repository.js';
import { EventsService } from '../events/events.service.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import type { ReportQueryDto } from './dto/report-query.dto.js';
import { osceMap, stackedStatusBar, statusDistribution, statusHeatmap } from './charts/index.js';
import { figureViews, type FigureView } from './report-figures.js';
import {
  countViews,
  direction,
  groupBy,
  notableView,
  reportDates,
  reportMeta,
  type CountView,
  type NotableView,
  type ReportDocument,
  type ReportMeta,
} from './report-view.js';

export interface RecommendationSectionView {
  number: string;
  /** Inline SVG drawn by the charts module, every data text escaped there. */
  bar: string;
  ref: string;
  title: string;
  text: string;
  figures: ProgressFigures;
  counts: CountView[];
  up: NotableView[];
  down: NotableView[];
  implemented: string[];
}

export interface EventReportView {
  meta: ReportMeta;
  event: { title: string; slug: string; dates: string | null; place: string | null };
  summary: {
    figures: FigureView[];
    counts: CountView[];
    pairs: number;
    recommendations: number;
    movedUp: number;
    movedDown: number;
  };
  sections: { number: string; title: string; recommendations: RecommendationSectionView[] }[];
  annex: {
    columns: { ref: string; title: string }[];
    rows: { name: string; code: string; cells: (StatusBadge | null)[] }[];
  };
  /** Inline SVGs drawn by the charts module, every data text escaped there. */
  charts: { distribution: string; map: string; heatmap: string };
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
  ) {}

  async build(
    slug: string,
    query: ReportQueryDto,
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
    const beforeByPair = new Map(pairsBefore.map((p) => [p.pairId, p]));
    const pairsByRec = groupBy(pairsNow, (p) => p.recommendationId);

    let movedUp = 0;
    let movedDown = 0;
    const section = (ref: string, number: string): RecommendationSectionView => {
      const r = recs.find((x) => x.ref === ref) as Recommendation;
      const pairs = pairsByRec.get(r.id) ?? [];
      const up: NotableView[] = [];
      const down: NotableView[] = [];
      for (const p of pairs) {
        const was = beforeByPair.get(p.pairId)?.status ?? p.status;
        const change = direction(was, p.status);
        if (change === 0) continue;
        const notable = notableView(p, was, edition);
        if (change > 0) up.push(notable);
        else down.push(notable);
      }
      movedUp += up.length;
      movedDown += down.length;
      const figures = byRec.get(r.id) as ProgressFigures;
      return {
        number,
        bar: stackedStatusBar(figures.counts, { id: `rec-${number}`, label: `${r.ref} by status` }),
        ref: r.ref,
        title: r.title,
        text: r.text,
        figures,
        counts: countViews(figures.counts),
        up,
        down,
        implemented: pairs
          .filter((p) => p.status === ImplementationStatus.Implemented)
          .map((p) => p.subject.name)
          .sort((a, b) => a.localeCompare(b)),
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
      recommendations: g.refs.map((ref, j) => section(ref, `${i + 2}.${j + 1}`)),
    }));

    const columns = recs.map((r) => ({ ref: r.ref, title: r.title }));
    const rows = new Map<string, { name: string; code: string; cells: (StatusBadge | null)[] }>();
    for (const p of pairsNow) {
      const row = rows.get(p.subject.code) ?? {
        name: p.subject.name,
        code: p.subject.code,
        cells: columns.map(() => null),
      };
      row.cells[columns.findIndex((c) => c.ref === p.recommendation)] = statusBadge(p.status);
      rows.set(p.subject.code, row);
    }

    // Each State's progress index over this event's recommendations, for the map.
    const mapValues = new Map(
      [...groupBy(pairsNow, (p) => p.subject.code)].map(([code, list]) => [
        code,
        progressFromCounts(countByStatus(list.map((p) => p.status))).progressIndex,
      ]),
    );
    const annexRows = [...rows.values()].sort((a, b) => a.name.localeCompare(b.name));
    const charts = {
      distribution: statusDistribution(now.counts, {
        id: 'summary',
        label: `Pairs by status as of ${asOf}`,
      }),
      map: osceMap(mapValues, { id: 'summary', label: `Progress index by State as of ${asOf}` }),
      heatmap: statusHeatmap(
        {
          columns,
          rows: annexRows.map((r) => ({
            code: r.code,
            name: r.name,
            cells: r.cells.map((c) => c?.status ?? null),
          })),
        },
        { id: 'annex', label: `Ratings by State as of ${asOf}` },
      ),
    };

    const view: EventReportView = {
      charts,
      meta: reportMeta('Progress report', event.title, dates, demoData),
      event: {
        title: event.title,
        slug: event.slug,
        dates: event.startDate
          ? `${event.startDate}${event.endDate && event.endDate !== event.startDate ? ` – ${event.endDate}` : ''}`
          : null,
        place: [event.venue, event.city, event.country?.name].filter(Boolean).join(', ') || null,
      },
      summary: {
        figures: figureViews(now, before),
        counts: countViews(now.counts),
        pairs: now.pairs,
        recommendations: recs.length,
        movedUp,
        movedDown,
      },
      sections,
      annex: {
        columns,
        rows: annexRows,
      },
    };
    return {
      template: 'event',
      view,
      fileName: `progress-report-${event.slug}-${asOf}-${edition}`,
    };
  }
}
