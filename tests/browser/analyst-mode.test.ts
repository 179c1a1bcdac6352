/**
 * Analyst mode on the Victimisation page, in real Chromium: an extract chosen from "disk" is read
 * and computed in the tab with no request made, bad rows are listed by line, the trend is drawn
 * from the file, and the published figures come back on request.
 */
import type { Browser } from 'playwright-core';
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

/** Distinct victims and repeat victims in London over the 12 months ending `end`, by brute force. */
function londonRepeats(csv: string, end: string): { victims: number; repeat: number } {
  const [ey, em] = end.split('-').map(Number) as [number, number];
  const endIndex = ey * 12 + em - 1;
  const counts = new Map<string, number>();
  for (const line of csv.trim().split('\n').slice(1)) {
    const [, victim, date] = line.split(',');
    if (!victim || !date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) continue;
    const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
    if (index > endIndex - 12 && index <= endIndex) counts.set(victim, (counts.get(victim) ?? 0) + 1);
  }
  return { victims: counts.size, repeat: [...counts.values()].filter((n) => n >= 2).length };
}

describe('analyst mode', () => {
  it('computes from a chosen file without any request, lists bad rows by line, and resets', async () => {
    const good = generateExtractCsv({ incidents: 5000, seed: 7, start: '2023-01', months: 24 });
    const lines = good.trim().split('\n');
    // Three bad rows at known lines (the header is line 1).
    lines.splice(3, 0, 'bad-1,,2024-01-05,Camden', 'bad-2,v-x,2024-02-30,Camden', 'bad-3,v-y,2024-03-01,Atlantis');
    const csv = `${lines.join('\n')}\n`;
    const last = lines.slice(1).map((l) => l.split(',')[2]!).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort().at(-1)!.slice(0, 7);

    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}?page=victimisation`);
    await settled(w.page);
    const requestsBefore = w.requests.length;
    await w.page.getByLabel('Choose an extract file, or drop it here').setInputFiles({ name: 'my-extract.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect.poll(() => w.page.locator('.analyst__summary').textContent(), { timeout: 60_000 }).toMatch(/my-extract\.csv: [\d,]+ of [\d,]+ rows used/);
    await settled(w.page);
    expect(w.requests.slice(requestsBefore)).toEqual([]);

    const problems = await w.page.locator('.analyst__problems li').allInnerTexts();
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^my-extract\.csv, line 4, column 2 \(victim_id\)/);
    expect(problems[1]).toMatch(/^my-extract\.csv, line 5, column 3 \(date\)/);
    expect(problems[2]).toMatch(/^my-extract\.csv, line 6, column 4 \(borough\)/);

    // The file's own name stays out of titles and sources (and so downloads) unless the analyst asks.
    expect(await w.page.locator('.card--repeat .chart-title').innerText()).toContain('in your file');
    expect(await w.page.locator('.card--repeat .chart-source').innerText()).toContain('computed in this browser');
    expect((await w.page.locator('main .card:not(.card--analyst)').allInnerTexts()).join('\n')).not.toContain('my-extract');
    await w.page.getByLabel(/Name my file in chart titles/).check();
    await expect.poll(() => w.page.locator('.card--repeat .chart-title').innerText()).toContain('in my-extract.csv');
    // The headline repeat figure for London in the file's last complete window, by brute force.
    await w.page.getByLabel('Period').selectOption(last);
    await settled(w.page);
    const shown = Number((await w.page.locator('.headline[data-measure="repeat_victims"] .headline__value').innerText()).replace(/[^0-9]/g, ''));
    expect(shown).toBe(londonRepeats(csv, last).repeat);

    await w.page.getByRole('button', { name: 'Return to the published figures' }).click();
    await settled(w.page);
    expect(await w.page.locator('.card--repeat .chart-title').innerText()).not.toContain('my-extract.csv');
    expect(w.errors).toEqual([]);
    expect(w.foreignRequests()).toEqual([]);
    await w.context.close();
  });
});
