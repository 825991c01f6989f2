import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/paging.js';
import { Trim } from '../../common/validation.js';
import {
  DOCUMENT_KINDS,
  DOCUMENT_STAGES,
  type DocumentKind,
  type DocumentStage,
} from '../document.entity.js';

export class ListDocumentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DOCUMENT_STAGES })
  @IsOptional()
  @Trim()
  @IsIn(DOCUMENT_STAGES, { message: `stage must be one of ${DOCUMENT_STAGES.join(', ')}` })
  stage?: DocumentStage;

  @ApiPropertyOptional({ enum: DOCUMENT_KINDS })
  @IsOptional()
  @Trim()
  @IsIn(DOCUMENT_KINDS, { message: `kind must be one of ${DOCUMENT_KINDS.join(', ')}` })
  kind?: DocumentKind;
}
