/**
 * Page 2 in real headless Chromium against the built site and its built-in data.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, openBrowser, settled, watchedPage } from './harness';
import { viewSearch } from './view-entry';

const DIST_DATA = path.resolve('dist/data');
const csv = (name: string) =>
  Papa.parse<Record<string, string>>(readFileSync(path.join(DIST_DATA, name), 'utf8'), { header: true, skipEmptyLines: true }).data;

function twelveMonthsEnding(end: string): Set<string> {
  const months = new Set<string>();
  let year = Number(end.slice(0, 4));
  let month = Number(end.slice(5, 7));
  for (let i = 0; i < 12; i += 1) {
    months.add(`${year}-${String(month).padStart(2, '0')}`);
    month -= 1;
    if (month === 0) { month = 12; year -= 1; }
  }
  return months;
}
const numberIn = (text: string) => Number(text.replace(/[^0-9]/g, ''));

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('Victimisation page', () => {
  it('shows incidents and repeat victims equal to the CSVs, for London and then Croydon', async () => {
    const incidents = csv('incidents.csv');
    const repeats = csv('repeat_victims.csv');
    const latest = incidents.reduce((m, r) => (r.month! > m ? r.month! : m), '');
    const window = twelveMonthsEnding(latest);
    const incidentSum = (borough?: string) =>
      incidents.filter((r) => window.has(r.month!) && (!borough || r.borough === borough)).reduce((s, r) => s + Number(r.incidents), 0);
    const repeatOf = (borough: string) => Number(repeats.find((r) => r.borough === borough && r.month === latest)!.repeat_victims);

    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}?page=victimisation`);
    await settled(w.page);
    const headline = (key: string) => w.page.locator(`.headline[data-measure="${key}"] .headline__value`).innerText();
    expect(numberIn(await headline('incidents'))).toBe(incidentSum());
    expect(numberIn(await headline('repeat_victims'))).toBe(repeatOf('London'));
    expect(await w.page.locator('.card--map [role="button"]').count()).toBe(33);
    expect(await w.page.locator('.card--repeat svg.line-panel-svg').count()).toBe(3);

    await w.page.getByRole('button', { name: /^Croydon: / }).click();
    await expect.poll(() => viewSearch(w.page)).toContain('borough=Croydon');
    await settled(w.page);
    expect(numberIn(await headline('incidents'))).toBe(incidentSum('Croydon'));
    expect(numberIn(await headline('repeat_victims'))).toBe(repeatOf('Croydon'));
    expect(await w.page.locator('.card--repeat .chart-title').innerText()).toContain('Croydon and London');
    // Each panel's tip names the series, the rolling year and the panel's figure under the pointer.
    const panel = w.page.locator('.card--repeat svg.line-panel-svg').first();
    const box = (await panel.boundingBox())!;
    await w.page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
    await expect.poll(() => panel.locator('g[aria-label="tip"]').textContent()).toMatch(/(Croydon|London), 12 months to [A-Z][a-z]{2} \d{4}.+: [\d.,]+/);
    expect(w.errors).toEqual([]);
    expect(w.foreignRequests()).toEqual([]);
    await w.context.close();
  });

  it('changes period through the control, and keeps the borough across pages', async () => {
    const incidents = csv('incidents.csv');
    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}?borough=Camden`);
    await settled(w.page);
    await w.page.getByRole('link', { name: 'Victimisation' }).click();
    await expect.poll(() => viewSearch(w.page)).toContain('page=victimisation');
    await settled(w.page);
    expect(await w.page.getByLabel('Area').inputValue()).toBe('Camden');

    await w.page.getByLabel('Period').selectOption('2025-03');
    await expect.poll(() => viewSearch(w.page)).toContain('period=2025-03');
    await settled(w.page);
    const window = twelveMonthsEnding('2025-03');
    const expected = incidents.filter((r) => window.has(r.month!) && r.borough === 'Camden').reduce((s, r) => s + Number(r.incidents), 0);
    expect(numberIn(await w.page.locator('.headline[data-measure="incidents"] .headline__value').innerText())).toBe(expected);

    // The changes replaced the site's one history entry (src/app/history-trail.ts): Back leaves the site.
    await w.page.goBack();
    expect(w.page.url()).toBe('about:blank');
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
