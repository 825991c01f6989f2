import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AsOfQueryDto } from '../../assessments/dto/as-of-query.dto.js';
import { IsIsoDate, NotInFuture, Trim } from '../../common/validation.js';

export const EDITIONS = ['internal', 'public'] as const;
export type Edition = (typeof EDITIONS)[number];

/** How the annex of ratings prints: a heatmap or a table of rating codes. */
export const ANNEX_FORMS = ['heatmap', 'table'] as const;
export type AnnexForm = (typeof ANNEX_FORMS)[number];

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

/** The query of the reports with an annex of ratings (event, theme): how the annex prints. */
export class AnnexReportQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({
    enum: ANNEX_FORMS,
    description: 'The annex of ratings as a heatmap (default) or as a table of rating codes',
  })
  @IsOptional()
  @Trim()
  @IsIn(ANNEX_FORMS, { message: 'annex must be heatmap or table' })
  annex?: AnnexForm;
}
