import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../src/common/chromium.js';
import { User } from '../../src/users/user.entity.js';
import { Role } from '../../src/users/role.enum.js';
import { AXE, browserSuite, SHOTS } from '../utils/browser.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../utils/create-test-app.js';
import { recordAssessment } from '../utils/factories.js';

/**
 * The main pages, each with the navigation link that must be marked as the current page (or as
 * the current section, for a page below it).
 */
const PAGES: { path: string; current: string | null; shot: string }[] = [
  { path: '/', current: 'Dashboard', shot: 'dashboard' },
  { path: '/events', current: 'Events', shot: 'events' },
  { path: '/recommendations', current: 'Recommendations', shot: 'recommendations' },
  { path: '/themes', current: 'Themes', shot: 'themes' },
  { path: '/states', current: 'States', shot: 'states' },
  { path: '/states/KAZ', current: 'States', shot: 'state' },
  { path: '/recommendations/JEW-II.9', current: 'Recommendations', shot: 'recommendation' },
  { path: '/recommendations/JEW-II.9/states/KAZ', current: 'Recommendations', shot: 'pair' },
  {
    path: '/matrix?event=joint-expert-workshop-illicit-drugs',
    current: 'Matrix',
    shot: 'matrix',
  },
  { path: '/queue', current: 'My queue', shot: 'queue' },
  { path: '/bulk', current: 'Bulk update', shot: 'bulk' },
  { path: '/reports', current: 'Reports', shot: 'reports' },
  { path: '/documents', current: 'Documents', shot: 'documents' },
  { path: '/documents/new', current: 'Documents', shot: 'document-new' },
  { path: '/imports/new', current: 'Import', shot: 'import' },
  { path: '/exports', current: 'Export', shot: 'export' },
  { path: '/admin/users', current: 'Users', shot: 'admin-users' },
  { path: '/admin/tokens', current: 'API tokens', shot: 'admin-tokens' },
  { path: '/admin/audit', current: 'Audit log', shot: 'admin-audit' },
  { path: '/no-such-page', current: null, shot: 'not-found' },
];

interface AxeViolation {
  id: string;
  impact: string;
  nodes: { target: string[] }[];
}

