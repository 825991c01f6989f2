import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath } from '../../src/common/chromium.js';

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
