/**
 * Printing, in real Chromium: the print style sheet gives an A4 landscape report of the view on
 * screen. It starts with what the view is (page, the choices made, when it was printed, its address),
 * keeps the sample-data notice and each chart with its title and source, and leaves out controls,
 * buttons and navigation; a data table prints only if it was opened. The first page is full (heading,
 * headline figures, the first chart drawn to fill it), then one card to a page, in words for paper.
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

  it.each([
    ['?borough=Croydon', 1280],
    ['?page=victimisation', 1280],
    ['?page=justice&borough=Croydon', 1920],
    ['?category=sexual_offences', 360],
  ])('%s printed from %i px: the first page full (heading, headline figures, first chart), then one card to a page, in words for paper', async (view, width) => {
    const w = await watchedPage(browser, { width, height: 900 });
    await w.page.goto(`${baseUrl()}${view}`);
    await settled(w.page);
    // Measured inside the print layout, after the page has drawn for it (this listener comes last).
    await w.page.evaluate(() => {
      const print = matchMedia('print');
      print.addEventListener('change', () => {
        if (!print.matches) return;
        const page = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--page-height'));
        const shown = (el: Element) => el.getClientRects().length > 0;
        const box = (el: Element) => ({ top: el.getBoundingClientRect().top + scrollY, bottom: el.getBoundingClientRect().bottom + scrollY });
        const cards = [...document.querySelectorAll<HTMLElement>('main .card[data-slide]')].filter(shown).map((card) => ({ name: card.dataset.name!, grid: !!card.closest('.card-grid'), ...box(card) }));
        const map = document.querySelector('.card--map');
        (window as unknown as { printed: unknown }).printed = {
          page,
          cards,
          heading: box(document.querySelector('main h1')!),
          end: box(document.querySelector('.site-footer')!).bottom,
          mapWords: map?.querySelector('.chart-subtitle')?.textContent ?? null,
          hint: map ? shown(map.querySelector('.map-readout--hint') ?? document.createElement('i')) : false,
          ranking: map ? shown(map.querySelector('.map-ranking__list')!) : null,
        };
      });
    });
    const pdf = await w.page.pdf({ format: 'A4', landscape: true, printBackground: true });
    const printed = await w.page.evaluate(() => (window as unknown as { printed?: { page: number; cards: { name: string; grid: boolean; top: number; bottom: number }[]; heading: { top: number; bottom: number }; end: number; mapWords: string | null; hint: boolean; ranking: boolean | null } }).printed);
    expect(printed, view).toBeDefined();
    const { page, cards } = printed!;
    // A4 landscape less 12 mm margins: 186 mm.
    expect(page).toBeCloseTo((186 / 25.4) * 96, 0);
    const pageOf = (y: number) => Math.floor(y / page);
    const grid = cards.filter((c) => c.grid);
    expect(grid.length, view).toBeGreaterThanOrEqual(2);
    // The first page: the heading, the headline figures (where the page has them) and the first chart,
    // which fills it (nine tenths of it at least, from the top of the page to the chart's foot).
    expect(pageOf(printed!.heading.top)).toBe(0);
    for (const card of cards.filter((c) => !c.grid)) expect(pageOf(card.bottom), card.name).toBe(0);
    expect(pageOf(grid[0]!.top), grid[0]!.name).toBe(0);
    expect(pageOf(grid[0]!.bottom - 1), grid[0]!.name).toBe(0);
    expect(grid[0]!.bottom, grid[0]!.name).toBeGreaterThan(page * 0.9);
    // Then each chart on a page of its own, from its top, whole.
    grid.slice(1).forEach((card, i) => {
      expect(pageOf(card.top), card.name).toBe(i + 1);
      // (Chromium lays pages out on whole pixels: a pixel's drift a page.)
      expect(card.top - pageOf(card.top) * page, card.name).toBeLessThan(2 + i);
      expect(pageOf(card.bottom - 1), card.name).toBe(i + 1);
    });
    // The PDF has those pages and the notes on the figures after them, and no more: no blank page at
    // the end, and nothing cut off (the browser counts the pages before the charts are drawn for paper
    // inside the print layout: card.ts, redrawOnResize).
    expect(pageSizes(pdf).length).toBeGreaterThanOrEqual(grid.length);
    expect(pageSizes(pdf).length, view).toBe(pageOf(printed!.end - 1) + 1);
    // Words for paper: the map does not ask to be tapped; its list of every borough is printed.
    if (printed!.mapWords !== null) {
      expect(printed!.mapWords).not.toMatch(/Choose|Tap|click/);
      expect(printed!.hint).toBe(false);
      expect(printed!.ranking).toBe(true);
    }
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('printed from a wide window, every chart is drawn again for the paper, its type not shrunk, and every card fits on a page', async () => {
    // A4 landscape under 12 mm margins: 186 mm of height, in CSS pixels.
    const pageHeight = (186 / 25.4) * 96;
    const w = await watchedPage(browser, { width: 1920, height: 1080 });
    for (const view of ['?borough=Croydon', '?page=victimisation&borough=Croydon', '?page=justice&borough=Croydon']) {
      await w.page.goto(`${baseUrl()}${view}`);
      await settled(w.page);
      // Measured inside the print layout, after the page has drawn for it (this listener comes last).
      await w.page.evaluate(() => {
        const print = matchMedia('print');
        print.addEventListener('change', () => {
          if (!print.matches) return;
          const shown = (el: Element) => el.getClientRects().length > 0;
          // How much each chart's text is shrunk (or grown) from the size it was drawn at.
          let smallest = Infinity;
          for (const text of document.querySelectorAll<SVGTextElement>('main figure.chart svg text')) {
            if (!text.textContent?.trim() || !shown(text)) continue;
            const box = text.getBBox();
            if (box.height <= 0) continue;
            smallest = Math.min(smallest, text.getBoundingClientRect().height / box.height);
          }
          const cards = [...document.querySelectorAll('main .card')].filter(shown).map((card) => ({ card: card.className, height: card.getBoundingClientRect().height }));
          const analyst = document.querySelector('.card--analyst');
          (window as unknown as { printed: unknown }).printed = { smallest, cards, analystShown: analyst ? shown(analyst) : false };
        });
      });
      await w.page.pdf({ format: 'A4', landscape: true, printBackground: true });
      const printed = await w.page.evaluate(() => (window as unknown as { printed?: { smallest: number; cards: { card: string; height: number }[]; analystShown: boolean } }).printed);
      expect(printed, view).toBeDefined();
      // Drawn for the window's 700–1,400 px cards and shrunk onto the paper, they would print at about
      // two thirds of their size (13 px labels at 9 px); drawn for the paper, at their size.
      expect(printed!.smallest, view).toBeGreaterThanOrEqual(0.9);
      expect(printed!.cards.length, view).toBeGreaterThanOrEqual(3);
      for (const { card, height } of printed!.cards) expect(height, `${view} ${card}`).toBeLessThanOrEqual(pageHeight);
      // Analyst mode's file picker is for the screen.
      expect(printed!.analystShown, view).toBe(false);
    }
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
