import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath } from '../../src/common/chromium.js';
import { TEST_PASSWORD } from './create-test-app.js';

/** Where browser tests leave their screenshots. */
export const SHOTS = join('test-results', 'screenshots');

/** axe-core, to inject into a page (in a context with `bypassCSP: true`). */
export const AXE = readFileSync(join('node_modules', 'axe-core', 'axe.min.js'), 'utf8');

// CI installs Chromium; elsewhere the suites say why they do not run rather than failing.
const haveChromium = existsSync(chromiumPath()) || process.env.CI === 'true';
if (!haveChromium) {
  console.warn(`Browser tests skipped: no Chromium at ${chromiumPath()} (set CHROMIUM_PATH).`);
}

/** `describe` when Chromium is there, else a skipped suite (the reason printed above). */
export const browserSuite = haveChromium ? describe : describe.skip;

/**
 * A page of a new browser context (1366 px wide, the app's CSP bypassed so that axe-core can be
 * injected), signed in through the sign-in form as `username` with the test password.
 */
export async function signedInPage(
  browser: Browser,
  base: string,
  username: string,
  options: { height?: number; javaScriptEnabled?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: options.height ?? 900 },
    bypassCSP: true,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await Promise.all([
    page.waitForURL(`${base}/`),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  return page;
}
