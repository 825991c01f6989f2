import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { today } from '../common/dates.js';
import { validationError } from '../common/errors.js';
import { validateForm } from '../common/views/forms.js';
import { EventPicker, type EventPick } from '../events/event-picker.js';
import { MatrixQueryDto } from '../progress/dto/progress-query.dto.js';
import { themeOptions } from '../themes/theme-options.js';
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
  private readonly events: EventPicker;

  constructor(
    private readonly exportsService: ExportsService,
    private readonly dataSource: DataSource,
  ) {
    this.events = new EventPicker(dataSource);
  }

  @Get()
  async index(@Res() res: Response): Promise<void> {
    await this.page(res, { kind: 'none', eventCount: null }, {}, 'matrix.csv');
  }

  /** The page, its matrix form filled as sent when the event must be picked again. */
  private async page(
    res: Response,
    pick: EventPick,
    filled: Record<string, string>,
    file: string,
  ): Promise<void> {
    const [eventPicker, themes] = await Promise.all([
      this.events.view(pick, {
        id: 'event',
        empty: 'All events',
        emptyHint: 'Empty: all events',
        href: (slug) => download(file, { ...filled, event: slug }),
      }),
      themeOptions(this.dataSource, filled.theme),
    ]);
    res.render('pages/transfers/exports', {
      title: 'Export',
      eventPicker,
      themes,
      asOf: filled.asOf ?? '',
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
    const pick = await this.events.resolve(form.value.event);
    const file = `matrix.${format}`;
    if (pick.kind === 'event' && !pick.bySlug) {
      return res.redirect(303, download(file, { ...filled, event: pick.event.slug }));
    }
    if (pick.kind === 'several' || pick.kind === 'unknown') {
      if (pick.kind === 'unknown') res.status(400);
      return this.page(res, pick, filled, file);
    }
    await sendExport(
      this.exportsService,
      res,
      await this.exportsService.matrix(form.value),
      format,
    );
  }
}

/** A download's address with the matrix filters. */
function download(file: string, filters: Record<string, string>): string {
  const search = new URLSearchParams(filters).toString();
  return `/exports/${file}${search ? `?${search}` : ''}`;
}
