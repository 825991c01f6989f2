/**
 * Renders the screenshots in docs/ from a fresh database with the demo data set (demo-app.ts),
 * in Debian's headless Chromium (CHROMIUM_PATH to use another).
 *
 *   npm run screenshots
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoApp } from './demo-app.js';

const SHOTS: { file: string; path: string; fullPage?: boolean }[] = [
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
      await issueDocuments(app, Role);
      const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
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
    }
  } finally {
    await close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
