import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  ImplementationStatus,
  STATUS_VALUES,
} from '../../assessments/implementation-status.enum.js';
import { Trim } from '../../common/validation.js';
import { COMBINE_RULES, type CombineRule } from '../measure.types.js';

/**
 * The rules of the measures as they are sent and stored, checked field by field here; the checks
 * across fields (steps in order, thresholds increasing, keys unique) are in `rules.ts`.
 */

export const KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const KEY_MAX = 40;
export const LABEL_MAX = 100;
export const RATING_CODE_PATTERN = /^[A-Za-z0-9/+-]{1,16}$/;
export const COUNT_MAX = 1_000_000;

/** The statuses a step or a threshold may give: the four of the scale with a weight. */
export const LADDER_STATUSES: readonly ImplementationStatus[] = [
  ImplementationStatus.NotImplemented,
  ImplementationStatus.PartiallyImplemented,
  ImplementationStatus.MostlyImplemented,
  ImplementationStatus.Implemented,
];

/** The statuses a rating may give: any but "no information". */
export const RATING_STATUSES: readonly ImplementationStatus[] = STATUS_VALUES.filter(
  (s) => s !== ImplementationStatus.NoInformation,
);

const key = (what: string) =>
  Matches(KEY_PATTERN, {
    message: `${what} must be lower-case letters and digits joined by hyphens (e.g. "in-force")`,
  });

export class MilestoneStepDto {
  @ApiProperty({ example: 'ratified', pattern: KEY_PATTERN.source, maxLength: KEY_MAX })
  @Trim()
  @IsString()
  @MaxLength(KEY_MAX)
  @key('key')
  key: string;

  @ApiProperty({ example: 'Ratified', maxLength: LABEL_MAX })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LABEL_MAX)
  label: string;

  @ApiProperty({ enum: LADDER_STATUSES, example: ImplementationStatus.MostlyImplemented })
  @IsDefined({ message: 'every step needs a status' })
  @IsIn(LADDER_STATUSES, {
    message: `status must be one of: ${LADDER_STATUSES.join(', ')}`,
  })
  status: ImplementationStatus;
}

export class InstrumentDto {
  @ApiProperty({ example: 'caricc-agreement', pattern: KEY_PATTERN.source, maxLength: KEY_MAX })
  @Trim()
  @IsString()
  @MaxLength(KEY_MAX)
  @key('key')
  key: string;

  @ApiProperty({ example: 'CARICC Agreement', maxLength: LABEL_MAX })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LABEL_MAX)
  label: string;

  @ApiProperty({
    type: [MilestoneStepDto],
    description: 'The ladder, lowest step first; each step gives a status at least as high.',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'an instrument needs at least one step' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => MilestoneStepDto)
  steps: MilestoneStepDto[];
}

export class MilestonesRuleDto {
  @ApiPropertyOptional({
    enum: COMBINE_RULES,
    default: 'least-advanced',
    description:
      'With several instruments: the least advanced one decides, or the most advanced one does.',
  })
  @IsOptional()
  @IsIn(COMBINE_RULES, { message: `combine must be one of: ${COMBINE_RULES.join(', ')}` })
  combine?: CombineRule;

  @ApiProperty({ type: [InstrumentDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'a milestones measure needs at least one instrument' })
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => InstrumentDto)
  instruments: InstrumentDto[];
}

export class ThresholdDto {
  @ApiProperty({ minimum: 0, example: 3, description: 'Counts from this one up' })
  @IsDefined({ message: 'every threshold needs its lowest count' })
  @IsInt({ message: 'min must be a whole number' })
  @Min(0)
  @Max(COUNT_MAX)
  min: number;

  @ApiProperty({ enum: LADDER_STATUSES, example: ImplementationStatus.MostlyImplemented })
  @IsDefined({ message: 'every threshold needs a status' })
  @IsIn(LADDER_STATUSES, {
    message: `status must be one of: ${LADDER_STATUSES.join(', ')}`,
  })
  status: ImplementationStatus;
}

export class CountRuleDto {
  @ApiProperty({ example: 'drug liaison officers placed', maxLength: LABEL_MAX })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LABEL_MAX)
  unit: string;

  @ApiProperty({ minimum: 1, example: 5, description: 'The count the recommendation aims at' })
  @IsDefined({ message: 'a count measure needs a target' })
  @IsInt({ message: 'target must be a whole number' })
  @Min(1)
  @Max(COUNT_MAX)
  target: number;

  @ApiProperty({
    type: [ThresholdDto],
    description: 'Lowest first, the first at 0; each higher than the one before.',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'a count measure needs at least one threshold' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ThresholdDto)
  thresholds: ThresholdDto[];
}

export class RatingGradeDto {
  @ApiProperty({ example: 'LC', pattern: RATING_CODE_PATTERN.source })
  @Trim()
  @IsString()
  @Matches(RATING_CODE_PATTERN, {
    message: 'code must be 1 to 16 letters, digits or / + - (e.g. "LC", "N/A")',
  })
  code: string;

  @ApiProperty({ example: 'Largely compliant', maxLength: LABEL_MAX })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LABEL_MAX)
  label: string;

  @ApiProperty({ enum: RATING_STATUSES, example: ImplementationStatus.MostlyImplemented })
  @IsDefined({ message: 'every rating needs a status' })
  @IsIn(RATING_STATUSES, {
    message: `status must be one of: ${RATING_STATUSES.join(', ')}`,
  })
  status: ImplementationStatus;
}

export class RatingRuleDto {
  @ApiProperty({ example: 'FATF technical compliance', maxLength: LABEL_MAX })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LABEL_MAX)
  scale: string;

  @ApiProperty({ type: [RatingGradeDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'a rating measure needs at least one rating' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RatingGradeDto)
  ratings: RatingGradeDto[];
}
