import { ApiPropertyOptional } from '@nestjs/swagger';

/**
 * A fact as sent with an assessment (JSON) or read from an import line (its columns of the same
 * names). Which fields it needs depends on the recommendation's measure: `instrument` and
 * `milestone` for milestones, `count` and `places` for a count, `rating` and `source` for a
 * rating. It is checked against the measure by `parseFact()` (`facts.ts`), the one place that
 * does, for the API, the pages and imports alike.
 */
export class FactDto {
  @ApiPropertyOptional({
    description:
      'Milestones: the instrument, by key or label (may be left out when the measure has only one).',
    example: 'caricc-agreement',
  })
  instrument?: string;

  @ApiPropertyOptional({
    description: 'Milestones: the step the instrument reached on the date, by key or label.',
    example: 'ratified',
  })
  milestone?: string;

  @ApiPropertyOptional({
    description:
      'Count: the total on the date (not an increase), a whole number (or its digits as a string, as in an import line).',
    oneOf: [
      { type: 'integer', minimum: 0 },
      { type: 'string', pattern: '^\\s*\\d+\\s*$' },
    ],
    example: 3,
  })
  count?: number;

  @ApiPropertyOptional({
    description:
      'Count: the places the count covers (an array, or one string with places separated by ";").',
    oneOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }],
    example: ['Kabul', 'Tashkent', 'Tehran'],
  })
  places?: string[] | string;

  @ApiPropertyOptional({
    description: 'Rating: the rating on the scale, by code or label (FATF: C, LC, PC, NC, NA).',
    example: 'LC',
  })
  rating?: string;

  @ApiPropertyOptional({
    description: 'Rating: the source document the rating comes from (its date is `assessedOn`).',
    example: 'FATF mutual evaluation report, June 2024',
  })
  source?: string;
}

export const FACT_FIELDS = [
  'instrument',
  'milestone',
  'count',
  'places',
  'rating',
  'source',
] as const;
export type FactField = (typeof FACT_FIELDS)[number];
