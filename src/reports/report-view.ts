import type { MeasureTableView } from './measure-tables.js';
import { type DatedJudgement, statusAsOf } from '../assessments/as-of.js';
import { ImplementationStatus, STATUS_INFO } from '../assessments/implementation-status.enum.js';
import {
  countByStatus,
  emptyCounts,
  progressFromCounts,
  type ProgressFigures,
  type StatusCounts,
} from '../assessments/progress.js';
import { statusBadge, type StatusBadge } from '../assessments/status-view.js';
import type { PairRow, StateStatus } from '../assessments/statuses.repository.js';
import { today } from '../common/dates.js';
import { percent } from '../common/views/hbs-helpers.js';
import { stackedStatusBar } from './charts/stacked-bar.js';
import { statusHeatmapPages, type HeatmapOptions } from './charts/heatmap.js';
import type { AnnexForm, Edition, ReportQueryDto } from './dto/report-query.dto.js';
import { yearBefore } from './report-figures.js';

/** What every report prints on its cover and in its running header and footer. */
export interface ReportMeta {
  /** The kind of report, e.g. "Progress report" or "State report". */
  title: string;
  /** What it is about, e.g. the event title or the State name. */
  subtitle: string;
  asOf: string;
  compareWith: string;
  edition: Edition;
  editionLabel: string;
  generatedOn: string;
  demoData: boolean;
  /** The dates as the running header and footer print them, e.g. "As of 2010-12-31". */
  dateLine: string;
  /**
   * What the running header calls the report: short enough never to be cut, e.g.
   * "Progress report · JEW" or "Recommendation report · JEW-II.9".
   */
  shortTitle: string;
  /** One sentence on what the report covers: the PDF's Subject. */
  subject: string;
  /** What the report is narrowed to, in words (the State report's filters); null: not narrowed. */
  selection?: string | null;
}

/**
 * Text that a secretariat writes around the figures, printed where present: an introduction
 * before the summary, a conclusion after a recommendation (by its ref) and an overall conclusion
 * at the end. HTML, printed as it is: whoever stores it sanitises it first.
 */
export interface ReportNarrative {
  introduction?: string;
  conclusions?: Record<string, string>;
  overallConclusion?: string;
}

/** A report ready to render: the template under views/reports, its view-model, a file name. */
export interface ReportDocument<
  V extends {
    meta: ReportMeta;
    narrative?: ReportNarrative;
    empty?: string | null;
    measureRules?: string[];
  } = {
    meta: ReportMeta;
    narrative?: ReportNarrative;
    empty?: string | null;
    /** The rules of the recommendations measured by facts it covers, for the method section. */
    measureRules?: string[];
  },
> {
  template: string;
  view: V;
  /** File name without extension, e.g. "state-report-KAZ-2010-12-31-public". */
  fileName: string;
  /**
   * Parts read and rendered one at a time where the template prints `{{{partsMark}}}` (the State
   * report's events), so that a long report is never held whole: each is rendered with `template`
   * under views/reports and dropped before the next is read.
   */
  parts?: ReportParts;
  /**
   * The printed pages the report is expected to take, estimated from what it holds (see
   * `estimatePages`); left out, the PDF printer estimates them from the HTML.
   */
  pages?: number;
  /** The figures of the pairs the report covers, at its date (a document's method section). */
  figures?: ProgressFigures;
  /** How the report can be narrowed, said when its PDF would be too long (see PdfService.admit). */
  narrowing?: string;
}

/** Parts of a report rendered in turn (see ReportDocument.parts). */
export interface ReportParts {
  template: string;
  read(): AsyncIterable<object>;
}

export interface CountView {
  label: string;
  short: string;
  status: ImplementationStatus;
  count: number;
}

/** A pair whose status changed between the comparison date and the as-of date. */
export interface NotableView {
  name: string;
  code: string;
  before: StatusBadge;
  now: StatusBadge;
  assessedOn: string | null;
  note: string | null;
  /** Internal edition only. */
  internalNote: string | null;
  /** Internal edition only. */
  author: string | null;
}

/** Position of each status on the scale, for "moved up" and "moved down". */
export const STATUS_RANK = new Map(STATUS_INFO.map((s, i) => [s.value, i]));

/**
 * +1 when a pair moved up the scale from `was` to `now`, -1 when it moved down, 0 otherwise: the
 * rule of `moveKind`, so that every report counts the same moves.
 */
