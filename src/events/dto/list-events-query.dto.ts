import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/paging.js';
import { Trim } from '../../common/validation.js';

export class ListEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Words that must all occur in the title or slug (any case)',
    example: 'illicit drugs',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  q?: string;
}
