import type { SubjectView } from '../assessments/assessment.view.js';
import { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import { countByStatus, progressFromCounts } from '../assessments/progress.js';
import { statusBadge } from '../assessments/status-view.js';
import { percent } from '../common/views/hbs-helpers.js';
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
  /** This matrix's address (with its query), which a pair opened from a cell goes back to. */
  address?: string;
  /** The pair just recorded from this matrix. */
  recorded?: { ref: string; iso3: string } | null;
}

/** The figures of a set of cells, as the totals row and column print them. */
export function matrixTotals(cells: readonly (MatrixCell | null)[]): MatrixTotals {
  const figures = progressFromCounts(
    countByStatus(cells.flatMap((cell) => (cell ? [cell.status] : []))),
  );
  const implemented = figures.counts[ImplementationStatus.Implemented];
  const progressIndex = percent(figures.progressIndex);
  return {
    progressIndex,
    implemented,
    applicable: figures.applicable,
    label: `Progress index ${progressIndex === '–' ? 'not known' : progressIndex}; ${implemented} of ${figures.applicable} applicable implemented`,
  };
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
  status?: ImplementationStatus,
  options: Pick<MatrixPageOptions, 'address' | 'recorded'> = {},
): MatrixPageCell {
  const badge = statusBadge(cell.status);
  const id = matrixCellId(ref, subject.code);
  const back = options.address ? `?returnTo=${encodeURIComponent(`${options.address}#${id}`)}` : '';
  return {
    id,
    status: badge.status,
    short: badge.short,
    href: `/recommendations/${ref}/states/${subject.code}${back}#record-heading`,
    title: `${ref} · ${subject.name}: ${badge.label}${cell.assessedOn ? ` as of ${cell.assessedOn}` : ''}`,
    // The rating code drawn is part of the name, so speech input can say it (WCAG 2.5.3).
    name: `${subject.name}, ${ref}: ${badge.label}${badge.short === '–' ? '' : `, ${badge.short}`}${cell.assessedOn ? `, ${cell.assessedOn}` : ''}`,
    faded: status !== undefined && cell.status !== status,
    recorded: options.recorded?.ref === ref && options.recorded.iso3 === subject.code,
  };
}

/**
 * The matrix page from the matrix: rows grouped by region (in the regions' order), totals per
 * State over the columns shown and per recommendation over the States of the chosen region.
 * The status filter keeps the States with at least one cell in that status and fades the other
 * cells; it leaves the totals alone, so they still read as the region's figures.
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
    const status = options.status;
    if (status && !row.cells.some((cell) => cell?.status === status)) continue;
    const rows = byRegion.get(region.key) ?? [];
    rows.push({
      subject: row.subject,
      cells: row.cells.map(
        (cell, i) => cell && matrixCell(cell, refs[i], row.subject, status, options),
      ),
      totals: matrixTotals(row.cells),
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
