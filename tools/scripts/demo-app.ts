/**
 * The app on a fresh database of its own with the demo data set, listening on a free local port:
 * what the pictures in docs/ are made from.
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DemoApp {
  app: NestExpressApplication;
  /** The address it listens on, e.g. http://127.0.0.1:41234 */
  base: string;
  /** Stops it and deletes its database. */
  close: () => Promise<void>;
}

export async function startDemoApp(options: { demoData?: boolean } = {}): Promise<DemoApp> {
  const dir = mkdtempSync(join(tmpdir(), 'rt-docs-'));
  // Read when the app module is first imported, hence the imports below.
  process.env.DATABASE_PATH = join(dir, 'demo.sqlite');
  // Never a PostgreSQL database named in the environment or .env: an empty value counts as unset.
  process.env.DATABASE_URL = '';
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../../src/app.module.js');
  const { configureApp } = await import('../../src/app.setup.js');
  const { DemoService } = await import('../../src/demo/demo.service.js');

  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['error'] });
  const close = async (): Promise<void> => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await configureApp(app);
    await app.listen(0, '127.0.0.1');
    if (options.demoData !== false) await app.get(DemoService).load();
  } catch (err) {
    await close();
    throw err;
  }
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  return { app, base, close };
}
