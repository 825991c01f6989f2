import { Inject, Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ChromiumMissingError, chromiumPath, launchChromium } from '../common/chromium.js';
import { appVersion, projectRoot } from '../common/project-root.js';
import { TooLongToPrintError, TooManyRequestsError, UnavailableError } from '../common/errors.js';
import type { ContentsEntry, PdfInfo } from './pdf-document.js';

/**
 * The stylesheet a report links to, inlined so that the PDF (or a saved HTML file) needs no
 * server. report.css carries every rule a report needs (it is built apart from the pages' much
 * larger app.css).
 */
export function inlineStyles(html: string): string {
  const report = readFileSync(join(projectRoot(), 'views', 'assets', 'report.css'), 'utf8');
  return html.replace(
    /<link rel='stylesheet' href='\/assets\/report\.css' \/>/,
    () => `<style>${report}</style>`,
  );
}

let creator: string | undefined;

/** "Recommendation Tracker 0.1.0": the program and version a PDF names as its Creator. */
export function pdfCreator(): string {
  creator ??= `Recommendation Tracker ${appVersion()}`;
  return creator;
}

/**
 * Prints of a report with contents: the first finds the page of each heading, the next prints
 * the numbers, and one more is made only if filling them in moved a heading (the number's room
 * is kept free in the first print, so it does not).
 */
const MAX_PRINTS = 3;

/** The little of the DOM that the functions run in the page use (the project has no DOM types). */
interface PageElement {
  tagName: string;
  parentElement: PageElement | null;
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): PageElement[] & Iterable<PageElement>;
}
declare const document: PageElement & { title: string; documentElement: { lang: string } };

/** What the report's page says about itself: its document information and contents. */
interface PageAbout extends Omit<PdfInfo, 'creator'> {
  contents: ContentsEntry[];
}

/**
 * Reads, in the page, the title, language, author (`<meta name='author'>`), subject
 * (`<meta name='description'>`) and the contents: the links of `nav.contents`, each to a heading,
 * at the depth of its list.
 */
function readPage(page: Page): Promise<PageAbout> {
  return page.evaluate(() => {
    const meta = (key: string): string =>
      document.querySelector(`meta[name='${key}']`)?.getAttribute('content') ?? '';
    const nav = document.querySelector('nav.contents');
    const links = nav ? [...nav.querySelectorAll("a[href^='#']")] : [];
    return {
      title: document.title,
      language: document.documentElement.lang,
      author: meta('author'),
      subject: meta('description'),
      contents: links.map((a) => {
        let level = 0;
        for (let el = a.parentElement; el && el !== nav; el = el.parentElement) {
          if (el.tagName === 'OL' || el.tagName === 'UL') level += 1;
        }
        return {
          id: decodeURIComponent((a.getAttribute('href') ?? '#').slice(1)),
          title: (a.querySelector('.toc-text') ?? a).textContent?.replace(/\s+/g, ' ').trim() ?? '',
          level: Math.max(1, level),
        };
      }),
    };
  });
}

/** Writes the page numbers into the contents' `.toc-page` slots, in the order of the links. */
async function fillContents(page: Page, numbers: (number | null)[]): Promise<void> {
  await page.evaluate((list) => {
    const links = document.querySelectorAll("nav.contents a[href^='#']");
    links.forEach((a, i) => {
      const slot = a.querySelector('.toc-page');
      if (slot) slot.textContent = list[i] === null ? '' : String(list[i]);
    });
  }, numbers);
}

/** How many PDFs are printed at once and how long they may take. */
export interface PdfLimits {
  /** PDFs printed at the same time, each in a browser context of its own. */
  concurrency: number;
  /** PDFs waiting for their turn; one more is answered 503 with Retry-After. */
  queue: number;
  /**
   * PDFs one caller (a user, an API token) may have printing or waiting at once; one more is
   * answered 429 with Retry-After, so that one caller cannot fill the queue for everyone.
   */
  perCaller: number;
  /** The Retry-After of that 503, in seconds. */
  retryAfterSeconds: number;
  /**
   * The most pages a PDF may have (PDF_MAX_PAGES): a report estimated longer is refused before
   * Chromium is asked (TooLongToPrintError, 422).
   */
  maxPages: number;
  /**
   * The time loading a report into the page may take, and then printing it (each print): this
   * much, plus `timeoutPerPageMs` for each page it is estimated to print.
   */
  timeoutMs: number;
  timeoutPerPageMs: number;
}

