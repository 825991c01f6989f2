import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { MinRole } from '../auth/decorators.js';
import { Role } from '../users/role.enum.js';
import { AsOfQueryDto } from '../assessments/dto/as-of-query.dto.js';
import type { Page } from '../common/paging.js';
import { CreateRecommendationDto } from './dto/create-recommendation.dto.js';
import { ListRecommendationsQueryDto } from './dto/list-recommendations-query.dto.js';
import { UpdateRecommendationDto } from './dto/update-recommendation.dto.js';
import type { RecommendationSummaryView, RecommendationView } from './recommendation.view.js';
import { RecommendationsService } from './recommendations.service.js';
import { ApiAnswer, ApiCreated } from '../openapi/responses.js';

@ApiTags('recommendations')
@Controller('api/v1/recommendations')
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Get()
  @ApiOperation({ summary: 'Recommendations, filtered and paged, each with its progress figures' })
  @ApiBadRequestResponse({ description: 'A filter names an unknown event, theme, State or status' })
  @ApiAnswer(200, 'RecommendationPage', 'A page of recommendations')
  list(@Query() query: ListRecommendationsQueryDto): Promise<Page<RecommendationSummaryView>> {
    return this.recommendations.list(query);
  }

  @Post()
  @ApiOperation({ summary: 'Add a recommendation; its scope defaults from the addressee' })
  @ApiConflictResponse({ description: 'The ref is taken' })
  @ApiForbiddenResponse({ description: 'Admins only: recommendations are reference data' })
  @MinRole(Role.Admin)
  @ApiCreated(
    'RecommendationView',
    'The new recommendation',
    (r: RecommendationView) => `/api/v1/recommendations/${encodeURIComponent(r.ref)}`,
  )
  create(@Body() dto: CreateRecommendationDto): Promise<RecommendationView> {
    return this.recommendations.create(dto);
  }

  @Get(':ref')
  @ApiOperation({ summary: 'One recommendation with its scope and figures' })
  @ApiNotFoundResponse({ description: 'Unknown ref' })
  @ApiAnswer(200, 'RecommendationView', 'The recommendation')
  get(@Param('ref') ref: string, @Query() query: AsOfQueryDto): Promise<RecommendationView> {
    return this.recommendations.get(ref, query.asOf);
  }

  @Patch(':ref')
  @ApiOperation({
    summary:
      'Edit a recommendation (title, text, session, themes, organisations, addressee, scope)',
    description:
      'Taking a State out of scope keeps its history. `baseVersion` must be the current version, else 409.',
  })
  @ApiConflictResponse({ description: 'Edited by someone else since baseVersion' })
  @ApiForbiddenResponse({ description: 'Admins only: recommendations are reference data' })
  @MinRole(Role.Admin)
  @ApiAnswer(200, 'RecommendationView', 'The recommendation, changed')
  update(
    @Param('ref') ref: string,
    @Body() dto: UpdateRecommendationDto,
  ): Promise<RecommendationView> {
    return this.recommendations.update(ref, dto);
  }
}
