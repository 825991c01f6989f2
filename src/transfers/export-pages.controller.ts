import { Controller, Get, Query, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { validationError } from '../common/errors.js';
import { validateForm } from '../common/views/forms.js';
import { MatrixQueryDto } from '../progress/dto/progress-query.dto.js';
import {
  downloadAddress,
  ExportPageService,
  type ExportFilters,
  type ExportPageView,
} from './export-page.service.js';
import { ExportsService, type ExportFormat } from './exports.service.js';
import { sendExport } from './send-export.js';

/**
 * The Export page and the downloads it links to, for anyone signed in. The matrix's event is a
 * slug or, typed into the search field offered when there are many events, words of its title:
 * one match downloads that event's matrix (redirected to its slug), several are listed on the
 * page to pick from, none is named beside the field there (400).
 */
@ApiExcludeController()
@Controller('exports')
export class ExportPagesController {
  constructor(
    private readonly exportsService: ExportsService,
    private readonly exportPage: ExportPageService,
  ) {}

  @Get()
  @Render('pages/transfers/exports')
  index(): Promise<ExportPageView> {
    return this.exportPage.view();
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
    ) as ExportFilters;
    const form = await validateForm(MatrixQueryDto, filled);
    if (form.problems) throw validationError(form.problems);
    const pick = await this.exportPage.resolveEvent(form.value.event);
    const file = `matrix.${format}`;
    if (pick.kind === 'event' && !pick.bySlug) {
      return res.redirect(303, downloadAddress(file, { ...filled, event: pick.event.slug }));
    }
    if (pick.kind === 'several' || pick.kind === 'unknown') {
      if (pick.kind === 'unknown') res.status(400);
      return res.render('pages/transfers/exports', await this.exportPage.view(pick, filled, file));
    }
    await sendExport(
      this.exportsService,
      res,
      await this.exportsService.matrix(form.value),
      format,
    );
  }
}
