import { Controller, Get, Param, Query, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { today } from '../common/dates.js';
import { SettingsService } from '../database/settings.service.js';
import { DEMO_SETTING } from '../demo/demo.service.js';
import { OpenReportQueryDto, type TargetedKind } from './dto/open-report-query.dto.js';
import { PeriodReportQueryDto } from './dto/period-report-query.dto.js';
import { ReportQueryDto } from './dto/report-query.dto.js';
import { PdfService } from './pdf.service.js';
import { ReportRenderer } from './report-renderer.js';
import { ReportsService, type ReportChoices, type ReportKind } from './reports.service.js';

/** Where each report kind about one thing lives under /reports. */
const PATHS: Record<TargetedKind, string> = {
  event: 'events',
  state: 'states',
  theme: 'themes',
  recommendation: 'recommendations',
};

/**
 * Printable reports: HTML with print CSS, or `?format=pdf` printed by headless Chromium.
 * Readable by every role (viewers print).
 */
@ApiExcludeController()
@Controller('reports')
export class ReportPagesController {
  constructor(
    private readonly reports: ReportsService,
    private readonly renderer: ReportRenderer,
    private readonly settings: SettingsService,
    private readonly pdf: PdfService,
  ) {}

  /** Every kind of report, with a form to choose what it is about, its dates and edition. */
  @Get()
  @Render('pages/reports/index')
  async index(): Promise<{ title: string; today: string; choices: ReportChoices }> {
    return { title: 'Reports', today: today(), choices: await this.reports.choices() };
  }

  /** The forms of the reports page land here and go on to the report's own address. */
  @Get('open')
  open(@Res() res: Response, @Query() query: OpenReportQueryDto): void {
    const { kind, target, ...options } = query;
    const params = new URLSearchParams(
      Object.entries(options).filter((e): e is [string, string] => typeof e[1] === 'string'),
    ).toString();
    res.redirect(
      303,
      `/reports/${PATHS[kind]}/${encodeURIComponent(target)}${params ? `?${params}` : ''}`,
    );
  }

  @Get('events/:slug')
  event(@Res() res: Response, @Param('slug') slug: string, @Query() query: ReportQueryDto) {
    return this.send(res, 'event', slug, query);
  }

  @Get('states/:iso3')
  state(@Res() res: Response, @Param('iso3') iso3: string, @Query() query: ReportQueryDto) {
    return this.send(res, 'state', iso3, query);
  }

  @Get('themes/:slug')
  theme(@Res() res: Response, @Param('slug') slug: string, @Query() query: ReportQueryDto) {
    return this.send(res, 'theme', slug, query);
  }

  @Get('recommendations/:ref')
  recommendation(@Res() res: Response, @Param('ref') ref: string, @Query() query: ReportQueryDto) {
    return this.send(res, 'recommendation', ref, query);
  }

  @Get('period')
  period(@Res() res: Response, @Query() query: PeriodReportQueryDto) {
    return this.send(res, 'period', '', query);
  }

  private async send(
    res: Response,
    kind: ReportKind,
    target: string,
    query: ReportQueryDto | PeriodReportQueryDto,
  ): Promise<void> {
    const demo = (await this.settings.cached(DEMO_SETTING)) !== null;
    const doc = await this.reports.build(kind, target, query, demo);
    const html = this.renderer.render(doc);
    if (query.format !== 'pdf') {
      res.type('html').send(html);
      return;
    }
    const pdf = await this.pdf.fromHtml(html);
    res
      .type('application/pdf')
      .set('Content-Disposition', `inline; filename="${doc.fileName}.pdf"`)
      .send(pdf);
  }
}
