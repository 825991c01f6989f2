import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AsOfQueryDto } from '../../assessments/dto/as-of-query.dto.js';
import { IsIsoDate, NotInFuture, Trim } from '../../common/validation.js';

export const EDITIONS = ['internal', 'public'] as const;
export type Edition = (typeof EDITIONS)[number];

export class ReportQueryDto extends AsOfQueryDto {
  @ApiPropertyOptional({
    enum: EDITIONS,
    description: 'internal: every note and author; public: no internal notes, no author names',
  })
  @IsOptional()
  @Trim()
  @IsIn(EDITIONS, { message: 'edition must be internal or public' })
  edition?: Edition;

  @ApiPropertyOptional({
    description: 'Compare the figures with this earlier date (YYYY-MM-DD); default one year before',
  })
  @IsOptional()
  @Trim()
  @IsIsoDate()
  @NotInFuture()
  compareWith?: string;

  @ApiPropertyOptional({ enum: ['html', 'pdf'], description: 'pdf: printed by headless Chromium' })
  @IsOptional()
  @Trim()
  @IsIn(['html', 'pdf'], { message: 'format must be html or pdf' })
  format?: 'html' | 'pdf';
}
