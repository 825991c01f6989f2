import type { SubjectView } from '../assessments/assessment.view.js';
import { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import { countByStatus, progressFromCounts, type StatusCounts } from '../assessments/progress.js';
import { statusBadge } from '../assessments/status-view.js';
import { percent } from '../common/views/hbs-helpers.js';
import { factText, shortFact } from '../measures/measure-view.js';
import type { FactMeasure } from '../measures/measure.types.js';
import { REGIONS, type Region } from '../states/regions.js';
import type { MatrixCell, MatrixView } from './progress.service.js';

/** What a matrix cell draws, where it leads and what it is called. */
export interface MatrixPageCell {
  /** The cell's element id, the fragment a record made from it goes back to. */
  id: string;
  status: ImplementationStatus;
  /** The rating code drawn in the cell (PC, LC, ...). */
  short: string;
  href: string;
  /** Shown on hover: recommendation, State, status and date. */
  title: string;
  /** Read by screen readers: State, recommendation, status (with its code) and date. */
  name: string;
  /** Outside the status asked for: drawn faded. */
  faded: boolean;
  /** Just recorded from this matrix: highlighted, described by the confirmation. */
  recorded: boolean;
  /** How old its assessment is against the staleness threshold, for the corner mark. */
  age: CellAge;
}

/**
 * A cell's assessment: never made, recent, older than the staleness threshold (stale) or than
 * twice that (very stale), counted back from the matrix's date.
 */
export type CellAge = 'never' | 'fresh' | 'stale' | 'very-stale';

/** The ages the matrix can be narrowed to: stale (very stale included) or never assessed. */
export const AGE_FILTERS = ['stale', 'never'] as const;
export type AgeFilter = (typeof AGE_FILTERS)[number];

/** The staleness threshold, as dates before which an assessment is stale or very stale. */
export interface Staleness {
  months: number;
  staleBefore: string;
  veryStaleBefore: string;
}

/** Compact figures of a row or a column: the progress index and implemented / applicable. */
export interface MatrixTotals {
  progressIndex: string;
  implemented: number;
  applicable: number;
  /** The same in words, for screen readers and the hover title. */
  label: string;
}

export interface MatrixPageRow {
  subject: SubjectView;
  cells: (MatrixPageCell | null)[];
  /** A cell of this row was just recorded: the row says so beside the State's name. */
  recorded: boolean;
  totals: MatrixTotals;
}

export interface MatrixPageGroup {
  region: Region;
  rows: MatrixPageRow[];
}

export interface MatrixPageModel {
  recommendations: { ref: string; title: string; totals: MatrixTotals }[];
  /** Totals of every cell of the chosen region's States. */
  overall: MatrixTotals;
  groups: MatrixPageGroup[];
  /** States (and organisations) drawn, after the region and status filters. */
  statesShown: number;
  /** States (and organisations) tracked for the columns, before those filters. */
  statesTracked: number;
}

export interface MatrixPageOptions {
  regionOf: (subject: SubjectView) => Region;
  /** Region key: only the States of that region. */
  region?: string;
  /** Only the States with a cell in this status; the other cells faded. */
  status?: ImplementationStatus;
  /** Only the States with a cell of this age; the other cells faded (with `status`, both). */
  age?: AgeFilter;
  /** The dates cells are aged against; without them every assessed cell is fresh. */
  staleness?: Staleness;
  /**
   * Counts by status of each row's pairs over every column of the event or theme (keyed
   * `kind:code`), when the page shows only some of them: the State totals then cover them all.
   */
  rowCounts?: ReadonlyMap<string, StatusCounts>;
  /** This matrix's address (with its query), which a pair opened from a cell goes back to. */
  address?: string;
  /** The pair just recorded from this matrix. */
  recorded?: { ref: string; iso3: string } | null;
  /** The measures of the recommendations measured by facts, by ref: cells name their fact. */
  measures?: ReadonlyMap<string, FactMeasure>;
  /** Cells of measured recommendations show their fact (step, count, rating), not the code. */
  showFacts?: boolean;
}

/** The figures of a set of cells, as the totals row and column print them. */
export function matrixTotals(cells: readonly (MatrixCell | null)[]): MatrixTotals {
  return totalsOfCounts(countByStatus(cells.flatMap((cell) => (cell ? [cell.status] : []))));
}

/** The figures of counts by status, as the totals row and column print them. */
export function totalsOfCounts(counts: StatusCounts): MatrixTotals {
  const figures = progressFromCounts(counts);
  const implemented = figures.counts[ImplementationStatus.Implemented];
  const progressIndex = percent(figures.progressIndex);
  return {
    progressIndex,
    implemented,
    applicable: figures.applicable,
    label: `Progress index ${progressIndex === '–' ? 'not known' : progressIndex}; ${implemented} of ${figures.applicable} applicable implemented`,
  };
}

/** How old a cell's assessment is (see CellAge). */
export function cellAge(assessedOn: string | null, staleness?: Staleness): CellAge {
  if (!assessedOn) return 'never';
  if (!staleness || assessedOn >= staleness.staleBefore) return 'fresh';
  return assessedOn < staleness.veryStaleBefore ? 'very-stale' : 'stale';
}

/** The key of a row in `rowCounts`. */
export function rowKey(subject: Pick<SubjectView, 'kind' | 'code'>): string {
  return `${subject.kind}:${subject.code}`;
}

/** The element id of the cell of a pair. */
export function matrixCellId(ref: string, code: string): string {
  return `cell-${ref}-${code}`;
}

/**
 * A cell as drawn: rating code, colour, the pair's address (with the matrix to go back to, at
 * this cell, after recording) and its names.
 */
export function matrixCell(
  cell: MatrixCell,
  ref: string,
  subject: SubjectView,
  options: Pick<
    MatrixPageOptions,
    'address' | 'recorded' | 'status' | 'age' | 'staleness' | 'measures' | 'showFacts'
  > = {},
): MatrixPageCell {
  const badge = statusBadge(cell.status);
  const measure = options.measures?.get(ref);
  const fact = factText(measure, cell.fact);
  const onFact = fact ? `, ${fact}` : '';
  const age = cellAge(cell.assessedOn, options.staleness);
  const old =
    age === 'stale' || age === 'very-stale'
      ? `, more than ${age === 'stale' ? options.staleness?.months : (options.staleness?.months ?? 0) * 2} months old`
      : '';
  const id = matrixCellId(ref, subject.code);
  const back = options.address ? `?returnTo=${encodeURIComponent(`${options.address}#${id}`)}` : '';
  return {
    id,
    status: badge.status,
    short: options.showFacts && measure && cell.fact ? shortFact(measure, cell.fact) : badge.short,
    href: `/recommendations/${ref}/states/${subject.code}${back}#record-heading`,
    title: `${ref} · ${subject.name}: ${badge.label}${onFact}${cell.assessedOn ? ` as of ${cell.assessedOn}${old}` : ''}`,
    // The rating code drawn is part of the name, so speech input can say it (WCAG 2.5.3).
    name: `${subject.name}, ${ref}: ${badge.label}${badge.short === '–' ? '' : `, ${badge.short}`}${onFact}${cell.assessedOn ? `, ${cell.assessedOn}${old}` : ''}`,
    faded: !matches(cell.status, age, options),
    recorded: options.recorded?.ref === ref && options.recorded.iso3 === subject.code,
    age,
  };
}

/** Whether a cell is one the status and age filters ask for (any cell when there are none). */
function matches(
  status: ImplementationStatus,
  age: CellAge,
  filters: Pick<MatrixPageOptions, 'status' | 'age'>,
): boolean {
  if (filters.status !== undefined && status !== filters.status) return false;
  if (filters.age === 'never') return age === 'never';
  if (filters.age === 'stale') return age === 'stale' || age === 'very-stale';
  return true;
}

/**
 * The matrix page from the matrix: rows grouped by region (in the regions' order), totals per
 * State over every column of the event or theme (`rowCounts`, else the columns shown) and per
 * recommendation over the States of the chosen region. The status and age filters keep the
 * States with at least one cell they ask for and fade the other cells; they leave the totals
 * alone, so they still read as the region's figures.
 */
export function buildMatrixPage(
  matrix: Pick<MatrixView, 'recommendations' | 'rows'>,
  options: MatrixPageOptions,
): MatrixPageModel {
  const refs = matrix.recommendations.map((r) => r.ref);
  const inRegion = matrix.rows
    .map((row) => ({ row, region: options.regionOf(row.subject) }))
    .filter(({ region }) => !options.region || region.key === options.region);
  const recommendations = matrix.recommendations.map((r, i) => ({
    ref: r.ref,
    title: r.title,
    totals: matrixTotals(inRegion.map(({ row }) => row.cells[i])),
  }));
  const byRegion = new Map<string, MatrixPageRow[]>();
  let shown = 0;
  for (const { row, region } of inRegion) {
    const cells = row.cells.map(
      (cell, i) => cell && matrixCell(cell, refs[i], row.subject, options),
    );
    if ((options.status || options.age) && !cells.some((cell) => cell && !cell.faded)) continue;
    const counts = options.rowCounts?.get(rowKey(row.subject));
    const rows = byRegion.get(region.key) ?? [];
    rows.push({
      subject: row.subject,
      cells,
      recorded: cells.some((cell) => cell?.recorded),
      totals: counts ? totalsOfCounts(counts) : matrixTotals(row.cells),
    });
    byRegion.set(region.key, rows);
    shown += 1;
  }
  return {
    recommendations,
    groups: REGIONS.flatMap((region) => {
      const rows = byRegion.get(region.key);
      return rows ? [{ region, rows }] : [];
    }),
    overall: matrixTotals(inRegion.flatMap(({ row }) => row.cells)),
    statesShown: shown,
    statesTracked: matrix.rows.length,
  };
}