export function direction(was: ImplementationStatus, now: ImplementationStatus): -1 | 0 | 1 {
  const kind = moveKind(was, now);
  return kind === 'up' ? 1 : kind === 'down' ? -1 : 0;
}

/** The dates and edition of a report query with their defaults filled in. */
export function reportDates(query: ReportQueryDto): {
  asOf: string;
  compareWith: string;
  edition: Edition;
} {
  const asOf = query.asOf ?? today();
  return {
    asOf,
    compareWith: query.compareWith ?? yearBefore(asOf),
    edition: query.edition ?? 'internal',
  };
}

/** What a report says of itself besides its kind, subject and dates (see ReportMeta). */
export interface ReportNames {
  /** What it is about, short: an event's code, a State's name, a ref. */
  short: string;
  subject: string;
  /** Default "As of <asOf>". */
  dateLine?: string;
}

export function reportMeta(
  title: string,
  subtitle: string,
  dates: { asOf: string; compareWith: string; edition: Edition },
  demoData: boolean,
  names: ReportNames,
): ReportMeta {
  return {
    title,
    subtitle,
    ...dates,
    editionLabel: dates.edition === 'public' ? 'Public edition' : 'Internal edition',
    generatedOn: today(),
    demoData,
    dateLine: names.dateLine ?? `As of ${dates.asOf}`,
    shortTitle: `${title} · ${names.short}`,
    subject: names.subject,
  };
}

/**
 * The short name of a set of recommendations for a running header: the prefix their refs share
 * ("JEW" for JEW-I.1 ... JEW-IV.8), else null.
 */
export function sharedRefPrefix(refs: readonly string[]): string | null {
  const prefixes = new Set(refs.map((ref) => /^([^-.\s]+)[-.]/.exec(ref)?.[1] ?? ''));
  const [only] = prefixes;
  return prefixes.size === 1 && only ? only : null;
}

export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export function countViews(counts: StatusCounts): CountView[] {
  return STATUS_INFO.map((s) => ({
    label: s.label,
    short: s.fatf ?? '–',
    status: s.value,
    count: counts[s.value],
  }));
}

/** What an edition may print of an assessment's internal note and author. */
export function editionNotes(
  row: { internalNote: string | null; author: string | null },
  edition: Edition,
): { internalNote: string | null; author: string | null } {
  return edition === 'internal'
    ? { internalNote: row.internalNote, author: row.author }
    : { internalNote: null, author: null };
}

export function notableView(p: PairRow, was: ImplementationStatus, edition: Edition): NotableView {
  return {
    name: p.subject.name,
    code: p.subject.code,
    before: statusBadge(was),
    now: statusBadge(p.status),
    assessedOn: p.assessedOn,
    note: p.note,
    ...editionNotes(p, edition),
  };
}

/** One assessment as the history and period reports print it. */
export interface AssessmentLineView {
  assessedOn: string;
  status: StatusBadge;
  note: string | null;
  evidenceUrl: string | null;
  evidenceCitation: string | null;
  /** Internal edition only. */
  internalNote: string | null;
  /** Internal edition only. */
  author: string | null;
  /** The assessment in force at the report's date (the latest by assessedOn, then id). */
  inForce: boolean;
}

export function assessmentLineView(
  row: {
    id: number;
    status: ImplementationStatus;
    assessedOn: string;
    note: string | null;
    internalNote: string | null;
    evidenceUrl: string | null;
    evidenceCitation: string | null;
    author: string | null;
  },
  edition: Edition,
  inForceId: number | null,
): AssessmentLineView {
  return {
    assessedOn: row.assessedOn,
    status: statusBadge(row.status),
    note: row.note,
    evidenceUrl: row.evidenceUrl,
    evidenceCitation: row.evidenceCitation,
    ...editionNotes(row, edition),
    inForce: row.id === inForceId,
  };
}

/** The ranked statuses, not implemented to implemented: the only ones between which a pair moves up or down. */
const RATED = new Set([
  ImplementationStatus.NotImplemented,
  ImplementationStatus.PartiallyImplemented,
  ImplementationStatus.MostlyImplemented,
  ImplementationStatus.Implemented,
]);

