import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../src/common/chromium.js';
import { Role } from '../../src/users/role.enum.js';
import { AXE, browserSuite, SHOTS, signedInPage } from '../utils/browser.js';
import { createTestApp, type TestApp } from '../utils/create-test-app.js';

const CARICC = 'JEW-II.9';
const EVENT = 'joint-expert-workshop-illicit-drugs';

browserSuite('A treaty milestone recorded in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('c.asia', Role.Analyst, ['KAZ', 'KGZ', 'TJK']);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await signedInPage(browser, base, 'c.asia');
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('records "signed", then "ratified" for Kyrgyzstan on the CARICC recommendation', async () => {
    const pair = `${base}/recommendations/${CARICC}/states/KGZ`;
    await page.goto(pair);
    await expect(page.locator('main').innerText()).resolves.toContain(
      'JEW-II.9 is measured by milestones of the CARICC Agreement: signed = partially implemented, ratified = mostly implemented, in force = implemented.',
    );
    // The form asks for the milestone; the status is left to the facts.
    await expect(page.getByLabel('Status', { exact: true }).inputValue()).resolves.toBe('');
    for (const [step, on] of [
      ['Signed (Partially implemented)', '2009-03-15'],
      ['Ratified (Mostly implemented)', '2010-02-01'],
    ]) {
      await page.getByLabel('Milestone reached').selectOption({ label: step });
      await page.getByLabel('Date the facts refer to').fill(on);
      await Promise.all([
        page.waitForURL(/#recorded$/),
        page.getByRole('button', { name: 'Record assessment' }).click(),
      ]);
    }
    // The pair page: the derived status, the fact in force and the timeline.
    await expect(page.locator('.status').first().innerText()).resolves.toContain(
      'Mostly implemented',
    );
    const timeline = await page.locator('.app-timeline li').allInnerTexts();
    expect(timeline).toHaveLength(2);
    expect(timeline[0]).toMatch(/15 Mar 2009\s+CARICC Agreement: Signed\s+.*Partially implemented/);
    expect(timeline[1]).toMatch(/1 Feb 2010\s+CARICC Agreement: Ratified\s+.*Mostly implemented/);
    await page.addScriptTag({ content: AXE });
    await expect(
      page.evaluate<string[]>('axe.run().then((r) => r.violations.map((v) => v.id))'),
    ).resolves.toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'pair-measured-1366.png'), fullPage: true });

    // The State page: the status and the fact it stands on.
    await page.goto(`${base}/states/KGZ`);
    const row = page.locator(`[id="rec-${CARICC}"]`);
    await expect(row.innerText()).resolves.toContain('Mostly implemented');
    await expect(row.innerText()).resolves.toContain('CARICC Agreement: Ratified');

    // The matrix: the cell names the fact, and shows the step when asked to.
    await page.goto(`${base}/matrix?event=${EVENT}&region=central-asia&cells=facts`);
    const cell = page.getByRole('link', { name: /^Kyrgyzstan, JEW-II\.9:/ });
    await expect(cell.innerText()).resolves.toBe('Ratified');
    await expect(cell.getAttribute('aria-label')).resolves.toMatch(
      /^Kyrgyzstan, JEW-II\.9: Mostly implemented, LC, CARICC Agreement: Ratified, 2010-02-01/,
    );
    await page.screenshot({ path: join(SHOTS, 'matrix-facts-1366.png') });
  }, 60_000);

  it('refuses a status set by hand without a reason, naming the field', async () => {
    await page.goto(`${base}/recommendations/${CARICC}/states/TJK`);
    await page
      .getByLabel('Milestone reached')
      .selectOption({ label: 'Signed (Partially implemented)' });
    await page.getByLabel('Status', { exact: true }).selectOption('implemented');
    await page.getByLabel('Date the facts refer to').fill('2010-05-01');
    await page.getByRole('button', { name: 'Record assessment' }).click();
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toMatch(
      /Why another status than the facts give|reason/i,
    );
  });
});
