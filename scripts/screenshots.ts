/**
 * Renders the screenshots in docs/ from a fresh database with the demo data set, in Debian's
 * headless Chromium (CHROMIUM_PATH to use another).
 *
 *   npm run screenshots
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SHOTS: { file: string; path: string; fullPage?: boolean }[] = [
  { file: 'dashboard.png', path: '/' },
  { file: 'matrix.png', path: '/matrix?event=joint-expert-workshop-illicit-drugs' },
  { file: 'state-page.png', path: '/states/KAZ' },
  { file: 'recommendation-page.png', path: '/recommendations/JEW-II.9' },
];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rt-screenshots-'));
  process.env.DATABASE_PATH = join(dir, 'screenshots.sqlite');
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module.js');
  const { configureApp } = await import('../src/app.setup.js');
  const { TransactionRunner } = await import('../src/database/transaction-runner.js');
  const { DemoService } = await import('../src/demo/demo.service.js');
  const { UsersService } = await import('../src/users/users.service.js');
  const { systemPrincipal } = await import('../src/auth/principal.js');
  const { Role } = await import('../src/users/role.enum.js');
  const { launchChromium } = await import('../src/common/chromium.js');

  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['error'] });
  await configureApp(app);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const browser = await launchChromium();
  try {
    await new DemoService(app.get(TransactionRunner)).load();
    const password = 'screenshots only, thrown away';
    await app.get(UsersService).create(
      {
        username: 'a.karimova',
        displayName: 'Aigerim Karimova',
        role: Role.Analyst,
        states: ['KAZ', 'KGZ', 'TJK', 'TKM', 'UZB'],
        password,
      },
      systemPrincipal('system', Role.Admin),
      { mustChangePassword: false },
    );
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill('a.karimova');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    mkdirSync('docs', { recursive: true });
    for (const [i, shot] of SHOTS.entries()) {
      await page.goto(`${base}${shot.path}`);
      await page.screenshot({ path: join('docs', shot.file), fullPage: shot.fullPage ?? false });
      console.log(`[${i + 1}/${SHOTS.length}] docs/${shot.file}`);
    }
  } finally {
    await browser.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
