import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../src/common/chromium.js';
import { Role } from '../../src/users/role.enum.js';
import { browserSuite, SHOTS } from '../utils/browser.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../utils/create-test-app.js';

const CARICC = 'JEW-II.9';
const EVENT = 'joint-expert-workshop-illicit-drugs';

browserSuite('An analyst in a real browser', () => {
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
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(8_000);
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const flash = (): Promise<string> =>
    page.locator('.govuk-notification-banner').first().innerText();

  it('signs in and lands on the dashboard', async () => {
    await page.goto(`${base}/recommendations`);
    expect(page.url()).toContain('/login?next=');
    await page.getByLabel('Username').fill('c.asia');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/recommendations`);
    await page.goto(`${base}/`);
    await expect(page.getByRole('heading', { name: 'Dashboard' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(SHOTS, 'dashboard.png') });
  });

  it('filters the recommendations by words and event', async () => {
    await page.goto(`${base}/recommendations`);
    await page.getByLabel('Words').fill('caricc agreement');
    await page.getByLabel('Event').selectOption(EVENT);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page.locator('[role=status]').innerText()).resolves.toMatch(
      /^1 recommendations match/,
    );
    await page.getByRole('link', { name: CARICC }).click();
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toContain(
      'Sign the CARICC Agreement',
    );
  });

  it('records the fact for the CARICC recommendation and sees it on the State page and in the matrix', async () => {
    // Measured by milestones: the row leads to the pair's form, which asks for the step reached.
    const row = page.locator('#pair-KAZ');
    await expect(row.getByLabel('Status').count()).resolves.toBe(0);
    await row.getByRole('link', { name: /^Record the fact/ }).click();
    await page.waitForURL(new RegExp(`/recommendations/${CARICC}/states/KAZ#record-heading$`));
    await page.getByLabel('Milestone reached').selectOption('caricc-agreement|signed');
    await page.getByLabel('Date the facts refer to').fill('2009-06-30');
    await page
      .getByLabel('Note', { exact: true })
      .fill('Signed; ratification pending in parliament');
    await page.getByRole('button', { name: 'Record assessment' }).click();
    await page.waitForURL(/#recorded$/);
    await expect(page.locator('#recorded').innerText()).resolves.toContain(
      'Kazakhstan is now "Partially implemented"',
    );

    await page.goto(`${base}/states/KAZ`);
    const stateRow = page.locator(`[id="rec-${CARICC}"]`);
    await expect(stateRow.innerText()).resolves.toMatch(
      /Partially implemented\s+CARICC Agreement: Signed\s+30 Jun 2009/,
    );
    await page.screenshot({ path: join(SHOTS, 'state.png'), fullPage: true });

    await page.goto(`${base}/matrix?event=${EVENT}`);
    const cell = page.locator(`a.cell[href^="/recommendations/${CARICC}/states/KAZ"]`);
    await expect(cell.getAttribute('title')).resolves.toBe(
      `${CARICC} · Kazakhstan: Partially implemented, CARICC Agreement: Signed as of 2009-06-30, more than 48 months old`,
    );
    await expect(cell.innerText()).resolves.toBe('PC');
    await page.screenshot({ path: join(SHOTS, 'matrix.png') });

    // As of a date before it, the cell has no information yet.
    await page.locator('input[name=asOf]').fill('2009-01-01');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(cell.innerText()).resolves.toBe('–');

    // A cell links to the pair, with its history and the form (with JavaScript, a click opens
    // that form in a dialog instead: see the matrix's own browser test).
    await page.goto(`${base}/matrix?event=${EVENT}`);
    await page.goto(`${base}${await cell.getAttribute('href')}`);
    await expect(page.getByRole('heading', { name: 'Record the fact' }).isVisible()).resolves.toBe(
      true,
    );
    await expect(page.locator('table').last().innerText()).resolves.toContain(
      'Signed; ratification pending in parliament',
    );
  });

  it('runs a bulk update over several States in one go: one dated fact for each', async () => {
    await page.goto(`${base}/bulk`);
    await page.getByLabel('Recommendation').selectOption(CARICC);
    await page.getByRole('button', { name: 'Choose' }).click();
    // Only the analyst's own States can be ticked.
    await expect(page.getByRole('checkbox', { name: 'Uzbekistan' }).count()).resolves.toBe(0);
    await page.getByRole('checkbox', { name: 'Kyrgyzstan' }).check();
    await page.getByRole('checkbox', { name: 'Tajikistan' }).check();
    await page.getByLabel('Milestone reached').selectOption('caricc-agreement|in-force');
    await page.getByLabel('Date the facts refer to').fill('2010-02-01');
    await page.locator('#note').fill('Agreement signed at the CARICC opening');
    await Promise.all([
      page.waitForURL(`${base}/recommendations/${CARICC}`, { waitUntil: 'load' }),
      page.getByRole('button', { name: 'Record for the chosen States' }).click(),
    ]);
    await expect(flash()).resolves.toContain(`Recorded 2 assessments for ${CARICC}`);
    for (const id of ['#pair-KGZ', '#pair-TJK']) {
      await expect(page.locator(id).innerText()).resolves.toMatch(
        /Implemented\s+CARICC Agreement: In force\s+1 Feb 2010/,
      );
    }
  });

  it('imports a CSV with one bad line: nothing applied, the line named; fixed, it applies whole', async () => {
    const before = await t.dataSource.query<{ n: number }[]>(
      'SELECT COUNT(*) AS n FROM assessments',
    );
    // Facts in their columns: the CARICC step, the FATF rating and its source.
    const csv = (tjkStatus: string, tjkMilestone: string): string =>
      [
        'ref,iso3,status,assessedOn,note,evidenceUrl,evidenceCitation,milestone,rating,source',
        `${CARICC},KAZ,,2010-06-01,Ratified,,Official gazette,in-force,,`,
        `JEW-II.8,KGZ,,2010-06-01,Follow-up report,,,,PC,MER follow-up 2010`,
        `${CARICC},TJK,${tjkStatus},2010-06-01,,,,${tjkMilestone},,`,
      ].join('\n');
    const upload = async (content: string): Promise<void> => {
      await page.goto(`${base}/imports/new`);
      await page.getByLabel(/^File/).setInputFiles({
        name: 'statuses.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(content),
      });
      await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
      await page.waitForURL(/\/imports(\/\d+)?$/);
    };

    await upload(csv('done', 'ratified'));
    const problems = page.locator('section[aria-labelledby=problems-heading] tbody tr');
    await expect(problems.count()).resolves.toBe(1);
    await expect(problems.first().innerText()).resolves.toMatch(/^4\s+status\s+/);
    await expect(page.getByRole('button', { name: /^Apply/ }).count()).resolves.toBe(0);
    await page.screenshot({ path: join(SHOTS, 'import-dry-run.png'), fullPage: true });
    const after = await t.dataSource.query<{ n: number }[]>(
      'SELECT COUNT(*) AS n FROM assessments',
    );
    expect(after[0].n).toBe(before[0].n);

    await upload(csv('', 'ratified'));
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Apply: record 3 assessments' }).click(),
    ]);
    await expect(flash()).resolves.toMatch(/3 assessments/);
    await page.goto(`${base}/states/TJK`);
    await expect(page.locator(`[id="rec-${CARICC}"]`).innerText()).resolves.toMatch(
      /Mostly implemented\s+CARICC Agreement: Ratified\s+1 Jun 2010/,
    );
  });

  it('reads at 200% zoom on a laptop (no sideways scrolling of the page) and starts with a skip link', async () => {
    // A 1280-pixel screen at 200% zoom lays pages out in 640 CSS pixels; a tablet in portrait in 768.
    for (const width of [640, 768]) {
      await page.setViewportSize({ width, height: 900 });
      for (const url of [
        '/',
        `/recommendations/${CARICC}`,
        '/states/KAZ',
        '/recommendations',
        '/bulk',
      ]) {
        await page.goto(`${base}${url}`);
        // Evaluated in the page (a string, since the test itself has no DOM types).
        const overflow = await page.evaluate<number>(
          'document.documentElement.scrollWidth - window.innerWidth',
        );
        expect([url, width, overflow]).toEqual([url, width, 0]);
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/states/KAZ`);
    await page.keyboard.press('Tab');
    await expect(page.evaluate<string>('document.activeElement.textContent')).resolves.toBe(
      'Skip to content',
    );
  });
});
