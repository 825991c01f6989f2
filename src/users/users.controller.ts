import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto.js';
import { Role } from './role.enum.js';
import type { UserView, UserWithPassword } from './user.view.js';
import { UsersService } from './users.service.js';
import { ApiAnswer, ApiCreated } from '../openapi/responses.js';

@ApiTags('users')
@ApiForbiddenResponse({ description: 'Admins only' })
@Controller('api/v1/users')
@MinRole(Role.Admin)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Every user, with role and State limits' })
  @ApiAnswer(200, ['UserView'], 'The users by username')
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  @Post()
  @ApiOperation({
    summary: 'Create a user',
    description:
      'Without `password`, a random one is generated and returned once. The user must choose a new password at first sign-in.',
  })
  @ApiBadRequestResponse({
    description: 'A field breaks a rule, the username is taken, or a State is unknown',
  })
  @ApiCreated(
    'UserWithPassword',
    'The user, and the generated password if any',
    (u: UserWithPassword) => `/api/v1/users/${encodeURIComponent(u.user.username)}`,
  )
  create(
    @Body() dto: CreateUserDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<UserWithPassword> {
    return this.users.create(dto, actor);
  }

  @Get(':username')
  @ApiOperation({ summary: 'One user' })
  @ApiNotFoundResponse({ description: 'Unknown username' })
  @ApiAnswer(200, 'UserView', 'The user')
  get(@Param('username') username: string): Promise<UserView> {
    return this.users.get(username);
  }

  @Patch(':username')
  @ApiOperation({
    summary: 'Change name, role, State limits, or deactivate',
    description:
      '`baseVersion` must be the current version, else 409. Deactivating ends every session of the user.',
  })
  @ApiConflictResponse({ description: 'Changed by someone else since baseVersion' })
  @ApiAnswer(200, 'UserView', 'The user, changed')
  update(
    @Param('username') username: string,
    @Body() dto: UpdateUserDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<UserView> {
    return this.users.update(username, dto, actor);
  }

  @Post(':username/password-reset')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Give the user a new random password (returned once); they must change it at sign-in',
  })
  @ApiAnswer(200, 'UserWithPassword', 'The user and the new password, shown once')
  resetPassword(
    @Param('username') username: string,
    @CurrentPrincipal() actor: Principal,
  ): Promise<UserWithPassword> {
    return this.users.resetPassword(username, actor);
  }
}
