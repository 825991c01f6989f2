import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { STATUS_VALUES } from '../../assessments/implementation-status.enum.js';
import type { ImplementationStatus } from '../../assessments/implementation-status.enum.js';
import { Trim } from '../../common/validation.js';
import { REGIONS } from '../../states/regions.js';
import { AGE_FILTERS, type AgeFilter } from '../matrix-page.view-model.js';
import { MatrixPageQueryDto } from './progress-query.dto.js';

const REGION_KEYS = REGIONS.map((r) => r.key);

/** The matrix page: a page of columns, narrowed to a region's States and to a status. */
export class ViewMatrixPageQueryDto extends MatrixPageQueryDto {
  @ApiPropertyOptional({ enum: REGION_KEYS, description: 'Only the States of this region' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsIn(REGION_KEYS, { message: 'Region: choose one of the regions offered' })
  region?: string;

  @ApiPropertyOptional({
    enum: STATUS_VALUES,
    description: 'Only the States with a pair in this status, its cells marked',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @IsIn(STATUS_VALUES, { message: 'Status: choose one of the statuses offered' })
  status?: ImplementationStatus;

  @ApiPropertyOptional({
    enum: AGE_FILTERS,
    description:
      'Only the States with a pair assessed longer ago than STALE_AFTER_MONTHS (stale) or never assessed (never), its cells marked',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @IsIn(AGE_FILTERS, { message: 'Age: choose one of the ages offered' })
  age?: AgeFilter;

  @ApiPropertyOptional({
    enum: ['codes', 'facts'],
    description:
      'facts: cells of recommendations measured by facts show the step, count or rating instead of the status code',
  })
  @IsOptional()
  @Trim()
  @IsIn(['codes', 'facts'], { message: 'Cells: choose status codes or facts' })
  cells?: 'codes' | 'facts';
}
