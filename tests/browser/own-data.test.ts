/**
 * "Use your own data" in real Chromium: contract and published-format files replace tables in the
 * tab only (no request is made), bad files are explained and change nothing, and a reload returns
 * to the published data.
 */
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needRealData, realFile } from '../helpers/real-data';
import { baseUrl, downloadedBytes, openBrowser, settled, watchedPage } from './harness';

const REAL_WIDE = 'mps_borough_crime_2023-03_2025-02_24m.csv';
let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const headline = async (page: Page, category: string) =>
  Number((await page.locator(`.headline[data-category="${category}"] .headline__value`).innerText()).replace(/[^0-9]/g, ''));

async function choose(page: Page, files: { name: string; text: string }[]): Promise<void> {
  const panel = page.locator('details.own-data');
  if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open))) await panel.locator('summary').click();
  await page.waitForFunction(() => !(document.getElementById('own-data-files') as HTMLInputElement).disabled, null, { timeout: 60_000 });
  // Clear the last report, so the wait below sees this one.
  await page.locator('.own-data__status').evaluate((el) => (el.textContent = ''));
  await page.getByLabel('Choose data files, or drop them here').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'text/csv', buffer: Buffer.from(f.text) })));
  await page.waitForFunction(() => !document.querySelector('details.own-data[aria-busy]') && document.querySelector('.own-data__status')!.textContent !== '', null, { timeout: 120_000 });
  await settled(page);
}

/**
 * The sum over the latest 12 month columns of every row of one minor category in a published wide
 * MPS file, read by a CSV parser (a quoted cell may hold a comma) and by column name, never
 * through the app's importer.
 */
function latestYearSum(text: string, minor: string): number {
  const rows = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
  const months = Object.keys(rows[0] ?? {}).filter((name) => /^\d{6}$/.test(name)).sort().slice(-12);
  expect(months).toHaveLength(12);
  return rows.filter((r) => r.MinorText?.trim().toUpperCase() === minor).reduce((sum, r) => sum + months.reduce((s, m) => s + Number(r[m]), 0), 0);
}

describe('use your own data', () => {
  it('replaces offences with a contract file, says so, makes no request, and a bad file changes nothing', async () => {
    const rows = ['month,borough,category,offences'];
    let expected = 0;
    for (let m = 1; m <= 12; m += 1) {
      const month = `2025-${String(m).padStart(2, '0')}`;
      rows.push(`${month},Croydon,domestic_abuse,${100 + m}`, `${month},Camden,domestic_abuse,${50 + m}`, `${month},Camden,rape,${m}`);
      expected += 100 + m + 50 + m;
    }
    const w = await watchedPage(browser);
    await w.page.goto(baseUrl());
    await settled(w.page);
    const before = w.requests.length;
    await choose(w.page, [{ name: 'offences.csv', text: `${rows.join('\n')}\n` }]);
    expect(w.requests.slice(before)).toEqual([]);
    expect(await w.page.locator('.data-notice').textContent()).toMatch(/Your own files[\s\S]*offences from offences\.csv/);
    expect(await w.page.locator('.lede').innerText()).toContain('12 months to December 2025');
    expect(await headline(w.page, 'domestic_abuse')).toBe(expected);
    expect(await headline(w.page, 'rape')).toBe(78);

    await choose(w.page, [{ name: 'offences.csv', text: 'month,borough,category,offences\n2025-01,Croydon,domestic_abuse,-5\n' }]);
    expect(await w.page.locator('.own-data__status').innerText()).toContain('offences.csv, line 2, column 4 (offences): "-5" is not a whole number of 0 or more');
    expect(await headline(w.page, 'domestic_abuse')).toBe(expected);

    await w.page.reload();
    await settled(w.page);
    expect(await w.page.locator('.data-notice').textContent()).not.toMatch(/Your own files/);
    expect(w.errors).toEqual([]);
    expect(w.foreignRequests()).toEqual([]);
    await w.context.close();
  });

  it('imports a published MPS borough file in the browser: London rape for the latest 12 months equals the sum from the file', async (ctx) => {
    needRealData(ctx, REAL_WIDE);
    const text = readFileSync(realFile(REAL_WIDE), 'utf8');
    const rape = latestYearSum(text, 'RAPE');
    expect(rape).toBeGreaterThan(0);
    const w = await watchedPage(browser);
    await w.page.goto(baseUrl());
    await settled(w.page);
    const sent: string[] = [];
    w.page.on('request', (request) => sent.push(`${request.method()} ${new URL(request.url()).pathname}${request.postData() === null ? '' : ' with a body'}`));
    await choose(w.page, [{ name: REAL_WIDE, text }]);
    // The file is read in the tab and sent nowhere: the one request is for our importer's code (a
    // chunk of its own, fetched when first needed), a GET with no body.
    expect(sent).toEqual([expect.stringMatching(/^GET \/assets\/import-[\w-]+\.js$/)]);
    expect(await w.page.locator('.own-data__status').innerText()).toMatch(/offences now comes from mps_borough_crime/);
    expect(await headline(w.page, 'rape')).toBe(rape);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('names a published file the reader loaded as theirs, and the sample figures drawn beside it as sample', async (ctx) => {
    needRealData(ctx, REAL_WIDE);
    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}?category=sexual_offences`);
    await settled(w.page);
    await choose(w.page, [{ name: REAL_WIDE, text: readFileSync(realFile(REAL_WIDE), 'utf8') }]);
    const source = await w.page.locator('.card--trend .chart-source').innerText();
    // Offences are the reader's file; the population the rates divide by is still the sample's.
    expect(source).toMatch(/Offences: your file \(not published figures\)/);
    expect(source).toMatch(/population: sample data generated by this project/);
    expect(source).not.toMatch(/Metropolitan Police Service/);
    // The file's name stays out of sources (and so images and downloads) unless the reader chooses it.
    const [zip] = await Promise.all([w.page.waitForEvent('download'), w.page.locator('.card--trend button[data-export="csv"]').click()]);
    expect(Object.values(unzipSync(new Uint8Array(await downloadedBytes(zip)))).map((f) => strFromU8(f)).join('\n')).not.toContain(REAL_WIDE);
    await w.page.getByLabel(/Name my files in chart sources and downloads/).check();
    await expect.poll(() => w.page.locator('.card--trend .chart-source').innerText(), { timeout: 60_000 }).toMatch(/Offences: your file mps_borough_crime_2023-03_2025-02_24m\.csv \(not published figures\)/);
    // The reader's file has no domestic abuse: that is said, not drawn as 0.
    await w.page.getByLabel('Domestic abuse').first().check();
    await settled(w.page);
    expect(await w.page.locator('.headline[data-category="domestic_abuse"] .headline__value').innerText()).toBe('No data');
    expect(await w.page.locator('.card--map').innerText()).toMatch(/Domestic abuse offences by borough are not in the data shown here/);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
