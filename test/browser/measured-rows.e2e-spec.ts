import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../src/common/chromium.js';
import { Role } from '../../src/users/role.enum.js';
import { AXE, browserSuite, SHOTS, signedInPage } from '../utils/browser.js';
import { createTestApp, type TestApp } from '../utils/create-test-app.js';

const CARICC = 'JEW-II.9';

/** The violations axe-core finds on the page, by rule and elements. */
const violations = async (page: Page): Promise<{ id: string; nodes: unknown[] }[]> => {
  await page.addScriptTag({ content: AXE });
  return page.evaluate<{ id: string; nodes: unknown[] }[]>(
    'axe.run().then((r) => r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) })))',
  );
};

browserSuite('Recommendations measured by facts, recorded by their facts in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('facts.analyst', Role.Analyst);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a measured row of the State page offers "Record the fact", which opens the pair\'s form (axe clean)', async () => {
    // Without JavaScript too: the row's link is an ordinary link.
    for (const javaScriptEnabled of [true, false]) {
      const page = await signedInPage(browser, base, 'facts.analyst', { javaScriptEnabled });
      await page.goto(`${base}/states/KAZ`);
      const row = page.locator(`[id="rec-${CARICC}"]`);
      await expect(row.getByLabel('Status').count()).resolves.toBe(0);
      const link = row.getByRole('link', { name: `Record the fact of ${CARICC}` });
      await expect(link.isVisible()).resolves.toBe(true);
      // A graded row keeps its form.
      await expect(
        page.locator('[id="rec-JEW-II.10"]').getByText('Record', { exact: true }).count(),
      ).resolves.toBe(1);
      if (javaScriptEnabled) {
        await expect(violations(page)).resolves.toEqual([]);
        for (const width of [1366, 1024]) {
          await page.setViewportSize({ width, height: 900 });
          await row.scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(SHOTS, `state-measured-row-${width}.png`) });
        }
      }
      await Promise.all([page.waitForURL(/#record-heading$/), link.click()]);
      await expect(
        page.getByRole('heading', { name: 'Record the fact', level: 2 }).isVisible(),
      ).resolves.toBe(true);
      await expect(page.getByLabel('Milestone reached').isVisible()).resolves.toBe(true);
      await page.context().close();
    }
  });

  it('the bulk update of a measured recommendation records one dated fact for several States (axe clean)', async () => {
    const page = await signedInPage(browser, base, 'facts.analyst');
    await page.goto(`${base}/bulk?ref=${CARICC}`);
    for (const name of ['Kazakhstan', 'Kyrgyzstan', 'Tajikistan']) {
      await page.getByRole('checkbox', { name }).check();
    }
    // Without a milestone nor a reason, the status set by hand is refused beside the fact.
    await page.getByLabel('Status', { exact: true }).selectOption('implemented');
    await page.getByLabel('Date the facts refer to').fill('2009-10-08');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Record for the chosen States' }).click(),
    ]);
    await expect(page.locator('#fact-error').innerText()).resolves.toBe(
      'JEW-II.9 is measured by milestones: record the milestone reached, or give a reason to set the status by hand',
    );
    await expect(violations(page)).resolves.toEqual([]);
    for (const width of [1366, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await page.locator('#fact').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, `bulk-fact-refused-${width}.png`) });
    }
    await page.getByLabel('Status', { exact: true }).selectOption('');
    await page.getByLabel('Milestone reached').selectOption('caricc-agreement|ratified');
    await Promise.all([
      page.waitForURL(`${base}/recommendations/${CARICC}`, { waitUntil: 'load' }),
      page.getByRole('button', { name: 'Record for the chosen States' }).click(),
    ]);
    for (const code of ['KAZ', 'KGZ', 'TJK']) {
      await expect(page.locator(`#pair-${code}`).innerText()).resolves.toMatch(
        /Mostly implemented\s+CARICC Agreement: Ratified\s+8 Oct 2009/,
      );
    }
    await page.context().close();
  });
});
