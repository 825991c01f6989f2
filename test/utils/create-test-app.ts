import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

export interface TestApp {
  app: INestApplication;
  dataSource: DataSource;
  databasePath: string;
  close(): Promise<void>;
}

/**
 * Boots the real AppModule on a new SQLite file of its own (migrations and reference data
 * applied exactly as on a first start), configured by the same configureApp() as main.ts.
 * One per test file: the configuration is read when the app module is first imported.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'rt-e2e-'));
  const databasePath = join(dir, 'test.sqlite');
  Object.assign(process.env, { DATABASE_PATH: databasePath, ...env });
  const { AppModule } = await import('../../src/app.module.js');
  const { configureApp } = await import('../../src/app.setup.js');
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
  await configureApp(app);
  await app.init();
  return {
    app,
    dataSource: app.get(DataSource),
    databasePath,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
