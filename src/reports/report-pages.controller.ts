import { Controller, Get, Param, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SettingsService } from '../database/settings.service.js';
import { DEMO_SETTING } from '../demo/demo.service.js';
import { ReportQueryDto } from './dto/report-query.dto.js';
import { ReportsService, type EventReportView } from './reports.service.js';

/** Printable reports: HTML with print CSS, readable by every role (viewers print). */
@ApiExcludeController()
@Controller('reports')
export class ReportPagesController {
  constructor(
    private readonly reports: ReportsService,
    private readonly settings: SettingsService,
  ) {}

  @Get('events/:slug')
  @Render('reports/event')
  async event(
    @Param('slug') slug: string,
    @Query() query: ReportQueryDto,
  ): Promise<EventReportView & { layout: string; title: string }> {
    const demo = (await this.settings.cached(DEMO_SETTING)) !== null;
    const view = await this.reports.eventReport(slug, query, demo);
    return { ...view, layout: 'layouts/report', title: `${view.meta.title}: ${view.event.title}` };
  }
}
