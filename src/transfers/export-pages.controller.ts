import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { today } from '../common/dates.js';
import { validationError } from '../common/errors.js';
import { validateForm } from '../common/views/forms.js';
import { Event } from '../events/event.entity.js';
import { MatrixQueryDto } from '../progress/dto/progress-query.dto.js';
import { Theme } from '../themes/theme.entity.js';
import { ExportsService, type ExportFormat } from './exports.service.js';
import { sendExport } from './send-export.js';

/** The Export page and the downloads it links to, for anyone signed in. */
@ApiExcludeController()
@Controller('exports')
export class ExportPagesController {
  constructor(
    private readonly exportsService: ExportsService,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  async index(@Res() res: Response): Promise<void> {
    const [events, themes] = await Promise.all([
      this.dataSource.getRepository(Event).find({ order: { startDate: 'ASC', id: 'ASC' } }),
      this.dataSource.getRepository(Theme).find({ order: { title: 'ASC' } }),
    ]);
    res.render('pages/transfers/exports', {
      title: 'Export',
      events: events.map((e) => ({ slug: e.slug, title: e.title })),
      themes: themes.map((t) => ({ slug: t.slug, title: t.title })),
      maxDate: today(),
    });
  }

  @Get('history.csv')
  async historyCsv(@Res() res: Response): Promise<void> {
    await sendExport(this.exportsService, res, await this.exportsService.history(), 'csv');
  }

  @Get('history.xlsx')
  async historyXlsx(@Res() res: Response): Promise<void> {
    await sendExport(this.exportsService, res, await this.exportsService.history(), 'xlsx');
  }

  @Get('matrix.csv')
  async matrixCsv(@Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    await this.matrix(res, query, 'csv');
  }

  @Get('matrix.xlsx')
  async matrixXlsx(@Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    await this.matrix(res, query, 'xlsx');
  }

  /** The page's form sends every field, empty ones too: an empty filter means none. */
  private async matrix(
    res: Response,
    raw: Record<string, unknown>,
    format: ExportFormat,
  ): Promise<void> {
    const filled = Object.fromEntries(
      ['event', 'theme', 'asOf']
        .map((k) => [k, raw[k]])
        .filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
    ) as Record<string, string>;
    const form = await validateForm(MatrixQueryDto, filled);
    if (form.problems) throw validationError(form.problems);
    await sendExport(
      this.exportsService,
      res,
      await this.exportsService.matrix(form.value),
      format,
    );
  }
}
