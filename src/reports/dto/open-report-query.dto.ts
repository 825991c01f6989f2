import { ApiProperty, IntersectionType, PickType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../common/validation.js';
import { PeriodReportQueryDto } from './period-report-query.dto.js';
import { AnnexReportQueryDto } from './report-query.dto.js';

/** The report kinds that are about one thing (the period report is about dates). */
export const TARGETED_KINDS = ['event', 'state', 'theme', 'recommendation'] as const;
export type TargetedKind = (typeof TARGETED_KINDS)[number];

/**
 * What the forms of the reports page send: a kind, what it is about, and the usual options (the
 * annex's form for the kinds that have an annex, the State report's event, theme and period).
 */
export class OpenReportQueryDto extends IntersectionType(
  AnnexReportQueryDto,
  PickType(PeriodReportQueryDto, ['event', 'theme', 'from', 'to'] as const),
) {
  @ApiProperty({ enum: TARGETED_KINDS })
  @Trim()
  @IsIn(TARGETED_KINDS, { message: `kind must be one of ${TARGETED_KINDS.join(', ')}` })
  kind!: TargetedKind;

  @ApiProperty({ description: 'Event slug, State ISO3 code, theme slug or recommendation ref' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'target must name the event, State, theme or recommendation' })
  @MaxLength(100)
  target!: string;
}
