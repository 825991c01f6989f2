import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { IsIsoDate, NotInFuture, Trim } from '../../common/validation.js';
import { ANNEX_FORMS, type AnnexForm } from '../../reports/dto/report-query.dto.js';
import { DOCUMENT_KINDS, MARKINGS, type DocumentKind, type Marking } from '../document.entity.js';

/** The most text one narrative field holds (about ten printed pages). */
export const NARRATIVE_MAX = 20_000;
/** The most conclusions one document holds, and the longest key (a ref, or `state`). */
export const CONCLUSIONS_MAX = 500;

/** A plain object of at most CONCLUSIONS_MAX texts of at most NARRATIVE_MAX characters. */
function IsConclusions(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isConclusions',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `conclusions must be an object of at most ${CONCLUSIONS_MAX} texts (each under ${NARRATIVE_MAX} characters) keyed by recommendation ref or "state"`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= CONCLUSIONS_MAX &&
          Object.entries(value).every(
            ([key, text]) =>
              key.length > 0 &&
              key.length <= 40 &&
              typeof text === 'string' &&
              text.length <= NARRATIVE_MAX,
          ),
      },
    });
}

/** The report options a document is made with: its dates, and a period or State report's selection. */
export class DocumentOptionsDto {
  @ApiPropertyOptional({ description: 'The date of the figures (YYYY-MM-DD); default today' })
  @IsOptional()
  @Trim()
  @IsIsoDate()
  @NotInFuture()
  asOf?: string;

  @ApiPropertyOptional({ description: 'Compared with this earlier date; default a year before' })
  @IsOptional()
  @Trim()
  @IsIsoDate()
  @NotInFuture()
  compareWith?: string;

  @ApiPropertyOptional({
    description:
      'Period and State reports: start of the period (excluded); a period report starts by default at the end of the last issued period report, else a year before `to`. A State report narrowed to a period keeps the recommendations assessed in it, as of `to` compared with `from`',
  })
  @IsOptional()
  @Trim()
  @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({
    description: 'Period and State reports: end of the period (included); default today',
  })
  @IsOptional()
  @Trim()
  @IsIsoDate()
  @NotInFuture()
  to?: string;

  @ApiPropertyOptional({ description: 'Period and State reports: only this event (slug)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  event?: string;

  @ApiPropertyOptional({ description: 'Period and State reports: only this theme (slug)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  theme?: string;

  @ApiPropertyOptional({
    enum: ANNEX_FORMS,
    description: 'Event and theme reports: the annex of ratings as a heatmap (default) or a table',
  })
  @IsOptional()
  @IsIn(ANNEX_FORMS, { message: 'annex must be heatmap or table' })
  annex?: AnnexForm;
}

/** The fields of a document an author writes. */
export class DocumentFieldsDto {
  @ApiPropertyOptional({ description: 'Default: the report’s own title and subject' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ description: 'Language tag, e.g. en or fr-CH; default en' })
  @IsOptional()
  @Trim()
  @IsString()
  @Matches(/^[a-z]{2,3}(-[A-Z]{2})?$/, { message: 'language must be a tag such as en or fr-CH' })
  language?: string;

  @ApiPropertyOptional({
    enum: MARKINGS,
    description:
      'public and restricted print the public edition (no internal notes, no authors); internal prints the internal edition. Default internal.',
  })
  @IsOptional()
  @IsIn(MARKINGS, { message: 'marking must be public, restricted or internal' })
  marking?: Marking;

  @ApiPropertyOptional({ type: DocumentOptionsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DocumentOptionsDto)
  options?: DocumentOptionsDto;

  @ApiPropertyOptional({ description: 'Markdown, without HTML' })
  @IsOptional()
  @IsString()
  @MaxLength(NARRATIVE_MAX)
  introduction?: string;

  @ApiPropertyOptional({
    description:
      'Markdown by recommendation ref; in a State report, `state` is the conclusion on the State',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  @IsOptional()
  @IsConclusions()
  conclusions?: Record<string, string>;

  @ApiPropertyOptional({ description: 'Markdown, without HTML' })
  @IsOptional()
  @IsString()
  @MaxLength(NARRATIVE_MAX)
  overallConclusion?: string;
}

export class CreateDocumentDto extends DocumentFieldsDto {
  @ApiProperty({ enum: DOCUMENT_KINDS })
  @IsIn(DOCUMENT_KINDS, {
    message: `kind must be one of ${DOCUMENT_KINDS.join(', ')}`,
  })
  kind: DocumentKind;

  @ApiPropertyOptional({
    description:
      'What the report is about: an event or theme slug, a State’s code, a recommendation ref; not for a period report',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  target?: string;
}

/** A step of the document's way (submit, approve, return, issue), on top of the version read. */
export class DocumentStepDto {
  @ApiProperty({ description: 'The version last read; a stale one is refused with 409' })
  @IsInt()
  @Min(1)
  baseVersion: number;
}

/** A change to a draft: any of its fields, on top of the version last read. */
export class UpdateDocumentDto extends IntersectionType(
  PartialType(DocumentFieldsDto),
  DocumentStepDto,
) {}
