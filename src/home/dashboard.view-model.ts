import type { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import {
  emptyCounts,
  progressFromCounts,
  type ProgressFigures,
  type StatusCounts,
} from '../assessments/progress.js';
import { percent } from '../common/views/hbs-helpers.js';
import { figureLines } from '../reports/charts/index.js';
import { figureViews } from '../reports/report-figures.js';
import { moveKind } from '../reports/report-view.js';
import type { Region } from '../states/regions.js';
import type { GroupTransition } from './dashboard.repository.js';

/** One of the three figures with its change since the comparison date, in words and arrows. */
export interface FigureChangeView {
  label: string;
  value: string;
  before: string;
  /** "▲ 4 pts", "▼ 2 pts", "no change" or "no earlier figure": text, never colour alone. */
  change: string;
  direction: 'up' | 'down' | 'same' | 'unknown';
}

export interface BreakdownRow {
  label: string;
  href: string | null;
  pairs: number;
  rate: string;
  index: string;
  coverage: string;
  /** For sorting: the progress index, null where nothing is known. */
  progressIndex: number | null;
}

export interface MovedView {
  up: number;
  down: number;
  other: number;
  all: number;
}

export interface TrendRow {
  label: string;
  rate: string;
  index: string;
  coverage: string;
}

/** Pairs counted by status at both dates, from the grouped transitions of a breakdown. */
export interface CountsAtTwoDates {
  before: StatusCounts;
  now: StatusCounts;
}

/** Sums transitions into counts by status at the earlier and the later date, by group key. */
export function countsByGroup(
  rows: readonly GroupTransition[],
): Map<number | null, CountsAtTwoDates> {
  const groups = new Map<number | null, CountsAtTwoDates>();
  for (const row of rows) {
    const g = groups.get(row.key) ?? { before: emptyCounts(), now: emptyCounts() };
    g.before[row.was] += row.n;
    g.now[row.now] += row.n;
    groups.set(row.key, g);
  }
  return groups;
}

/** Counts at both dates over every group. */
export function totalCounts(rows: readonly GroupTransition[]): CountsAtTwoDates {
  return (
    countsByGroup(rows.map((r) => ({ ...r, key: 0 }))).get(0) ?? {
      before: emptyCounts(),
      now: emptyCounts(),
    }
  );
}

/** How many pairs moved up, down or otherwise between the two dates (the reports' rule). */
export function movedCounts(
  rows: readonly { was: ImplementationStatus; now: ImplementationStatus; n: number }[],
): MovedView {
  const moved = { up: 0, down: 0, other: 0, all: 0 };
  for (const row of rows) {
    const kind = moveKind(row.was, row.now);
    if (!kind) continue;
    moved[kind] += row.n;
    moved.all += row.n;
  }
  return moved;
}

/** The three figures now and their change since the earlier date. */
export function figureChanges(now: ProgressFigures, before: ProgressFigures): FigureChangeView[] {
  return figureViews(now, before).map((f) => ({
    label: f.label,
    value: f.value,
    before: f.before,
    direction: f.direction,
    change:
      f.direction === 'up'
        ? `▲ ${f.change.slice(1)}`
        : f.direction === 'down'
          ? `▼ ${f.change.slice(1)}`
          : f.direction === 'same'
            ? 'no change'
            : 'no earlier figure',
  }));
}

/** Rows of a breakdown table, highest progress index first (unknown last, then by name). */
export function breakdownRows(
  groups: readonly { label: string; href: string | null; counts: StatusCounts }[],
): BreakdownRow[] {
  return groups
    .map(({ label, href, counts }) => {
      const p = progressFromCounts(counts);
      return {
        label,
        href,
        pairs: p.pairs,
        rate: percent(p.implementationRate),
        index: percent(p.progressIndex),
        coverage: percent(p.coverage),
        progressIndex: p.progressIndex,
      };
    })
    .sort(
      (a, b) =>
        (b.progressIndex ?? -1) - (a.progressIndex ?? -1) || a.label.localeCompare(b.label, 'en'),
    );
}

/** A row of the trend table: the three figures at one date. */
export function trendRow(label: string, p: ProgressFigures): TrendRow {
  return {
    label,
    rate: percent(p.implementationRate),
    index: percent(p.progressIndex),
    coverage: percent(p.coverage),
  };
}

/**
 * The dates of the trend: the end of each year from the first assessment's year to the year
 * before `asOf` (the latest `max - 1` of them), then `asOf` itself.
 */
export function trendDates(firstAssessedOn: string | null, asOf: string, max = 20): string[] {
  const lastYear = Number(asOf.slice(0, 4)) - 1;
  const firstYear = firstAssessedOn ? Number(firstAssessedOn.slice(0, 4)) : lastYear + 1;
  const years: string[] = [];
  for (let y = Math.max(firstYear, lastYear - (max - 2)); y <= lastYear; y += 1) {
    years.push(`${String(y).padStart(4, '0')}-12-31`);
  }
  return [...years, asOf];
}

/** What the dashboard reads, for `dashboardAnswers` to shape. */
export interface DashboardReads {
  asOf: string;
  compareWith: string;
  byState: readonly GroupTransition[];
  byEvent: readonly GroupTransition[];
  byTheme: readonly GroupTransition[];
  events: readonly { id: number; slug: string; title: string }[];
  themes: readonly { id: number; slug: string; title: string }[];
  /** The region of each State id; pairs of organisations fall in `otherRegion`. */
  regionOfState: ReadonlyMap<number, Region>;
  otherRegion: Region;
  regions: readonly Region[];
  /** The figures at each date of the trend; `chartLabel` may break in two lines. */
  trend: readonly { date: string; label: string; chartLabel: string; figures: ProgressFigures }[];
}

export interface DashboardAnswers {
  asOf: string;
  compareWith: string;
  figures: FigureChangeView[];
  pairs: number;
  moved: MovedView;
  trend: { chart: string; rows: TrendRow[] };
  byEvent: BreakdownRow[];
  byTheme: BreakdownRow[];
  byRegion: BreakdownRow[];
}

/** The dashboard's answers: figures and their change, what moved, the trend and breakdowns. */
export function dashboardAnswers(reads: DashboardReads): DashboardAnswers {
  const total = totalCounts(reads.byState);
  const now = progressFromCounts(total.now);
  const events = countsByGroup(reads.byEvent);
  const themes = countsByGroup(reads.byTheme);
  const regions = new Map<string, StatusCounts>();
  for (const [stateId, counts] of countsByGroup(reads.byState)) {
    const region =
      stateId === null
        ? reads.otherRegion
        : (reads.regionOfState.get(stateId) ?? reads.otherRegion);
    const sum = regions.get(region.key) ?? emptyCounts();
    for (const [status, n] of Object.entries(counts.now)) sum[status as ImplementationStatus] += n;
    regions.set(region.key, sum);
  }
  return {
    asOf: reads.asOf,
    compareWith: reads.compareWith,
    figures: figureChanges(now, progressFromCounts(total.before)),
    pairs: now.pairs,
    moved: movedCounts(reads.byState),
    trend: {
      chart: figureLines(
        reads.trend.map((t) => t.chartLabel),
        [
          {
            label: 'Implementation rate',
            values: reads.trend.map((t) => t.figures.implementationRate),
          },
          { label: 'Progress index', values: reads.trend.map((t) => t.figures.progressIndex) },
          { label: 'Coverage', values: reads.trend.map((t) => t.figures.coverage) },
        ],
        {
          id: 'trend',
          label: 'Implementation rate, progress index and coverage over time',
          width: 800,
          plotHeight: 200,
        },
      ),
      rows: reads.trend.map((t) => trendRow(t.label, t.figures)),
    },
    byEvent: breakdownRows(
      reads.events.map((e) => ({
        label: e.title,
        href: `/events/${encodeURIComponent(e.slug)}`,
        counts: events.get(e.id)?.now ?? emptyCounts(),
      })),
    ),
    byTheme: breakdownRows(
      reads.themes
        .filter((t) => themes.has(t.id))
        .map((t) => ({
          label: t.title,
          href: `/themes/${encodeURIComponent(t.slug)}`,
          counts: themes.get(t.id)?.now ?? emptyCounts(),
        })),
    ),
    byRegion: breakdownRows(
      reads.regions
        .filter((r) => regions.has(r.key))
        .map((r) => ({
          label: r.label,
          href: r.key === reads.otherRegion.key ? null : `/matrix?region=${r.key}`,
          counts: regions.get(r.key) ?? emptyCounts(),
        })),
    ),
  };
}
