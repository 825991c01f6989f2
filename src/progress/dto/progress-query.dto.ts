import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { AsOfQueryDto } from '../../assessments/dto/as-of-query.dto.js';
import { Trim } from '../../common/validation.js';

export class MatrixQueryDto extends AsOfQueryDto {
  @ApiPropertyOptional({ description: 'Event slug' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  event?: string;

  @ApiPropertyOptional({ description: 'Theme slug' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(64)
  theme?: string;
}

export class ProgressQueryDto extends MatrixQueryDto {
  @ApiPropertyOptional({ description: 'State ISO3 code (or organisation acronym, e.g. OSCE)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(32)
  state?: string;
}
