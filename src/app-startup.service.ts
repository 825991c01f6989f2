import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { systemPrincipal } from './auth/principal.js';
import type { Env } from './config/env.js';
import { ReferenceDataService } from './reference-data/reference-data.service.js';
import { Role } from './users/role.enum.js';
import { INITIAL_ADMIN, UsersService } from './users/users.service.js';

/**
 * The server's start-up work, done once the modules are ready: reference data for a new, empty
 * database, and a first administrator for a database without users. It belongs to the server
 * alone: the command line builds the same feature modules without it.
 */
@Injectable()
export class AppStartupService implements OnApplicationBootstrap {
  constructor(
    private readonly referenceData: ReferenceDataService,
    private readonly users: UsersService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.get('LOAD_REFERENCE_DATA', { infer: true })) {
      await this.referenceData.loadIfEmpty();
    }
    await this.ensureFirstAdmin();
  }

  /** A database without users gets an admin whose random password is printed once, here. */
  private async ensureFirstAdmin(): Promise<void> {
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
