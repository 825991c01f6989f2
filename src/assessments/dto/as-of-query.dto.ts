import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsIsoDate, Trim } from '../../common/validation.js';

export class AsOfQueryDto {
  @ApiPropertyOptional({
    description:
      'Read the data as it stood on this date (YYYY-MM-DD): each pair takes its latest assessment dated on or before it. Default: now.',
    example: '2009-12-31',
  })
  @IsOptional()
  @Trim()
  @IsIsoDate()
  asOf?: string;
}
