import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { StatusCounts } from '../assessments/progress.js';
import { StatusesRepository } from '../assessments/statuses.repository.js';
import { MeasuresRepository } from '../measures/measures.repository.js';
import { STATUS_LEGEND } from '../assessments/status-view.js';
import { RedirectException } from '../auth/redirect.exception.js';
import { monthsBefore, today } from '../common/dates.js';
import type { RowConfirmation } from '../common/views/forms.js';
import { pageLinks } from '../common/paging.js';
import type { Env } from '../config/env.js';
import { EventPicker } from '../events/event-picker.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import { State } from '../states/state.entity.js';
import { REGIONS, OTHER_REGION, regionOf } from '../states/regions.js';
import { themeOptions } from '../themes/theme-options.js';
import type { ViewMatrixPageQueryDto } from './dto/matrix-page-query.dto.js';
import { MATRIX_PAGE_SIZE } from './dto/progress-query.dto.js';
import { buildMatrixPage, matrixCellId, rowKey, type Staleness } from './matrix-page.view-model.js';
import { ProgressService } from './progress.service.js';

export interface MatrixPage {
  /** 400 when the event typed matches none. */
  httpStatus: 200 | 400;
  view: object;
}

/**
 * The matrix page: States × recommendations of an event or theme, grouped by region, with
 * totals per State and per recommendation, as of a date. The event is a slug or words of its
 * title: one match redirects to its slug, several are listed to pick from, none is named.
 */
@Injectable()
export class MatrixPageService {
  private readonly events: EventPicker;
  private readonly staleAfterMonths: number;

  constructor(
    private readonly progress: ProgressService,
    private readonly lookups: LookupsService,
    private readonly statuses: StatusesRepository,
    private readonly measures: MeasuresRepository,
    private readonly dataSource: DataSource,
    config: ConfigService<Env, true>,
  ) {
    this.events = new EventPicker(dataSource);
    this.staleAfterMonths = config.get('STALE_AFTER_MONTHS', { infer: true });
  }

  /** `recorded`: the record just made from a cell of this matrix, confirmed at that cell. */
  async page(
    query: ViewMatrixPageQueryDto,
    recorded: RowConfirmation | null = null,
  ): Promise<MatrixPage> {
    const pick = await this.events.resolve(query.event);
    if (pick.kind === 'event' && !pick.bySlug) {
      throw new RedirectException(matrixAddress({ ...query, event: pick.event.slug, page: 1 }));
    }
    const event = pick.kind === 'event' ? pick.event.slug : undefined;
    const shown = pick.kind === 'event' || pick.kind === 'none';
    const [matrix, eventPicker, themes, groups] = await Promise.all([
      shown ? this.progress.matrix({ ...query, event }) : null,
      this.events.view(pick, {
        id: 'matrix-event',
        href: (slug) => matrixAddress({ ...query, event: slug, page: 1 }),
      }),
      themeOptions(this.dataSource, query.theme),
      this.stateGroups(),
    ]);
    const view = {
      title: 'Matrix',
      query,
      eventPicker,
      themes,
      regions: REGIONS.map((r) => ({
        value: r.key,
        label: r.label,
        selected: r.key === query.region,
      })),
      statuses: STATUS_LEGEND.map((s) => ({
        value: s.value,
        label: s.label,
        selected: s.value === query.status,
      })),
      cellChoices: [
        { value: '', label: 'Status codes' },
        { value: 'facts', label: 'Facts (steps, counts, ratings)' },
      ].map((c) => ({ ...c, selected: c.value === (query.cells ?? '') })),
      ages: [
        { value: 'stale', label: `Older than ${this.staleAfterMonths} months` },
        { value: 'never', label: 'Never assessed' },
      ].map((a) => ({ ...a, selected: a.value === query.age })),
      staleAfterMonths: this.staleAfterMonths,
      today: today(),
      statusLegend: STATUS_LEGEND,
    };
    const httpStatus = pick.kind === 'unknown' ? 400 : 200;
    if (!matrix) return { httpStatus, view };
    // A page of some of the columns still totals each State over all of them.
    const rowCounts =
      matrix.page && matrix.page.pages > 1
        ? await this.countsByRow({ event, theme: query.theme, asOf: query.asOf })
        : undefined;
    const measures = await this.measures.currentByRef(this.dataSource.manager);
    const model = buildMatrixPage(matrix, {
      measures,
      showFacts: query.cells === 'facts',
      regionOf: (subject) =>
        subject.kind === 'state' ? regionOf(subject.code, groups.get(subject.code)) : OTHER_REGION,
      region: query.region,
      status: query.status,
      age: query.age,
      staleness: this.staleness(query.asOf ?? today()),
      rowCounts,
      address: matrixAddress(query),
      recorded,
    });
    const page = matrix.page;
    return {
      httpStatus,
      view: {
        ...view,
        shown: true,
        confirmation: recorded && {
          text: recorded.text,
          cellId: matrixCellId(recorded.ref, recorded.iso3),
        },
        progress: matrix.progress,
        ...model,
        // Columns plus the State and totals columns, for the group rows' colspan.
        width: model.recommendations.length + 2,
        filtered: Boolean(query.region || query.status || query.age),
        measured: measures.size > 0,
        paged: Boolean(rowCounts),
        columns: page && {
          ...page,
          first: (page.page - 1) * page.pageSize + 1,
          last: (page.page - 1) * page.pageSize + matrix.recommendations.length,
          links: pageLinks(
            '/matrix',
            {
              event,
              theme: query.theme,
              asOf: query.asOf,
              region: query.region,
              status: query.status,
              age: query.age,
              cells: query.cells,
              pageSize: query.pageSize,
            },
            page.page,
            page.pages,
          ),
        },
      },
    };
  }

