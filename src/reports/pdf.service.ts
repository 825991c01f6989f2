import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChromiumMissingError, launchChromium } from '../common/chromium.js';
import { projectRoot } from '../common/project-root.js';

/** Stylesheets a report links to, inlined so that the PDF (or a saved HTML file) needs no server. */
export function inlineStyles(html: string): string {
  const assets = join(projectRoot(), 'views', 'assets');
  const app = readFileSync(join(assets, 'app.css'), 'utf8');
  const report = readFileSync(join(assets, 'report.css'), 'utf8').replace(
    /@import url\('\/assets\/app\.css'\);/,
    '',
  );
  return html.replace(
    /<link rel='stylesheet' href='\/assets\/report\.css' \/>/,
    `<style>${app}\n${report}</style>`,
  );
}

/** Prints report HTML to an A4 PDF in headless Chromium (Debian's, or CHROMIUM_PATH). */
@Injectable()
export class PdfService {
  async fromHtml(html: string): Promise<Buffer> {
    let browser;
    try {
      browser = await launchChromium();
    } catch (err) {
      if (err instanceof ChromiumMissingError) {
        throw new ServiceUnavailableException(
          `PDF output needs Chromium, which is not installed here: ${err.message} The HTML report works without it.`,
        );
      }
      throw err;
    }
    try {
      const page = await browser.newPage();
      await page.setContent(inlineStyles(html), { waitUntil: 'load' });
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await browser.close();
    }
  }
}
