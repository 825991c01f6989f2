import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../src/common/chromium.js';
import { Role } from '../../src/users/role.enum.js';
import { AXE, browserSuite, SHOTS, signedInPage } from '../utils/browser.js';
import { createTestApp, type TestApp } from '../utils/create-test-app.js';
import { byHandFor, recordAssessment } from '../utils/factories.js';

interface AxeViolation {
  id: string;
  impact: string;
  nodes: { target: string[] }[];
}

browserSuite('Reports page: the State report narrowed, and a PDF too long refused', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;

  const violations = async (): Promise<string[]> => {
    await page.addScriptTag({ content: AXE });
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
  /** No axe violation and no sideways scroll at 1366 and 1024 px, with a screenshot of each. */
  const checked = async (shot: string): Promise<void> => {
    for (const width of [1366, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await expect(violations()).resolves.toEqual([]);
      await expect(sidewaysScroll()).resolves.toBe(0);
      await page.screenshot({ path: join(SHOTS, `${shot}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  };

  beforeAll(async () => {
    t = await createTestApp({ PDF_MAX_PAGES: '2' });
    const api = await t.api(Role.Admin);
    const recorded = await recordAssessment(api, 'JEW-II.4', 'KAZ', {
      status: 'partially_implemented',
      assessedOn: '2010-03-01',
      ...byHandFor('JEW-II.4'),
    });
    expect(recorded.status).toBe(201);
    await t.user('reader', Role.Viewer);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await signedInPage(browser, base, 'reader');
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens the State report narrowed to a theme and a period from the form', async () => {
    await page.goto(`${base}/reports`);
    await checked('reports-state-form');
    const form = page.locator('form:has(input[name=kind][value=state])');
    await form.getByLabel('State').selectOption('KAZ');
    await form.getByLabel('Theme').selectOption('liaison-officers');
    await form.getByLabel('Assessed after').fill('2009-12-31');
    await form.getByLabel('Up to').fill('2010-12-31');
    await Promise.all([
      page.waitForURL(/\/reports\/states\/KAZ\?/),
      form.getByRole('button', { name: 'Open the report' }).click(),
    ]);
    expect(page.url()).toBe(
      `${base}/reports/states/KAZ?theme=liaison-officers&from=2009-12-31&to=2010-12-31&edition=internal&format=html`,
    );
    const cover = await page.locator('.cover-facts').innerText();
    expect(cover).toMatch(
      /Selection\s+Only the recommendations with the theme “Drug liaison officers”/,
    );
    await expect(page.locator('article.state-rec h3').allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/^JEW-II\.4 /),
    ]);
  });

  it('shows a PDF too long on the reports page, with the web page and the form to narrow it', async () => {
    const response = await page.goto(`${base}/reports/states/KAZ?format=pdf&asOf=2011-12-31`);
    expect(response?.status()).toBe(422);
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toMatch(
      /The PDF was not printed[\s\S]*more than the 2 one PDF may have here\. Narrow it to an event, a theme or a period/,
    );
    await checked('reports-pdf-refused');
    await Promise.all([
      page.waitForURL(`${base}/reports/states/KAZ?asOf=2011-12-31`),
      page.getByRole('link', { name: 'Open the same report as a web page' }).click(),
    ]);
  });
});
