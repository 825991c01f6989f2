import { Controller, Get, Param, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { RedirectException } from '../auth/redirect.exception.js';
import { today } from '../common/dates.js';
import { defaultAsOf, takeConfirmation } from '../common/views/forms.js';
import { ListRecommendationsPageQueryDto } from './dto/list-recommendations-page-query.dto.js';
import { RecommendationPageQueryDto } from './dto/recommendation-page-query.dto.js';
import type { RecommendationPageView } from './recommendation-page.view-model.js';
import { RecommendationPagesService } from './recommendation-pages.service.js';
import type { RecommendationsListView } from './recommendations-list.view-model.js';

/**
 * The recommendations list (filters, full-text search, pages, sortable columns) and a
 * recommendation's page.
 */
@ApiExcludeController()
@Controller('recommendations')
export class RecommendationPagesController {
  constructor(private readonly pages: RecommendationPagesService) {}

  @Get()
  @Render('pages/recommendations/index')
  async index(
    @Query() query: ListRecommendationsPageQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RecommendationsListView> {
    const page = await this.pages.list(query);
    res.status(page.httpStatus);
    return page.view;
  }

  /** The "Go to a State" field without JavaScript. */
  @Get(':ref/jump')
  async jump(@Param('ref') ref: string, @Query('state') state: unknown): Promise<never> {
    throw new RedirectException(await this.pages.jumpAddress(ref, state));
  }

  @Get(':ref')
  @Render('pages/recommendations/show')
  show(
    @Param('ref') ref: string,
    @Query() query: RecommendationPageQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ): Promise<RecommendationPageView> {
    return this.pages.page(ref, query, principal, {
      confirmation: takeConfirmation(req.session, { page: 'recommendation', ref }),
      lastAsOf: defaultAsOf(req.session, today()),
    });
  }
}
