/**
 * Printing, in real Chromium: the print style sheet gives an A4 landscape report of the view on
 * screen. It starts with what the view is (page, the choices made, when it was printed, its address),
 * keeps the sample-data notice and each chart with its title and source, and leaves out controls,
 * buttons and navigation; a data table prints only if it was opened.
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

/** Page sizes (in points) of a PDF, read from its /MediaBox entries. */
function pageSizes(pdf: Buffer): [number, number][] {
  const text = pdf.toString('latin1');
  return [...text.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('print', () => {
  it('shows the view, its choices, the date, the sources and the notice, and none of the controls', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}?borough=Croydon&category=sexual_offences`);
    await settled(w.page);
    await w.page.emulateMedia({ media: 'print' });
    await w.page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));

    const summary = await w.page.locator('.print-summary').innerText();
    expect(summary).toContain('London Domestic and Sexual Violence Dashboard: Recording');
    expect(summary).toMatch(/Showing Area: Croydon; Offences: Sexual offences; Map shows: Rate per 1,000 residents; Period: 12 months to [A-Z][a-z]+ \d{4} \(latest\)\./);
    const today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
    expect(summary).toContain(`Printed ${today}`);
    expect(summary).toContain(`Online at ${baseUrl()}?borough=Croydon&category=sexual_offences`);

    for (const hidden of ['.exit-this-page', '.page-nav', '.view-tools', 'form.controls', '.chart-export', 'details.chart-table-details', '.get-help', '.site-footer__nav']) {
      expect(await w.page.locator(hidden).first().isVisible(), hidden).toBe(false);
    }
    expect(await w.page.locator('.data-notice__box--sample').isVisible()).toBe(true);
    const figures = w.page.locator('main figure.chart');
    expect(await figures.count()).toBe(4);
    for (const figure of await figures.all()) {
      expect(await figure.locator('.chart-title').isVisible()).toBe(true);
      expect(await figure.locator('.chart-source').innerText()).toMatch(/^Source: /);
    }

    // A table the reader opened is printed, without its toggle.
    await w.page.emulateMedia({ media: 'screen' });
    await w.page.locator('.card--trend summary.chart-table-summary').click();
    await w.page.emulateMedia({ media: 'print' });
    expect(await w.page.locator('.card--trend table.chart-table').isVisible()).toBe(true);
    expect(await w.page.locator('.card--trend summary.chart-table-summary').isVisible()).toBe(false);
    expect(await w.page.locator('.card--map table.chart-table').isVisible()).toBe(false);
    await w.context.close();
  });

  it('prints A4 landscape pages, each chart whole', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}?page=justice&borough=Croydon`);
    await settled(w.page);
    const pdf = await w.page.pdf({ format: 'A4', landscape: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const sizes = pageSizes(pdf);
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    expect(sizes.length).toBeLessThanOrEqual(6);
    for (const [width, height] of sizes) {
      // A4 is 842 × 595 points; landscape is wider than tall.
      expect(Math.abs(width - 842)).toBeLessThan(2);
      expect(Math.abs(height - 595)).toBeLessThan(2);
    }
    // The report was dated as it was printed (the page listens for beforeprint).
    expect(await w.page.locator('.print-summary__when').textContent()).toMatch(/^Printed \d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2}\./);
    // In print layout no chart is cut across two pages.
    await w.page.emulateMedia({ media: 'print' });
    const breaks = await w.page.evaluate(() => [...document.querySelectorAll('.card')].map((card) => getComputedStyle(card).breakInside));
    expect(new Set(breaks)).toEqual(new Set(['avoid']));
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
