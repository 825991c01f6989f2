import { Controller, Get, Logger, Param, Query, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../auth/decorators.js';
import { principalKey, type Principal } from '../auth/principal.js';
import { Backpressure } from '../common/backpressure.js';
import { TooLongToPrintError } from '../common/errors.js';
import { SettingsService } from '../database/settings.service.js';
import { DEMO_SETTING } from '../demo/demo.service.js';
import { OpenReportQueryDto } from './dto/open-report-query.dto.js';
import { PeriodReportQueryDto } from './dto/period-report-query.dto.js';
import { AnnexReportQueryDto, ReportQueryDto } from './dto/report-query.dto.js';
import { StateReportQueryDto } from './dto/state-report-query.dto.js';
import { PdfService } from './pdf.service.js';
import { ReportRenderer } from './report-renderer.js';
import {
  ReportsPageService,
  type ReportsPageAnswer,
  type ReportsPageView,
} from './reports-page.service.js';
import { ReportsService, type ReportKind } from './reports.service.js';

/**
 * Printable reports: HTML with print CSS, or `?format=pdf` printed by headless Chromium.
 * Readable by every role (viewers print). The event of the event and period reports is a slug
 * or, typed into the search field offered when there are many events, words of its title: one
 * match opens its report, several are listed on the reports page to pick from, none is named
 * beside the field there (400).
 */
@ApiExcludeController()
@Controller('reports')
export class ReportPagesController {
  constructor(
    private readonly reports: ReportsService,
    private readonly renderer: ReportRenderer,
    private readonly settings: SettingsService,
    private readonly pdf: PdfService,
    private readonly reportsPage: ReportsPageService,
  ) {}

  /** Every kind of report, with a form to choose what it is about, its dates and edition. */
  @Get()
  @Render('pages/reports/index')
  index(): Promise<ReportsPageView> {
    return this.reportsPage.index();
  }

  /** The forms of the reports page land here and go on to the report's own address. */
  @Get('open')
  async open(@Res() res: Response, @Query() query: OpenReportQueryDto): Promise<void> {
    answer(res, await this.reportsPage.open(query));
  }

  @Get('events/:slug')
  event(
    @Res() res: Response,
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Query() query: AnnexReportQueryDto,
  ) {
    return this.send(res, principal, 'event', slug, query);
  }

  @Get('states/:iso3')
  state(
    @Res() res: Response,
    @CurrentPrincipal() principal: Principal,
    @Param('iso3') iso3: string,
    @Query() query: StateReportQueryDto,
  ) {
    return this.send(res, principal, 'state', iso3, query);
  }

  @Get('themes/:slug')
  theme(
    @Res() res: Response,
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Query() query: AnnexReportQueryDto,
  ) {
    return this.send(res, principal, 'theme', slug, query);
  }

  @Get('recommendations/:ref')
  recommendation(
    @Res() res: Response,
    @CurrentPrincipal() principal: Principal,
    @Param('ref') ref: string,
    @Query() query: ReportQueryDto,
  ) {
    return this.send(res, principal, 'recommendation', ref, query);
  }

  @Get('period')
  async period(
    @Res() res: Response,
    @CurrentPrincipal() principal: Principal,
    @Query() query: PeriodReportQueryDto,
  ): Promise<void> {
    const page = await this.reportsPage.period(query);
    if (page) return answer(res, page);
    return this.send(res, principal, 'period', '', query);
  }

  /**
   * The report as HTML, streamed as it is rendered (a long report's parts are read in turn), or
   * as a PDF counted against the caller's PDFs in flight (PDF_PER_USER). A PDF too long to print
   * (PDF_MAX_PAGES) is refused before it is rendered: the reports page says so (422), with the
   * report's HTML and its form to narrow it.
   */
  private async send(
    res: Response,
    principal: Principal,
    kind: ReportKind,
    target: string,
    query: ReportQueryDto | AnnexReportQueryDto | PeriodReportQueryDto | StateReportQueryDto,
  ): Promise<void> {
    const demo = (await this.settings.cached(DEMO_SETTING)) !== null;
    const doc = await this.reports.build(kind, target, query, demo);
    if (query.format !== 'pdf') return streamHtml(res, this.renderer.stream(doc));
    let printed: Buffer;
    try {
      if (doc.pages !== undefined) this.pdf.admit(doc.pages, doc.narrowing);
      const html = await this.renderer.render(doc, { standalone: true });
      printed = await this.pdf.fromHtml(html, principalKey(principal), doc);
    } catch (err) {
      if (!(err instanceof TooLongToPrintError)) throw err;
      return answer(res, await this.reportsPage.tooLong(kind, target, query, err));
    }
    res
      .type('application/pdf')
      .set('Content-Disposition', `inline; filename="${doc.fileName}.pdf"`)
      .send(printed);
  }
}

/**
 * Writes HTML as it comes, waiting whenever the client is slower. A failure once the first piece
 * is sent can no longer become an error page: the connection is cut, so that the client sees
 * an incomplete answer rather than a report that looks whole.
 */
async function streamHtml(res: Response, chunks: AsyncIterable<string>): Promise<void> {
  res.type('html');
  const output = new Backpressure(res);
  try {
    for await (const chunk of chunks) await output.write(chunk);
    res.end();
  } catch (err) {
    if (!res.headersSent) throw err;
    new Logger('Reports').error(`A report failed while it was sent: ${String(err)}`);
    res.destroy();
  }
}

/** A report's address, or the reports page to pick its event. */
function answer(res: Response, page: ReportsPageAnswer): void {
  if ('redirect' in page) return res.redirect(303, page.redirect);
  res.status(page.httpStatus).render('pages/reports/index', page.view);
}
