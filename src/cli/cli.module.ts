import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiTokensModule } from '../api-tokens/api-tokens.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { configModule } from '../config/env.js';
import type { DatabaseTarget } from '../database/data-source.js';
import { databaseConnection, DatabaseModule } from '../database/database.module.js';
import { DemoModule } from '../demo/demo.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { TransfersModule } from '../transfers/transfers.module.js';
import { UsersModule } from '../users/users.module.js';

export interface CliContextOptions {
  /** The database to open instead of the one the environment names (the tools' own files). */
  database?: DatabaseTarget;
  /** Nest's own log lines (with `--debug`); otherwise none. */
  verbose?: boolean;
}

/**
 * What the command line runs on: the settings and the database connection of the server (the
 * schema is brought up to date on connecting, as at the server's start), and the feature modules
 * of the commands. No HTTP server, and none of the server's start-up work (no first
 * administrator, no reference data unless `seed` asks).
 */
@Module({})
export class CliModule {
  static async forRoot(options: CliContextOptions = {}): Promise<DynamicModule> {
    return {
      module: CliModule,
      imports: [
        // Awaited here, so that a bad environment is refused before Nest starts.
        await configModule(),
        databaseConnection({ database: options.database, retryAttempts: 0 }),
        DatabaseModule,
        AuditModule,
        ReferenceDataModule,
        UsersModule,
        ApiTokensModule,
        TransfersModule,
        ReportsModule,
        DocumentsModule,
        DemoModule,
      ],
    };
  }
}

/**
 * Nest's standalone application context on CliModule: one per process, with one transaction
 * queue. Close it when done; errors are thrown to the caller, never printed by Nest.
 */
export async function createCliContext(
  options: CliContextOptions = {},
): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(await CliModule.forRoot(options), {
    logger: options.verbose ? ['error', 'warn', 'log', 'debug'] : false,
    abortOnError: false,
  });
}
