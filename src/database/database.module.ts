import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Env } from '../config/env.js';
import {
  dataSourceOptions,
  databaseTarget,
  ensureDatabaseFolder,
  runMigrations,
  type DatabaseTarget,
} from './data-source.js';
import { ChangeSignals } from './change-signals.js';
import { SettingsService } from './settings.service.js';
import { TransactionRunner } from './transaction-runner.js';

/**
 * The database layer every feature shares: one transaction queue per process, settings, and the
 * signals that tell instances of changes to what they keep in memory.
 */
@Global()
@Module({
  providers: [TransactionRunner, SettingsService, ChangeSignals],
  exports: [TransactionRunner, SettingsService, ChangeSignals],
})
export class DatabaseModule {}

/**
 * The connection of the server and of the command line: the database the environment names
 * (DATABASE_URL, else DATABASE_PATH), or `database` when given (the tools pass their own file).
 * The schema is brought up to date before anything else touches the database. The server tries
 * again while the database is not reachable yet (TypeORM's module: 9 times, 3 s apart); the
 * command line says at once that it cannot connect (`retryAttempts: 0`).
 */
export function databaseConnection(
  options: { database?: DatabaseTarget; retryAttempts?: number } = {},
): DynamicModule {
  const { database, retryAttempts } = options;
  return TypeOrmModule.forRootAsync({
    inject: [ConfigService],
    useFactory: (config: ConfigService<Env, true>) => ({
      ...dataSourceOptions(
        database ??
          databaseTarget({
            DATABASE_URL: config.get('DATABASE_URL', { infer: true }),
            DATABASE_PATH: config.get('DATABASE_PATH', { infer: true }),
          }),
      ),
      ...(retryAttempts === undefined ? {} : { retryAttempts }),
    }),
    dataSourceFactory: async (options) => {
      if (!options) throw new Error('No database options');
      if (options.type === 'sqlite') ensureDatabaseFolder(options.database);
      const dataSource = await new DataSource(options).initialize();
      await runMigrations(dataSource);
      return dataSource;
    },
  });
}
