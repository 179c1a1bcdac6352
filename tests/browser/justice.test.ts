/**
 * Page 3 (Justice) in real headless Chromium against the built site and its built-in data. Figures on
 * screen are checked against sums computed here, independently, from the very CSVs the browser loaded.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, openBrowser, settled, watchedPage } from './harness';
import { viewSearch } from './view-entry';

const DIST_DATA = path.resolve('dist/data');

function readCsv(file: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(path.join(DIST_DATA, file), 'utf8'), { header: true, skipEmptyLines: true }).data;
}
const proceedings = readCsv('proceedings.csv');
const offences = readCsv('offences.csv');

/** The 12 months ending `end`, listed out. */
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
const latestOf = (rows: Record<string, string>[]) => rows.reduce((max, r) => (r.month! > max ? r.month! : max), '');
/** Default period: the latest month both proceedings and offences have. */
const LATEST = [latestOf(proceedings), latestOf(offences)].sort()[0]!;

function people(end: string, categories: string[], borough?: string, outcome?: string): number {
  const window = twelveMonthsEnding(end);
  let sum = 0;
  for (const r of proceedings) {
    if (window.has(r.month!) && categories.includes(r.category!) && (!borough || r.borough === borough) && (!outcome || r.outcome === outcome)) sum += Number(r.people);
  }
  return sum;
}
function recorded(end: string, category: string, borough?: string): number {
  const window = twelveMonthsEnding(end);
  let sum = 0;
  for (const r of offences) if (window.has(r.month!) && r.category === category && (!borough || r.borough === borough)) sum += Number(r.offences);
  return sum;
}