/**
 * How many bytes of report HTML print on an A4 page, for a report that does not estimate its
 * own pages: the State reports measured print 3.3 to 4.5 KB a page, the event report about 6 KB;
 * the smaller is kept, so that a report is rather thought longer than it is.
 */
export const HTML_BYTES_PER_PAGE = 3_500;

/** The pages a report's HTML is expected to print (see HTML_BYTES_PER_PAGE). */
export function pagesOfHtml(html: string): number {
  return Math.max(1, Math.ceil(html.length / HTML_BYTES_PER_PAGE));
}

/**
 * Each Chromium page uses some 100 to 300 MB while it lays out a long report: two at a time keep
 * the server's memory bounded, and eight waiting are about half a minute of printing.
 */
export const DEFAULT_PDF_LIMITS: PdfLimits = {
  concurrency: 2,
  queue: 8,
  perCaller: 2,
  retryAfterSeconds: 10,
  maxPages: 1000,
  // Playwright's default of 30 s, and more for a long report: Chromium loads and prints one
  // page in 20 to 70 ms on a busy 2-core machine, so 150 ms a page leaves it twice that and more
  // (a PDF of 1,000 pages may take 3 minutes to load, and as long for each print).
  timeoutMs: 30_000,
  timeoutPerPageMs: 150,
};

/** Limits, and in tests the browser to use, for PdfService (provide them under PDF_OPTIONS). */
export interface PdfOptions extends Partial<PdfLimits> {
  launch?: () => Promise<Browser>;
}

export const PDF_OPTIONS = 'PDF_OPTIONS';

