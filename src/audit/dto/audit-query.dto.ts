import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/paging.js';
import { Trim } from '../../common/validation.js';
import { AUDIT_ACTIONS, type AuditAction } from '../audit.service.js';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @Trim()
  @IsIn(AUDIT_ACTIONS, { message: `action must be one of ${AUDIT_ACTIONS.join(', ')}` })
  action?: AuditAction;

  @ApiPropertyOptional({ description: 'Username, token:<name>, cli or system' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  actor?: string;
}
