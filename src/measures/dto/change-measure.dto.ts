import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { Trim } from '../../common/validation.js';
import { MEASURE_KINDS, type MeasureKind } from '../measure.types.js';
import { CountRuleDto, MilestonesRuleDto, RatingRuleDto } from './measure-rule.dto.js';

export const MEASURE_NOTE_MAX = 4000;

/** A measure an admin proposes for a recommendation: previewed, then applied. */
export class PreviewMeasureDto {
  @ApiProperty({ enum: MEASURE_KINDS, example: 'count' })
  @IsIn(MEASURE_KINDS, { message: `kind must be one of: ${MEASURE_KINDS.join(', ')}` })
  kind: MeasureKind;

  @ApiPropertyOptional({
    description:
      'The rule of the kind: a `MilestonesRuleDto` for milestones, a `CountRuleDto` for a count, a `RatingRuleDto` for a rating; left out for graded. Checked as a whole: every field at fault is named (`rule.instruments[0].steps[1].status`).',
    oneOf: [
      { $ref: getSchemaPath(MilestonesRuleDto) },
      { $ref: getSchemaPath(CountRuleDto) },
      { $ref: getSchemaPath(RatingRuleDto) },
    ],
  })
  @IsOptional()
  @IsObject({ message: 'rule must be an object' })
  rule?: Record<string, unknown>;

  @ApiPropertyOptional({
    maxLength: MEASURE_NOTE_MAX,
    description:
      'Why the measure is set or changed; kept with the version, and in the notes of the statuses it moves.',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(MEASURE_NOTE_MAX)
  note?: string;

  @ApiProperty({
    description:
      "The version of the recommendation's measure this change is based on (0 when it never had one). A stale version is refused with 409.",
    minimum: 0,
  })
  @IsInt()
  @Min(0)
  baseVersion: number;
}

export class ChangeMeasureDto extends PreviewMeasureDto {
  @ApiProperty({
    description:
      'The `previewDigest` of the preview of this same change: what it will move. If anything it moves has changed since (a status recorded meanwhile), the change is refused with 409 and the new preview.',
    example: '3f1c0a9e5b7d2c4f6a8e0b1d3c5f7a9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a',
  })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'previewDigest must be the previewDigest of a preview' })
  previewDigest: string;
}
