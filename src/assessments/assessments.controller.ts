import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { Role } from '../users/role.enum.js';
import {
  AssessmentsService,
  type PairHistory,
  type RecordedAssessment,
} from './assessments.service.js';
import { AsOfQueryDto } from './dto/as-of-query.dto.js';
import { RecordAssessmentDto } from './dto/record-assessment.dto.js';
import { StatusesService, type RecommendationStatusesView } from './statuses.service.js';
import { ApiAnswer, ApiCreated, ApiETag, ApiIfMatch } from '../openapi/responses.js';

@ApiTags('assessments')
@Controller('api/v1/recommendations/:ref')
export class AssessmentsController {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly statuses: StatusesService,
  ) {}

  @Get('statuses')
  @ApiOperation({
    summary: 'One row per State (or organisation) in scope, with its status as of a date',
  })
  @ApiNotFoundResponse({ description: 'Unknown ref' })
  @ApiAnswer(
    200,
    'RecommendationStatusesView',
    'The figures and one status per State or organisation',
  )
  list(
    @Param('ref') ref: string,
    @Query() query: AsOfQueryDto,
  ): Promise<RecommendationStatusesView> {
    return this.statuses.forRecommendation(ref, query.asOf);
  }

  @Get('states/:iso3/assessments')
  @ApiOperation({ summary: 'The history of one pair, newest first, and its status' })
  @ApiNotFoundResponse({ description: 'Unknown ref or State' })
  @ApiAnswer(200, 'PairHistory', 'The pair now (its version is also the ETag) and its history')
  @ApiETag((h: PairHistory) => h.current.version)
  history(
    @Param('ref') ref: string,
    @Param('iso3') iso3: string,
    @Query() query: AsOfQueryDto,
  ): Promise<PairHistory> {
    return this.assessments.history(ref, iso3, query.asOf);
  }

  @Post('states/:iso3/assessments')
  @ApiOperation({
    summary: 'Record an assessment for one pair',
    description:
      'Appends to the history. The current status moves only if this is the latest assessment by assessedOn. `baseVersion` must be the version last read; a stale one is refused with 409 and the current state.',
  })
  @ApiBadRequestResponse({ description: 'A field breaks a rule; each is named' })
  @ApiNotFoundResponse({ description: 'Unknown ref or State' })
  @ApiConflictResponse({ description: 'baseVersion is stale; the body carries the current status' })
  @ApiUnprocessableEntityResponse({
    description: 'The State is not in the scope of the recommendation',
  })
  @ApiForbiddenResponse({
    description: 'A viewer, or an analyst limited to States that do not include this one',
  })
  @MinRole(Role.Analyst)
  @ApiCreated(
    'RecordedAssessment',
    'The assessment, whether it became current, and the new current status',
    (r: RecordedAssessment) =>
      `/api/v1/recommendations/${encodeURIComponent(r.assessment.recommendation)}/states/${r.assessment.subject.code}/assessments`,
  )
  @ApiIfMatch('pair')
  record(
    @Param('ref') ref: string,
    @Param('iso3') iso3: string,
    @Body() dto: RecordAssessmentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecordedAssessment> {
    return this.assessments.record(ref, iso3, dto, principal);
  }
}
