import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { loadInBatches } from '../common/batches.js';
import { ImplementationStatus, STATUS_INFO } from '../assessments/implementation-status.enum.js';
import { statusBadge, type StatusBadge } from '../assessments/status-view.js';
import { StatusesRepository } from '../assessments/statuses.repository.js';
import { today } from '../common/dates.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import { stackedStatusBars } from './charts/index.js';
import type { PeriodReportQueryDto } from './dto/period-report-query.dto.js';
import { MeasureTablesService, type MeasureTableView } from './measure-tables.js';
import { figureViews, yearBefore, type FigureView } from './report-figures.js';
import {
  assessmentLineView,
  countViews,
  groupBy,
  moveKind,
  reportMeta,
  type AssessmentLineView,
  type CountView,
  type ReportDocument,
  type ReportMeta,
} from './report-view.js';

type MoveKind = 'up' | 'down' | 'other';

/** One pair whose status on `to` differs from its status on `from`. */
export interface MoveView {
  ref: string;
  recommendationTitle: string;
  name: string;
  code: string;
  before: StatusBadge;
  now: StatusBadge;
  /** The assessments dated in (from, to] that took it there, oldest first. */
  assessments: AssessmentLineView[];
}

export interface MoveGroupView {
  kind: MoveKind;
  number: string;
  title: string;
  rule: string;
  moves: MoveView[];
  /** The same moves under their recommendation, in the order of the events and their lists. */
  recommendations: { ref: string; title: string; moves: MoveView[] }[];
}

/** Pairs assessed in the period whose status on `to` is the one they had on `from`, by recommendation. */
export interface UnchangedGroupView {
  ref: string;
  title: string;
  pairs: { name: string; status: StatusBadge; assessments: number }[];
}

export interface PeriodReportView {
  meta: ReportMeta;
  /** Set when there is nothing to report (no move, no assessment in the period): the one line printed instead. */
  empty: string | null;
  period: { from: string; to: string; event: string | null; theme: string | null };
  summary: {
    figures: FigureView[];
    countsFrom: CountView[];
    countsTo: CountView[];
    pairs: number;
    moved: { up: number; down: number; other: number; all: number };
    assessments: number;
  };
  /** Moved pairs by event, in event order. */
  byEvent: { title: string; up: number; down: number; other: number; all: number }[];
  /** From status (rows) to status (columns): how many pairs moved so; `same` on the diagonal. */
  transitions: {
    columns: StatusBadge[];
    rows: { from: StatusBadge; cells: { text: string; count: number; same: boolean }[] }[];
  };
  /** The groups with moves, each a section; a kind without any is said in the summary. */
  groups: MoveGroupView[];
  /** Every kind of move with its rule and count, for the summary. */
  kinds: { kind: MoveKind; title: string; rule: string; count: number }[];
  /** Pairs assessed in the period whose status on `to` is the one they had on `from`. */
  unchanged: UnchangedGroupView[];
  /** How many pairs `unchanged` lists, and its section's number (null when there is none). */
  unchangedCount: number;
  unchangedNumber: string | null;
  /**
   * The facts on `to` behind the statuses of the recommendations measured by facts in the
   * selection, each under its recommendation, and their section's number (null when none).
   */
  measured: { ref: string; title: string; measure: MeasureTableView }[];
  measuredNumber: string | null;
  /** The rules of those recommendations, for the method section. */
  measureRules: string[];
  /** Inline SVG drawn by the charts module, every data text escaped there. */
  charts: { beforeAfter: string };
}

const GROUPS: { kind: MoveKind; title: string; rule: string }[] = [
  {
    kind: 'up',
    title: 'Moved up',
    rule: 'From a rated status to a higher one on the scale not implemented (NC) < partially (PC) < mostly (LC) < implemented (C).',
  },
  {
    kind: 'down',
    title: 'Moved down',
    rule: 'From a rated status to a lower one on the same scale.',
  },
  {
    kind: 'other',
    title: 'Other changes',
    rule: 'Either end is “no information” or “not applicable”: information recorded for the first time, information withdrawn, or a change in whether the recommendation applies. These are not progress up or down the scale.',
  },
];

