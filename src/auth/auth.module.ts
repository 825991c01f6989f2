import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiTokensModule } from '../api-tokens/api-tokens.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginController } from './login.controller.js';
import { SignInCsrf } from './sign-in-csrf.js';

@Module({
  imports: [UsersModule, ApiTokensModule, AuditModule],
  controllers: [LoginController],
  providers: [AuthService, SignInCsrf, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, SignInCsrf],
})
export class AuthModule {}
