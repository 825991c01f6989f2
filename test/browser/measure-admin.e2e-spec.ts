import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../src/common/chromium.js';
import { today } from '../../src/common/dates.js';
import { dateText } from '../../src/common/views/hbs-helpers.js';
import { Role } from '../../src/users/role.enum.js';
import { AXE, browserSuite, SHOTS, signedInPage } from '../utils/browser.js';
import { createTestApp, type Agent, type TestApp } from '../utils/create-test-app.js';
import { assessmentsUrl, currentVersion } from '../utils/factories.js';

const DLOS = 'JEW-II.4';

browserSuite('An admin changes a measure in a real browser: preview, then apply', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;

  const axeViolations = async (): Promise<string[]> => {
    await page.addScriptTag({ content: AXE });
    return page.evaluate<string[]>(
      "axe.run().then((r) => r.violations.map((v) => v.id + ' ' + v.nodes.map((n) => n.html).join(' ')))",
    );
  };
  const sidewaysScroll = (): Promise<number> =>
    page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

  beforeAll(async () => {
    t = await createTestApp();
    const api: Agent = await t.api(Role.Admin);
    for (const [iso3, count] of [
      ['KAZ', 1],
      ['KGZ', 2],
      ['UZB', 4],
    ] as const) {
      await api
        .post(assessmentsUrl(DLOS, iso3))
        .send({
          assessedOn: '2012-06-01',
          fact: { count, places: ['Kabul'] },
          evidenceCitation: 'Notification',
          baseVersion: await currentVersion(api, DLOS, iso3),
        })
        .expect(201);
    }
    await t.user('m.admin', Role.Admin);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await signedInPage(browser, base, 'm.admin');
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("lowers JEW-II.4's count target, previews what moves, applies it and sees the banner", async () => {
    await page.getByRole('link', { name: 'Measures', exact: true }).click();
    await page.waitForURL(`${base}/admin/measures`);
    await expect(page.locator('main').innerText()).resolves.toContain(
      'JEW-II.4 is measured by the count of drug liaison officers placed abroad, against a target of 5',
    );
    await expect(axeViolations()).resolves.toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'measures-1366.png'), fullPage: true });

    await page.getByRole('link', { name: DLOS, exact: true }).click();
    await page.waitForURL(`${base}/admin/measures/${DLOS}`);
    // The count's section is open, the others folded away.
    await expect(page.getByLabel('Target', { exact: true }).inputValue()).resolves.toBe('5');
    await expect(page.getByLabel('Instrument 1: Label').isVisible()).resolves.toBe(false);
    await page.getByLabel('Target', { exact: true }).fill('4');
    await page.getByLabel('Threshold 3: From').fill('2');
    await page.getByLabel('Threshold 4: From').fill('4');
    await page.getByLabel('Why').fill('Target lowered to four after the review');
    await Promise.all([
      page.waitForURL(/\/preview#preview$/),
      page.getByRole('button', { name: 'Preview the change' }).click(),
    ]);
    const preview = page.locator('#preview');
    await expect(preview.innerText()).resolves.toContain(
      'JEW-II.4 is measured by the count of drug liaison officers placed abroad, against a target of 4',
    );
    const moves = await page.locator('[data-moves] tbody tr').allInnerTexts();
    expect(moves.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(
        /^Kyrgyzstan Partially implemented to Mostly implemented 2 drug liaison/,
      ),
      expect.stringMatching(/^Uzbekistan Mostly implemented to Implemented 4 drug liaison/),
    ]);
    // What was typed is kept.
    await expect(page.getByLabel('Target', { exact: true }).inputValue()).resolves.toBe('4');
    await expect(axeViolations()).resolves.toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'measure-preview-1366.png'), fullPage: true });
    await page.setViewportSize({ width: 1024, height: 900 });
    await expect(sidewaysScroll()).resolves.toBe(0);
    await page.screenshot({ path: join(SHOTS, 'measure-preview-1024.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });

    await Promise.all([
      page.waitForURL(`${base}/admin/measures/${DLOS}`),
      page.getByRole('button', { name: 'Apply the change' }).click(),
    ]);
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain(
      `Measure of JEW-II.4 changed: 2 statuses re-derived, dated ${dateText(today())}.`,
    );
    await expect(page.locator('[data-rule-now]').innerText()).resolves.toContain(
      'against a target of 4',
    );
    await page.goto(`${base}/admin/measures`);
    await page.setViewportSize({ width: 1024, height: 900 });
    await expect(sidewaysScroll()).resolves.toBe(0);
    await page.screenshot({ path: join(SHOTS, 'measures-1024.png'), fullPage: true });
  }, 90_000);

  it('names a field at fault by its label, and links the summary to it', async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${base}/admin/measures/${DLOS}`);
    await page.getByLabel('Threshold 3: From').fill('9');
    await page.getByRole('button', { name: 'Preview the change' }).click();
    const summary = page.locator('.govuk-error-summary');
    await expect(summary.innerText()).resolves.toContain(
      'Threshold 4: From — the thresholds must increase: 4 comes after 9',
    );
    await summary.getByRole('link').first().click();
    await expect(page.evaluate<string>('document.activeElement.id')).resolves.toBe(
      'rule.thresholds[3].min',
    );
    await expect(axeViolations()).resolves.toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'measure-refused-1366.png'), fullPage: true });
  });
});
