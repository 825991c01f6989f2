import { existsSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { chromiumPath, launchChromium } from '../common/chromium.js';
import { httpStatusOf } from '../common/error-mapping.js';
import { TooLongToPrintError, TooManyRequestsError, UnavailableError } from '../common/errors.js';
import { HTML_BYTES_PER_PAGE, pagesOfHtml, PdfService } from './pdf.service.js';

const HTML = '<!doctype html><html><body><h1>Progress report</h1></body></html>';

/** What the fake browser prints: a real one-page PDF, so that it can be finished. */
let printed: Buffer;
beforeAll(async () => {
  const doc = await PDFDocument.create();
  doc.addPage();
  printed = Buffer.from(await doc.save());
});

/** A stand-in for Chromium whose prints finish when the test says. */
class FakeBrowser {
  connected = true;
  contextsOpened = 0;
  contextsClosed = 0;
  closed = false;
  readonly prints: (() => void)[] = [];
  private readonly onDisconnect: (() => void)[] = [];

  isConnected(): boolean {
    return this.connected;
  }
  on(event: string, listener: () => void): this {
    if (event === 'disconnected') this.onDisconnect.push(listener);
    return this;
  }
  newContext(): Promise<unknown> {
    if (!this.connected) return Promise.reject(new Error('Target closed'));
    this.contextsOpened += 1;
    return Promise.resolve({
      newPage: () =>
        Promise.resolve({
          setDefaultTimeout: () => undefined,
          setContent: () => Promise.resolve(),
          // What the page says about itself: a report without contents, printed once.
          evaluate: () =>
            Promise.resolve({
              title: 'T',
              language: 'en',
              author: 'A',
              subject: 'S',
              contents: [],
            }),
          pdf: () => new Promise<Buffer>((resolve) => this.prints.push(() => resolve(printed))),
        }),
      close: () => {
        this.contextsClosed += 1;
        return Promise.resolve();
      },
    });
  }
  close(): Promise<void> {
    this.closed = true;
    this.crash();
    return Promise.resolve();
  }
  crash(): void {
    this.connected = false;
    for (const listener of this.onDisconnect) listener();
  }
}

/** Lets pending promise callbacks run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function fakeService(limits: { concurrency: number; queue: number; perCaller?: number }): {
  pdf: PdfService;
  browsers: FakeBrowser[];
} {
  const browsers: FakeBrowser[] = [];
  const pdf = new PdfService({
    ...limits,
    retryAfterSeconds: 7,
    launch: () => {
      const browser = new FakeBrowser();
      browsers.push(browser);
      return Promise.resolve(browser as unknown as Browser);
    },
  });
  return { pdf, browsers };
}

describe('PdfService: fitted to the size of the report', () => {
  it('refuses a PDF estimated over maxPages before any browser is launched, and says how to narrow it', async () => {
    const limited = new PdfService({ maxPages: 10, launch: () => Promise.reject(new Error('no')) });
    await expect(
      limited.fromHtml(HTML, 'user:1', { pages: 11, narrowing: 'Narrow it to an event.' }),
    ).rejects.toMatchObject({
      constructor: TooLongToPrintError,
      kind: 'tooLong',
      message:
        'This report would print about 11 pages as a PDF, more than the 10 one PDF may have here. Narrow it to an event.',
    });
    expect(limited.launches).toBe(0);
    // From the HTML's size when the report does not say.
    expect(pagesOfHtml('x'.repeat(11 * HTML_BYTES_PER_PAGE))).toBe(11);
    await expect(limited.fromHtml('x'.repeat(11 * HTML_BYTES_PER_PAGE))).rejects.toThrow(
      /about 11 pages/,
    );
    expect(() => limited.admit(10)).not.toThrow();
  });

  it('gives a long report more time to load and print: 30 s and 150 ms a page', () => {
    const pdf = new PdfService();
    expect(pdf.timeoutFor(1)).toBe(30_150);
    expect(pdf.timeoutFor(1000)).toBe(180_000);
    expect(pdf.limits.maxPages).toBe(1000);
  });
});

describe('PdfService: one shared browser, bounded printing', () => {
  it('launches one browser for PDFs asked at once, a context each, closed after', async () => {
    const { pdf, browsers } = fakeService({ concurrency: 2, queue: 8 });
    const jobs = Array.from({ length: 4 }, () => pdf.fromHtml(HTML));
    await settle();
    expect(pdf.launches).toBe(1);
    expect(pdf.load).toEqual({ printing: 2, waiting: 2 });
    const [browser] = browsers;
    // Two print at a time; each finished print lets a waiting one in.
    while (browser.prints.length > 0) {
      browser.prints.shift()?.();
      await settle();
    }
    const results = await Promise.all(jobs);
    expect(results.map((r) => r.subarray(0, 5).toString())).toEqual(Array(4).fill('%PDF-'));
    expect(browser.contextsOpened).toBe(4);
    expect(browser.contextsClosed).toBe(4);
    expect(pdf.load).toEqual({ printing: 0, waiting: 0 });
  });

  it('refuses with 503 and a Retry-After when the queue is full', async () => {
    const { pdf, browsers } = fakeService({ concurrency: 1, queue: 1 });
    const first = pdf.fromHtml(HTML);
    const second = pdf.fromHtml(HTML);
    await settle();
    const refused = pdf.fromHtml(HTML);
    await expect(refused).rejects.toBeInstanceOf(UnavailableError);
    await expect(refused).rejects.toThrow('Try again in 7 seconds');
    const err = (await refused.catch((e: unknown) => e)) as UnavailableError;
    expect(err.retryAfterSeconds).toBe(7);
    expect(httpStatusOf(err)).toBe(503);
    browsers[0].prints.shift()?.();
    await expect(first).resolves.toBeInstanceOf(Buffer);
    await settle();
    browsers[0].prints.shift()?.();
    await expect(second).resolves.toBeInstanceOf(Buffer);
    // Places free again once the queue has drained.
    const third = pdf.fromHtml(HTML);
    await settle();
    browsers[0].prints.shift()?.();
    await expect(third).resolves.toBeInstanceOf(Buffer);
  });

  it('lets one caller have at most perCaller PDFs under way: 429 with Retry-After beyond', async () => {
    const { pdf, browsers } = fakeService({ concurrency: 1, queue: 8, perCaller: 2 });
    const mine = [pdf.fromHtml(HTML, 'user:1'), pdf.fromHtml(HTML, 'user:1')];
    await settle();
    const third = pdf.fromHtml(HTML, 'user:1');
    await expect(third).rejects.toBeInstanceOf(TooManyRequestsError);
    const err = (await third.catch((e: unknown) => e)) as TooManyRequestsError;
    expect(err.message).toBe(
      'You already have 2 PDFs being printed, the most one person may have at once. ' +
        'Try again in 7 seconds, once they are done.',
    );
    expect(err.retryAfterSeconds).toBe(7);
    expect(httpStatusOf(err)).toBe(429);
    // Someone else still gets in line, and so does the first caller once a PDF is done.
    const theirs = pdf.fromHtml(HTML, 'token:5');
    await settle();
    expect(pdf.load).toEqual({ printing: 1, waiting: 2 });
    browsers[0].prints.shift()?.();
    await expect(mine[0]).resolves.toBeInstanceOf(Buffer);
    const later = pdf.fromHtml(HTML, 'user:1');
    while (pdf.load.printing > 0) {
      await settle();
      browsers[0].prints.shift()?.();
    }
    await expect(Promise.all([mine[1], theirs, later])).resolves.toHaveLength(3);
    expect(pdf.pages).toEqual({ open: 0, peak: 1 });
  });

  it('launches a new browser when the shared one crashed, and closes it on shutdown', async () => {
    const { pdf, browsers } = fakeService({ concurrency: 2, queue: 8 });
    const first = pdf.fromHtml(HTML);
    await settle();
    browsers[0].prints.shift()?.();
    await first;
    browsers[0].crash();
    const second = pdf.fromHtml(HTML);
    await settle();
    expect(pdf.launches).toBe(2);
    browsers[1].prints.shift()?.();
    await expect(second).resolves.toBeInstanceOf(Buffer);
    await pdf.onApplicationShutdown();
    expect(browsers[1].closed).toBe(true);
  });
});

// CI installs Chromium; elsewhere these say why they do not run rather than failing.
const haveChromium = existsSync(chromiumPath()) || process.env.CI === 'true';
if (!haveChromium) {
  console.warn(`PdfService Chromium tests skipped: no Chromium at ${chromiumPath()}.`);
}

(haveChromium ? describe : describe.skip)('PdfService with Chromium', () => {
  const launched: Browser[] = [];
  const pdf = new PdfService({
    launch: async () => {
      const browser = await launchChromium();
      launched.push(browser);
      return browser;
    },
  });
  afterAll(() => pdf.close());

  it('prints four PDFs asked at once in one browser', async () => {
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        pdf.fromHtml(HTML.replace('Progress report', `Report ${i}`)),
      ),
    );
    expect(pdf.launches).toBe(1);
    for (const result of results) {
      expect(result.subarray(0, 5).toString()).toBe('%PDF-');
      expect(result.subarray(-8).toString()).toContain('%%EOF');
    }
    // Every job's context is closed: only the browser remains.
    expect(launched[0].contexts()).toHaveLength(0);
  });

  it('launches Chromium again after it went away', async () => {
    await launched[0].close();
    const result = await pdf.fromHtml(HTML);
    expect(result.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.launches).toBe(2);
    expect(launched[1].isConnected()).toBe(true);
    await pdf.close();
    expect(launched[1].isConnected()).toBe(false);
  });
});
