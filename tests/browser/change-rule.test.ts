/**
 * The one rule for changes, on every page, in real Chromium against the built sample (which has
 * domestic abuse across February 2024): no change across the MPS's new recording system (the 24 months
 * compared straddle February 2024) for domestic abuse offences, incidents and repeat victims, with the
 * reason said; a change given either side of it; charts mark the month; Justice gives no change at
 * all; and a change from small counts (fewer than 30 in either year) is flagged, never a percentage.
 * Which periods straddle the break, and which counts are small, are worked out here from the dates and
 * from dist/data, not read from the site.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, openView, settled } from './harness';

const BREAK = '2024-02';
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
/** Whether the 12 months ending `end` and the 12 before hold months either side of the break. */
const straddles = (end: string) => monthIndex(end) - 23 < monthIndex(BREAK) && monthIndex(BREAK) <= monthIndex(end);
const PERCENT_CHANGE = /^([+\u2212]\d+(\.\d)?%|no change) on the 12 months to [A-Z][a-z]+ \d{4} \([\d,]+\)$/;
const WITHHELD = /^[\d,.%]+ in the 12 months to [A-Z][a-z]+ \d{4}: no change is given\. The MPS moved to a new crime recording system in February 2024, so domestic abuse figures before and after are not comparable\.$/;

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const open = (query: string) => openView(browser, query);
async function choosePeriod(page: Page, period: string): Promise<void> {
  await page.getByLabel('Period').selectOption(period);
  await page.waitForFunction((p) => document.querySelector('.lede')?.textContent?.startsWith(`12 months to ${p}`), label(period));
  await settled(page);
}
const changeOf = (page: Page, selector: string) => page.locator(`${selector} .headline__change`).innerText();

// Periods either side of the break and across it (the sample runs to October 2026).
const PERIODS = ['2023-12', '2024-02', '2024-10', '2025-12', '2026-01', '2026-06'];

