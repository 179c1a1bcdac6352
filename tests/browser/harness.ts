/**
 * What every browser test file shares (the pattern is in tests/README.md):
 *
 *   let browser: Browser;
 *   beforeAll(async () => (browser = await openBrowser()));
 *   afterAll(() => browser?.close());
 *   it('…', async () => {
 *     const w = await watchedPage(browser);          // a context of its own, watched
 *     await w.page.goto(baseUrl());
 *     await settled(w.page);                          // drawn from DuckDB, tables built
 *     …
 *     await w.context.close();
 *   });
 *
 * openBrowser connects to the one Chromium the run started (global-setup.ts) instead of launching
 * one per file; close() only disconnects, closing the contexts this file made. Files may run side
 * by side, so a test never assumes it has the browser to itself: everything it does is in its own
 * context. Downloads are read with downloadedBytes (a connected browser has no local path).
 *
 * Pages from watchedPage record what a test must check on every page: console errors, uncaught
 * exceptions, and every request (none may leave 127.0.0.1).
 */
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { inject } from 'vitest';
import { connectChromium } from './chromium';

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  errors: string[];
  requests: string[];
  /** Requests to anywhere but the test server (data: and blob: URLs are local). */
  foreignRequests(): string[];
}

export const baseUrl = () => inject('baseUrl');

/** The run's Chromium, for this file (close() disconnects and closes this file's contexts). */
export async function openBrowser(): Promise<Browser> {
  return connectChromium(inject('browserEndpoint'));
}

/** A download's bytes (Download.path() is not available in a connected browser). */
export async function downloadedBytes(download: Download): Promise<Buffer> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function watchedPage(browser: Browser, viewport = { width: 1280, height: 900 }): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  context.on('request', (request) => requests.push(request.url()));
  const origin = new URL(baseUrl()).origin;
  return {
    page,
    context,
    errors,
    requests,
    foreignRequests: () => requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')),
  };
}

/**
 * Waits until DuckDB has taken over from the recorded first view and every card on the page has
 * finished loading, so tests check figures drawn from DuckDB; and until every data table has its rows
 * (they are built when the page falls idle, or when opened), so tests can read closed tables.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForSelector('main h1');
  await page.waitForFunction(
    () =>
      performance.getEntriesByName('dashboard:page-drawn').length > 0 &&
      document.querySelector('main .card') !== null &&
      !document.querySelector('[aria-busy="true"]') &&
      !document.querySelector('.card__loading'),
    null,
    { timeout: 30_000 },
  );
  await tablesBuilt(page);
}

/** A watched page at the built site's `query` (as `?page=…&borough=…`), once settled(). */
export async function openView(browser: Browser, query: string): Promise<WatchedPage> {
  const w = await watchedPage(browser);
  await w.page.goto(`${baseUrl()}${query}`);
  await settled(w.page);
  return w;
}

/** Waits until every data table on the page has its rows (built when the page falls idle, or opened). */
export async function tablesBuilt(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('details[data-rows="later"]'), null, { timeout: 30_000 });
}