/**
 * The period report: every pair whose status at the end of a period differs from its status at
 * the start, grouped into moves up, down and other changes, each with the assessments dated in the
 * period; the figures at both dates. Five set-based reads, whatever the number of pairs.
 */
@Injectable()
export class PeriodReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lookups: LookupsService,
    private readonly statuses: StatusesRepository,
    private readonly measureTables: MeasureTablesService,
  ) {}

  async build(
    query: PeriodReportQueryDto,
    demoData = false,
  ): Promise<ReportDocument<PeriodReportView>> {
    const to = query.to ?? today();
    const from = query.from ?? yearBefore(to);
    const edition = query.edition ?? 'internal';
    const [event, theme] = await Promise.all([
      query.event ? this.lookups.event(query.event) : undefined,
      query.theme ? this.lookups.theme(query.theme) : undefined,
    ]);
    const filter = { eventId: event?.id, themeId: theme?.id };
    const [atTo, atFrom, pairsTo, pairsFrom, assessments] = await Promise.all([
      this.statuses.progress({ ...filter, asOf: to }),
      this.statuses.progress({ ...filter, asOf: from }),
      this.statuses.pairs({ ...filter, asOf: to }),
      this.statuses.pairs({ ...filter, asOf: from }),
      this.statuses.assessments(filter, { after: from, through: to }),
    ]);
    // The recommendations of the selection, in the order shown, for the facts behind them.
    const covered = [
      ...new Map(
        pairsTo.map((p) => [
          p.recommendationId,
          { id: p.recommendationId, ref: p.recommendation, title: p.recommendationTitle },
        ]),
      ).values(),
    ];
    const tables = await this.measureTables.tables(covered, to);
    const measured = covered.flatMap((r) => {
      const measure = tables.get(r.id);
      return measure ? [{ ref: r.ref, title: r.title, measure }] : [];
    });
    const fromByPair = new Map(pairsFrom.map((p) => [p.pairId, p.status]));
    const inPeriod = groupBy(assessments, (a) => a.pairId);

    const groups = new Map<MoveKind, MoveView[]>(GROUPS.map((g) => [g.kind, []]));
    const transitions = new Map<string, number>();
    const movedRecs = new Map<number, MoveKind[]>();
    const unchanged: {
      ref: string;
      title: string;
      name: string;
      status: StatusBadge;
      assessments: number;
    }[] = [];
    for (const p of pairsTo) {
      const was = fromByPair.get(p.pairId) ?? ImplementationStatus.NoInformation;
      const kind = moveKind(was, p.status);
      const lines = inPeriod.get(p.pairId) ?? [];
      if (!kind) {
        if (lines.length > 0) {
          unchanged.push({
            ref: p.recommendation,
            title: p.recommendationTitle,
            name: p.subject.name,
            status: statusBadge(p.status),
            assessments: lines.length,
          });
        }
        continue;
      }
      groups.get(kind)?.push({
        ref: p.recommendation,
        recommendationTitle: p.recommendationTitle,
        name: p.subject.name,
        code: p.subject.code,
        before: statusBadge(was),
        now: statusBadge(p.status),
        assessments: lines.map((a) => assessmentLineView(a, edition, p.assessmentId)),
      });
      const key = `${was}>${p.status}`;
      transitions.set(key, (transitions.get(key) ?? 0) + 1);
      const list = movedRecs.get(p.recommendationId) ?? [];
      list.push(kind);
      movedRecs.set(p.recommendationId, list);
    }

    const count = (kind: MoveKind): number => groups.get(kind)?.length ?? 0;
    const moved = {
      up: count('up'),
      down: count('down'),
      other: count('other'),
      all: count('up') + count('down') + count('other'),
    };

    // Sections only for the kinds of move that happened, numbered after the summary.
    const present = GROUPS.filter((g) => count(g.kind) > 0);
    const unchangedNumber = unchanged.length > 0 ? String(present.length + 2) : null;
    const measuredNumber =
      measured.length > 0 ? String(present.length + (unchangedNumber ? 3 : 2)) : null;
    const selection = [event?.title, theme ? `theme ${theme.title}` : undefined].filter(Boolean);

    const view: PeriodReportView = {
      meta: reportMeta(
        'Period report',
        [`${from} to ${to}`, ...selection].join(' · '),
        { asOf: to, compareWith: from, edition },
        demoData,
        {
          short: `${from} to ${to}`,
          subject: `Changes of status of the recommendations${selection.length ? ` (${selection.join(', ')})` : ''} after ${from}, up to and including ${to}`,
          dateLine: `Changes from ${from} to ${to}`,
        },
      ),
      empty:
        atTo.pairs === 0
          ? 'No recommendation of this selection is tracked for any State: there is nothing to report on.'
          : moved.all === 0 && unchanged.length === 0
            ? `No assessment is dated after ${from} up to ${to}: no status changed in this period.`
            : null,
      period: { from, to, event: event?.title ?? null, theme: theme?.title ?? null },
      summary: {
        figures: figureViews(atTo, atFrom),
        countsFrom: countViews(atFrom.counts),
        countsTo: countViews(atTo.counts),
        pairs: atTo.pairs,
        moved,
        assessments: assessments.length,
      },
      byEvent: await this.byEvent(movedRecs),
      transitions: {
        columns: STATUS_INFO.map((s) => statusBadge(s.value)),
        rows: STATUS_INFO.map((a) => ({
          from: statusBadge(a.value),
          cells: STATUS_INFO.map((b) => {
            if (a.value === b.value) return { text: '', count: 0, same: true };
            const n = transitions.get(`${a.value}>${b.value}`) ?? 0;
            return { text: n ? String(n) : '·', count: n, same: false };
          }),
        })),
      },
      kinds: GROUPS.map((g) => ({ ...g, count: count(g.kind) })),
      groups: present.map((g, i) => {
        const moves = groups.get(g.kind) ?? [];
        return {
          ...g,
          number: String(i + 2),
          moves,
          recommendations: [...groupBy(moves, (m) => m.ref)].map(([ref, list]) => ({
            ref,
            title: list[0].recommendationTitle,
            moves: list,
          })),
        };
      }),
      unchanged: [...groupBy(unchanged, (u) => u.ref)].map(([ref, list]) => ({
        ref,
        title: list[0].title,
        pairs: list.map(({ name, status, assessments: n }) => ({ name, status, assessments: n })),
      })),
      unchangedCount: unchanged.length,
      unchangedNumber,
      measured,
      measuredNumber,
      measureRules: measured.map((m) => m.measure.rule),
      charts: {
        beforeAfter: stackedStatusBars(
          [
            { label: `On ${from}`, counts: atFrom.counts },
            { label: `On ${to}`, counts: atTo.counts },
          ],
          {
            id: 'period',
            label: `Pairs by status on ${from} and on ${to}`,
            legend: true,
            height: 24,
            labelWidth: 110,
          },
        ),
      },
    };
    return {
      template: 'period',
      view,
      fileName: `period-report-${[from, to, query.event, query.theme].filter(Boolean).join('-')}-${edition}`,
    };
  }

  /** The moves counted by the event of their recommendation, events in order. */
  private async byEvent(movedRecs: Map<number, MoveKind[]>): Promise<PeriodReportView['byEvent']> {
    if (movedRecs.size === 0) return [];
    const recs = await loadInBatches([...movedRecs.keys()], (ids) =>
      this.dataSource.getRepository(Recommendation).find({
        where: { id: In(ids) },
        relations: { event: true },
      }),
    );
    const rows = new Map<number, PeriodReportView['byEvent'][number] & { start: string }>();
    for (const r of recs) {
      const row = rows.get(r.eventId) ?? {
        title: r.event?.title ?? '',
        start: r.event?.startDate ?? '9999',
        up: 0,
        down: 0,
        other: 0,
        all: 0,
      };
      for (const kind of movedRecs.get(r.id) ?? []) {
        row[kind] += 1;
        row.all += 1;
      }
      rows.set(r.eventId, row);
    }
    return [...rows.values()]
      .sort((a, b) => a.start.localeCompare(b.start) || a.title.localeCompare(b.title, 'en'))
      .map(({ start: _start, ...row }) => row);
  }
}
