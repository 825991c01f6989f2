import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../src/common/chromium.js';
import { Role } from '../../src/users/role.enum.js';
import { AXE, browserSuite, SHOTS, signedInPage } from '../utils/browser.js';
import { createTestApp, type TestApp } from '../utils/create-test-app.js';
import { recordAssessment } from '../utils/factories.js';

const JEW = 'joint-expert-workshop-illicit-drugs';
const CARICC = 'JEW-II.9';

browserSuite('Report documents in a real browser: written, approved by another, issued', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('writer', Role.Analyst);
    await t.user('chief', Role.Admin);
    const admin = await t.api(Role.Admin);
    await recordAssessment(admin, CARICC, 'KAZ', {
      status: 'partially_implemented',
      assessedOn: '2009-06-30',
    });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signedIn = (username: string): Promise<Page> => signedInPage(browser, base, username);

  const violations = async (page: Page): Promise<string[]> => {
    await page.addScriptTag({ content: AXE });
    return page.evaluate<string[]>(
      'axe.run().then((r) => r.violations.map((v) => v.impact + " " + v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", ")))',
    );
  };

  it('an analyst writes a draft; another person approves and issues it; it is in the archive', async () => {
    const writer = await signedIn('writer');
    await writer.goto(`${base}/documents`);
    await expect(violations(writer)).resolves.toEqual([]);
    await writer.getByRole('link', { name: 'New document' }).click();
    await expect(violations(writer)).resolves.toEqual([]);
    // A refusal names the field by its label, and keeps what was typed.
    await writer.getByLabel('About').fill('no-such-event');
    await writer.getByRole('button', { name: 'Create the draft' }).click();
    await expect(writer.locator('.govuk-error-summary').innerText()).resolves.toContain(
      'no-such-event',
    );
    await expect(writer.getByLabel('About').inputValue()).resolves.toBe('no-such-event');
    await writer.getByLabel('About').fill(JEW);
    await writer.getByLabel('As of').fill('2010-12-31');
    await writer.getByRole('button', { name: 'Create the draft' }).click();
    await writer.waitForURL(/\/documents\/\d+$/);
    await expect(writer.locator('.govuk-caption-l').innerText()).resolves.toMatch(
      /^SEC\/EVT\/\d{4}\/1$/,
    );
    await writer.getByLabel('Introduction').fill('This report covers **2010**.');
    await writer.getByLabel(`${CARICC} Sign the CARICC Agreement`).fill('Kazakhstan signed.');
    await writer.getByLabel('Overall conclusion').fill('Progress is uneven.');
    await writer.getByRole('button', { name: 'Save the draft' }).click();
    await expect(writer.getByLabel('Introduction').inputValue()).resolves.toBe(
      'This report covers **2010**.',
    );
    await expect(violations(writer)).resolves.toEqual([]);
    await writer.screenshot({ path: join(SHOTS, 'document-draft-1366.png'), fullPage: true });

    // The preview prints the narrative, marked as a draft.
    const preview = await writer.context().newPage();
    await preview.goto(`${writer.url().replace(/#.*$/, '')}/preview`);
    const previewText = await preview.locator('body').innerText();
    expect(previewText).toContain('Kazakhstan signed.');
    expect(previewText).toContain('This report covers 2010.');
    await preview.close();

    await writer.getByRole('button', { name: 'Submit for approval' }).click();
    await expect(writer.locator('main').innerText()).resolves.toContain(
      'Waiting for approval by an admin other than you.',
    );
    const address = writer.url();

    const chief = await signedIn('chief');
    await chief.goto(address);
    await chief.getByRole('button', { name: 'Approve' }).click();
    await chief.getByRole('button', { name: 'Issue' }).click();
    await expect(chief.locator('main').innerText()).resolves.toContain('Issued');
    await expect(chief.locator('.app-hash').innerText()).resolves.toMatch(/[0-9a-f]{64}/);
    await expect(violations(chief)).resolves.toEqual([]);
    await chief.screenshot({ path: join(SHOTS, 'document-issued-1366.png'), fullPage: true });

    await writer.goto(`${base}/documents`);
    const archive = writer.locator('table[aria-labelledby="archive-heading"]');
    await expect(archive.innerText()).resolves.toMatch(/SEC\/EVT\/\d{4}\/1/);
    await writer.screenshot({ path: join(SHOTS, 'documents-1366.png'), fullPage: true });
    const overflow = await writer.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBe(0);
  }, 120_000);
});
