import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { SettingsService } from '../database/settings.service.js';
import { DEMO_SETTING } from '../demo/demo.service.js';
import { ReportQueryDto } from './dto/report-query.dto.js';
import { PdfService } from './pdf.service.js';
import { ReportsService } from './reports.service.js';

/**
 * Printable reports: HTML with print CSS, or `?format=pdf` printed by headless Chromium.
 * Readable by every role (viewers print).
 */
@ApiExcludeController()
@Controller('reports')
export class ReportPagesController {
  constructor(
    private readonly reports: ReportsService,
    private readonly settings: SettingsService,
    private readonly pdf: PdfService,
  ) {}

  @Get('events/:slug')
  async event(
    @Res() res: Response,
    @Param('slug') slug: string,
    @Query() query: ReportQueryDto,
  ): Promise<void> {
    const demo = (await this.settings.cached(DEMO_SETTING)) !== null;
    const view = await this.reports.eventReport(slug, query, demo);
    const title = `${view.meta.title}: ${view.event.title}`;
    const html = await new Promise<string>((resolve, reject) =>
      res.render('reports/event', { ...view, layout: 'layouts/report', title }, (err, out) =>
        err ? reject(err) : resolve(out),
      ),
    );
    if (query.format !== 'pdf') {
      res.type('html').send(html);
      return;
    }
    const pdf = await this.pdf.fromHtml(html);
    const file = `progress-report-${view.event.slug}-${view.meta.asOf}-${view.meta.edition}.pdf`;
    res.type('application/pdf').set('Content-Disposition', `inline; filename="${file}"`).send(pdf);
  }
}
