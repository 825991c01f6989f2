import { Controller, Get, Param, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { pageLinks } from '../common/paging.js';
import { mayWriteFor } from '../assessments/assessments.service.js';
import { STATUS_LEGEND, statusBadge, statusOptions } from '../assessments/status-view.js';
import { StatusesService } from '../assessments/statuses.service.js';
import { CurrentPrincipal } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { RedirectException } from '../auth/redirect.exception.js';
import { today } from '../common/dates.js';
import { defaultAsOf, takeConfirmation } from '../common/views/forms.js';
import { EventPicker } from '../events/event-picker.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import { hasRole, Role } from '../users/role.enum.js';
import { ListRecommendationsQueryDto } from './dto/list-recommendations-query.dto.js';
import { RecommendationsService } from './recommendations.service.js';
import { RecommendationPageQueryDto } from './dto/recommendation-page-query.dto.js';
import { arrangeStates } from './recommendation-page.view-model.js';
import { Html } from '../common/views/hbs-helpers.js';
import { stackedStatusBar } from '../reports/charts/stacked-bar.js';
import { REGIONS } from '../states/regions.js';
import { SubjectsService } from '../subjects/subjects.service.js';

const FILTERS = ['event', 'theme', 'state', 'organisation', 'status', 'q', 'asOf'] as const;

/**
 * The recommendations list (filters, full-text search, pages) and a recommendation's page. The
 * event filter is a slug or, typed into the search field offered when there are many events,
 * words of its title: one match lists that event's recommendations (redirected to its slug),
 * several are listed to pick from, none is named beside the field (400).
 */
@ApiExcludeController()
@Controller('recommendations')
export class RecommendationPagesController {
  private readonly events: EventPicker;

  constructor(
    private readonly recommendations: RecommendationsService,
    private readonly statuses: StatusesService,
    private readonly lookups: LookupsService,
    private readonly subjects: SubjectsService,
    dataSource: DataSource,
  ) {
    this.events = new EventPicker(dataSource);
  }

  @Get()
  @Render('pages/recommendations/index')
  async index(
    @Query() query: ListRecommendationsQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<object> {
    const pick = await this.events.resolve(query.event);
    if (pick.kind === 'event' && !pick.bySlug) {
      throw new RedirectException(address({ ...query, event: pick.event.slug }));
    }
    const listed = pick.kind === 'event' || pick.kind === 'none';
    const [result, options, eventPicker] = await Promise.all([
      listed ? this.recommendations.list(query) : null,
      this.lookups.filterOptions(query, { events: false }),
      this.events.view(pick, {
        id: 'recommendations-event',
        href: (slug) => address({ ...query, event: slug }),
      }),
    ]);
    if (pick.kind === 'unknown') res.status(400);
    const filters = Object.fromEntries(FILTERS.map((key) => [key, query[key]]));
    return {
      title: 'Recommendations',
      query,
      options,
      eventPicker,
      statuses: statusOptions(query.status),
      listed,
      items: result?.items ?? [],
      // In list order, so the recommendations of one event follow each other.
      groups: groupByEvent(result?.items ?? []),
      subjectFilter: result?.items[0]?.subjectStatus?.name ?? query.state,
      total: result?.total ?? 0,
      page: result?.page ?? 1,
      pages: result?.pages ?? 1,
      links: result && pageLinks('/recommendations', filters, result.page, result.pages),
      filtered: Object.values(filters).some(Boolean),
    };
  }

  /**
   * The "Go to a State" field without JavaScript: back to the page at that State's row (its
   * Record control), found by code or by the start of its name; at the States table otherwise.
   */
  @Get(':ref/jump')
  async jump(@Param('ref') ref: string, @Query('state') state: unknown): Promise<never> {
    const { statuses } = await this.statuses.forRecommendation(ref);
    const q = typeof state === 'string' ? state.trim().toLowerCase().slice(0, 100) : '';
    const hit = q
      ? (statuses.find((s) => s.subject.code.toLowerCase() === q) ??
        statuses.find((s) => s.subject.name.toLowerCase().startsWith(q)))
      : undefined;
    const page = `/recommendations/${encodeURIComponent(ref)}`;
    throw new RedirectException(
      hit ? `${page}#record-${hit.subject.code}` : `${page}#states-heading`,
    );
  }

  @Get(':ref')
  @Render('pages/recommendations/show')
  async show(
    @Param('ref') ref: string,
    @Query() query: RecommendationPageQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ): Promise<object> {
    const confirmation = takeConfirmation(req.session, { page: 'recommendation', ref });
    const [recommendation, statuses, regionFinder] = await Promise.all([
      this.recommendations.get(ref, query.asOf),
      this.statuses.forRecommendation(ref, query.asOf),
      this.subjects.regionFinder(),
    ]);
    const analyst = hasRole(principal.role, Role.Analyst) && !query.asOf;
    const shown = arrangeStates(statuses.statuses, query, regionFinder);
    return {
      title: `${recommendation.ref} ${recommendation.title}`,
      recommendation,
      asOf: query.asOf ?? null,
      progress: statuses.progress,
      statusLegend: STATUS_LEGEND,
      statusChoices: statusOptions(undefined),
      lastAsOf: defaultAsOf(req.session, today()),
      statusChart: new Html(
        stackedStatusBar(statuses.progress.counts, {
          width: 640,
          legend: true,
          label: `${recommendation.ref}: its ${statuses.progress.pairs} pairs by status`,
        }),
      ),
      arrange: {
        regions: REGIONS.map((r) => ({ ...r, selected: r.key === query.region })),
        statuses: statusOptions(query.status),
        sorts: [
          { value: 'state', label: 'State', selected: query.sort === 'state' },
          {
            value: 'status',
            label: 'Status, most advanced first',
            selected: query.sort === 'status',
          },
          { value: 'date', label: 'Date, latest first', selected: query.sort === 'date' },
        ],
        active: Boolean(query.region || query.status || query.sort),
        shown: shown.length,
        total: statuses.statuses.length,
      },
      rows: shown.map((s) => ({
        ...s,
        ...statusBadge(s.status),
        canWrite: analyst && mayWriteFor(principal, s.subject),
        confirmation: confirmation?.iso3 === s.subject.code ? confirmation.text : null,
      })),
      // Shown at the top only when its row is not on the page.
      // (No key at all otherwise: the layout's own flash message, if any, stays.)
      ...(confirmation && !shown.some((s) => s.subject.code === confirmation.iso3)
        ? { flash: { kind: 'success', text: confirmation.text } }
        : {}),
    };
  }
}

/** The list's address for its filters, on the first page. */
function address(query: ListRecommendationsQueryDto): string {
  const params = new URLSearchParams();
  for (const key of FILTERS) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  const search = params.toString();
  return search ? `/recommendations?${search}` : '/recommendations';
}

/** Consecutive recommendations of one event, as the list orders them. */
export function groupByEvent<T extends { event: { slug: string; title: string } }>(
  items: readonly T[],
): { event: T['event']; items: T[] }[] {
  const groups: { event: T['event']; items: T[] }[] = [];
  for (const item of items) {
    const last = groups.at(-1);
    if (last && last.event.slug === item.event.slug) last.items.push(item);
    else groups.push({ event: item.event, items: [item] });
  }
  return groups;
}
