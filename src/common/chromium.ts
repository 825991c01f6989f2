import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a headless Chromium that stays off the network except for the pages it is sent to. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium binary to use: CHROMIUM_PATH, else Debian's. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
}

export class ChromiumMissingError extends Error {
  constructor(readonly path: string) {
    super(
      `Chromium was not found at ${path}. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
    this.name = 'ChromiumMissingError';
  }
}

/**
 * Starts the system's Chromium headless; never downloads a browser. Playwright's own handlers for
 * SIGINT, SIGTERM and SIGHUP are left off: they would close the browser in the middle of a print,
 * while the app's graceful shutdown first finishes the requests in progress and then closes it.
 */
export async function launchChromium(): Promise<Browser> {
  const path = chromiumPath();
  if (!existsSync(path)) throw new ChromiumMissingError(path);
  // Loaded with the first PDF: most starts of the app never print one.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: path,
    args: CHROMIUM_ARGS,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}