describe('February 2024 on every page', () => {
  it('periods chosen here include both kinds', () => {
    expect(PERIODS.filter(straddles).length).toBeGreaterThan(1);
    expect(PERIODS.filter((p) => !straddles(p)).length).toBeGreaterThan(1);
  });

  it.each(['London', 'Croydon'])('Recording, %s: domestic abuse withheld across it, sexual offences not', async (area) => {
    const w = await open(`?borough=${area}`);
    for (const period of PERIODS) {
      await choosePeriod(w.page, period);
      const da = await changeOf(w.page, '.headline[data-category="domestic_abuse"]');
      expect(da, period).toMatch(straddles(period) ? WITHHELD : PERCENT_CHANGE);
      expect(await changeOf(w.page, '.headline[data-category="sexual_offences"]')).toMatch(PERCENT_CHANGE);
      // The trend marks the month, with the note, on the chart and in its summary.
      const trend = w.page.locator('.card--trend figure.chart');
      expect(await trend.locator('svg [stroke-dasharray="4 3"]').count()).toBeGreaterThan(0);
      expect(await trend.locator('svg.chart-svg').textContent()).toContain('Recording system changed Feb');
    }
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it.each(['London', 'Croydon'])('Victimisation, %s: incidents and repeat victims withheld across it', async (area) => {
    const w = await open(`?page=victimisation&borough=${area}`);
    for (const period of PERIODS) {
      await choosePeriod(w.page, period);
      for (const measure of ['incidents', 'repeat_victims']) {
        expect(await changeOf(w.page, `.headline[data-measure="${measure}"]`), `${measure} ${period}`).toMatch(straddles(period) ? WITHHELD : PERCENT_CHANGE);
    }
    // Levels a year before are said not to be comparable across it.
    for (const measure of ['incidents_per_victim', 'percent_repeat']) {
      const text = await changeOf(w.page, `.headline[data-measure="${measure}"]`);
      if (straddles(period)) expect(text, measure).toMatch(/: not comparable\. The MPS moved to a new crime recording system in February 2024/);
      else expect(text, measure).not.toMatch(/not comparable/);
    }
    // Each panel marks the month; the legend says what the mark is.
    const panels = w.page.locator('.card--repeat svg.line-panel-svg');
    expect(await panels.count()).toBe(3);
    for (let i = 0; i < 3; i += 1) expect(await panels.nth(i).locator('[stroke-dasharray="4 3"]').count(), `panel ${i}`).toBeGreaterThan(0);
    expect(await w.page.locator('.card--repeat .chart-legend').innerText()).toContain('Recording system changed Feb 2024');
    }
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it.each([['London', '2024-10'], ['Croydon', '2024-10'], ['Croydon', '2026-06'], ['Croydon', '2025-01']])('Justice, %s, 12 months to %s: no change between periods is given anywhere; a year whose offences mix the two systems says so', async (area, period) => {
    const w = await open(`?page=justice&borough=${area}&period=${period}`);
    const text = await w.page.locator('main').innerText();
    expect(text).not.toMatch(/[+\u2212-]\d+(\.\d+)?% on the/);
    expect(text).not.toMatch(/on the 12 months to/);
    // The 12 months hold months either side of February 2024 when they end from February 2024 to December 2024.
    const mixed = monthIndex(period) >= monthIndex(BREAK) && monthIndex(period) - 11 < monthIndex(BREAK);
    for (const card of ['.card--categories', '.card--rates']) {
      const subtitle = await w.page.locator(`${card} .chart-subtitle`).innerText();
      if (mixed) expect(subtitle, card).toContain('Domestic abuse offences in these 12 months were counted two ways: the MPS moved to a new crime recording system in February 2024');
      else expect(subtitle, card).not.toMatch(/counted two ways/);
    }
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});

describe('small numbers', () => {
  /** Rape offences per borough and 12 months, summed from dist/data/offences.csv. */
  function rapeByYear(): (borough: string, end: string) => number {
    const rows = Papa.parse<Record<string, string>>(readFileSync(path.resolve('dist/data/offences.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    const sums = new Map<string, number>();
    for (const r of rows) if (r.category === 'rape') sums.set(`${r.borough}|${monthIndex(r.month!)}`, (sums.get(`${r.borough}|${monthIndex(r.month!)}`) ?? 0) + Number(r.offences));
    return (borough, end) => Array.from({ length: 12 }, (_, k) => sums.get(`${borough}|${monthIndex(end) - k}`) ?? 0).reduce((a, b) => a + b, 0);
  }
  const monthOf = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

  it('a change from fewer than 30 in either year is flagged, and from 30 on is the percentage of the counts', async () => {
    const rape = rapeByYear();
    // The first borough and period (from 2013) where either year has fewer than 30 rapes, and the first with both at 30 or more.
    const candidates: { borough: string; end: string; current: number; previous: number }[] = [];
    for (const borough of ['Sutton', 'Kingston upon Thames', 'Richmond upon Thames', 'Harrow']) {
      for (let i = monthIndex('2013-01'); i <= monthIndex('2015-12'); i += 1) {
        const end = monthOf(i);
        candidates.push({ borough, end, current: rape(borough, end), previous: rape(borough, monthOf(i - 12)) });
      }
    }
    const small = candidates.find((c) => Math.min(c.current, c.previous) < 30);
    const large = candidates.find((c) => c.borough === small?.borough && Math.min(c.current, c.previous) >= 30 && c.previous !== c.current);
    expect(small, 'the sample has a small count to test with').toBeDefined();
    expect(large).toBeDefined();

    const w = await open(`?borough=${encodeURIComponent(small!.borough)}&category=sexual_offences&period=${small!.end}`);
    const tile = '.headline[data-category="rape"]';
    expect(await w.page.locator(`${tile} .headline__value`).innerText()).toBe(small!.current.toLocaleString('en-GB'));
    const text = await changeOf(w.page, tile);
    const which = small!.current < 30 && small!.previous < 30 ? 'both years' : small!.current < 30 ? 'the later year' : 'the earlier year';
    expect(text).toBe(`${small!.previous.toLocaleString('en-GB')} in the 12 months to ${label(monthOf(monthIndex(small!.end) - 12))}: no change is given. Fewer than 30 in ${which}: too few for a reliable change.`);
    expect(text).not.toMatch(/%/);

    await w.page.getByLabel('Period').selectOption(large!.end);
    await settled(w.page);
    const percent = ((large!.current - large!.previous) / large!.previous) * 100;
    const sign = percent > 0 ? '+' : '\u2212';
    expect(await changeOf(w.page, tile)).toBe(`${sign}${Math.abs(percent).toFixed(1)}% on the 12 months to ${label(monthOf(monthIndex(large!.end) - 12))} (${large!.previous.toLocaleString('en-GB')})`);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});

function label(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}
