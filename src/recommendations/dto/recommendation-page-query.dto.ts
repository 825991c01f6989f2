import { IsIn, IsOptional } from 'class-validator';
import { AsOfQueryDto } from '../../assessments/dto/as-of-query.dto.js';
import { ImplementationStatus } from '../../assessments/implementation-status.enum.js';
import { Trim } from '../../common/validation.js';
import { REGIONS } from '../../states/regions.js';

export const STATE_SORTS = ['state', 'status', 'date'] as const;
export type StateSort = (typeof STATE_SORTS)[number];

/** A recommendation's page: as of a date, its States filtered by region and status, sorted. */
export class RecommendationPageQueryDto extends AsOfQueryDto {
  @IsOptional()
  @Trim()
  @IsIn(REGIONS.map((r) => r.key), { message: 'Region must be one of the regions listed' })
  region?: string;

  @IsOptional()
  @Trim()
  @IsIn(Object.values(ImplementationStatus), {
    message: 'Status must be one of the statuses listed',
  })
  status?: ImplementationStatus;

  @IsOptional()
  @Trim()
  @IsIn(STATE_SORTS, { message: 'Sort must be by State, status or date' })
  sort?: StateSort;
}
