import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from '../../src/common/chromium.js';
import { Role } from '../../src/users/role.enum.js';
import { AXE, browserSuite, SHOTS } from '../utils/browser.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../utils/create-test-app.js';
import { BY_HAND, recordAssessment } from '../utils/factories.js';

const CARICC = 'JEW-II.9';
const EVENT = 'joint-expert-workshop-illicit-drugs';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const box = async (locator: Locator): Promise<Box> => {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not rendered');
  return b;
};

/** The box lies within the container's box (to the pixel). */
const inside = (b: Box, c: Box): boolean =>
  b.x >= c.x - 1 &&
  b.y >= c.y - 1 &&
  b.x + b.width <= c.x + c.width + 1 &&
  b.y + b.height <= c.y + c.height + 1;

browserSuite('The matrix in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.api(Role.Admin);
    // Statuses set by hand (with a reason): the cells' names and marks are what is tested here.
    await recordAssessment(admin, CARICC, 'KAZ', {
      status: 'partially_implemented',
      assessedOn: '2009-06-30',
      ...BY_HAND,
    });
    await recordAssessment(admin, CARICC, 'KGZ', {
      status: 'implemented',
      assessedOn: '2010-02-01',
      ...BY_HAND,
    });
    await t.user('reader', Role.Viewer);
    await t.user('c.asia', Role.Analyst, ['KAZ', 'KGZ', 'TJK', 'UZB']);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
    // The page's CSP would refuse the test's axe-core script; the app's own scripts still load.
    context = await browser.newContext({ viewport: { width: 1366, height: 800 }, bypassCSP: true });
    page = await context.newPage();
    page.setDefaultTimeout(8_000);
    mkdirSync(SHOTS, { recursive: true });
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill('reader');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await Promise.all([
      page.waitForURL(`${base}/`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const matrixUrl = (): string => `${base}/matrix?event=${EVENT}`;

  it('keeps the header row and the State column in view while the matrix scrolls both ways', async () => {
    await page.goto(matrixUrl());
    const scroller = page.locator('.matrix-scroll');
    await scroller.scrollIntoViewIfNeeded();
    const overflow = await scroller.evaluate((el) => ({
      down: el.scrollHeight - el.clientHeight,
      right: el.scrollWidth - el.clientWidth,
    }));
    // The matrix is larger than its container both ways at 1366 × 800: there is scrolling to do.
    expect(overflow.down).toBeGreaterThan(100);
    expect(overflow.right).toBeGreaterThan(50);
    await scroller.evaluate((el) => el.scrollTo(el.scrollWidth, el.scrollHeight));
    await page.screenshot({ path: join(SHOTS, 'matrix-scrolled-1366.png') });
    const container = await box(scroller);
    const lastRef = page.locator('thead th.matrix-ref').last();
    const lastState = page.locator('tbody th.matrix-state').last();
    const corner = page.locator('thead th.matrix-state');
    expect(inside(await box(lastRef), container)).toBe(true);
    expect(inside(await box(lastState), container)).toBe(true);
    expect(inside(await box(corner), container)).toBe(true);
    // Header row at the container's top, State column at its left edge.
    expect((await box(lastRef)).y - container.y).toBeLessThan(4);
    expect((await box(lastState)).x - container.x).toBeLessThan(4);
    // The first State row has scrolled out of sight under the header.
    const first = await box(page.locator('tbody th.matrix-state').first());
    expect(first.y + first.height).toBeLessThan(container.y + 4);
  });

  it('never scrolls the page sideways at 1366 and 1024 pixels', async () => {
    for (const width of [1366, 1024]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(matrixUrl());
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect([width, overflow]).toEqual([width, 0]);
      await page.screenshot({ path: join(SHOTS, `matrix-${width}.png`) });
    }
    await page.setViewportSize({ width: 1366, height: 800 });
  });

  it('has no axe-core violation of any impact', async () => {
    for (const url of [matrixUrl(), `${matrixUrl()}&region=central-asia&status=implemented`]) {
      await page.goto(url);
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate<{ id: string; impact: string; nodes: unknown[] }[]>(
        'axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target) })))',
      );
      expect([url, violations]).toEqual([url, []]);
    }
  });

  it('names a cell by State, recommendation, status and date, and shows its rating', async () => {
    await page.goto(matrixUrl());
    const cell = page.getByRole('link', { name: /^Kazakhstan, JEW-II\.9:/ });
    await expect(cell.getAttribute('aria-label')).resolves.toBe(
      'Kazakhstan, JEW-II.9: Partially implemented, PC, 2009-06-30, more than 48 months old',
    );
    await expect(cell.innerText()).resolves.toBe('PC');
  });

  it('marks old assessments and narrows to the stale or never assessed', async () => {
    // As of 2012-01-01 with 24 months: KAZ (2009-06-30) is stale, KGZ (2010-02-01) is not.
    await page.goto(`${matrixUrl()}&asOf=2012-01-01&age=stale`);
    await expect(page.getByLabel('Age', { exact: true }).inputValue()).resolves.toBe('stale');
    await expect(page.locator('tbody th.matrix-state').allInnerTexts()).resolves.toEqual([
      'Kazakhstan',
    ]);
    const kaz = page.getByRole('link', { name: /^Kazakhstan, JEW-II\.9:/ });
    await expect(kaz.getAttribute('class')).resolves.toBe(
      'cell status-partially_implemented age-stale',
    );
    await expect(kaz.getAttribute('aria-label')).resolves.toBe(
      'Kazakhstan, JEW-II.9: Partially implemented, PC, 2009-06-30, more than 24 months old',
    );
    // The corner mark is drawn: the cell's ::after has a border.
    await expect(
      page.evaluate<string>(
        "getComputedStyle(document.querySelector('[id=\"cell-JEW-II.9-KAZ\"] a'), '::after').borderTopWidth",
      ),
    ).resolves.toBe('4px');
    // Never assessed: the other cells, such as the two assessed, are drawn plain.
    await page.goto(`${matrixUrl()}&age=never&region=central-asia`);
    await expect(page.locator('tbody th.matrix-state').count()).resolves.toBe(6);
    await expect(
      page.getByRole('link', { name: /^Kyrgyzstan, JEW-II\.9:/ }).getAttribute('class'),
    ).resolves.toMatch(/ faded$/);
  });

  it('is one tab stop; the arrow keys move between cells and Enter opens the pair', async () => {
    await page.goto(matrixUrl());
    await expect(page.locator('#matrix-keys').isVisible()).resolves.toBe(true);
    const focusable = await page.evaluate<number>(
      'document.querySelectorAll(\'table.matrix a[tabindex="0"], table.matrix a:not([tabindex])\').length',
    );
    expect(focusable).toBe(1);
    const kaz08 = page.getByRole('link', { name: /^Kazakhstan, JEW-II\.8:/ });
    await kaz08.focus();
    await page.keyboard.press('ArrowRight');
    const focused = (): Promise<string | null> =>
      page.evaluate<string | null>("document.activeElement.getAttribute('aria-label')");
    await expect(focused()).resolves.toMatch(
      /^Kazakhstan, JEW-II\.9: Partially implemented, PC, 2009-06-30/,
    );
    await page.keyboard.press('ArrowDown');
    await expect(focused()).resolves.toMatch(/^Kyrgyzstan, JEW-II\.9: Implemented/);
    await page.keyboard.press('ArrowLeft');
    await expect(focused()).resolves.toMatch(/^Kyrgyzstan, JEW-II\.8:/);
    await page.keyboard.press('ArrowRight');
    await Promise.all([
      page.waitForURL(/\/recommendations\/JEW-II\.9\/states\/KGZ/),
      page.keyboard.press('Enter'),
    ]);
  });

  it('narrows to a region and a status', async () => {
    await page.goto(matrixUrl());
    await page.getByLabel('Region', { exact: true }).selectOption('central-asia');
    await page.getByLabel('Status', { exact: true }).selectOption('implemented');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/region=central-asia/);
    await expect(page.locator('tbody th.matrix-state').allInnerTexts()).resolves.toEqual([
      'Kyrgyzstan',
    ]);
    await page.screenshot({ path: join(SHOTS, 'matrix-filtered-1366.png') });
  });

  /** A page of a new browser context, signed in as the Central Asia analyst. */
  const analystPage = async (javaScriptEnabled: boolean): Promise<Page> => {
    const ctx = await browser.newContext({
      viewport: { width: 1366, height: 800 },
      bypassCSP: true,
      javaScriptEnabled,
    });
    const p = await ctx.newPage();
    p.setDefaultTimeout(8_000);
    await p.goto(`${base}/login`);
    await p.getByLabel('Username').fill('c.asia');
    await p.getByLabel('Password').fill(TEST_PASSWORD);
    await Promise.all([
      p.waitForURL(`${base}/`),
      p.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    return p;
  };

  it('records the fact from a cell in a dialog: the cell changes in place, confirmed, focus back on it', async () => {
    const p = await analystPage(true);
    await p.goto(matrixUrl());
    const cell = p.getByRole('link', { name: /^Tajikistan, JEW-II\.9:/ });
    await cell.focus();
    await p.keyboard.press('Enter');
    // The CARICC recommendation is measured by milestones: the dialog asks for the fact.
    const dialog = p.getByRole('dialog', { name: /^Record the fact: Tajikistan/ });
    await dialog.waitFor();
    expect(p.url()).toBe(matrixUrl());
    await expect(dialog.getByLabel('Status', { exact: true }).inputValue()).resolves.toBe('');
    await expect(dialog.getByLabel('Milestone reached').isVisible()).resolves.toBe(true);
    await p.addScriptTag({ content: AXE });
    const violations = await p.evaluate<{ id: string; nodes: unknown[] }[]>(
      'axe.run().then((r) => r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) })))',
    );
    expect(violations).toEqual([]);
    await p.screenshot({ path: join(SHOTS, 'matrix-dialog-1366.png') });
    // A refusal is shown in the dialog, which stays open: a status by hand needs a reason.
    await dialog.getByLabel('Status', { exact: true }).selectOption('mostly_implemented');
    await dialog.getByLabel('Date the facts refer to').fill('2011-03-31');
    await dialog.getByRole('button', { name: 'Record assessment' }).click();
    await dialog
      .getByText(
        'JEW-II.9 is measured by milestones: record the milestone reached, or give a reason to set the status by hand',
      )
      .first()
      .waitFor();
    await dialog.getByLabel('Status', { exact: true }).selectOption('');
    await dialog.getByLabel('Milestone reached').selectOption('caricc-agreement|ratified');
    await dialog.getByLabel('Date the facts refer to').fill('2999-01-01');
    await dialog.getByRole('button', { name: 'Record assessment' }).click();
    await dialog.getByText('Date the facts refer to must not be in the future').first().waitFor();
    await dialog.getByLabel('Date the facts refer to').fill('2011-03-31');
    await dialog.getByRole('button', { name: 'Record assessment' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect(cell.getAttribute('aria-label')).resolves.toMatch(
      /^Tajikistan, JEW-II\.9: Mostly implemented, \w+, CARICC Agreement: Ratified, 2011-03-31, more than 48 months old$/,
    );
    const confirmation = p.getByRole('status').filter({ hasText: 'Recorded:' });
    await expect(confirmation.innerText()).resolves.toMatch(
      /^Recorded: Tajikistan is now "Mostly implemented" for JEW-II\.9, as of /,
    );
    await expect(confirmation.isVisible()).resolves.toBe(true);
    await expect(
      p.evaluate<string | null>("document.activeElement.getAttribute('aria-label')"),
    ).resolves.toMatch(/^Tajikistan, JEW-II\.9: Mostly implemented/);
    await expect(p.locator(`[id="cell-${CARICC}-TJK"]`).getAttribute('class')).resolves.toBe(
      'matrix-recorded',
    );
    await expect(p.locator('.matrix-row-recorded').count()).resolves.toBe(1);
    await expect(
      p.locator('tbody th.matrix-state').filter({ hasText: 'Tajikistan' }).innerText(),
    ).resolves.toBe('Tajikistan Recorded');
    await p.screenshot({ path: join(SHOTS, 'matrix-recorded-dialog-1366.png') });
    await p.context().close();
  });

  it('records from a cell without JavaScript: the pair page, then the matrix at the same filters', async () => {
    const p = await analystPage(false);
    const url = `${matrixUrl()}&status=no_information`;
    await p.goto(url);
    await Promise.all([
      p.waitForURL(/\/recommendations\/JEW-II\.9\/states\/UZB\?returnTo=/),
      p.getByRole('link', { name: /^Uzbekistan, JEW-II\.9:/ }).click(),
    ]);
    await p.getByLabel('Milestone reached').selectOption('caricc-agreement|signed');
    await p.getByLabel('Date the facts refer to').fill('2010-05-31');
    await Promise.all([
      p.waitForURL(`${url}#cell-${CARICC}-UZB`),
      p.getByRole('button', { name: 'Record assessment' }).click(),
    ]);
    const cell = p.getByRole('link', { name: /^Uzbekistan, JEW-II\.9:/ });
    await expect(cell.getAttribute('aria-label')).resolves.toMatch(
      /^Uzbekistan, JEW-II\.9: Partially implemented, \w+, CARICC Agreement: Signed, 2010-05-31, more than 48 months old$/,
    );
    await expect(p.locator(`[id="cell-${CARICC}-UZB"]`).getAttribute('class')).resolves.toBe(
      'matrix-recorded',
    );
    // Uzbekistan is far down the matrix: at its cell, the row says "Recorded" in the window.
    const confirmation = p.locator('#matrix-recorded');
    await expect(confirmation.isVisible()).resolves.toBe(true);
    const mark = p.locator('tbody th.matrix-state').filter({ hasText: 'Uzbekistan' });
    await expect(mark.innerText()).resolves.toBe('Uzbekistan Recorded');
    for (const shown of [mark, p.locator(`[id="cell-${CARICC}-UZB"]`)]) {
      const b = await box(shown);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.y + b.height).toBeLessThanOrEqual(800);
    }
    await expect(confirmation.innerText()).resolves.toMatch(
      /^Recorded: Uzbekistan is now "Partially implemented" for JEW-II\.9, as of /,
    );
    await p.screenshot({ path: join(SHOTS, 'matrix-recorded-1366.png') });
    await p.context().close();
  });
});