  /** Assessments dated before these are stale, counted back from the matrix's date. */
  private staleness(on: string): Staleness {
    return {
      months: this.staleAfterMonths,
      staleBefore: monthsBefore(on, this.staleAfterMonths),
      veryStaleBefore: monthsBefore(on, this.staleAfterMonths * 2),
    };
  }

  /** Counts by status of each State's and organisation's pairs over the whole event or theme. */
  private async countsByRow(query: {
    event?: string;
    theme?: string;
    asOf?: string;
  }): Promise<Map<string, StatusCounts>> {
    const ids = await this.lookups.filterIds({ event: query.event, theme: query.theme });
    const [counts, states, organisations] = await Promise.all([
      this.statuses.countsBySubject({ ...ids, asOf: query.asOf }),
      this.dataSource.getRepository(State).find({ select: { id: true, iso3: true } }),
      this.dataSource.getRepository(Organisation).find({ select: { id: true, acronym: true } }),
    ]);
    const codes = new Map<string, string>([
      ...states.map((s) => [`state:${s.id}`, s.iso3] as const),
      ...organisations.map((o) => [`organisation:${o.id}`, o.acronym] as const),
    ]);
    const byRow = new Map<string, StatusCounts>();
    for (const c of counts) {
      const code = codes.get(`${c.kind}:${c.id}`);
      if (code) byRow.set(rowKey({ kind: c.kind, code }), c.counts);
    }
    return byRow;
  }

  /** ISO3 → State group, for placing partners in their own regions. */
  private async stateGroups(): Promise<Map<string, string>> {
    const states = await this.dataSource
      .getRepository(State)
      .find({ select: { iso3: true, group: true } });
    return new Map(states.map((s) => [s.iso3, s.group]));
  }
}

/** The matrix page's address for a query, with the default page size left out. */
export function matrixAddress(query: ViewMatrixPageQueryDto): string {
  const params = new URLSearchParams();
  for (const [key, value] of [
    ['event', query.event],
    ['theme', query.theme],
    ['asOf', query.asOf],
    ['region', query.region],
    ['status', query.status],
    ['age', query.age],
    ['cells', query.cells],
    ['pageSize', query.pageSize === MATRIX_PAGE_SIZE ? undefined : String(query.pageSize)],
    ['page', query.page > 1 ? String(query.page) : undefined],
  ] as const) {
    if (value) params.set(key, value);
  }
  const search = params.toString();
  return search ? `/matrix?${search}` : '/matrix';
}
