import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { Role } from '../users/role.enum.js';
import { ChangeMeasureDto, PreviewMeasureDto } from './dto/change-measure.dto.js';
import { FactDto } from './dto/fact.dto.js';
import { CountRuleDto, MilestonesRuleDto, RatingRuleDto } from './dto/measure-rule.dto.js';
import {
  MeasuresService,
  type MeasuredRecommendationView,
  type MeasureView,
  type RuleChangePreview,
  type RuleChangeResult,
} from './measures.service.js';
import { ApiAnswer } from '../openapi/responses.js';

@ApiTags('measures')
@ApiExtraModels(MilestonesRuleDto, CountRuleDto, RatingRuleDto, FactDto)
@Controller('api/v1')
export class MeasuresController {
  constructor(private readonly measures: MeasuresService) {}

  @Get('measures')
  @ApiOperation({
    summary: 'The recommendations measured by milestones, a count or a rating',
    description: 'Every other recommendation is graded: its status is judged on the scale.',
  })
  @ApiAnswer(200, ['MeasuredRecommendationView'], 'The measured recommendations')
  list(): Promise<MeasuredRecommendationView[]> {
    return this.measures.list();
  }

  @Get('recommendations/:ref/measure')
  @ApiOperation({
    summary: "A recommendation's measure: its kind and rule now, and every earlier version",
  })
  @ApiNotFoundResponse({ description: 'Unknown ref' })
  @ApiAnswer(200, 'MeasureView', 'The measure')
  get(@Param('ref') ref: string): Promise<MeasureView> {
    return this.measures.get(ref);
  }

  @Post('recommendations/:ref/measure/preview')
  @HttpCode(200)
  @MinRole(Role.Admin)
  @ApiOperation({
    summary: 'Preview a change of the measure: which statuses it would move; writes nothing',
    description:
      'The statuses that follow the rule and that the new rule changes are listed with their facts; statuses set by analysts (judgements, overrides) are listed as kept. Apply the change with `PUT` and the `previewDigest` of this preview.',
  })
  @ApiBadRequestResponse({
    description:
      'A bad rule (steps out of order, a step without a status, thresholds not increasing...), each field named; a kind change once facts are recorded; a step or rating in use removed',
  })
  @ApiConflictResponse({ description: 'baseVersion is stale; the body carries the measure now' })
  @ApiForbiddenResponse({ description: 'Admins only' })
  @ApiNotFoundResponse({ description: 'Unknown ref' })
  @ApiAnswer(200, 'RuleChangePreview', 'What the change would move, and its previewDigest')
  preview(@Param('ref') ref: string, @Body() dto: PreviewMeasureDto): Promise<RuleChangePreview> {
    return this.measures.preview(ref, dto);
  }

  @Put('recommendations/:ref/measure')
  @MinRole(Role.Admin)
  @ApiOperation({
    summary: 'Set or change the measure, re-deriving the statuses it moves',
    description:
      'Adds a version of the measure, effective today. Each status the preview listed as moving is re-derived as a new assessment dated today, attributed to the admin; earlier assessments and statuses as of earlier dates stay as they were. Needs `baseVersion` and the `previewDigest` of a preview of the same change.',
  })
  @ApiBadRequestResponse({ description: 'As for the preview' })
  @ApiConflictResponse({
    description:
      'baseVersion is stale, or what the change moves changed since the preview (the body carries the new preview)',
  })
  @ApiForbiddenResponse({ description: 'Admins only' })
  @ApiNotFoundResponse({ description: 'Unknown ref' })
  @ApiAnswer(200, 'RuleChangeResult', 'The measure now, and the statuses re-derived')
  change(
    @Param('ref') ref: string,
    @Body() dto: ChangeMeasureDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RuleChangeResult> {
    return this.measures.change(ref, dto, principal);
  }
}
