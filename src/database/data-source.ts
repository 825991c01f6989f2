import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

export function isMemoryDatabase(path: string): boolean {
  return path === ':memory:';
}

/** The one set of TypeORM options, used by the app, the CLI and the tests. */
export function dataSourceOptions(databasePath: string): DataSourceOptions {
  return {
    type: 'sqlite',
    database: databasePath,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    enableWAL: !isMemoryDatabase(databasePath),
    busyTimeout: 5000,
    logging: ['error', 'warn', 'migration'],
  };
}

/** Creates the database file's folder when it does not exist yet. */
export function ensureDatabaseFolder(databasePath: string): void {
  if (!isMemoryDatabase(databasePath)) mkdirSync(dirname(databasePath), { recursive: true });
}

/**
 * Applies the pending migrations. SQLite rebuilds tables for many ALTERs, so foreign keys are
 * switched off while migrations run (a no-op inside a transaction) and checked afterwards.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  await dataSource.query('PRAGMA foreign_keys = OFF');
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const broken = await dataSource.query<unknown[]>('PRAGMA foreign_key_check');
    if (broken.length > 0) {
      throw new Error(`Migrations left ${broken.length} rows violating foreign keys`);
    }
    return applied.map((m) => m.name);
  } finally {
    await dataSource.query('PRAGMA foreign_keys = ON');
  }
}

/** Opens (and creates if needed) the database and brings its schema up to date. */
export async function openDatabase(databasePath: string): Promise<DataSource> {
  ensureDatabaseFolder(databasePath);
  const dataSource = new DataSource(dataSourceOptions(databasePath));
  await dataSource.initialize();
  await runMigrations(dataSource);
  return dataSource;
}