/**
 * How a pair's status changed from `was` to `now`: `up` or `down` the scale when both are rated
 * (not implemented ... implemented); `other` when either end is "no information" or "not
 * applicable" (first information, information withdrawn, a change of applicability); null when it
 * did not change.
 */
export function moveKind(
  was: ImplementationStatus,
  now: ImplementationStatus,
): 'up' | 'down' | 'other' | null {
  if (was === now) return null;
  if (!RATED.has(was) || !RATED.has(now)) return 'other';
  return (STATUS_RANK.get(now) ?? 0) > (STATUS_RANK.get(was) ?? 0) ? 'up' : 'down';
}

/**
 * Each pair's status at each of `dates` (YYYY-MM-DD, any order) by the as-of rule (`statusAsOf`):
 * its latest assessment dated on or before the date, the later recorded on the same date; "no
 * information" before the first. Returns one count by status per date.
 */
export function countsAtDates(
  pairIds: readonly number[],
  assessmentsByPair: ReadonlyMap<number, readonly DatedJudgement[]>,
  dates: readonly string[],
): StatusCounts[] {
  const result = dates.map(() => emptyCounts());
  for (const pairId of pairIds) {
    const list = assessmentsByPair.get(pairId) ?? [];
    dates.forEach((date, i) => {
      result[i][statusAsOf(list, date)] += 1;
    });
  }
  return result;
}

/** The States that moved up and down the scale between two dates, among some pairs. */
export function movers(
  pairs: readonly PairRow[],
  beforeByPair: ReadonlyMap<number, PairRow>,
  edition: Edition,
): { up: NotableView[]; down: NotableView[] } {
  const up: NotableView[] = [];
  const down: NotableView[] = [];
  for (const p of pairs) {
    const was = beforeByPair.get(p.pairId)?.status ?? p.status;
    const change = direction(was, p.status);
    if (change === 0) continue;
    (change > 0 ? up : down).push(notableView(p, was, edition));
  }
  return { up, down };
}

/** A recommendation as the theme (and event) reports print it, with its bar and movers. */
export interface RecommendationArticleView {
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
  /** Names of the States (and organisations) that implemented it. */
  implemented: string[];
  /** The facts behind the statuses, for a recommendation measured by facts (event, theme reports). */
  measure?: MeasureTableView | null;
}

export function recommendationArticle(
  number: string,
  rec: { ref: string; title: string; text: string },
  figures: ProgressFigures,
  pairs: readonly PairRow[],
  beforeByPair: ReadonlyMap<number, PairRow>,
  edition: Edition,
): RecommendationArticleView {
  return {
    number,
    // The counts print once: in the bar's legend (the table beside it is for the screen).
    bar: stackedStatusBar(figures.counts, {
      id: `rec-${number}`,
      label: `${rec.ref} by status`,
      height: 22,
      legend: true,
    }),
    ref: rec.ref,
    title: rec.title,
    text: rec.text,
    figures,
    counts: countViews(figures.counts),
    ...movers(pairs, beforeByPair, edition),
    implemented: pairs
      .filter((p) => p.status === ImplementationStatus.Implemented)
      .map((p) => p.subject.name)
      .sort((a, b) => a.localeCompare(b)),
  };
}

/** The annex matrix: a row per State (organisations last), a cell per column, null out of scope. */
export interface AnnexView {
  /** Printed as a heatmap (default) or as a table: the ratings once, either way. */
  as: AnnexForm;
  columns: { ref: string; title: string }[];
  rows: { name: string; code: string; cells: (StatusBadge | null)[] }[];
}

