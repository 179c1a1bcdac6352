/**
 * Presentation mode in real Chromium at a projector's sizes (1920 × 1080 and 1280 × 720): a deck of
 * slides, one card per screen filling it, full screen, the controls hidden, chart text at 24 px or more
 * (measured as drawn), Exit this page on top; the arrow keys and a clicker's Page Up / Page Down
 * moving through the cards and on to the next page, ↑ ↓ through the areas, the map keeping its own
 * arrows, and Escape leaving. A reload never opens in it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, openBrowser, settled, watchedPage } from './harness';
import { viewSearch } from './view-entry';

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const search = viewSearch;
const presenting = (page: Page) => page.evaluate(() => document.body.classList.contains('presenting'));

/** The smallest text drawn on screen, in screen pixels: HTML text and the text inside charts. */
async function smallestText(page: Page): Promise<{ html: number; chart: number }> {
  return page.evaluate(() => {
    const shown = (el: Element) => el.getClientRects().length > 0 && (el as HTMLElement).checkVisibility?.({ visibilityProperty: true }) !== false && !el.closest('.visually-hidden, details:not([open]), .presentation-bar');
    let html = Infinity;
    const walker = document.createTreeWalker(document.querySelector('main')!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !node.textContent?.trim() || parent.closest('svg') || !shown(parent)) continue;
      // CSS zoom scales what is drawn; the computed font size is before it.
      const zoom = parseFloat(getComputedStyle(document.querySelector('main')!).zoom) || 1;
      html = Math.min(html, parseFloat(getComputedStyle(parent).fontSize) * zoom);
    }
    let chart = Infinity;
    for (const text of document.querySelectorAll<SVGTextElement>('main figure.chart svg text')) {
      if (!text.textContent?.trim() || !shown(text)) continue;
      const box = text.getBBox();
      const rect = text.getBoundingClientRect();
      if (box.height <= 0) continue;
      // User units to screen pixels, through the SVG's scaling and the page's zoom.
      const scale = rect.height / box.height;
      chart = Math.min(chart, parseFloat(getComputedStyle(text).fontSize) * scale);
    }
    return { html, chart };
  });
}

/** What a slide shows, measured on screen. */
async function slideOnScreen(page: Page) {
  return page.evaluate(() => {
    const shown = (el: Element) => el.getClientRects().length > 0;
    const cards = [...document.querySelectorAll<HTMLElement>('main .card')].filter(shown);
    const card = cards[0]!;
    const box = card.getBoundingClientRect();
    const bar = document.querySelector('.presentation-bar')!.getBoundingClientRect();
    const exit = document.querySelector('.exit-this-page__button')!.getBoundingClientRect();
    const atExit = document.elementFromPoint(exit.left + exit.width / 2, exit.top + exit.height / 2);
    const zoom = parseFloat(getComputedStyle(document.querySelector('main')!).zoom) || 1;
    // Every drawing is shown at the size it was drawn for (at the page's zoom): none shrunk to fit.
    const drawings = [...card.querySelectorAll<SVGSVGElement>('.chart-body svg:not(.chart-legend-swatch)')].filter((svg) => !svg.parentElement?.closest('svg'));
    const shrunk = drawings.filter((svg) => Math.abs(svg.getBoundingClientRect().width / zoom - Number(svg.getAttribute('width'))) > 1).length;
    return {
      cards: cards.length,
      name: card.dataset.name,
      headlines: card.classList.contains('card--headlines'),
      top: box.top,
      bottom: box.bottom,
      barBottom: bar.bottom,
      spills: card.scrollHeight - card.clientHeight,
      pageScrolls: document.documentElement.scrollHeight - innerHeight,
      pageWide: document.documentElement.scrollWidth - innerWidth,
      exitOnTop: !!atExit?.closest('.exit-this-page__button'),
      drawings: drawings.length,
      shrunk,
      // Words that run out of their own box (a figure wider than its column runs into the next); words
      // for screen readers only are clipped to a pixel by design.
      overflowing: [...card.querySelectorAll<HTMLElement>('*')]
        .filter((el) => !(el instanceof SVGElement) && !el.closest('.visually-hidden') && el.clientWidth > 0 && el.scrollWidth - el.clientWidth > 1)
        .map((el) => `${el.localName}.${el.className}: ${el.textContent?.slice(0, 30)}`),
      where: document.querySelector('.presentation-bar__where')!.textContent!,
    };
  });
}

