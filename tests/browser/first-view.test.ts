/**
 * The first view is drawn from answers recorded at build time, before DuckDB-WASM is ready; then
 * every query is handed over to DuckDB and the page redrawn. The figures must be identical either
 * side of the hand-over, and nothing on screen may jump.
 */
import type { Browser, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, openBrowser, tablesBuilt, watchedPage } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Everything the cards say, tables included (closed <details> hold their text once their rows are built). */
const cardText = () => [...document.querySelectorAll('main .card')].map((card) => card.textContent ?? '');

describe('first view and hand-over to DuckDB', () => {
  it.each(['', '?page=victimisation', '?category=sexual_offences&measure=count'])(
    'shows the same figures before and after the hand-over (%s)',
    async (query) => {
      const w = await watchedPage(browser);
      await w.page.addInitScript(() => {
        const shifts = { total: 0 };
        (window as unknown as { __shifts: typeof shifts }).__shifts = shifts;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
            if (!entry.hadRecentInput) shifts.total += entry.value;
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      // Hold DuckDB's wasm back until the first view has been read.
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      await w.page.context().route('**/*.wasm', async (route: Route) => {
        await released;
        await route.continue();
      });
      await w.page.goto(baseUrl() + query);
      await w.page.waitForFunction(() => performance.getEntriesByName('dashboard:first-view').length > 0, null, { timeout: 30_000 });
      expect(await w.page.evaluate(() => performance.getEntriesByName('dashboard:database-ready').length)).toBe(0);
      await tablesBuilt(w.page);
      const before = await w.page.evaluate(cardText);
      expect(before.length).toBeGreaterThan(1);
      expect(before.join('')).not.toMatch(/Loading/);

      release();
      await w.page.waitForFunction(() => performance.getEntriesByName('dashboard:page-drawn').length > 0, null, { timeout: 60_000 });
      await tablesBuilt(w.page);
      const after = await w.page.evaluate(cardText);
      expect(after).toEqual(before);

      const shift = await w.page.evaluate(() => (window as unknown as { __shifts: { total: number } }).__shifts.total);
      expect(shift).toBeLessThanOrEqual(0.1);
      expect(w.errors).toEqual([]);
      await w.context.close();
    },
  );

  it('a view that was not recorded waits for DuckDB and then shows its figures', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}?borough=Enfield&period=2024-05`);
    await w.page.waitForFunction(() => performance.getEntriesByName('dashboard:page-drawn').length > 0, null, { timeout: 60_000 });
    expect(await w.page.locator('.card--victims .chart-title').innerText()).toContain('Enfield, 12 months to May 2024');
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
