import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { Trim } from '../../common/validation.js';
import { ROLES, Role } from '../role.enum.js';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** A list of ISO3 codes, from JSON (an array) or a form (one value, several, or comma-separated). */
export function ToCodeList(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (value === undefined || value === null) return value;
    const items: unknown[] = Array.isArray(value) ? value : [value];
    if (!items.every((v): v is string => typeof v === 'string')) return value;
    return items
      .flatMap((v) => v.split(/[\s,]+/))
      .map((v) => v.trim().toUpperCase())
      .filter(Boolean);
  });
}

/** An optional list of ISO3 codes limiting where an analyst (or analyst token) may write. */
export function StateLimits(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: [String], example: ['KAZ', 'KGZ'], description }),
    IsOptional(),
    ToCodeList(),
    IsArray({ message: 'states must be a list of ISO3 codes' }),
    ArrayMaxSize(100),
    IsString({ each: true }),
  );
}

export class CreateUserDto {
  @ApiProperty({
    example: 'a.smith',
    description: 'Lower-case letters, digits, dot, dash, underscore',
  })
  @Trim()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  )
  @IsString({ message: 'username must be text' })
  @Matches(USERNAME_PATTERN, {
    message:
      'username must be 2-64 characters: lower-case letters, digits, dot, dash or underscore, starting with a letter or digit',
  })
  username: string;

  @ApiProperty({ example: 'Anna Smith' })
  @Trim()
  @IsString({ message: 'displayName must be text' })
  @MaxLength(200)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;

  @StateLimits('For an analyst: the only States they may record assessments for. Empty: all.')
  states?: string[];

  @ApiPropertyOptional({
    description:
      'Initial password; when left out a random one is generated and returned once. The user must change it at first sign-in either way.',
  })
  @IsOptional()
  @IsString()
  password?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString({ message: 'displayName must be text' })
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @StateLimits('For an analyst: the only States they may record assessments for. Empty: all.')
  states?: string[];

  @ApiPropertyOptional({ description: 'false signs the user out everywhere and refuses sign-in' })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  @ApiProperty({ minimum: 1, description: 'The user version the edit was based on' })
  @IsInt({ message: 'baseVersion must be a whole number' })
  @Min(1)
  baseVersion: number;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString({ message: 'currentPassword must be text' })
  currentPassword: string;

  @ApiProperty({ description: 'At least 12 characters, not containing the username' })
  @IsString({ message: 'newPassword must be text' })
  newPassword: string;
}
