import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/paging.js';
import { IsIsoDate, Trim } from '../../common/validation.js';

/** The `asOf` query parameter: optional, a real date. */
export function AsOfParameter(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description:
        'Read the data as it stood on this date (YYYY-MM-DD): each pair takes its latest assessment dated on or before it. Default: now.',
      example: '2009-12-31',
    }),
    IsOptional(),
    Trim(),
    IsIsoDate(),
  );
}

export class AsOfQueryDto {
  @AsOfParameter()
  asOf?: string;
}

/** A page of a long list as it stood on a date. */
export class AsOfPageQueryDto extends PageQueryDto {
  @AsOfParameter()
  asOf?: string;
}
