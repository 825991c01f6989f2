import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { SettingsService } from '../database/settings.service.js';
import { DEMO_SETTING } from '../demo/demo.service.js';
import { PeriodReportQueryDto } from './dto/period-report-query.dto.js';
import { ReportQueryDto } from './dto/report-query.dto.js';
import { EventReportService } from './event-report.service.js';
import { PdfService } from './pdf.service.js';
import { PeriodReportService } from './period-report.service.js';
import { RecommendationReportService } from './recommendation-report.service.js';
import { ReportRenderer } from './report-renderer.js';
import type { ReportDocument } from './report-view.js';
import { StateReportService } from './state-report.service.js';
import { ThemeReportService } from './theme-report.service.js';

/**
 * Printable reports: HTML with print CSS, or `?format=pdf` printed by headless Chromium.
 * Readable by every role (viewers print).
 */
@ApiExcludeController()
@Controller('reports')
export class ReportPagesController {
  constructor(
    private readonly eventReports: EventReportService,
    private readonly stateReports: StateReportService,
    private readonly themeReports: ThemeReportService,
    private readonly recommendationReports: RecommendationReportService,
    private readonly periodReports: PeriodReportService,
    private readonly renderer: ReportRenderer,
    private readonly settings: SettingsService,
    private readonly pdf: PdfService,
  ) {}

  @Get('events/:slug')
  async event(
    @Res() res: Response,
    @Param('slug') slug: string,
    @Query() query: ReportQueryDto,
  ): Promise<void> {
    await this.send(res, query, await this.eventReports.build(slug, query, await this.demo()));
  }

  @Get('states/:iso3')
  async state(
    @Res() res: Response,
    @Param('iso3') iso3: string,
    @Query() query: ReportQueryDto,
  ): Promise<void> {
    await this.send(res, query, await this.stateReports.build(iso3, query, await this.demo()));
  }

  @Get('themes/:slug')
  async theme(
    @Res() res: Response,
    @Param('slug') slug: string,
    @Query() query: ReportQueryDto,
  ): Promise<void> {
    await this.send(res, query, await this.themeReports.build(slug, query, await this.demo()));
  }

  @Get('recommendations/:ref')
  async recommendation(
    @Res() res: Response,
    @Param('ref') ref: string,
    @Query() query: ReportQueryDto,
  ): Promise<void> {
    await this.send(
      res,
      query,
      await this.recommendationReports.build(ref, query, await this.demo()),
    );
  }

  @Get('period')
  async period(@Res() res: Response, @Query() query: PeriodReportQueryDto): Promise<void> {
    await this.send(res, query, await this.periodReports.build(query, await this.demo()));
  }

  private async demo(): Promise<boolean> {
    return (await this.settings.cached(DEMO_SETTING)) !== null;
  }

  private async send(
    res: Response,
    query: { format?: 'html' | 'pdf' },
    doc: ReportDocument,
  ): Promise<void> {
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