const numberIn = (text: string | null) => Number((text ?? '').replace(/[^0-9]/g, ''));
const oneDecimal = (n: number) => n.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** The cells of the data-table row headed `rowName` in a card (tables are read whether open or not). */
async function tableRow(page: Page, card: string, rowName: string): Promise<string[]> {
  return page.locator(`.${card} tbody tr`).evaluateAll(
    (rows, name) => {
      const row = rows.find((r) => r.querySelector('th')?.textContent === name);
      return row ? [...row.children].map((c) => c.textContent ?? '') : [];
    },
    rowName,
  );
}
const title = (page: Page, card: string) => page.locator(`.${card} .chart-title`).innerText();

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('Justice page', () => {
  it('shows London figures for the latest rolling year equal to sums from the CSVs, says it is sample data, with no console errors and no outside request', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}?page=justice`);
    await settled(w.page);
    expect(await w.page.locator('h1').innerText()).toBe('Bringing perpetrators to justice: London');
    await expect.poll(() => w.page.locator('.data-notice').innerText()).toMatch(/Sample data[\s\S]*not official statistics/i);
    expect(await w.page.locator('.card--categories .chart-source').innerText()).toMatch(/not official statistics/);

    const latestLabel = new Date(`${LATEST}-01T00:00:00Z`).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
    expect(await title(w.page, 'card--categories')).toBe(`People proceeded against and recorded offences by category: London, 12 months to ${latestLabel}`);

    for (const [name, category] of [['Domestic abuse', 'domestic_abuse'], ['Rape', 'rape'], ['Other sexual offences', 'other_sexual'], ['Stalking and harassment', 'stalking_harassment']]) {
      const cells = await tableRow(w.page, 'card--categories', name!);
      const expectedPeople = people(LATEST, [category!]);
      const expectedOffences = recorded(LATEST, category!);
      expect(expectedPeople).toBeGreaterThan(0);
      expect(numberIn(cells[1]!), name).toBe(expectedPeople);
      expect(numberIn(cells[2]!), name).toBe(expectedOffences);
      expect(cells[3], name).toBe(oneDecimal((100 * expectedPeople) / expectedOffences));
    }
    // The outlined column's total and split, in the subtitle and the table.
    const da = people(LATEST, ['domestic_abuse']);
    const charged = people(LATEST, ['domestic_abuse'], undefined, 'charge');
    expect(await w.page.locator('.card--outcomes .chart-subtitle').innerText()).toContain(`${da.toLocaleString('en-GB')} people (charge ${oneDecimal((100 * charged) / da)}%`);
    const row = await tableRow(w.page, 'card--outcomes', `12 months to ${latestLabel}`);
    expect(row.map(numberIn).slice(1, 2)).toEqual([charged]);
    expect(numberIn(row.at(-1)!)).toBe(da);
    // Pointing at the outlined column shows its split and total in a tip.
    const outline = w.page.locator('.card--outcomes svg.chart-svg g[aria-label="bar"] rect');
    await outline.scrollIntoViewIfNeeded();
    const box = (await outline.boundingBox())!;
    await w.page.mouse.move(box.x + box.width / 2, box.y + 4);
    const tip = w.page.locator('.card--outcomes g[aria-label="tip"] tspan');
    await tip.first().waitFor();
    const split = [['charge', 'Charge'], ['caution', 'Caution'], ['other_sanction', 'Other sanction']].map(([outcome, label]) => {
      const count = people(LATEST, ['domestic_abuse'], undefined, outcome);
      return `${label}: ${count.toLocaleString('en-GB')} (${oneDecimal((100 * count) / da)}%)`;
    });
    expect(await tip.evaluateAll((spans) => spans.map((t) => (t.textContent ?? '').replace(/\u200b/g, '')))).toEqual([
      `12 months to ${latestLabel}`,
      ...split,
      `Total: ${da.toLocaleString('en-GB')}`,
    ]);

    expect(w.errors).toEqual([]);
    expect(w.foreignRequests()).toEqual([]);
    expect(w.requests.some((u) => u.endsWith('/data/proceedings.csv'))).toBe(true);
    await w.context.close();
  });

  it('choosing Croydon, then a period, then sexual offences updates the view, titles and figures; Back leaves the site, Forward returns to the view', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}?page=justice`);
    await settled(w.page);

    await w.page.getByLabel('Area').selectOption('Croydon');
    await expect.poll(() => viewSearch(w.page)).toContain('borough=Croydon');
    await settled(w.page);
    expect(await viewSearch(w.page)).toContain('page=justice');
    expect(await w.page.locator('h1').innerText()).toContain('Croydon');
    expect(await title(w.page, 'card--categories')).toContain(': Croydon, 12 months to');
    expect(await title(w.page, 'card--rates')).toContain(': Croydon and London, 12 months to');
    expect(await title(w.page, 'card--outcomes')).toMatch(/^People proceeded against for domestic abuse by outcome: Croydon, /);
    expect(await title(w.page, 'card--people')).toMatch(/^People proceeded against for domestic abuse by sex and age: Croydon, /);
    const croydon = await tableRow(w.page, 'card--categories', 'Domestic abuse');
    expect(numberIn(croydon[1]!)).toBe(people(LATEST, ['domestic_abuse'], 'Croydon'));
    expect(numberIn(croydon[2]!)).toBe(recorded(LATEST, 'domestic_abuse', 'Croydon'));
    // Per 100 offences, Croydon beside London.
    const rates = await tableRow(w.page, 'card--rates', 'Rape');
    expect(rates.slice(1, 3)).toEqual([
      oneDecimal((100 * people(LATEST, ['rape'], 'Croydon')) / recorded(LATEST, 'rape', 'Croydon')),
      oneDecimal((100 * people(LATEST, ['rape'])) / recorded(LATEST, 'rape')),
    ]);

    // A period two years back: the view, the titles and every figure follow.
    const earlier = '2024-06';
    await w.page.getByLabel('Period').selectOption(earlier);
    await expect.poll(() => viewSearch(w.page)).toContain(`period=${earlier}`);
    await settled(w.page);
    expect(await title(w.page, 'card--categories')).toBe('People proceeded against and recorded offences by category: Croydon, 12 months to June 2024');
    const then = await tableRow(w.page, 'card--categories', 'Domestic abuse');
    expect(numberIn(then[1]!)).toBe(people(earlier, ['domestic_abuse'], 'Croydon'));
    expect(numberIn(then[1]!)).not.toBe(numberIn(croydon[1]!));
    expect(numberIn(then[2]!)).toBe(recorded(earlier, 'domestic_abuse', 'Croydon'));
    expect(await w.page.locator('.card--outcomes .chart-subtitle').innerText()).toContain(
      `Outlined: the 12 months to June 2024, ${people(earlier, ['domestic_abuse'], 'Croydon').toLocaleString('en-GB')} people`,
    );
    const allAges = await tableRow(w.page, 'card--people', 'All ages');
    expect(numberIn(allAges.at(-1)!)).toBe(people(earlier, ['domestic_abuse'], 'Croydon'));

    // Sexual offences: rape and other sexual offences together in the outcome and sex-and-age charts.
    await w.page.getByRole('radio', { name: 'Sexual offences (rape and other)' }).check();
    await expect.poll(() => viewSearch(w.page)).toContain('category=sexual_offences');
    await settled(w.page);
    expect(await title(w.page, 'card--outcomes')).toMatch(/^People proceeded against for sexual offences by outcome: Croydon, /);
    const sexual = await tableRow(w.page, 'card--people', 'All ages');
    expect(numberIn(sexual.at(-1)!)).toBe(people(earlier, ['rape', 'other_sexual'], 'Croydon'));

    // Each choice replaced the site's one history entry (src/app/history-trail.ts): Back leaves the
    // site, and Forward comes back to the view last shown.
    await w.page.goBack();
    expect(w.page.url()).toBe('about:blank');
    await w.page.goForward();
    await settled(w.page);
    expect(await viewSearch(w.page)).toBe(`?page=justice&borough=Croydon&category=sexual_offences&period=${earlier}`);
    expect(await w.page.getByLabel('Area').inputValue()).toBe('Croydon');
    expect(await title(w.page, 'card--outcomes')).toMatch(/^People proceeded against for sexual offences by outcome: Croydon, /);

    // Going back to each earlier choice through the controls brings its figures back.
    await w.page.getByRole('radio', { name: 'Domestic abuse', exact: true }).check();
    await settled(w.page);
    expect(await title(w.page, 'card--outcomes')).toContain('for domestic abuse');
    await w.page.getByLabel('Period').selectOption(LATEST);
    await expect.poll(() => viewSearch(w.page)).not.toContain('period=');
    await settled(w.page);
    expect(numberIn((await tableRow(w.page, 'card--categories', 'Domestic abuse'))[1]!)).toBe(people(LATEST, ['domestic_abuse'], 'Croydon'));
    await w.page.getByLabel('Area').selectOption('London');
    await expect.poll(() => viewSearch(w.page)).not.toContain('borough=');
    await settled(w.page);
    expect(await title(w.page, 'card--categories')).toContain(': London, 12 months to');
    expect(w.errors).toEqual([]);
    expect(w.foreignRequests()).toEqual([]);
    await w.context.close();
  });

  it('offers only rolling years proceedings covers, and says so when a link asks for another', async () => {
    const w = await watchedPage(browser);
    // January 2015 is in the offences data (so the app keeps it) but before proceedings begin.
    await w.page.goto(`${baseUrl()}?page=justice&borough=Lambeth&period=2015-01`);
    await settled(w.page);
    expect(await w.page.locator('.justice__notice').innerText()).toMatch(/no figures on people proceeded against for the 12 months to January 2015/);
    expect(await title(w.page, 'card--categories')).toMatch(/: Lambeth, 12 months to /);
    expect(await w.page.getByLabel('Period').inputValue()).toBe(LATEST);
    expect(numberIn((await tableRow(w.page, 'card--categories', 'Domestic abuse'))[1]!)).toBe(people(LATEST, ['domestic_abuse'], 'Lambeth'));

    const first = proceedings.reduce((min, r) => (r.month! < min ? r.month! : min), '9999-99');
    const values = await w.page.getByLabel('Period').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    const [y, m] = first.split('-').map(Number) as [number, number];
    const earliest = `${m === 1 ? y : y + 1}-${String(m === 1 ? 12 : m - 1).padStart(2, '0')}`;
    expect(values[0]).toBe(LATEST);
    expect(values.at(-1)).toBe(earliest);

    // A period inside the coverage clears the notice.
    await w.page.getByLabel('Period').selectOption(earliest);
    await expect.poll(() => viewSearch(w.page)).toContain(`period=${earliest}`);
    await settled(w.page);
    expect(await w.page.locator('.justice__notice').isHidden()).toBe(true);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('fits a 360 px phone without sideways scrolling', async () => {
    const w = await watchedPage(browser, { width: 360, height: 780 });
    await w.page.goto(`${baseUrl()}?page=justice&borough=Kensington%20and%20Chelsea`);
    await settled(w.page);
    const overflow = await w.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('a bad proceedings file is named with its line and column, and the page says it has nothing to show', async () => {
    const w = await watchedPage(browser);
    await w.page.route('**/data/proceedings.csv', (route) =>
      route.fulfill({ contentType: 'text/csv', body: 'month,borough,category,outcome,sex,age_band,people\n2024-01,Croydon,rape,acquittal,male,25-34,2\n' }),
    );
    await w.page.goto(`${baseUrl()}?page=justice`);
    await settled(w.page);
    await expect.poll(() => w.page.locator('.notices').innerText()).toContain('proceedings.csv, line 2, column 4 (outcome)');
    for (const card of ['.card--outcomes', '.card--categories', '.card--rates', '.card--people']) {
      expect(await w.page.locator(card).innerText(), card).toContain('proceedings.csv could not be loaded (see the notice above)');
    }
    expect(await w.page.locator('.lede').innerText()).toMatch(/^proceedings\.csv could not be loaded .*no figures on people proceeded against/);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('says the City of London has no figures rather than showing zeros', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}?page=justice&borough=City%20of%20London`);
    await settled(w.page);
    expect(await w.page.locator('.card--categories').innerText()).toMatch(/City of London Police/);
    expect(await title(w.page, 'card--rates')).toMatch(/per 100 recorded offences: London, /);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