browserSuite('The main pages in a real browser: accessible, navigable, no sideways scroll', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;

  const signIn = async (username: string): Promise<void> => {
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
  };

  /** Runs axe-core in the page; every violation of any impact, with where it is. */
  const violations = async (): Promise<string[]> => {
    await page.addScriptTag({ content: AXE });
    // Evaluated in the page (a string, since the test itself has no DOM types).
    const found = await page.evaluate<AxeViolation[]>(
      'axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) })))',
    );
    return found.map(
      (v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  };

  const sidewaysScroll = (): Promise<number> =>
    page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('admin.a11y', Role.Admin);
    await t.user('new.analyst', Role.Analyst);
    await t.dataSource
      .getRepository(User)
      .update({ username: 'new.analyst' }, { mustChangePassword: true });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
    // axe-core is injected as a script: the app's Content-Security-Policy would refuse it.
    context = await browser.newContext({ bypassCSP: true, viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(8_000);
    mkdirSync(SHOTS, { recursive: true });
    await signIn('admin.a11y');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('on a fresh instance, the dashboard says how to begin instead of showing empty figures', async () => {
    await page.goto(`${base}/`);
    const main = await page.locator('main').innerText();
    expect(main).toContain('Get started');
    expect(main).toContain('seed-demo');
    expect(main).not.toContain('Coverage');
    await expect(
      page.getByRole('link', { name: 'Import a file of assessments' }).getAttribute('href'),
    ).resolves.toBe('/imports/new');
    await expect(page.getByRole('link', { name: 'Add users' }).getAttribute('href')).resolves.toBe(
      '/admin/users',
    );
    await expect(violations()).resolves.toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'a11y-first-run-1366.png') });
    // The other pages are seen with one assessment recorded.
    const api = await t.api(Role.Analyst);
    await recordAssessment(api, 'JEW-II.9', 'KAZ', { status: 'partially_implemented' });
  });

  it.each(PAGES)(
    '$path: no axe violation, the current page marked',
    async ({ path, current, shot }) => {
      const response = await page.goto(`${base}${path}`);
      expect(response?.status()).toBe(path === '/no-such-page' ? 404 : 200);
      await expect(violations()).resolves.toEqual([]);
      const marked = await page.locator('nav [aria-current]').allInnerTexts();
      expect(marked).toEqual(current ? [current] : []);
      await page.screenshot({ path: join(SHOTS, `a11y-${shot}-1366.png`) });
    },
  );

  it('says "Page not found" with a sentence, in the layout, for an unknown address', async () => {
    await page.goto(`${base}/no-such-page`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Page not found',
    );
    await expect(page.locator('main').innerText()).resolves.toContain(
      'There is no page at this address',
    );
    await expect(page.locator('main').innerText()).resolves.not.toContain('Cannot GET');
    await expect(page.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(true);
  });

  it('sorts the recommendations by a column heading, without JavaScript, and says which', async () => {
    await page.goto(`${base}/recommendations`);
    const table = page.locator('main table');
    await expect(table.locator("th[aria-sort='ascending']").innerText()).resolves.toMatch(/^Ref/);
    await table.getByRole('link', { name: 'Implementation' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('rate');
    await expect(table.locator('th[aria-sort]').count()).resolves.toBe(1);
    await expect(table.locator("th[aria-sort='descending']").innerText()).resolves.toMatch(
      /^Implementation/,
    );
    await expect(page.locator('main').innerText()).resolves.toContain(
      'sorted by implementation, highest first, within each event',
    );
    await expect(violations()).resolves.toEqual([]);
    // The same heading again: the other way round.
    await table.getByRole('link', { name: 'Implementation' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).searchParams.get('dir')).toBe('asc');
    await expect(table.locator("th[aria-sort='ascending']").innerText()).resolves.toMatch(
      /^Implementation/,
    );
    await page.screenshot({ path: join(SHOTS, 'a11y-recommendations-sorted-1366.png') });
  });

  it('has no sideways page scroll at 1366 and 1024 px', async () => {
    for (const width of [1366, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      for (const { path, shot } of PAGES) {
        await page.goto(`${base}${path}`);
        expect([path, width, await sidewaysScroll()]).toEqual([path, width, 0]);
        if (width === 1024 && ['dashboard', 'recommendations'].includes(shot)) {
          await page.screenshot({ path: join(SHOTS, `a11y-${shot}-1024.png`) });
        }
      }
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('has no sideways page scroll at 200% zoom (1366 px at twice the size)', async () => {
    // 200% zoom of a 1366 × 900 window: half as many CSS pixels, each drawn twice as large.
    const zoomed = await browser.newContext({
      viewport: { width: 683, height: 450 },
      deviceScaleFactor: 2,
      storageState: await context.storageState(),
    });
    const z = await zoomed.newPage();
    z.setDefaultTimeout(8_000);
    for (const { path, shot } of PAGES) {
      await z.goto(`${base}${path}`);
      const overflow = await z.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect([path, overflow]).toEqual([path, 0]);
      if (['dashboard', 'matrix', 'pair', 'reports'].includes(shot)) {
        await z.screenshot({ path: join(SHOTS, `zoom-200-${shot}.png`) });
      }
    }
    await zoomed.close();
  });

  it('shows the forced password change with no navigation, and no axe violation', async () => {
    await page.locator('header').getByRole('button', { name: 'Sign out' }).click();
    await signIn('new.analyst');
    await page.goto(`${base}/account/password`);
    await expect(
      page.getByRole('heading', { name: 'Change your password' }).isVisible(),
    ).resolves.toBe(true);
    await expect(page.getByRole('navigation').count()).resolves.toBe(0);
    await expect(violations()).resolves.toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'a11y-password-1366.png') });
  });
});
