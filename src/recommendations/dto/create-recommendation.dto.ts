import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { Trim } from '../../common/validation.js';
import { ADDRESSEE_VALUES, Addressee } from '../addressee.enum.js';

export const REF_PATTERN = /^[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*$/;
export const TITLE_MAX = 200;
export const TEXT_MAX = 10000;

/** Fields a recommendation shares between create and update. */
export class RecommendationFieldsDto {
  @ApiPropertyOptional({ description: 'Session number within the event ("II")', example: 'II' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(10)
  session?: string;

  @ApiProperty({ maxLength: TITLE_MAX, example: 'Sign the CARICC Agreement' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TITLE_MAX)
  title: string;

  @ApiProperty({ maxLength: TEXT_MAX })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  text: string;

  @ApiProperty({ enum: ADDRESSEE_VALUES })
  @IsIn(ADDRESSEE_VALUES, { message: `addressee must be one of: ${ADDRESSEE_VALUES.join(', ')}` })
  addressee: Addressee;

  @ApiPropertyOptional({
    type: [String],
    description: 'Theme slugs',
    example: ['information-sharing'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  themes?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Organisation acronyms',
    example: ['CARICC'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  organisations?: string[];

  @ApiPropertyOptional({
    type: [String],
    description:
      'The States (ISO3) and organisations (acronym) the recommendation is tracked for. Default: every participating State if addressed to them, and the OSCE if addressed to it.',
    example: ['KAZ', 'KGZ', 'TJK', 'TKM', 'UZB'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  scope?: string[];
}

export class CreateRecommendationDto extends RecommendationFieldsDto {
  @ApiProperty({
    description: 'Stable reference, never changed',
    example: 'JEW-V.1',
    maxLength: 40,
  })
  @Trim()
  @IsString()
  @MaxLength(40)
  @Matches(REF_PATTERN, {
    message: 'ref must be letters and digits, parts joined by "." or "-" (like JEW-II.9)',
  })
  ref: string;

  @ApiProperty({ description: 'Event slug', example: 'joint-expert-workshop-illicit-drugs' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  event: string;
}
