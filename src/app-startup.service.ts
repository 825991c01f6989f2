import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { systemPrincipal } from './auth/principal.js';
import type { Env } from './config/env.js';
import { dataFolder } from './database/data-source.js';
import { ReferenceDataService } from './reference-data/reference-data.service.js';
import { Role } from './users/role.enum.js';
import { INITIAL_ADMIN, UsersService } from './users/users.service.js';

/** The file, in the data folder, that holds the first administrator's password. */
export const INITIAL_PASSWORD_FILE = 'initial-admin-password';

/** Writes a file only its owner may read (mode 0600), replacing any file of that name. */
function writeOwnerOnly(path: string, content: string): void {
  rmSync(path, { force: true });
  writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

/**
 * The server's start-up work, done once the modules are ready: reference data for a new, empty
 * database, and a first administrator for a database without users. It belongs to the server
 * alone: the command line builds the same feature modules without it.
 */
@Injectable()
export class AppStartupService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Users');

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

  /**
   * A database without users gets an admin with a random password, to be changed at first
   * sign-in. The password never goes to the log (which may be collected and kept): it is written
   * to a file of the data folder that only the server's user may read, and the log names it.
   */
  private async ensureFirstAdmin(): Promise<void> {
    const password = await this.users.ensureInitialAdmin(systemPrincipal('system', Role.Admin));
    if (password === null) return;
    const folder = dataFolder(this.config.get('DATABASE_PATH', { infer: true }));
    const file = resolve(join(folder, INITIAL_PASSWORD_FILE));
    try {
      mkdirSync(folder, { recursive: true });
      writeOwnerOnly(file, `${password}\n`);
    } catch (err) {
      this.logger.error(
        `Created the first administrator "${INITIAL_ADMIN}", but could not write its password to ${file} ` +
          `(${err instanceof Error ? err.message : String(err)}). Give it a new one with: ` +
          `recommendation-tracker user reset-password ${INITIAL_ADMIN}`,
      );
      return;
    }
    this.logger.warn(
      `No users existed: created the first administrator "${INITIAL_ADMIN}". Its password is in ` +
        `${file} (readable by this user only); sign in, choose a new password, then delete the file.`,
    );
  }
}