class PrintTimeout extends Error {}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PrintTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Prints report HTML to an A4 PDF in headless Chromium (Debian's, or CHROMIUM_PATH): tagged, with
 * the page numbers of its contents found by printing it (see printPage), bookmarks that follow the
 * contents, and the document information the page states (title, language, author, subject).
 *
 * One browser serves the whole process: it is launched with the first PDF, kept for the next ones
 * (launched again should it crash, or should CHROMIUM_PATH change) and closed when the app shuts
 * down. Each PDF gets a fresh browser context, closed once printed, so no page state is shared.
 * At most `concurrency` PDFs are printed at once and `queue` wait; any more are refused with 503
 * and Retry-After rather than letting memory grow with every request. One caller may have at
 * most `perCaller` of them (429 and Retry-After beyond), so that one person cannot fill the
 * queue for everyone.
 *
 * A command line or a script that uses this service outside a Nest application's shutdown must
 * call close() when done, or the browser keeps the process alive.
 */
@Injectable()
export class PdfService implements OnApplicationShutdown {
  readonly limits: PdfLimits;
  private readonly launch: () => Promise<Browser>;
  private browser: Promise<Browser> | null = null;
  private browserPath = '';
  private launched = 0;
  private running = 0;
  private printed = 0;
  private readonly waiting: (() => void)[] = [];
  /** PDFs printing or waiting, by caller (principalKey). */
  private readonly byCaller = new Map<string, number>();
  /** Browser contexts (one page each) open now, and the most open at once so far. */
  private pagesOpen = 0;
  private pagesPeak = 0;
  /**
   * Where the contents' headings landed, by the SHA-256 of the report's HTML: the same HTML lays
   * out the same, so printing it again needs one print instead of two. The latest 64 are kept
   * (a few numbers each).
   */
  private readonly headingPages = new Map<string, (number | null)[]>();

  constructor(@Optional() @Inject(PDF_OPTIONS) options: PdfOptions | null = null) {
    const { launch, ...limits } = options ?? {};
    this.limits = { ...DEFAULT_PDF_LIMITS, ...limits };
    this.launch = launch ?? launchChromium;
  }

  /** How many times Chromium has printed (a report with contents takes two the first time). */
  get prints(): number {
    return this.printed;
  }

  /** How many browsers this service has launched: one, unless one crashed or was closed. */
  get launches(): number {
    return this.launched;
  }

  /** PDFs being printed and waiting for their turn. */
  get load(): { printing: number; waiting: number } {
    return { printing: this.running, waiting: this.waiting.length };
  }

  /** Chromium pages open now, and the most that were open at once since the start. */
  get pages(): { open: number; peak: number } {
    return { open: this.pagesOpen, peak: this.pagesPeak };
  }

  /**
   * Refuses a PDF estimated longer than `maxPages` (TooLongToPrintError), saying how to narrow
   * the report (`narrowing`, else its HTML): called before the report is rendered, and again by
   * fromHtml, so that no such PDF reaches Chromium.
   */
  admit(pages: number, narrowing?: string): void {
    const max = this.limits.maxPages;
    if (pages <= max) return;
    throw new TooLongToPrintError(
      `This report would print about ${pages.toLocaleString('en')} pages as a PDF, more than ` +
        `the ${max.toLocaleString('en')} one PDF may have here. ` +
        (narrowing ?? 'Open it as a web page instead, which prints from the browser.'),
      pages,
      max,
    );
  }

  /** How long loading a report of so many pages, and each print of it, may take. */
  timeoutFor(pages: number): number {
    return this.limits.timeoutMs + this.limits.timeoutPerPageMs * pages;
  }

  /**
   * Prints report HTML to a PDF. With `caller` (principalKey), at most `perCaller` PDFs of that
   * caller are printing or waiting at once: one more is refused with 429 and Retry-After.
   * `job.pages` is the report's own estimate of its pages (else one from its HTML's size): too
   * many are refused before anything else (see admit), and the timeouts grow with them.
   */
  async fromHtml(
    html: string,
    caller?: string,
    job: { pages?: number; narrowing?: string } = {},
  ): Promise<Buffer> {
    const pages = job.pages ?? pagesOfHtml(html);
    this.admit(pages, job.narrowing);
    if (caller !== undefined) this.claim(caller);
    try {
      await this.turn();
      try {
        return await this.print(inlineStyles(html), this.timeoutFor(pages));
      } finally {
        this.next();
      }
    } finally {
      if (caller !== undefined) this.release(caller);
    }
  }

  private claim(caller: string): void {
    const mine = this.byCaller.get(caller) ?? 0;
    if (mine >= this.limits.perCaller) {
      const seconds = this.limits.retryAfterSeconds;
      throw new TooManyRequestsError(
        `You already have ${mine} PDF${mine === 1 ? '' : 's'} being printed, the most one person ` +
          `may have at once. Try again in ${seconds} seconds, once ${mine === 1 ? 'it is' : 'they are'} done.`,
        seconds,
      );
    }
    this.byCaller.set(caller, mine + 1);
  }

  private release(caller: string): void {
    const mine = (this.byCaller.get(caller) ?? 1) - 1;
    if (mine > 0) this.byCaller.set(caller, mine);
    else this.byCaller.delete(caller);
  }

  /** Closes the browser; the next PDF launches one again. */
  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    if (browser) await browser.then((b) => b.close()).catch(() => undefined);
  }

  /**
   * Nest calls this after it has closed the HTTP server, which waits for the requests in
   * progress, so PDFs being printed are finished before the browser goes.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /** Waits for a free place among the `concurrency` printing, or refuses when the queue is full. */
  private async turn(): Promise<void> {
    if (this.running < this.limits.concurrency) {
      this.running += 1;
      return;
    }
    if (this.waiting.length >= this.limits.queue) {
      const seconds = this.limits.retryAfterSeconds;
      throw new UnavailableError(
        `Too many PDFs are being printed right now. Try again in ${seconds} seconds; ` +
          'the HTML report works meanwhile.',
        seconds,
      );
    }
    // The place is handed over by next(): `running` stays counted for the waiting job.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private next(): void {
    const waiting = this.waiting.shift();
    if (waiting) waiting();
    else this.running -= 1;
  }

  private async print(html: string, timeoutMs: number, retried = false): Promise<Buffer> {
    const browser = await this.sharedBrowser();
    let context: BrowserContext;
    try {
      context = await browser.newContext();
    } catch (err) {
      // The browser crashed since it was handed out: once, with a new one.
      if (!retried && !browser.isConnected()) return this.print(html, timeoutMs, true);
      throw err;
    }
    this.pagesOpen += 1;
    this.pagesPeak = Math.max(this.pagesPeak, this.pagesOpen);
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(timeoutMs);
      await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
      return await this.printPage(page, timeoutMs, sha256(html));
    } catch (err) {
      if (err instanceof PrintTimeout || isPlaywrightTimeout(err)) {
        throw new UnavailableError(
          `Printing the PDF took longer than ${Math.round(timeoutMs / 1000)} seconds. ` +
            'Try a narrower report, or the HTML report, which prints from the browser.',
        );
      }
      throw err;
    } finally {
      await context.close().catch(() => undefined);
      this.pagesOpen -= 1;
    }
  }

  /**
   * Prints the page tagged (structure for screen readers) and with an outline, fills the
   * contents with the page on which each heading landed and prints again, then sets the
   * document information and bookmarks.
   */
  private async printPage(page: Page, timeoutMs: number, htmlHash: string): Promise<Buffer> {
    const { contents, ...about } = await readPage(page);
    // Tagged and with an outline for the PDF handed out; a print that only finds where the
    // headings land needs neither (a third faster).
    const print = async (final: boolean): Promise<Buffer> => {
      this.printed += 1;
      // page.pdf has no timeout of its own; closing the context ends a print cut short.
      return withTimeout(
        page.pdf({
          format: 'A4',
          printBackground: true,
          preferCSSPageSize: true,
          outline: final,
          tagged: final,
        }),
        timeoutMs,
      );
    };
    // pdf-lib (a few hundred modules) is loaded with the first PDF, not at every start.
    const { destinationPages, finishPdf } = await import('./pdf-document.js');
    if (contents.length === 0) return finishPdf(await print(true), this.info(about), contents);
    const headingPages = async (pdf: Buffer): Promise<(number | null)[]> => {
      const pages = await destinationPages(pdf);
      return contents.map((entry) => pages.get(entry.id) ?? null);
    };
    const known = this.headingPages.get(htmlHash);
    let found = known ?? (await headingPages(await print(false)));
    for (let prints = known ? 1 : 2; ; prints += 1) {
      await fillContents(page, found);
      const pdf = await print(true);
      // The numbers take room kept for them, so the headings stay put; should one have moved
      // all the same, the contents are filled and printed again. What was found is kept.
      // Known pages were found in the same HTML, laid out alike: no need to look again.
      const now = known ?? (await headingPages(pdf));
      if (prints >= MAX_PRINTS || now.every((n, i) => n === found[i])) {
        this.remember(htmlHash, now);
        return finishPdf(pdf, this.info(about), contents);
      }
      found = now;
    }
  }

  private remember(htmlHash: string, pages: (number | null)[]): void {
    this.headingPages.delete(htmlHash);
    this.headingPages.set(htmlHash, pages);
    if (this.headingPages.size > 64) {
      this.headingPages.delete(this.headingPages.keys().next().value as string);
    }
  }

  private info(about: Omit<PageAbout, 'contents'>): PdfInfo {
    return { ...about, creator: pdfCreator() };
  }

  /** The running browser, launched on first use and again if it crashed or its path changed. */
  private async sharedBrowser(again = false): Promise<Browser> {
    const path = chromiumPath();
    if (this.browser && this.browserPath !== path) await this.close();
    if (!this.browser) {
      this.browserPath = path;
      const launching = this.launchBrowser();
      this.browser = launching;
      launching.then(
        (b) =>
          b.on('disconnected', () => {
            if (this.browser === launching) this.browser = null;
          }),
        () => {
          // A failed launch is not kept: the next PDF tries again.
          if (this.browser === launching) this.browser = null;
        },
      );
    }
    const current = this.browser;
    const browser = await current;
    if (browser.isConnected()) return browser;
    if (this.browser === current) this.browser = null;
    if (again) throw new Error('Chromium closed as soon as it was launched');
    return this.sharedBrowser(true);
  }

  private async launchBrowser(): Promise<Browser> {
    this.launched += 1;
    try {
      return await this.launch();
    } catch (err) {
      if (err instanceof ChromiumMissingError) {
        throw new UnavailableError(
          `PDF output needs Chromium, which is not installed here: ${err.message} The HTML report works without it.`,
        );
      }
      throw err;
    }
  }
}

/** Playwright's timeout, known by its name (its class would load Playwright with this module). */
function isPlaywrightTimeout(err: unknown): boolean {
  return err instanceof Error && err.name === 'TimeoutError';
}
