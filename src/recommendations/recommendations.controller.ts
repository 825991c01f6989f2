import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
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

@ApiTags('recommendations')
@Controller('api/v1/recommendations')
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Get()
  @ApiOperation({ summary: 'Recommendations, filtered and paged, each with its progress figures' })
  @ApiBadRequestResponse({ description: 'A filter names an unknown event, theme, State or status' })
  list(@Query() query: ListRecommendationsQueryDto): Promise<Page<RecommendationSummaryView>> {
    return this.recommendations.list(query);
  }

  @Post()
  @ApiOperation({ summary: 'Add a recommendation; its scope defaults from the addressee' })
  @ApiCreatedResponse({ description: 'The new recommendation' })
  @ApiConflictResponse({ description: 'The ref is taken' })
  @ApiForbiddenResponse({ description: 'Admins only: recommendations are reference data' })
  @MinRole(Role.Admin)
  create(@Body() dto: CreateRecommendationDto): Promise<RecommendationView> {
    return this.recommendations.create(dto);
  }

  @Get(':ref')
  @ApiOperation({ summary: 'One recommendation with its scope and figures' })
  @ApiNotFoundResponse({ description: 'Unknown ref' })
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
  update(
    @Param('ref') ref: string,
    @Body() dto: UpdateRecommendationDto,
  ): Promise<RecommendationView> {
    return this.recommendations.update(ref, dto);
  }
}
