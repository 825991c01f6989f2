import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsIsoDate, Trim } from '../../common/validation.js';
import { REGIONS } from '../regions.js';
import { STATE_SORTS, type SortDirection, type StateSort } from '../states-page.view-model.js';

/** The States page: figures as of a date, one region, sorted by a column. */
export class ListStatesQueryDto {
  @ApiPropertyOptional({ example: '2009-12-31' })
  @IsOptional()
  @Trim()
  @IsIsoDate({ message: 'Figures as of must be a real date written YYYY-MM-DD' })
  asOf?: string;

  @IsOptional()
  @Trim()
  @IsIn(REGIONS.map((r) => r.key), { message: 'Region must be one of the regions listed' })
  region?: string;

  @IsOptional()
  @IsIn(STATE_SORTS, { message: 'Sort must be one of the table columns' })
  sort?: StateSort;

  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'Direction must be asc or desc' })
  dir?: SortDirection;
}
