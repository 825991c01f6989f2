import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../src/common/chromium.js';
import { today } from '../../src/common/dates.js';
import { Role } from '../../src/users/role.enum.js';
import { AXE, browserSuite, SHOTS } from '../utils/browser.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../utils/create-test-app.js';
import { recordAssessment } from '../utils/factories.js';

// A recommendation graded on the scale (the CARICC one is measured by milestones: its forms
// ask for the fact, see measures.e2e-spec.ts).
const CARICC = 'JEW-II.10';

browserSuite('Safe data entry in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;

  const pairUrl = (iso3: string): string => `${base}/recommendations/${CARICC}/states/${iso3}`;
  const value = (selector: string): Promise<string> => page.locator(selector).inputValue();
  const active = (): Promise<string> =>
    page.evaluate<string>(
      "(document.activeElement && (document.activeElement.id || document.activeElement.closest('[id]')?.id)) || ''",
    );

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('c.asia', Role.Analyst, ['KAZ', 'KGZ', 'TJK']);
    const admin = await t.api(Role.Admin);
    await recordAssessment(admin, CARICC, 'KAZ', {
      status: 'mostly_implemented',
      assessedOn: '2009-03-01',
    });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(8_000);
    mkdirSync(SHOTS, { recursive: true });
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill('c.asia');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the pair page starts at the current status and links to its recommendation and State', async () => {
    await page.goto(pairUrl('KAZ'));
    await expect(value('#status')).resolves.toBe('mostly_implemented');
    await expect(value('#assessedOn')).resolves.toBe(today());
    const links = page.getByRole('navigation', { name: 'This pair' });
    await expect(links.locator(`a[href="/recommendations/${CARICC}"]`).count()).resolves.toBe(1);
    await expect(links.locator('a[href="/states/KAZ"]').count()).resolves.toBe(1);
    await expect(page.locator('.status').first().innerText()).resolves.toContain(
      'Mostly implemented',
    );
    const summary = await page.locator('.govuk-summary-list').innerText();
    expect(summary).toContain('1 Mar 2009');
    expect(summary).toContain('1 assessment recorded');
    expect(summary).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('after an inline record the confirmation is in its row, in view and focused', async () => {
    await page.goto(`${base}/recommendations/${CARICC}`);
    const row = page.locator('#pair-KGZ');
    await row.getByText('Record', { exact: true }).click();
    await expect(row.getByLabel('Status').inputValue()).resolves.toBe('no_information');
    await row.getByLabel('Status').selectOption('partially_implemented');
    await row.getByLabel('Date the facts refer to').fill('2009-06-30');
    await row.getByRole('button', { name: 'Record for Kyrgyzstan' }).click();
    await page.waitForURL(/#pair-KGZ-recorded$/);
    const message = page.locator('#pair-KGZ-recorded');
    await expect(message.innerText()).resolves.toContain(
      'Kyrgyzstan is now "Partially implemented"',
    );
    await expect(message.isVisible()).resolves.toBe(true);
    const box = await message.boundingBox();
    const viewport = page.viewportSize();
    expect(box && viewport).toBeTruthy();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(viewport!.height);
    await expect(active()).resolves.toBe('pair-KGZ-recorded');
    await expect(row.getAttribute('class')).resolves.toContain('row-recorded');
    await page.screenshot({ path: join(SHOTS, 'data-entry-recorded-1366.png') });
  });

  it('every form then starts at the current status and the date last entered', async () => {
    await page.goto(pairUrl('KAZ'));
    await expect(value('#status')).resolves.toBe('mostly_implemented');
    await expect(value('#assessedOn')).resolves.toBe('2009-06-30');

    await page.goto(`${base}/recommendations/${CARICC}`);
    await expect(value('#status-KAZ')).resolves.toBe('mostly_implemented');
    await expect(value('#status-KGZ')).resolves.toBe('partially_implemented');
    await expect(value('#assessedOn-KAZ')).resolves.toBe('2009-06-30');

    await page.goto(`${base}/states/KAZ`);
    await expect(value(`[id="status-${CARICC}"]`)).resolves.toBe('mostly_implemented');
    await expect(value(`[id="assessedOn-${CARICC}"]`)).resolves.toBe('2009-06-30');

    // Bulk: the chosen States may stand at different statuses, so none is preselected.
    await page.goto(`${base}/bulk?ref=${CARICC}`);
    await expect(value('#status')).resolves.toBe('');
    await expect(value('#assessedOn')).resolves.toBe('2009-06-30');
  });

  it('the bulk update asks for a status by its label, and filters its States', async () => {
    await page.goto(`${base}/bulk?ref=${CARICC}`);
    await page.getByRole('checkbox', { name: 'Tajikistan' }).check();
    // The browser's own check of the required field is left out, to see the server's message.
    await page.locator('form.bulk-form').evaluate((f) => f.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Record for the chosen States' }).click();
    await expect(page.locator('#status-error').innerText()).resolves.toBe('Choose a status');

    await page.getByLabel('Filter the States').fill('kyr');
    await expect(page.locator('[data-state]:visible').count()).resolves.toBe(1);
    await expect(page.getByRole('checkbox', { name: 'Kyrgyzstan' }).isVisible()).resolves.toBe(
      true,
    );
    await page.getByLabel('Filter the States').fill('');
    await expect(page.locator('[data-state]:visible').count()).resolves.toBeGreaterThan(50);
  });

  it("reaches a State's Record control from the recommendation page in at most 10 key presses", async () => {
    await page.goto(`${base}/recommendations/${CARICC}`);
    const keys = ['Tab', 'Enter', 'Tab', 'T', 'J', 'K', 'Enter'];
    for (const key of keys) await page.keyboard.press(key);
    expect(keys.length).toBeLessThanOrEqual(10);
    await expect(active()).resolves.toBe('record-TJK');
    // One more opens the form.
    await page.keyboard.press('Enter');
    await expect(page.locator('#status-TJK').isVisible()).resolves.toBe(true);
  });

  it('without JavaScript: "Go to a State" reaches the row, and a record shows its confirmation in view', async () => {
    const noJs = await browser.newContext({
      viewport: { width: 1366, height: 800 },
      javaScriptEnabled: false,
      storageState: await context.storageState(),
    });
    const p = await noJs.newPage();
    p.setDefaultTimeout(8_000);
    const inView = async (selector: string): Promise<void> => {
      const b = await p.locator(selector).boundingBox();
      expect(b).not.toBeNull();
      expect(b!.y).toBeGreaterThanOrEqual(0);
      expect(b!.y + b!.height).toBeLessThanOrEqual(800);
    };
    await p.goto(`${base}/recommendations/${CARICC}`);
    // The field is sent to the server, which answers with the page at the State's row.
    await p.getByLabel('Go to a State', { exact: true }).fill('tajik');
    await Promise.all([
      p.waitForURL(new RegExp(`/recommendations/${CARICC.replace('.', '\\.')}#record-TJK$`)),
      p.getByLabel('Go to a State', { exact: true }).press('Enter'),
    ]);
    await inView('#record-TJK');
    // The Record control opens its form without a script (a details element).
    await p.locator('#record-TJK').click();
    const row = p.locator('#pair-TJK');
    await row.getByLabel('Status').selectOption('not_implemented');
    await row.getByLabel('Date the facts refer to').fill('2010-01-31');
    await Promise.all([
      p.waitForURL(/#pair-TJK-recorded$/),
      row.getByRole('button', { name: 'Record for Tajikistan' }).click(),
    ]);
    await expect(p.locator('#pair-TJK-recorded').innerText()).resolves.toContain(
      'Tajikistan is now "Not implemented"',
    );
    await inView('#pair-TJK-recorded');
    await expect(p.locator('#pair-TJK').getAttribute('class')).resolves.toContain('row-recorded');
    await noJs.close();
  });

  it('shows recorded times in the reader’s time zone', async () => {
    const local = await browser.newContext({
      timezoneId: 'Asia/Tokyo',
      storageState: await context.storageState(),
    });
    const p = await local.newPage();
    await p.goto(pairUrl('KGZ'));
    const time = p.locator('time[data-local]').first();
    const iso = (await time.getAttribute('datetime'))!;
    const hour = String((new Date(iso).getUTCHours() + 9) % 24).padStart(2, '0');
    await expect(time.innerText()).resolves.toContain(`${hour}:`);
    await expect(time.getAttribute('title')).resolves.toMatch(/UTC$/);
    await local.close();
  });

  it('axe finds no violation on the pair, recommendation, State and bulk pages', async () => {
    const checked = await browser.newContext({
      bypassCSP: true,
      viewport: { width: 1366, height: 800 },
      storageState: await context.storageState(),
    });
    const p = await checked.newPage();
    for (const url of [
      pairUrl('KAZ'),
      `${base}/recommendations/${CARICC}`,
      `${base}/states/KAZ`,
      `${base}/bulk?ref=${CARICC}`,
    ]) {
      await p.goto(url);
      await p.addScriptTag({ content: AXE });
      const violations = await p.evaluate<{ id: string; nodes: { target: string[] }[] }[]>(
        '(async () => (await axe.run()).violations.map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) })))()',
      );
      expect([url, violations]).toEqual([url, []]);
    }
    await checked.close();
  });

  it('looks right at 1366 and 1024 pixels', async () => {
    for (const width of [1366, 1024]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(pairUrl('KAZ'));
      await page.screenshot({ path: join(SHOTS, `pair-${width}.png`), fullPage: true });
      await page.goto(`${base}/recommendations/${CARICC}`);
      await page.locator('#record-KAZ').click();
      await page.locator('#pair-KAZ').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, `recommendation-inline-${width}.png`) });
      await page.goto(`${base}/bulk?ref=${CARICC}`);
      await page.screenshot({ path: join(SHOTS, `bulk-${width}.png`), fullPage: true });
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect([width, overflow]).toEqual([width, 0]);
    }
  });
});
