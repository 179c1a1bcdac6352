/**
 * Charts are drawn at the width they are shown at: a chart drawn wider than its card and shrunk to fit
 * would shrink its type too (13 px labels printing at 9). Checked on every page at a laptop's and a
 * phone's width: each chart's SVG is shown at the width it was drawn for.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, openBrowser, settled, watchedPage } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('charts are drawn at the size they are shown', () => {
  it.each([
    ['', 1280],
    ['?page=victimisation', 1280],
    ['?page=justice', 1280],
    ['?borough=Croydon', 360],
    ['?page=justice&borough=Croydon', 360],
  ])('page %s at %i px', async (query, width) => {
    const w = await watchedPage(browser, { width, height: 900 });
    await w.page.goto(baseUrl() + query);
    await settled(w.page);
    const sizes = await w.page.$$eval('.card svg[width]', (svgs) =>
      svgs.map((svg) => ({ drawn: Number(svg.getAttribute('width')), shown: svg.getBoundingClientRect().width, label: svg.getAttribute('aria-label') ?? svg.closest('figure')?.id ?? '' })),
    );
    expect(sizes.length).toBeGreaterThan(2);
    for (const size of sizes) expect(Math.abs(size.shown - size.drawn), `${size.label}: drawn ${size.drawn}, shown ${size.shown}`).toBeLessThanOrEqual(1);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
