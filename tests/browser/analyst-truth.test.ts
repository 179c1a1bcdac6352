/**
 * Analyst mode tells the truth (issue #16): after an extract loads the page shows the latest 12
 * months the file covers in full and says so; no headline is a display-size "not available"; a card
 * holding published figures and the reader's labels each; rows used and rows left out count rows,
 * with the problems listed apart; unreadable text is never echoed; a file that is not used says so
 * and leaves the figures before it, named; and an error in the reader's own published-layout file is
 * called theirs. Expected periods and counts are worked out here from the CSV text itself.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateExtractCsv } from '../../scripts/generate-extract';
import { baseUrl, openBrowser, settled, watchedPage } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const monthName = (month: string) => `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
const monthBefore = (month: string) => {
  const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 2;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};

/** The dates of the rows with a valid YYYY-MM-DD date. */
const datesOf = (csv: string) => csv.trim().split('\n').slice(1).map((l) => l.split(',')[2]!).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));

/** The last month the file covers in full: its last date's month if that date ends the month, else the month before. */
function latestComplete(csv: string): string {
  const last = datesOf(csv).sort().at(-1)!;
  const [y, m, d] = last.split('-').map(Number) as [number, number, number];
  const monthEnd = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d === monthEnd ? last.slice(0, 7) : monthBefore(last.slice(0, 7));
}

/** London's repeat victims (two or more incidents) in the 12 months ending `end`, by brute force. */
function londonRepeatVictims(csv: string, end: string): number {
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
  const counts = new Map<string, number>();
  for (const line of csv.trim().split('\n').slice(1)) {
    const [, victim, date] = line.split(',');
    if (!victim || !date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) continue;
    const i = index(date.slice(0, 7));
    if (i > index(end) - 12 && i <= index(end)) counts.set(victim, (counts.get(victim) ?? 0) + 1);
  }
  return [...counts.values()].filter((n) => n >= 2).length;
}

const panel = (page: Page) => page.locator('.analyst__status').innerText();

async function chooseExtract(page: Page, name: string, bytes: Buffer, expect_: RegExp): Promise<string> {
  await page.locator('#analyst-extract-file').setInputFiles({ name, mimeType: 'text/csv', buffer: bytes });
  await expect.poll(() => panel(page), { timeout: 90_000 }).toMatch(expect_);
  await settled(page);
  return panel(page);
}

