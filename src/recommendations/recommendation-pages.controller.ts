import { Controller, Get, Param, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { pageLinks } from '../common/paging.js';
import { mayWriteFor } from '../assessments/assessments.service.js';
import { AsOfQueryDto } from '../assessments/dto/as-of-query.dto.js';
import { STATUS_LEGEND, statusBadge, statusOptions } from '../assessments/status-view.js';
import { StatusesService } from '../assessments/statuses.service.js';
import { CurrentPrincipal } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { today } from '../common/dates.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import { hasRole, Role } from '../users/role.enum.js';
import { ListRecommendationsQueryDto } from './dto/list-recommendations-query.dto.js';
import { RecommendationsService } from './recommendations.service.js';

/** The recommendations list (filters, full-text search, pages) and a recommendation's page. */
@ApiExcludeController()
@Controller('recommendations')
export class RecommendationPagesController {
  constructor(
    private readonly recommendations: RecommendationsService,
    private readonly statuses: StatusesService,
    private readonly lookups: LookupsService,
  ) {}

  @Get()
  @Render('pages/recommendations/index')
  async index(@Query() query: ListRecommendationsQueryDto): Promise<object> {
    const [result, options] = await Promise.all([
      this.recommendations.list(query),
      this.lookups.filterOptions(query),
    ]);
    const filters = Object.fromEntries(
      (['event', 'theme', 'state', 'organisation', 'status', 'q', 'asOf'] as const).map((key) => [
        key,
        query[key],
      ]),
    );
    return {
      title: 'Recommendations',
      query,
      options,
      statuses: statusOptions(query.status),
      items: result.items,
      total: result.total,
      page: result.page,
      pages: result.pages,
      links: pageLinks('/recommendations', filters, result.page, result.pages),
      filtered: Object.values(filters).some(Boolean),
    };
  }

  @Get(':ref')
  @Render('pages/recommendations/show')
  async show(
    @Param('ref') ref: string,
    @Query() query: AsOfQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<object> {
    const [recommendation, statuses] = await Promise.all([
      this.recommendations.get(ref, query.asOf),
      this.statuses.forRecommendation(ref, query.asOf),
    ]);
    const analyst = hasRole(principal.role, Role.Analyst) && !query.asOf;
    return {
      title: `${recommendation.ref} ${recommendation.title}`,
      recommendation,
      asOf: query.asOf ?? null,
      progress: statuses.progress,
      statusLegend: STATUS_LEGEND,
      statusChoices: statusOptions(undefined),
      today: today(),
      rows: statuses.statuses.map((s) => ({
        ...s,
        ...statusBadge(s.status),
        canWrite: analyst && mayWriteFor(principal, s.subject),
      })),
    };
  }
}
