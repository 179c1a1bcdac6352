/**
 * The first view is drawn from answers recorded at build time, before DuckDB-WASM is ready — the
 * default views from first-view.json, any other area or period (a shared link) from the answer files
 * the build wrote beside it; then every query is handed over to DuckDB and the page redrawn. The
 * figures must be identical either side of the hand-over, and nothing on screen may jump.
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
  it.each([
    '',
    '?page=victimisation',
    '?category=sexual_offences&measure=count',
    // Shared links: another area, another period, or both, on each page.
    '?borough=Enfield&period=2024-05',
    '?borough=City+of+London&category=sexual_offences',
    '?page=victimisation&borough=Westminster&period=2019-02&measure=count',
    '?page=justice&borough=Hackney&category=sexual_offences&measure=count&period=2023-08',
    '?page=justice&period=2025-01',
  ])(
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

  it('a view whose recorded answers do not arrive waits for DuckDB and then shows its figures', async () => {
    const w = await watchedPage(browser);
    await w.context.route('**/data/answers/**', (route) => route.fulfill({ status: 404, body: 'Not found' }));
    await w.page.goto(`${baseUrl()}?borough=Enfield&period=2024-05`);
    await w.page.waitForFunction(() => performance.getEntriesByName('dashboard:page-drawn').length > 0, null, { timeout: 60_000 });
    expect(await w.page.locator('.card--victims .chart-title').innerText()).toContain('Enfield, 12 months to May 2024');
    // The browser's own note of each 404, and nothing else.
    expect(w.errors.filter((e) => !e.startsWith('Failed to load resource: the server responded with a status of 404'))).toEqual([]);
    await w.context.close();
  });

  it('answer files from another build are not used: the view waits for DuckDB', async () => {
    const w = await watchedPage(browser);
    const wasm = { release: () => undefined as void };
    const released = new Promise<void>((resolve) => (wasm.release = resolve));
    await w.context.route('**/*.wasm', async (route: Route) => {
      await released;
      await route.continue();
    });
    // The real answers, every number changed, under another build's id: were they used, the page would show them.
    await w.context.route('**/data/answers/**', async (route: Route) => {
      const response = await route.fetch();
      const file = (await response.json()) as { answers: unknown };
      const altered = JSON.parse(JSON.stringify(file.answers), (_key, value: unknown) => (typeof value === 'number' ? value + 7 : value)) as unknown;
      await route.fulfill({ response, json: { id: 'another-build', answers: altered } });
    });
    const answered = w.page.waitForResponse('**/data/answers/recording/area/enfield.json');
    await w.page.goto(`${baseUrl()}?borough=Enfield&period=2024-05`);
    await answered;
    await w.page.waitForTimeout(500);
    expect(await w.page.evaluate(() => performance.getEntriesByName('dashboard:first-view').length)).toBe(0);
    expect(await w.page.locator('.card--victims .chart-title').count()).toBe(0);
    wasm.release();
    await w.page.waitForFunction(() => performance.getEntriesByName('dashboard:page-drawn').length > 0, null, { timeout: 60_000 });
    expect(await w.page.locator('.card--victims .chart-title').innerText()).toContain('Enfield, 12 months to May 2024');
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