describe('analyst mode tells the truth', () => {
  it('moves to the latest 12 months the extract covers in full, says so, and labels published and own figures in one card', async () => {
    const csv = generateExtractCsv({ incidents: 20_000, seed: 11, start: '2021-01', months: 48 });
    const latest = latestComplete(csv);
    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}?page=victimisation`);
    await settled(w.page);
    // A published period chosen first: the extract must move the page off it.
    const period = w.page.getByLabel('Period');
    const options = await period.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await period.selectOption(options[1]!);
    await settled(w.page);

    const text = await chooseExtract(w.page, 'four-years.csv', Buffer.from(csv), /four-years\.csv: [\d,]+ of [\d,]+ rows used/);
    expect(text).toContain(`the page shows the 12 months to ${monthName(latest)}: the latest 12 months it covers in full`);
    expect(await w.page.locator('.lede').innerText()).toContain(`12 months to ${monthName(latest)}, the latest 12 months your file covers in full`);
    expect(await period.locator('option:checked').innerText()).toContain(monthName(latest));

    // Every repeat figure is a figure (never "not available" or "No data" in display type), and says whose it is.
    const headline = (key: string) => w.page.locator(`.headline[data-measure="${key}"]`);
    for (const key of ['repeat_victims', 'incidents_per_victim', 'percent_repeat']) {
      expect(await headline(key).getAttribute('class'), key).not.toContain('headline--no-data');
      expect(await headline(key).locator('.headline__value').innerText(), key).toMatch(/^[\d,.]+%?$/);
      expect(await headline(key).locator('.headline__source').innerText(), key).toBe('From your file, computed in this browser');
    }
    expect(await headline('incidents').locator('.headline__source').innerText()).toBe('Published figures');
    const repeat = Number((await headline('repeat_victims').locator('.headline__value').innerText()).replace(/[^0-9]/g, ''));
    expect(repeat).toBe(londonRepeatVictims(csv, latest));
    const display = await w.page.locator('.headline__value').allInnerTexts();
    expect(display.filter((v) => /not available/i.test(v))).toEqual([]);

    expect(w.errors).toEqual([]);
    expect(w.foreignRequests()).toEqual([]);
    await w.context.close();
  });

  it('counts rows (not problems) left out, never echoes unreadable bytes, and keeps the figures before a file it did not use, saying so', async () => {
    const good = generateExtractCsv({ incidents: 3000, seed: 5, start: '2023-01', months: 24 });
    const lines = good.trim().split('\n');
    // Four bad rows; the first has two problems (no victim, no such date), so five problems in all.
    lines.splice(2, 0, 'bad-1,,2024-02-30,Camden', 'bad-2,v-x,yesterday,Camden', 'bad-3,v-y,2024-03-01,Atlantis', 'bad-4,v-z,,Hackney');
    const csv = `${lines.join('\n')}\n`;
    const rows = lines.length - 1;

    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}?page=victimisation`);
    await settled(w.page);
    let text = await chooseExtract(w.page, 'first.csv', Buffer.from(csv), /first\.csv: [\d,]+ of [\d,]+ rows used/);
    expect(text).toContain(`first.csv: ${(rows - 4).toLocaleString('en-GB')} of ${rows.toLocaleString('en-GB')} rows used, 4 left out`);
    expect(text).toContain('5 problems were found, by line and column');
    expect(await w.page.locator('.analyst__problems li').count()).toBe(5);

    // Bytes that are not UTF-8 text (but hold no NUL, so not taken for a binary file) in place of a header.
    const garbage = Buffer.concat([Buffer.from([0x8f, 0x9d, 0xde, 0x9e, 0x2c, 0xc3, 0x28, 0xfe, 0x0a]), Buffer.from('1,2,3,4\n')]);
    text = await chooseExtract(w.page, 'garbage.csv', garbage, /garbage\.csv was not used/);
    expect(text).toContain('the first line is not column names: it holds characters that are not readable text');
    expect(text).not.toContain('\uFFFD');
    expect(text).toContain('The repeat-victimisation figures still come from first.csv.');
    expect(await w.page.locator('.headline[data-measure="repeat_victims"] .headline__source').innerText()).toBe('From your file, computed in this browser');

    // Six months: no full 12-month window, so not used, and why.
    const short = generateExtractCsv({ incidents: 500, seed: 2, start: '2024-01', months: 6 });
    text = await chooseExtract(w.page, 'short.csv', Buffer.from(short), /short\.csv was not used/);
    expect(text).toContain('it covers only January 2024 to June 2024. Repeat victimisation is counted over 12 months');
    expect(text).toContain('The repeat-victimisation figures still come from first.csv.');

    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('calls an error in the reader’s own published-layout file theirs', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(baseUrl());
    await settled(w.page);
    const own = w.page.locator('details.own-data');
    await own.locator('summary').click();
    await w.page.waitForFunction(() => !(document.getElementById('own-data-files') as HTMLInputElement).disabled, null, { timeout: 60_000 });
    // An MPS-style file without a borough column.
    await w.page.getByLabel('Choose data files, or drop them here').setInputFiles({ name: 'my-mps.csv', mimeType: 'text/csv', buffer: Buffer.from('MajorText,MinorText,202401,202402\nSEXUAL OFFENCES,RAPE,3,4\n') });
    await expect.poll(() => w.page.locator('.own-data__status').innerText(), { timeout: 60_000 }).toMatch(/not used/);
    const status = await w.page.locator('.own-data__status').innerText();
    expect(status).toContain('Your file my-mps.csv was not used: it has errors (listed below)');
    expect(status).not.toMatch(/published files/i);
    await w.context.close();
  });
});
