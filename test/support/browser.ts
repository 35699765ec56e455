/**
 * Real Chromium for page tests: playwright-core driving Debian's chromium (`.ci/run` installs it), one browser per
 * test file. Each page records its console errors, uncaught exceptions and every request that left the fake's
 * origin, so a test can assert there were none.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where Debian puts its chromium. */
export const CHROMIUM = '/usr/bin/chromium';

/** Launches headless Chromium. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });

/** A page and what it did that a test may want to refuse. */
export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught exceptions, as text. */
  errors: string[];
  /** URLs the page requested outside `origin`. */
  foreign: string[];
  /** URLs the page requested, in order. */
  requests: string[];
}

/** Opens a page in a fresh context and watches it; `origin` is the fake's, e.g. `http://127.0.0.1:43210`. */
export async function openWatchedPage(browser: Browser, origin: string): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const watched: WatchedPage = { page, errors: [], foreign: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watched.errors.push(message.text());
  });
  page.on('pageerror', (error) => watched.errors.push(String(error)));
  page.on('request', (request) => {
    const url = request.url();
    watched.requests.push(url);
    // data: and blob: URLs never leave the browser.
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'))
      watched.foreign.push(url);
  });
  // A request elsewhere is recorded above and then refused here: a test never reaches the network.
  await context.route(
    (url) => url.origin !== origin,
    (route) => route.abort(),
  );
  return watched;
}

/** Copies the pages into dist/pages/ (what `npm run build` does after tsc), so a targeted test run serves them too. */
export function buildPages(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/bundle-pages.mjs', import.meta.url))]);
}
