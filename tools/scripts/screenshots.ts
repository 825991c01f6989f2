/**
 * Renders the screenshots in docs/ from a fresh database with the demo data set (demo-app.ts),
 * in Debian's headless Chromium (CHROMIUM_PATH to use another). Name files to render only those.
 *
 *   npm run screenshots
 *   npm run screenshots -- measure-admin.png
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemoApp } from './demo-app.js';

interface Shot {
  file: string;
  path: string;
  fullPage?: boolean;
  /** Seen by an admin rather than by the analyst. */
  admin?: boolean;
  /** What is done on the page before it is taken. */
  act?: (page: Page) => Promise<void>;
}

/** The measure of the liaison officers' count: its target lowered to four, previewed. */
async function previewTargetLowered(page: Page): Promise<void> {
  await page.getByLabel('Target', { exact: true }).fill('4');
  await page.getByLabel('Threshold 3: From').fill('2');
  await page.getByLabel('Threshold 4: From').fill('4');
  await page.getByLabel('Why').fill('Target lowered to four after the 2026 review');
  await Promise.all([
    page.waitForURL(/\/preview#preview$/),
    page.getByRole('button', { name: 'Preview the change' }).click(),
  ]);
}

const SHOTS: Shot[] = [
  { file: 'dashboard.png', path: '/' },
  { file: 'matrix.png', path: '/matrix?event=joint-expert-workshop-illicit-drugs' },
  { file: 'states.png', path: '/states' },
  { file: 'state-page.png', path: '/states/KAZ' },
  { file: 'theme-page.png', path: '/themes/information-sharing' },
  { file: 'recommendation-page.png', path: '/recommendations/JEW-II.9' },
  { file: 'pair-page.png', path: '/recommendations/JEW-II.9/states/KAZ', fullPage: true },
  { file: 'queue.png', path: '/queue' },
  { file: 'documents.png', path: '/documents' },
  { file: 'document-page.png', path: '/documents/2' },
  {
    file: 'measure-admin.png',
    path: '/admin/measures/JEW-II.4',
    fullPage: true,
    admin: true,
    act: previewTargetLowered,
  },
];

/**
 * Two documents for the documents pages: an event report issued as a public document (1), and
 * the analyst's draft of a State report (2).
 */
async function issueDocuments(
  app: Awaited<ReturnType<typeof startDemoApp>>['app'],
  Role: typeof import('../../src/users/role.enum.js').Role,
): Promise<void> {
  const { DocumentsService } = await import('../../src/documents/documents.service.js');
  const { User } = await import('../../src/users/user.entity.js');
  const { DataSource } = await import('typeorm');
  const { principalOf } = await import('../../src/auth/auth.service.js');
  const { systemPrincipal } = await import('../../src/auth/principal.js');
  const documents = app.get(DocumentsService);
  const supervisor = systemPrincipal('system', Role.Admin);
  const user = await app
    .get(DataSource)
    .getRepository(User)
    .findOneOrFail({ where: { username: 'a.karimova' }, relations: { states: true } });
  const analyst = principalOf(user, null);
  let issued = await documents.create(
    {
      kind: 'event',
      target: 'joint-expert-workshop-illicit-drugs',
      marking: 'public',
      options: { asOf: '2011-12-31' },
      introduction: 'The follow-up of the workshop’s recommendations, for the annual review.',
    },
    analyst,
  );
  issued = await documents.submit(issued.id, issued.version, analyst);
  issued = await documents.approve(issued.id, issued.version, supervisor);
  await documents.issue(issued.id, issued.version, supervisor);
  await documents.create(
    {
      kind: 'state',
      target: 'KAZ',
      marking: 'restricted',
      introduction: 'How far Kazakhstan has implemented the recommendations addressed to it.',
      conclusions: { 'JEW-II.9': 'Kazakhstan **signed** the Agreement; ratification is pending.' },
    },
    analyst,
  );
}

async function main(): Promise<void> {
  const { app, base, close } = await startDemoApp();
  const { UsersService } = await import('../../src/users/users.service.js');
  const { systemPrincipal } = await import('../../src/auth/principal.js');
  const { Role } = await import('../../src/users/role.enum.js');
  const { launchChromium } = await import('../../src/common/chromium.js');

  try {
    const browser = await launchChromium();
    try {
      const password = 'screenshots only, thrown away';
      const users = app.get(UsersService);
      const system = systemPrincipal('system', Role.Admin);
      await users.create(
        {
          username: 'a.karimova',
          displayName: 'Aigerim Karimova',
          role: Role.Analyst,
          states: ['KAZ', 'KGZ', 'TJK', 'TKM', 'UZB'],
          password,
        },
        system,
        { mustChangePassword: false },
      );
      await users.create(
        {
          username: 'j.meyer',
          displayName: 'Johanna Meyer',
          role: Role.Admin,
          states: [],
          password,
        },
        system,
        { mustChangePassword: false },
      );
      await issueDocuments(app, Role);
      const signedIn = async (username: string): Promise<Page> => {
        const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
        await page.goto(`${base}/login`);
        await page.getByLabel('Username').fill(username);
        await page.getByLabel('Password').fill(password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL(`${base}/`);
        return page;
      };
      const analyst = await signedIn('a.karimova');
      const admin = await signedIn('j.meyer');
      const only = process.argv.slice(2);
      const shots = only.length > 0 ? SHOTS.filter((s) => only.includes(s.file)) : SHOTS;
      mkdirSync('docs', { recursive: true });
      for (const [i, shot] of shots.entries()) {
        const page = shot.admin ? admin : analyst;
        await page.goto(`${base}${shot.path}`);
        await shot.act?.(page);
        await page.screenshot({ path: join('docs', shot.file), fullPage: shot.fullPage ?? false });
        console.log(`[${i + 1}/${shots.length}] docs/${shot.file}`);
      }
    } finally {
      await browser.close();
    }
  } finally {
    await close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
