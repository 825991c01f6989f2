import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ImplementationStatus, STATUS_INFO } from '../assessments/implementation-status.enum.js';
import {
  countByStatus,
  progressFromCounts,
  type ProgressFigures,
  type StatusCounts,
} from '../assessments/progress.js';
import { statusBadge, type StatusBadge } from '../assessments/status-view.js';
import { StatusesRepository, type PairRow } from '../assessments/statuses.repository.js';
import { today } from '../common/dates.js';
import { EventsService } from '../events/events.service.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import type { Edition, ReportQueryDto } from './dto/report-query.dto.js';
import { osceMap, stackedStatusBar, statusDistribution, statusHeatmap } from './charts/index.js';
import { figureViews, yearBefore, type FigureView } from './report-figures.js';

const RANK = new Map(STATUS_INFO.map((s, i) => [s.value, i]));

export interface ReportMeta {
  title: string;
  subtitle: string;
  asOf: string;
  compareWith: string;
  edition: Edition;
  editionLabel: string;
  generatedOn: string;
  demoData: boolean;
}

export interface CountView {
  label: string;
  short: string;
  status: ImplementationStatus;
  count: number;
}

export interface NotableView {
  name: string;
  code: string;
  before: StatusBadge;
  now: StatusBadge;
  assessedOn: string | null;
  note: string | null;
  /** Internal edition only. */
  internalNote: string | null;
  author: string | null;
}

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
 * Builds the plain view-models of the printable reports from the same progress functions as the
 * pages and the API, as of any date, in an internal or a public edition.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly lookups: LookupsService,
    private readonly statuses: StatusesRepository,
  ) {}

  async eventReport(
    slug: string,
    query: ReportQueryDto,
    demoData = false,
  ): Promise<EventReportView> {
    const event = await this.events.get(slug);
    const { id: eventId } = await this.lookups.event(slug);
    const asOf = query.asOf ?? today();
    const compareWith = query.compareWith ?? yearBefore(asOf);
    const edition = query.edition ?? 'internal';
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
        const change = (RANK.get(p.status) ?? 0) - (RANK.get(was) ?? 0);
        const na = ImplementationStatus.NotApplicable;
        if (change === 0 || p.status === na || was === na) continue;
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

    return {
      charts,
      meta: {
        title: 'Progress report',
        subtitle: event.title,
        asOf,
        compareWith,
        edition,
        editionLabel: edition === 'public' ? 'Public edition' : 'Internal edition',
        generatedOn: today(),
        demoData,
      },
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
  }
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function countViews(counts: StatusCounts): CountView[] {
  return STATUS_INFO.map((s) => ({
    label: s.label,
    short: s.fatf ?? '–',
    status: s.value,
    count: counts[s.value],
  }));
}

function notableView(p: PairRow, was: ImplementationStatus, edition: Edition): NotableView {
  return {
    name: p.subject.name,
    code: p.subject.code,
    before: statusBadge(was),
    now: statusBadge(p.status),
    assessedOn: p.assessedOn,
    note: p.note,
    internalNote: edition === 'internal' ? p.internalNote : null,
    author: edition === 'internal' ? p.author : null,
  };
}
