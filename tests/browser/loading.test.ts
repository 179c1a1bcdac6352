/**
 * Loading, in real Chromium: visible progress while the database starts and the data loads; each
 * card shows its own loading state while its query waits; one file that fails to load leaves the
 * other cards drawn and says which file.
 */
import type { Browser, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, openBrowser, settled, watchedPage } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A route that holds matching requests until released. */
function hold(): { handler: (route: Route) => Promise<void>; release: () => void } {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    handler: async (route) => {
      await released;
      await route.continue();
    },
    release,
  };
}

describe('loading', () => {
  it('shows progress while the database starts and the tables load, over the first view, then goes', async () => {
    const w = await watchedPage(browser);
    const wasm = hold();
    await w.context.route('**/*.wasm', wasm.handler);
    await w.page.goto(baseUrl());
    // The recorded first view is drawn while DuckDB waits; the progress box says what is happening.
    await w.page.waitForFunction(() => performance.getEntriesByName('dashboard:first-view').length > 0, null, { timeout: 30_000 });
    const progress = w.page.locator('.load-progress');
    expect(await progress.isVisible()).toBe(true);
    expect(await progress.innerText()).toBe('Starting the database in your browser… (step 1 of 3)');
    expect(await progress.getAttribute('role')).toBe('status');
    expect(await w.page.locator('.load-progress progress').isVisible()).toBe(true);
    // It floats over the page, so it moves nothing.
    expect(await progress.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');

    // Every text the box is given, as it is given: each assignment of textContent adds a new text
    // node, so the observer misses none, however quickly the next replaces it.
    await progress.evaluate((box) => {
      const seen: string[] = [];
      (window as unknown as { __progressTexts: string[] }).__progressTexts = seen;
      new MutationObserver((records) => {
        for (const record of records) for (const node of record.addedNodes) if (node.nodeType === Node.TEXT_NODE && node.textContent) seen.push(node.textContent);
      }).observe(box, { childList: true, subtree: true });
    });
    wasm.release();
    await settled(w.page);
    await expect.poll(() => progress.isVisible()).toBe(false);
    const seen = await w.page.evaluate(() => (window as unknown as { __progressTexts: string[] }).__progressTexts);
    const all = seen.join('; ');
    // Each table loaded with the database was named as it loaded, with the steps counted.
    const loading = seen.filter((t) => t.startsWith('Loading '));
    for (const table of ['recorded offences', 'population estimates']) expect(loading.some((t) => t.includes(table)), `${table} in: ${all}`).toBe(true);
    for (const text of seen) {
      expect(text, all).toMatch(/^(Starting the database in your browser|Loading [a-zA-Z ]+)…( \(step \d+ of \d+\))?$/);
      const [, step, of] = /\(step (\d+) of (\d+)\)/.exec(text) ?? [];
      if (step) expect(Number(step), text).toBeLessThanOrEqual(Number(of));
    }
    expect(loading.some((t) => /\(step [2-9] of \d+\)/.test(t)), all).toBe(true);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('a card whose data is still on its way says so, while the others are drawn', async () => {
    const w = await watchedPage(browser);
    // Start on page 2, which needs neither victims nor England and Wales figures.
    await w.page.goto(`${baseUrl()}?page=victimisation`);
    await settled(w.page);
    const files = hold();
    await w.context.route(/\/data\/(victims|england_wales)\.csv$/, files.handler);
    await w.page.getByRole('navigation', { name: 'Dashboard pages' }).getByRole('link', { name: 'Recording' }).click();
    await w.page.waitForFunction(() => document.querySelector('.card--map svg.chart-svg') && document.querySelector('.card--trend svg.chart-svg'), null, { timeout: 30_000 });
    for (const waiting of ['.card--national', '.card--victims']) {
      const note = w.page.locator(`${waiting} .card__loading`);
      expect(await note.innerText(), waiting).toBe('Loading…');
      expect(await note.getAttribute('role')).toBe('status');
    }
    expect(await w.page.locator('.card--headlines .headline__value').count()).toBe(3);
    await expect.poll(() => w.page.locator('.load-progress').innerText()).toMatch(/^Loading (England and Wales figures|victims)( and (England and Wales figures|victims))?…/);
    files.release();
    await settled(w.page);
    expect(await w.page.locator('.card--national svg.chart-svg').count()).toBe(1);
    expect(await w.page.locator('.card--victims svg.chart-svg').count()).toBeGreaterThan(0);
    await expect.poll(() => w.page.locator('.load-progress').isVisible()).toBe(false);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('one file that fails leaves every other card drawn, and names the file', async () => {
    const w = await watchedPage(browser);
    await w.context.route('**/data/victims.csv', (route) => route.fulfill({ status: 500, body: 'Server error' }));
    await w.page.goto(`${baseUrl()}?borough=Croydon`);
    await settled(w.page);
    for (const card of ['.card--map', '.card--trend', '.card--national']) {
      expect(await w.page.locator(`${card} svg.chart-svg`).count(), card).toBe(1);
    }
    expect(await w.page.locator('.card--headlines .headline__value').count()).toBe(3);
    expect(await w.page.locator('.card--victims').innerText()).toContain('victims.csv could not be loaded (see the notice above)');
    await expect.poll(() => w.page.locator('.notices').innerText()).toMatch(/victims\.csv/);
    await expect.poll(() => w.page.locator('.load-progress').isVisible()).toBe(false);
    await w.context.close();
  });
});
