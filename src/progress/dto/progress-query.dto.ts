import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AsOfQueryDto } from '../../assessments/dto/as-of-query.dto.js';
import { MAX_PAGE, MAX_PAGE_SIZE, PageNumber } from '../../common/paging.js';
import { ToInt, Trim } from '../../common/validation.js';

export class MatrixQueryDto extends AsOfQueryDto {
  @ApiPropertyOptional({ description: 'Event slug' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  event?: string;

  @ApiPropertyOptional({ description: 'Theme slug' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(64)
  theme?: string;
}

export class ProgressQueryDto extends MatrixQueryDto {
  @ApiPropertyOptional({ description: 'State ISO3 code (or organisation acronym, e.g. OSCE)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(32)
  state?: string;
}

/** Recommendations (columns) on a matrix page: a workshop's worth fits the screen and the page. */
export const MATRIX_PAGE_SIZE = 25;

/** The matrix a page at a time: `pageSize` recommendations (columns) per page. */
export class MatrixPageQueryDto extends MatrixQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @PageNumber()
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: MATRIX_PAGE_SIZE })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = MATRIX_PAGE_SIZE;
}