describe('presentation mode is a deck', () => {
  it.each([
    [1920, 1080, ''],
    [1920, 1080, '?page=victimisation&borough=Hackney'],
    [1920, 1080, '?page=justice&borough=Croydon'],
    [1280, 720, '?borough=Croydon&category=sexual_offences'],
    [1280, 720, '?page=victimisation'],
    [1280, 720, '?page=justice'],
  ])('at %i × %i, %s: one card per screen, filling it, chart text at least 24 px, Exit this page on top, the slides counted', async (width, height, view) => {
    const w = await watchedPage(browser, { width, height });
    await w.page.goto(baseUrl() + view);
    await settled(w.page);
    await w.page.getByRole('button', { name: 'Presentation mode' }).click();
    await w.page.waitForSelector('body.presenting');
    const count = await w.page.locator('main .card[data-slide]').count();
    expect(count).toBeGreaterThanOrEqual(3);
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      await settled(w.page);
      const slide = await slideOnScreen(w.page);
      const label = `${view} slide ${i + 1}: ${slide.name}`;
      names.push(slide.name!);
      expect(slide.cards, label).toBe(1);
      expect(slide.where, label).toContain(`slide ${i + 1} of ${count}, ${slide.name}`);
      // Under the bar, down to the foot of the screen, and nothing spilling out of it or off the screen.
      expect(slide.top, label).toBeGreaterThanOrEqual(slide.barBottom);
      expect(slide.bottom, label).toBeLessThanOrEqual(height);
      expect(slide.bottom, label).toBeGreaterThan(height - 24);
      expect(slide.spills, label).toBeLessThanOrEqual(1);
      expect(slide.pageScrolls, label).toBeLessThanOrEqual(0);
      expect(slide.pageWide, label).toBeLessThanOrEqual(0);
      expect(slide.exitOnTop, label).toBe(true);
      expect(slide.shrunk, label).toBe(0);
      expect(slide.overflowing, label).toEqual([]);
      // 24 px, give or take the rounding of a text's measured box (12 px drawn at twice the size reads 23.99).
      const text = await smallestText(w.page);
      if (slide.drawings > 0) expect(text.chart, label).toBeGreaterThanOrEqual(23.9);
      expect(text.html, label).toBeGreaterThanOrEqual(23.9);
      // The headline figures first, where the page has them.
      if (i === 0 && !view.includes('justice')) expect(slide.headlines, label).toBe(true);
      await w.page.keyboard.press('PageDown');
    }
    expect(new Set(names).size).toBe(count);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('goes full screen with only the slide, and the sample-data notice and Exit this page stay', async () => {
    const w = await watchedPage(browser, { width: 1920, height: 1080 });
    await w.page.goto(baseUrl());
    await settled(w.page);
    const before = await smallestText(w.page);
    await w.page.getByRole('button', { name: 'Presentation mode' }).click();
    await w.page.waitForSelector('body.presenting');
    await expect.poll(() => w.page.evaluate(() => document.fullscreenElement === document.documentElement)).toBe(true);
    await settled(w.page);
    for (const hidden of ['form.controls', '.page-nav', '.view-tools', '.get-help', '.chart-export', 'summary.chart-table-summary', '.about', '.site-footer', '.card--map']) {
      expect(await w.page.locator(hidden).first().isVisible(), hidden).toBe(false);
    }
    for (const shown of ['.data-notice__box--sample', '.exit-this-page__button', '.presentation-bar', '.card--headlines']) {
      expect(await w.page.locator(shown).first().isVisible(), shown).toBe(true);
    }
    expect(await w.page.locator('.presentation-bar').innerText()).toContain('Recording: London · slide 1 of 5, Summary');
    // The figures are those of the page, at twice the size.
    const after = await smallestText(w.page);
    expect(after.html).toBeGreaterThanOrEqual(before.html * 1.5);
    await w.page.keyboard.press('ArrowRight');
    await settled(w.page);
    expect(await w.page.locator('.card--map svg.chart-svg').isVisible()).toBe(true);
    expect(await w.page.locator('.card--map .chart-source').isVisible()).toBe(true);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('→ and Page Down step through the cards and on to the next page, ← and Page Up back, ↑ ↓ through the areas; the map keeps its arrows; Escape leaves', async () => {
    const w = await watchedPage(browser, { width: 1920, height: 1080 });
    await w.page.goto(`${baseUrl()}?borough=Waltham+Forest&category=sexual_offences`);
    await settled(w.page);
    const button = w.page.getByRole('button', { name: 'Presentation mode' });
    await button.focus();
    await w.page.keyboard.press('Enter');
    await w.page.waitForSelector('body.presenting');
    const where = () => w.page.locator('.presentation-bar__where').innerText();
    const history = await w.page.evaluate(() => window.history.length);

    // Within a page, the slides change and the view does not.
    await w.page.keyboard.press('ArrowRight');
    expect(await where()).toContain('Recording: Waltham Forest · slide 2 of 5, Map');
    for (let i = 0; i < 3; i++) await w.page.keyboard.press('PageDown');
    expect(await where()).toContain('slide 5 of 5');
    expect(await search(w.page)).toBe('?borough=Waltham+Forest&category=sexual_offences');
    expect(await w.page.evaluate(() => window.history.length)).toBe(history);
    // After the last card, the next page's first, for the same area; the other choices are kept.
    await w.page.keyboard.press('PageDown');
    await expect.poll(() => search(w.page)).toBe('?page=victimisation&borough=Waltham+Forest&category=sexual_offences');
    await settled(w.page);
    await expect.poll(where).toContain('Victimisation: Waltham Forest · slide 1 of 3, Summary');
    // Analyst mode's file picker is not for the room.
    expect(await w.page.locator('.card--analyst').isVisible()).toBe(false);
    // Back from the first card: the last card of the page before.
    await w.page.keyboard.press('PageUp');
    await expect.poll(() => search(w.page)).toBe('?borough=Waltham+Forest&category=sexual_offences');
    await settled(w.page);
    await expect.poll(where).toContain('Recording: Waltham Forest · slide 5 of 5');
    // ↓ and ↑: the next and previous area, on the same slide.
    await w.page.keyboard.press('ArrowDown');
    await expect.poll(() => search(w.page)).toBe('?borough=Wandsworth&category=sexual_offences');
    await settled(w.page);
    expect(await where()).toContain('Recording: Wandsworth · slide 5 of 5');
    await w.page.keyboard.press('ArrowUp');
    await expect.poll(() => search(w.page)).toBe('?borough=Waltham+Forest&category=sexual_offences');
    await settled(w.page);

    // On the map, the arrows move between boroughs on the map, as they always do.
    for (let i = 0; i < 3; i++) await w.page.keyboard.press('ArrowLeft');
    expect(await where()).toContain('slide 2 of 5, Map');
    await w.page.locator('.card--map .map-area[tabindex="0"]').focus();
    await w.page.keyboard.press('ArrowRight');
    expect(await search(w.page)).toBe('?borough=Waltham+Forest&category=sexual_offences');
    expect(await w.page.evaluate(() => (document.activeElement as HTMLElement).dataset.borough)).not.toBe('Waltham Forest');
    expect(await where()).toContain('slide 2 of 5, Map');

    // Each slide replaced the site's one history entry (src/app/history-trail.ts).
    expect(await w.page.evaluate(() => window.history.length)).toBe(2);

    await w.page.locator('main').focus();
    await w.page.keyboard.press('Escape');
    await expect.poll(() => presenting(w.page)).toBe(false);
    await expect.poll(() => w.page.evaluate(() => document.fullscreenElement)).toBeNull();
    expect(await w.page.evaluate(() => (document.activeElement as HTMLElement).dataset.tool)).toBe('present');
    expect(await w.page.locator('form.controls').isVisible()).toBe(true);
    // Every card is back on the page, drawn for it again.
    await settled(w.page);
    expect(await w.page.locator('main .card[data-slide]:visible').count()).toBe(5);
    expect(await w.page.locator('main .card.is-slide').count()).toBe(0);
    // Out of presentation mode the arrow keys are the page's again.
    await w.page.locator('main').focus();
    await w.page.keyboard.press('ArrowRight');
    expect(await search(w.page)).toBe('?borough=Waltham+Forest&category=sexual_offences');
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('leaves with its own button, and a reload never opens in it', async () => {
    const w = await watchedPage(browser, { width: 1920, height: 1080 });
    await w.page.goto(`${baseUrl()}?page=justice&borough=Croydon`);
    await settled(w.page);
    await w.page.getByRole('button', { name: 'Presentation mode' }).click();
    await w.page.waitForSelector('body.presenting');
    await w.page.getByRole('button', { name: 'Leave presentation' }).click();
    expect(await presenting(w.page)).toBe(false);
    await w.page.getByRole('button', { name: 'Presentation mode' }).click();
    await w.page.waitForSelector('body.presenting');
    await w.page.reload();
    await settled(w.page);
    expect(await presenting(w.page)).toBe(false);
    expect(await w.page.evaluate(() => document.fullscreenElement)).toBeNull();
    expect(await w.page.locator('form.controls').isVisible()).toBe(true);
    expect(await search(w.page)).toBe('?page=justice&borough=Croydon');
    await w.context.close();
  });

  it('works where full screen is refused, and in a smaller window', async () => {
    const w = await watchedPage(browser, { width: 1280, height: 720 });
    await w.context.addInitScript(() => {
      Element.prototype.requestFullscreen = () => Promise.reject(new TypeError('Permissions check failed'));
    });
    await w.page.goto(baseUrl());
    await settled(w.page);
    await w.page.getByRole('button', { name: 'Presentation mode' }).click();
    await w.page.waitForSelector('body.presenting');
    // Back from the first slide: the last page's last card.
    await w.page.keyboard.press('ArrowLeft');
    await expect.poll(() => search(w.page)).toBe('?page=justice');
    await settled(w.page);
    expect(await presenting(w.page)).toBe(true);
    await expect.poll(() => w.page.locator('.presentation-bar__where').innerText()).toContain('Justice: London · slide 4 of 4');
    await w.page.keyboard.press('Escape');
    expect(await presenting(w.page)).toBe(false);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
