import { Controller, Get, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { STATUS_LEGEND, statusBadge } from '../assessments/status-view.js';
import { today } from '../common/dates.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import { pageLinks } from '../common/paging.js';
import { MatrixPageQueryDto } from './dto/progress-query.dto.js';
import { ProgressService } from './progress.service.js';

/** States × recommendations of an event or theme, each cell a status that opens its pair. */
@ApiExcludeController()
@Controller('matrix')
export class MatrixPageController {
  constructor(
    private readonly progress: ProgressService,
    private readonly lookups: LookupsService,
  ) {}

  @Get()
  @Render('pages/matrix/index')
  async index(@Query() query: MatrixPageQueryDto): Promise<object> {
    const [matrix, options] = await Promise.all([
      this.progress.matrix(query),
      this.lookups.filterOptions(query),
    ]);
    return {
      title: 'Matrix',
      query,
      options,
      today: today(),
      statusLegend: STATUS_LEGEND,
      progress: matrix.progress,
      recommendations: matrix.recommendations,
      columns: matrix.page && {
        ...matrix.page,
        first: (matrix.page.page - 1) * matrix.page.pageSize + 1,
        last: (matrix.page.page - 1) * matrix.page.pageSize + matrix.recommendations.length,
        links: pageLinks(
          '/matrix',
          { event: query.event, theme: query.theme, asOf: query.asOf, pageSize: query.pageSize },
          matrix.page.page,
          matrix.page.pages,
        ),
      },
      rows: matrix.rows.map((row) => ({
        subject: row.subject,
        cells: row.cells.map((cell, i) => {
          const ref = matrix.recommendations[i].ref;
          if (!cell) return { outOfScope: true, ref };
          const badge = statusBadge(cell.status);
          return {
            ...badge,
            ref,
            title: `${ref} · ${row.subject.name}: ${badge.label}${cell.assessedOn ? ` as of ${cell.assessedOn}` : ''}`,
          };
        }),
      })),
    };
  }
}
