import { Controller, Get, Query, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { STATUS_LEGEND, statusBadge } from '../assessments/status-view.js';
import { RedirectException } from '../auth/redirect.exception.js';
import { today } from '../common/dates.js';
import { pageLinks } from '../common/paging.js';
import { EventPicker } from '../events/event-picker.js';
import { themeOptions } from '../themes/theme-options.js';
import { MATRIX_PAGE_SIZE, MatrixPageQueryDto } from './dto/progress-query.dto.js';
import { ProgressService } from './progress.service.js';

/**
 * States × recommendations of an event or theme, each cell a status that opens its pair. The
 * event is a slug (`/matrix?event=<slug>`) or, typed into the search field offered when there
 * are many events, words of its title: one match shows that event's matrix (redirected to its
 * slug), several are listed to pick from, none is named beside the field (400).
 */
@ApiExcludeController()
@Controller('matrix')
export class MatrixPageController {
  private readonly events: EventPicker;

  constructor(
    private readonly progress: ProgressService,
    private readonly dataSource: DataSource,
  ) {
    this.events = new EventPicker(dataSource);
  }

  @Get()
  @Render('pages/matrix/index')
  async index(
    @Query() query: MatrixPageQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<object> {
    const pick = await this.events.resolve(query.event);
    if (pick.kind === 'event' && !pick.bySlug) {
      throw new RedirectException(address({ ...query, event: pick.event.slug, page: 1 }));
    }
    const event = pick.kind === 'event' ? pick.event.slug : undefined;
    const shown = pick.kind === 'event' || pick.kind === 'none';
    const [matrix, eventPicker, themes] = await Promise.all([
      shown ? this.progress.matrix({ ...query, event }) : null,
      this.events.view(pick, {
        id: 'matrix-event',
        href: (slug) => address({ ...query, event: slug, page: 1 }),
      }),
      themeOptions(this.dataSource, query.theme),
    ]);
    if (pick.kind === 'unknown') res.status(400);
    const view = {
      title: 'Matrix',
      query,
      eventPicker,
      themes,
      today: today(),
      statusLegend: STATUS_LEGEND,
    };
    if (!matrix) return view;
    const refs = matrix.recommendations.map((r) => r.ref);
    return {
      ...view,
      shown: true,
      progress: matrix.progress,
      recommendations: matrix.recommendations,
      columns: matrix.page && {
        ...matrix.page,
        first: (matrix.page.page - 1) * matrix.page.pageSize + 1,
        last: (matrix.page.page - 1) * matrix.page.pageSize + matrix.recommendations.length,
        links: pageLinks(
          '/matrix',
          { event, theme: query.theme, asOf: query.asOf, pageSize: query.pageSize },
          matrix.page.page,
          matrix.page.pages,
        ),
      },
      // Each cell: what it draws and where it leads, ready to print (the largest part of the page).
      rows: matrix.rows.map((row) => ({
        subject: row.subject,
        cells: row.cells.map((cell, i) => {
          if (!cell) return null;
          const badge = statusBadge(cell.status);
          return {
            status: badge.status,
            short: badge.short,
            href: `/recommendations/${refs[i]}/states/${row.subject.code}#record-heading`,
            title: `${refs[i]} · ${row.subject.name}: ${badge.label}${cell.assessedOn ? ` as of ${cell.assessedOn}` : ''}`,
          };
        }),
      })),
    };
  }
}

/** The matrix page's address for a query, with the default page size left out. */
function address(query: MatrixPageQueryDto): string {
  const params = new URLSearchParams();
  for (const [key, value] of [
    ['event', query.event],
    ['theme', query.theme],
    ['asOf', query.asOf],
    ['pageSize', query.pageSize === MATRIX_PAGE_SIZE ? undefined : String(query.pageSize)],
    ['page', query.page > 1 ? String(query.page) : undefined],
  ] as const) {
    if (value) params.set(key, value);
  }
  const search = params.toString();
  return search ? `/matrix?${search}` : '/matrix';
}
