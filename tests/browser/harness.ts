/**
 * One browser for a test file, and pages that record what a test must check on every page: console
 * errors, uncaught exceptions, and every request (none may leave 127.0.0.1).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';
import { launchChromium } from './chromium';

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  errors: string[];
  requests: string[];
  /** Requests to anywhere but the test server (data: and blob: URLs are local). */
  foreignRequests(): string[];
}

export const baseUrl = () => inject('baseUrl');

export async function openBrowser(): Promise<Browser> {
  return launchChromium();
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

/** Waits until every data table on the page has its rows (built when the page falls idle, or opened). */
export async function tablesBuilt(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('details[data-rows="later"]'), null, { timeout: 30_000 });
}
