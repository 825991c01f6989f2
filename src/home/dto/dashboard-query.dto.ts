import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsIsoDate, NotInFuture, Trim } from '../../common/validation.js';

/** Labels of the dashboard's date fields, as messages name them. */
export const DASHBOARD_FIELD_LABELS = { asOf: 'As of', compareWith: 'Compare with' } as const;

/** The dashboard's dates: the figures as of one date, compared with an earlier one. */
export class DashboardQueryDto {
  @ApiPropertyOptional({ description: 'Figures as of this date (YYYY-MM-DD); default today' })
  @IsOptional()
  @Trim()
  @IsIsoDate({ message: `${DASHBOARD_FIELD_LABELS.asOf}: enter a real date as YYYY-MM-DD` })
  @NotInFuture({ message: `${DASHBOARD_FIELD_LABELS.asOf}: the date must not be in the future` })
  asOf?: string;

  @ApiPropertyOptional({
    description: 'Compare with this earlier date (YYYY-MM-DD); default one year before as of',
  })
  @IsOptional()
  @Trim()
  @IsIsoDate({ message: `${DASHBOARD_FIELD_LABELS.compareWith}: enter a real date as YYYY-MM-DD` })
  compareWith?: string;
}
