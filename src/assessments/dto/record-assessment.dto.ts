import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsIsoDate, NotInFuture, Trim } from '../../common/validation.js';
import { FactDto } from '../../measures/dto/fact.dto.js';
import { factFromForm } from '../../measures/measure-view.js';
import { ImplementationStatus, STATUS_VALUES } from '../implementation-status.enum.js';

export const NOTE_MAX = 4000;
export const EVIDENCE_URL_MAX = 2000;
export const EVIDENCE_CITATION_MAX = 1000;

export class RecordAssessmentDto {
  @ApiPropertyOptional({
    enum: STATUS_VALUES,
    example: ImplementationStatus.PartiallyImplemented,
    description:
      'Required for a graded recommendation. For one measured by facts, give the `fact` instead: the status then follows from the measure; a status other than the derived one (with or without a fact) is an override and needs `overrideReason`.',
  })
  // Checked when given; whether one is needed depends on the measure (the service's to say).
  @ValidateIf((o: RecordAssessmentDto) => o.status !== undefined)
  @IsIn(STATUS_VALUES, { message: `status must be one of: ${STATUS_VALUES.join(', ')}` })
  status?: ImplementationStatus;

  @ApiPropertyOptional({
    type: () => FactDto,
    description:
      "The dated fact, for a recommendation measured by milestones, a count or a rating (see its measure): the milestone reached and on which instrument, the count and its places, or the rating and its source. The status is derived from it by the measure's rule.",
  })
  @IsOptional()
  @IsObject({ message: 'fact must be an object' })
  fact?: Record<string, unknown>;

  @ApiPropertyOptional({
    maxLength: NOTE_MAX,
    description:
      'Why the status differs from the one the facts give (an override); kept and shown with the status.',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(NOTE_MAX)
  overrideReason?: string;

  @ApiProperty({
    description: 'The date the facts refer to (YYYY-MM-DD); may be in the past, not in the future.',
    example: '2009-06-30',
  })
  @IsIsoDate()
  @NotInFuture()
  assessedOn: string;

  @ApiPropertyOptional({ maxLength: NOTE_MAX, description: 'Printed in reports.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(NOTE_MAX)
  note?: string;

  @ApiPropertyOptional({
    maxLength: NOTE_MAX,
    description: 'For the secretariat only: never printed in a public report.',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(NOTE_MAX)
  internalNote?: string;

  @ApiPropertyOptional({
    maxLength: EVIDENCE_URL_MAX,
    example: 'https://example.org/treaty-status',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(EVIDENCE_URL_MAX)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    { message: 'evidenceUrl must be an http(s) URL' },
  )
  evidenceUrl?: string;

  @ApiPropertyOptional({
    maxLength: EVIDENCE_CITATION_MAX,
    example: 'Note verbale of 12 March 2009',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(EVIDENCE_CITATION_MAX)
  evidenceCitation?: string;

  @ApiProperty({
    description:
      'The version of the pair this judgement was based on (from its current status). A stale version is refused with 409.',
    minimum: 1,
  })
  @IsInt()
  @Min(1)
  baseVersion: number;
}

/** The fields of an assessment form (other fields of the body, such as `_csrf`, left out). */
export function assessmentFormFields(
  body: Record<string, unknown>,
  baseVersion: number,
): Record<string, unknown> {
  const { assessedOn, note, internalNote, evidenceUrl, evidenceCitation } = body;
  // A measured pair's form: the fact's fields, and a status only to override the derived one.
  const fact = factFromForm(body);
  const overrideReason =
    typeof body.overrideReason === 'string' && body.overrideReason.trim() !== ''
      ? body.overrideReason
      : undefined;
  const status = body.status === '' && body.factKind !== undefined ? undefined : body.status;
  return {
    status,
    fact,
    overrideReason,
    assessedOn,
    note,
    internalNote,
    evidenceUrl,
    evidenceCitation,
    baseVersion,
  };
}
