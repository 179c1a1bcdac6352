/**
 * An analyst's extract stays in use until the analyst removes it (issue 21, point 3), in real
 * Chromium: chosen while DuckDB is still starting (its wasm held back here), it is still shown after
 * DuckDB takes over and the page is drawn again; loading a file through "Use your own data" keeps
 * it; two files chosen in quick succession leave the second in use with no engine error; a Cancel
 * leaves the one before in use and says so; removing it brings the published figures back.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateExtractCsv } from '../../scripts/generate-extract';
import { baseUrl, openBrowser, settled, watchedPage } from './harness';
import { distDir } from './static-server';

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Distinct victims with two or more incidents in London over the 12 months ending `end`, by brute force. */
function londonRepeatVictims(csv: string, end: string): number {
  const endIndex = Number(end.slice(0, 4)) * 12 + Number(end.slice(5, 7)) - 1;
  const counts = new Map<string, number>();
  for (const line of csv.trim().split('\n').slice(1)) {
    const [, victim, date] = line.split(',');
    const index = Number(date!.slice(0, 4)) * 12 + Number(date!.slice(5, 7)) - 1;
    if (index > endIndex - 12 && index <= endIndex) counts.set(victim!, (counts.get(victim!) ?? 0) + 1);
  }
  return [...counts.values()].filter((n) => n >= 2).length;
}

const repeatHeadline = async (page: Page) =>
  Number((await page.locator('.headline[data-measure="repeat_victims"] .headline__value').innerText()).replace(/[^0-9]/g, ''));
const repeatTitle = (page: Page) => page.locator('.card--repeat .chart-title').innerText();
const panelText = async (page: Page) => (await page.locator('.card--analyst').innerText()).replace(/\s+/g, ' ');
const chooseExtract = (page: Page, name: string, csv: string) =>
  page.locator('#analyst-extract-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });

// Both end in December 2024, inside the sample data's incident months, with different victims.
const FIRST = generateExtractCsv({ incidents: 5000, seed: 21, start: '2023-01', months: 24 });
const SECOND = generateExtractCsv({ incidents: 4000, seed: 22, start: '2023-01', months: 24 });
const END = '2024-12';
/** Large enough that its load is still going when the next step comes. */
const LARGER = generateExtractCsv({ incidents: 150_000, seed: 24, start: '2023-01', months: 24 });

describe('an extract stays in use until it is removed', () => {
  it('through DuckDB taking over, a reader’s own data, a second file, a Cancel, and back to the published figures', async () => {
    const w = await watchedPage(browser);
    // DuckDB cannot start until the test lets its wasm through: the page is drawn from the first view meanwhile.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await w.context.route('**/*.wasm', async (route) => {
      await released;
      await route.continue();
    });
    await w.page.goto(`${baseUrl()}?page=victimisation&period=${END}`);
    await w.page.waitForSelector('#analyst-extract-file');
    expect(await w.page.evaluate(() => performance.getEntriesByName('dashboard:data-ready').length)).toBe(0);

    // Chosen during start-up: read and scanned at once, then waiting on DuckDB.
    await chooseExtract(w.page, 'first-extract.csv', FIRST);
    await expect.poll(() => panelText(w.page), { timeout: 30_000 }).toMatch(/Reading|Checking/);
    release();
    await expect.poll(() => panelText(w.page), { timeout: 60_000 }).toMatch(/first-extract\.csv: 5,000 of 5,000 rows used/);
    await settled(w.page);
    // DuckDB took over and the page was drawn afresh: the extract is what it shows.
    expect(await w.page.evaluate(() => performance.getEntriesByName('dashboard:page-drawn').length)).toBe(1);
    expect(await repeatTitle(w.page)).toContain('in your file');
    expect(await repeatHeadline(w.page)).toBe(londonRepeatVictims(FIRST, END));
    expect(await panelText(w.page)).toContain('first-extract.csv: 5,000 of 5,000 rows used');

    // A reader's own data file (the published incidents, as a contract file) redraws every figure: the extract stays.
    await w.page.locator('details.own-data > summary').click();
    const incidents = readFileSync(path.join(distDir(), 'data', 'incidents.csv'));
    await w.page.locator('#own-data-files').setInputFiles({ name: 'incidents.csv', mimeType: 'text/csv', buffer: incidents });
    await expect.poll(() => w.page.locator('.own-data__status').innerText(), { timeout: 60_000 }).toMatch(/incidents now comes from incidents\.csv/);
    await expect.poll(() => w.page.locator('.data-notice').textContent(), { timeout: 30_000 }).toContain('Your own files');
    await settled(w.page);
    expect(await repeatTitle(w.page)).toContain('in your file');
    expect(await repeatHeadline(w.page)).toBe(londonRepeatVictims(FIRST, END));

    // A second file chosen while the one before is in DuckDB's hands: the second is the one in use,
    // and no engine error is shown (two loads once shared fixed table names and tripped on each other).
    await chooseExtract(w.page, 'second-a.csv', LARGER);
    await expect.poll(() => panelText(w.page), { timeout: 60_000 }).toMatch(/Checking every row of second-a\.csv/);
    await chooseExtract(w.page, 'second-b.csv', SECOND);
    await expect.poll(() => panelText(w.page), { timeout: 60_000 }).toMatch(/second-b\.csv: 4,000 of 4,000 rows used/);
    await settled(w.page);
    expect(await repeatHeadline(w.page)).toBe(londonRepeatVictims(SECOND, END));
    expect(await panelText(w.page)).not.toMatch(/Error|does not exist|Catalog/);

    // A Cancel stops the file being read and says the figures still come from the one before.
    await chooseExtract(w.page, 'big.csv', LARGER);
    await w.page.getByRole('button', { name: 'Cancel' }).click();
    // Said at once (the load stops at its next slice, and is cleared away after).
    await expect.poll(() => panelText(w.page), { timeout: 2_000 }).toMatch(/Stopped: big\.csv was not used\. The repeat-victimisation figures still come from second-b\.csv\./);
    await settled(w.page);
    expect(await repeatHeadline(w.page)).toBe(londonRepeatVictims(SECOND, END));

    // Removed: the published figures again.
    await w.page.getByRole('button', { name: 'Return to the published figures' }).click();
    await expect.poll(() => repeatTitle(w.page), { timeout: 30_000 }).not.toContain('your file');
    await settled(w.page);
    expect(await repeatHeadline(w.page)).not.toBe(londonRepeatVictims(SECOND, END));
    expect(w.errors).toEqual([]);
    expect(w.foreignRequests()).toEqual([]);
    await w.context.close();
  }, 240_000);
});
