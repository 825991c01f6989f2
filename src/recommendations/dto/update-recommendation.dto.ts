import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { RecommendationFieldsDto } from './create-recommendation.dto.js';

/** Any of the fields, plus the version the edit was based on. The ref and event never change. */
export class UpdateRecommendationDto extends PartialType(RecommendationFieldsDto) {
  @ApiProperty({ minimum: 1, description: 'The recommendation version the edit was based on' })
  @IsInt()
  @Min(1)
  baseVersion: number;
}
