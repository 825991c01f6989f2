import { Controller, Get, Param, Query, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { today } from '../common/dates.js';
import { SettingsService } from '../database/settings.service.js';
import { DEMO_SETTING } from '../demo/demo.service.js';
import { Event } from '../events/event.entity.js';
import { Picker, type Pick } from '../common/views/picker.js';
import { EVENT_SOURCE, withRecommendations } from '../events/event-picker.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import { themeOptions } from '../themes/theme-options.js';
import { OpenReportQueryDto, type TargetedKind } from './dto/open-report-query.dto.js';
import { PeriodReportQueryDto } from './dto/period-report-query.dto.js';
import { AnnexReportQueryDto, ReportQueryDto } from './dto/report-query.dto.js';
import { PdfService } from './pdf.service.js';
import { ReportRenderer } from './report-renderer.js';
import { ReportsService, type ReportKind } from './reports.service.js';

/** Where each report kind about one thing lives under /reports. */
const PATHS: Record<TargetedKind, string> = {
  event: 'events',
  state: 'states',
  theme: 'themes',
  recommendation: 'recommendations',
};

/** Query parameters as an address's search part (`?a=1&b=2`, or nothing), empty ones left out. */
function search(params: object): string {
  const text = new URLSearchParams(
    Object.entries(params).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
    ),
  ).toString();
  return text ? `?${text}` : '';
}

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
  /** Events, the latest first, by slug or words of the title. */
  private readonly events: Picker<Event>;

  constructor(
    private readonly reports: ReportsService,
    private readonly renderer: ReportRenderer,
    private readonly settings: SettingsService,
    private readonly pdf: PdfService,
    private readonly lookups: LookupsService,
    private readonly dataSource: DataSource,
  ) {
    // Only the events with recommendations: a report on any other would be empty.
    this.events = new Picker(dataSource, {
      ...EVENT_SOURCE,
      scope: withRecommendations,
      order: [
        ['e.start_date', 'DESC'],
        ['e.title', 'ASC'],
        ['e.slug', 'ASC'],
      ],
    });
  }

  /** Every kind of report, with a form to choose what it is about, its dates and edition. */
  @Get()
  @Render('pages/reports/index')
  async index(): Promise<object> {
    const none: Pick = { kind: 'none', count: null };
    return this.page(none, none);
  }

  /** The forms of the reports page land here and go on to the report's own address. */
  @Get('open')
  async open(@Res() res: Response, @Query() query: OpenReportQueryDto): Promise<void> {
    const { kind, target, ...options } = query;
    const opened = (key: string): void =>
      res.redirect(303, `/reports/${PATHS[kind]}/${encodeURIComponent(key)}${search(options)}`);
    if (kind !== 'event') return opened(target);
    const pick = await this.events.resolve(target);
    if (pick.kind === 'one') return opened(pick.choice.key);
    // Several events match, or none: the reports page, the choices or the error by the field.
    if (pick.kind === 'unknown') res.status(400);
    const href = (slug: string): string =>
      `/reports/open${search({ kind, target: slug, ...options })}`;
    res.render('pages/reports/index', await this.page(pick, { kind: 'none', count: null }, href));
  }

  /** The reports page: the event pickers as asked (the rest of the page is the same). */
  private async page(
    event: Pick,
    periodEvent: Pick,
    href: (slug: string) => string = (slug) =>
      `/reports/open${search({ kind: 'event', target: slug })}`,
    periodHref: (slug: string) => string = (slug) => `/reports/period${search({ event: slug })}`,
  ): Promise<object> {
    const [eventPicker, periodEventPicker, states, themes] = await Promise.all([
      this.events.view(event, {
        id: 'event-target',
        name: 'target',
        empty: null,
        emptyHint: 'Type its slug or words of its title',
        href,
      }),
      this.events.view(periodEvent, {
        id: 'period-event',
        empty: 'All events',
        emptyHint: 'Empty: all events',
        href: periodHref,
      }),
      this.lookups.stateOptions(),
      themeOptions(this.dataSource, undefined, { withRecommendations: true }),
    ]);
    return {
      title: 'Reports',
      today: today(),
      eventPicker,
      periodEventPicker,
      choices: {
        states: states.map((s) => ({ value: s.iso3, label: s.name })),
        themes,
      },
    };
  }

  @Get('events/:slug')
  event(@Res() res: Response, @Param('slug') slug: string, @Query() query: AnnexReportQueryDto) {
    return this.send(res, 'event', slug, query);
  }

  @Get('states/:iso3')
  state(@Res() res: Response, @Param('iso3') iso3: string, @Query() query: ReportQueryDto) {
    return this.send(res, 'state', iso3, query);
  }

  @Get('themes/:slug')
  theme(@Res() res: Response, @Param('slug') slug: string, @Query() query: AnnexReportQueryDto) {
    return this.send(res, 'theme', slug, query);
  }

  @Get('recommendations/:ref')
  recommendation(@Res() res: Response, @Param('ref') ref: string, @Query() query: ReportQueryDto) {
    return this.send(res, 'recommendation', ref, query);
  }

  @Get('period')
  async period(@Res() res: Response, @Query() query: PeriodReportQueryDto): Promise<void> {
    const pick = await this.events.resolve(query.event);
    if (pick.kind === 'none' || (pick.kind === 'one' && pick.exact)) {
      return this.send(res, 'period', '', query);
    }
    if (pick.kind === 'one') {
      return res.redirect(303, `/reports/period${search({ ...query, event: pick.choice.key })}`);
    }
    if (pick.kind === 'unknown') res.status(400);
    const href = (slug: string): string => `/reports/period${search({ ...query, event: slug })}`;
    res.render(
      'pages/reports/index',
      await this.page({ kind: 'none', count: null }, pick, undefined, href),
    );
  }

  private async send(
    res: Response,
    kind: ReportKind,
    target: string,
    query: ReportQueryDto | AnnexReportQueryDto | PeriodReportQueryDto,
  ): Promise<void> {
    const demo = (await this.settings.cached(DEMO_SETTING)) !== null;
    const doc = await this.reports.build(kind, target, query, demo);
    const pdf = query.format === 'pdf';
    const html = this.renderer.render(doc, { standalone: pdf });
    if (!pdf) {
      res.type('html').send(html);
      return;
    }
    const printed = await this.pdf.fromHtml(html);
    res
      .type('application/pdf')
      .set('Content-Disposition', `inline; filename="${doc.fileName}.pdf"`)
      .send(printed);
  }
}
