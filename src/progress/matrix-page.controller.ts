import { Controller, Get, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { STATUS_LEGEND, statusBadge } from '../assessments/status-view.js';
import { today } from '../common/dates.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import { MatrixQueryDto } from './dto/progress-query.dto.js';
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
  async index(@Query() query: MatrixQueryDto): Promise<object> {
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
