import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIsoDate, Trim } from '../../common/validation.js';
import { ROLES, Role } from '../../users/role.enum.js';
import { StateLimits } from '../../users/dto/user.dto.js';

export class IssueTokenDto {
  @ApiProperty({ example: 'Import from the regional office', description: 'What the token is for' })
  @Trim()
  @IsString({ message: 'name must be text' })
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;

  @StateLimits('For an analyst token: the only States it may write for. Empty: all.')
  states?: string[];

  @ApiPropertyOptional({ example: '2027-12-31', description: 'Last day the token works' })
  @IsOptional()
  @Trim()
  @IsIsoDate()
  expiresOn?: string;
}