export function annexView(
  columns: readonly { ref: string; title: string }[],
  pairs: readonly PairRow[],
  as: AnnexForm = 'heatmap',
): AnnexView {
  const index = new Map(columns.map((c, i) => [c.ref, i]));
  const rows = new Map<string, AnnexView['rows'][number] & { organisation: boolean }>();
  for (const p of pairs) {
    const i = index.get(p.recommendation);
    if (i === undefined) continue;
    const key = `${p.subject.kind}:${p.subject.code}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        name: p.subject.name,
        code: p.subject.code,
        organisation: p.subject.kind === 'organisation',
        cells: columns.map(() => null),
      };
      rows.set(key, row);
    }
    row.cells[i] = statusBadge(p.status);
  }
  return {
    as,
    columns: columns.map(({ ref, title }) => ({ ref, title })),
    rows: [...rows.values()]
      .sort(
        (a, b) => Number(a.organisation) - Number(b.organisation) || a.name.localeCompare(b.name),
      )
      .map(({ name, code, cells }) => ({ name, code, cells })),
  };
}

/**
 * The height a heatmap's grid may take on an A4 page under the annex's heading, in the charts' CSS
 * pixels (the page body is about 960): 58 rows of 13 pixels.
 */
const PAGE_GRID_HEIGHT = 760;

/** The heatmap of an annex matrix: one figure per printed page, text of at least 7 pt. */
export function annexHeatmap(annex: AnnexView, opts: HeatmapOptions): string[] {
  return statusHeatmapPages(
    {
      columns: annex.columns,
      rows: annex.rows.map((r) => ({
        code: r.code,
        name: r.name,
        cells: r.cells.map((c) => c?.status ?? null),
      })),
    },
    { maxGridHeight: PAGE_GRID_HEIGHT, ...opts },
  );
}

/** Each figure of DESIGN.md averaged over States, and how many States have it. */
export interface StateAverages {
  implementationRate: { mean: number | null; states: number };
  progressIndex: { mean: number | null; states: number };
  coverage: { mean: number | null; states: number };
  /** States tracked for any of the pairs. */
  tracked: number;
}

/** What "average of all States" means in the reports, printed with the figures. */
export const STATE_AVERAGE_DEFINITION =
  'Average of all States: each figure is worked out for every State over the same ' +
  'recommendations at the same date, then averaged with each State counting once (an ' +
  'unweighted mean, this State included). States for which a figure is undefined (nothing ' +
  'applicable, or no information yet) are left out of that figure’s average; organisations such ' +
  'as the OSCE are not States and never count.';

/**
 * The average of all States of each figure over some pairs, as STATE_AVERAGE_DEFINITION says:
 * each State's figures over its own pairs, then their unweighted mean (organisations have none).
 */
export function stateAverages(pairs: readonly StateStatus[]): StateAverages {
  const byState = groupBy(pairs, (p) => p.stateId);
  return averagesOfCounts(
    [...byState.values()].map((list) => countByStatus(list.map((p) => p.status))),
  );
}

/** The averages of all States (STATE_AVERAGE_DEFINITION) from each State's counts by status. */
export function averagesOfCounts(byState: readonly StatusCounts[]): StateAverages {
  const figures = byState.map((counts) => progressFromCounts(counts));
  const mean = (key: 'implementationRate' | 'progressIndex' | 'coverage') => {
    const values = figures.map((f) => f[key]).filter((v): v is number => v !== null);
    return {
      mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
      states: values.length,
    };
  };
  return {
    implementationRate: mean('implementationRate'),
    progressIndex: mean('progressIndex'),
    coverage: mean('coverage'),
    tracked: byState.length,
  };
}

/** One figure of a State set against the average of all States. */
export interface AverageFigureView {
  label: string;
  value: string;
  average: string;
  /** How many States the average is taken over. */
  states: number;
  /** State minus average in percentage points, signed, or "–". */
  difference: string;
  direction: 'up' | 'down' | 'same' | 'unknown';
}

export function averageFigureViews(
  figures: ProgressFigures,
  averages: StateAverages,
): AverageFigureView[] {
  const rows = [
    ['implementationRate', 'Implementation rate'],
    ['progressIndex', 'Progress index'],
    ['coverage', 'Coverage'],
  ] as const;
  return rows.map(([key, label]) => {
    const a = figures[key];
    const { mean, states } = averages[key];
    const base = { label, value: percent(a), average: percent(mean), states };
    if (a === null || mean === null) return { ...base, difference: '–', direction: 'unknown' };
    const points = Math.round(a * 100) - Math.round(mean * 100);
    return {
      ...base,
      difference: points === 0 ? '±0 pts' : `${points > 0 ? '+' : '−'}${Math.abs(points)} pts`,
      direction: points > 0 ? 'up' : points < 0 ? 'down' : 'same',
    };
  });
}

/** "2010-05-17 – 2010-05-18", one date when both are the same, null when unknown. */
export function eventDatesText(startDate: string | null, endDate: string | null): string | null {
  if (!startDate) return null;
  return `${startDate}${endDate && endDate !== startDate ? ` – ${endDate}` : ''}`;
}
