import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/paging.js';
import { IsIsoDate, Trim } from '../../common/validation.js';
import {
  ImplementationStatus,
  STATUS_VALUES,
} from '../../assessments/implementation-status.enum.js';

export class ListRecommendationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Event slug',
    example: 'joint-expert-workshop-illicit-drugs',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  event?: string;

  @ApiPropertyOptional({ description: 'Theme slug', example: 'information-sharing' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(64)
  theme?: string;

  @ApiPropertyOptional({
    description: 'Only recommendations in scope for this State (ISO3) or organisation (acronym)',
    example: 'TJK',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(32)
  state?: string;

  @ApiPropertyOptional({
    description: 'Organisation acronym linked to the recommendation',
    example: 'UNODC',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(32)
  organisation?: string;

  @ApiPropertyOptional({
    enum: STATUS_VALUES,
    description:
      "Only recommendations with at least one pair in this status (with `state`: that State's pair)",
  })
  @IsOptional()
  @Trim()
  @IsIn(STATUS_VALUES, { message: `status must be one of: ${STATUS_VALUES.join(', ')}` })
  status?: ImplementationStatus;

  @ApiPropertyOptional({
    description: 'Words to find in the ref, title or text',
    example: 'CARICC',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Statuses as of this date (YYYY-MM-DD)' })
  @IsOptional()
  @Trim()
  @IsIsoDate()
  asOf?: string;
}
