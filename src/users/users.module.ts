import { Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { systemPrincipal } from '../auth/principal.js';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { MeController } from './me.controller.js';
import { Role } from './role.enum.js';
import { UsersAdminController } from './users-admin.controller.js';
import { INITIAL_ADMIN, UsersService } from './users.service.js';
import { UsersController } from './users.controller.js';

@Module({
  imports: [ReferenceDataModule, AuditModule],
  controllers: [UsersController, MeController, UsersAdminController],
  providers: [UsersService],
  exports: [UsersService],
})
export class UsersModule implements OnApplicationBootstrap {
  constructor(private readonly users: UsersService) {}

  /** A database without users gets an admin whose random password is printed once, here. */
  async onApplicationBootstrap(): Promise<void> {
    const password = await this.users.ensureInitialAdmin(systemPrincipal('system', Role.Admin));
    if (password === null) return;
    new Logger('Users').warn('No users existed: created the first administrator.');
    console.log(
      [
        '',
        '  ================================================================',
        `   First sign-in:  username ${INITIAL_ADMIN}   password ${password}`,
        '   This password is shown only now. You will be asked to change it.',
        '  ================================================================',
        '',
      ].join('\n'),
    );
  }
}
