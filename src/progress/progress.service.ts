import { Injectable } from '@nestjs/common';
import { pageInfo, type Page, type PageQueryDto } from '../common/paging.js';
import type { SubjectView } from '../assessments/assessment.view.js';
import { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import type { ProgressFigures } from '../assessments/progress.js';
import type { Fact } from '../measures/measure.types.js';
import { StatusesRepository } from '../assessments/statuses.repository.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import type { MatrixQueryDto, ProgressQueryDto } from './dto/progress-query.dto.js';

export interface ProgressView extends ProgressFigures {
  asOf: string | null;
  filters: { event: string | null; theme: string | null; state: string | null };
}

export interface MatrixCell {
  status: ImplementationStatus;
  assessedOn: string | null;
  version: number;
  /** The fact the status stands on, for a recommendation measured by facts. */
  fact?: Fact | null;
}

/**
 * Where the matrix's columns are when it is read a page at a time: a `Page` whose items are
 * the `recommendations` and the cells of the `rows` beside it.
 */
export type PageOfColumns = Omit<Page<never>, 'items'>;

export interface MatrixView {
  asOf: string | null;
  filters: { event: string | null; theme: string | null };
  /** The columns, in order. */
  recommendations: { ref: string; title: string }[];
  /** One row per State or organisation tracked for any of the columns; null where out of scope. */
  rows: { subject: SubjectView; cells: (MatrixCell | null)[] }[];
  progress: ProgressFigures;
  /** Which columns this is, when the matrix is read a page at a time. */
  page: PageOfColumns | null;
}

@Injectable()
export class ProgressService {
  constructor(
    private readonly lookups: LookupsService,
    private readonly statuses: StatusesRepository,
  ) {}

  async progress(query: ProgressQueryDto): Promise<ProgressView> {
    const ids = await this.lookups.filterIds(query);
    const figures = await this.statuses.progress({ ...ids, asOf: query.asOf });
    return {
      asOf: query.asOf ?? null,
      filters: {
        event: query.event ?? null,
        theme: query.theme ?? null,
        state: query.state ?? null,
      },
      ...figures,
    };
  }

  /**
   * The matrix: every column for an export, or a page of `pageSize` columns (recommendations)
   * with every State tracked for any of them. The figures are those of the whole filter.
   */
  async matrix(query: MatrixQueryDto & Partial<PageQueryDto>): Promise<MatrixView> {
    const ids = await this.lookups.filterIds({ event: query.event, theme: query.theme });
    const filter = { ...ids, asOf: query.asOf };
    let paging: MatrixView['page'] = null;
    let pageColumns: { id: number; ref: string; title: string }[] | undefined;
    if (query.page !== undefined && query.pageSize !== undefined) {
      const found = await this.statuses.recommendationPage(filter, query.page, query.pageSize);
      pageColumns = found.columns;
      paging = pageInfo({ page: query.page, pageSize: query.pageSize }, found.total);
    }
    const [pairs, progress] = await Promise.all([
      this.statuses.cells(
        pageColumns ? { ...filter, recommendationIds: pageColumns.map((c) => c.id) } : filter,
      ),
      this.statuses.progress(filter),
    ]);
    // A page's columns are its recommendations, tracked for anyone or not; a whole matrix's are
    // the recommendations of its pairs.
    const columns = new Map<string, number>();
    const recommendations: MatrixView['recommendations'] = [];
    for (const c of pageColumns ?? []) {
      columns.set(c.ref, recommendations.length);
      recommendations.push({ ref: c.ref, title: c.title });
    }
    for (const p of pairs) {
      if (!columns.has(p.recommendation)) {
        columns.set(p.recommendation, recommendations.length);
        recommendations.push({ ref: p.recommendation, title: p.recommendationTitle });
      }
    }
    const rows = new Map<string, MatrixView['rows'][number]>();
    for (const p of pairs) {
      const key = `${p.subject.kind}:${p.subject.code}`;
      let row = rows.get(key);
      if (!row) {
        row = { subject: p.subject, cells: recommendations.map(() => null) };
        rows.set(key, row);
      }
      row.cells[columns.get(p.recommendation) ?? 0] = {
        status: p.status,
        assessedOn: p.assessedOn,
        version: p.version,
        fact: p.fact,
      };
    }
    const ordered = [...rows.values()].sort(
      (a, b) =>
        Number(a.subject.kind === 'organisation') - Number(b.subject.kind === 'organisation') ||
        a.subject.name.localeCompare(b.subject.name),
    );
    return {
      asOf: query.asOf ?? null,
      filters: { event: query.event ?? null, theme: query.theme ?? null },
      recommendations,
      rows: ordered,
      progress,
      page: paging,
    };
  }
}
