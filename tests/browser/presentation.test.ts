/**
 * Presentation mode in real Chromium at 1920 × 1080, a projector's size: full screen, the controls
 * hidden, type large enough for the back of a room (measured as drawn, charts included), the arrow
 * keys and a clicker's Page Up / Page Down moving through the boroughs and on to the next page, the
 * map keeping its own arrows, and Escape leaving. A reload never opens in it.
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

describe('presentation mode', () => {
  it('goes full screen with large type and only the figures, and the sample-data notice and Exit stay', async () => {
    const w = await watchedPage(browser, { width: 1920, height: 1080 });
    await w.page.goto(baseUrl());
    await settled(w.page);
    const before = await smallestText(w.page);
    await w.page.getByRole('button', { name: 'Presentation mode' }).click();
    await w.page.waitForSelector('body.presenting');
    await expect.poll(() => w.page.evaluate(() => document.fullscreenElement === document.documentElement)).toBe(true);
    await settled(w.page);

    for (const hidden of ['form.controls', '.page-nav', '.view-tools', '.get-help', '.chart-export', 'summary.chart-table-summary', '.about', '.site-footer']) {
      expect(await w.page.locator(hidden).first().isVisible(), hidden).toBe(false);
    }
    for (const shown of ['.data-notice__box--sample', '.exit-this-page__button', '.presentation-bar', 'main h1', '.card--map svg.chart-svg', '.chart-source']) {
      expect(await w.page.locator(shown).first().isVisible(), shown).toBe(true);
    }
    expect(await w.page.locator('.presentation-bar').innerText()).toContain('Recording: London (1 of 34)');

    const after = await smallestText(w.page);
    // Type grows by half: even the small print (sources) at least 22 px, the smallest chart label at
    // least 15 px, chart titles at least 28 px.
    expect(after.html).toBeGreaterThanOrEqual(22);
    const titles = await w.page.locator('main .chart-title').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height / el.getClientRects().length));
    expect(Math.min(...titles)).toBeGreaterThanOrEqual(28);
    expect(after.chart).toBeGreaterThanOrEqual(14.9);
    expect(after.chart).toBeGreaterThan(before.chart * 1.4);
    const heading = await w.page.evaluate(() => document.querySelector('main h1')!.getBoundingClientRect().height);
    expect(heading).toBeGreaterThanOrEqual(48);
    // Nothing wider than the screen.
    expect(await w.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1920);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('moves through boroughs and pages with arrows and Page Up / Down, leaves arrows to the map, and leaves with Escape', async () => {
    const w = await watchedPage(browser, { width: 1920, height: 1080 });
    await w.page.goto(`${baseUrl()}?borough=Waltham+Forest&category=sexual_offences`);
    await settled(w.page);
    const button = w.page.getByRole('button', { name: 'Presentation mode' });
    await button.focus();
    await w.page.keyboard.press('Enter');
    await w.page.waitForSelector('body.presenting');

    await w.page.keyboard.press('ArrowRight');
    await expect.poll(() => search(w.page)).toBe('?borough=Wandsworth&category=sexual_offences');
    await w.page.keyboard.press('PageDown');
    await expect.poll(() => search(w.page)).toBe('?borough=Westminster&category=sexual_offences');
    await settled(w.page);
    expect(await w.page.locator('main h1').innerText()).toContain('Westminster');
    expect(await w.page.locator('.presentation-bar').innerText()).toContain('Recording: Westminster (34 of 34)');
    // After the last borough, the next page, for London; the other choices are kept.
    await w.page.keyboard.press('PageDown');
    await expect.poll(() => search(w.page)).toBe('?page=victimisation&category=sexual_offences');
    await settled(w.page);
    expect(await w.page.locator('.presentation-bar').innerText()).toContain('Victimisation: London (1 of 34)');
    // Analyst mode's file picker is not for the room.
    expect(await w.page.locator('.card--analyst').isVisible()).toBe(false);
    await w.page.keyboard.press('PageUp');
    await expect.poll(() => search(w.page)).toBe('?borough=Westminster&category=sexual_offences');
    await w.page.keyboard.press('ArrowLeft');
    await expect.poll(() => search(w.page)).toBe('?borough=Wandsworth&category=sexual_offences');
    await settled(w.page);

    // On the map, the arrows move between boroughs on the map, as they always do.
    await w.page.locator('.card--map .map-area[tabindex="0"]').focus();
    await w.page.keyboard.press('ArrowRight');
    expect(await search(w.page)).toBe('?borough=Wandsworth&category=sexual_offences');
    expect(await w.page.evaluate(() => (document.activeElement as HTMLElement).dataset.borough)).not.toBe('Wandsworth');

    // Each slide replaced the site's one history entry (src/app/history-trail.ts).
    expect(await w.page.evaluate(() => history.length)).toBe(2);

    await w.page.locator('main').focus();
    await w.page.keyboard.press('Escape');
    await expect.poll(() => presenting(w.page)).toBe(false);
    await expect.poll(() => w.page.evaluate(() => document.fullscreenElement)).toBeNull();
    expect(await w.page.evaluate(() => (document.activeElement as HTMLElement).dataset.tool)).toBe('present');
    expect(await w.page.locator('form.controls').isVisible()).toBe(true);
    // Out of presentation mode the arrow keys are the page's again.
    await w.page.locator('main').focus();
    await w.page.keyboard.press('ArrowRight');
    expect(await search(w.page)).toBe('?borough=Wandsworth&category=sexual_offences');
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
    await w.page.keyboard.press('ArrowLeft');
    await expect.poll(() => search(w.page)).toBe('?page=justice&borough=Westminster');
    await settled(w.page);
    expect(await presenting(w.page)).toBe(true);
    await w.page.keyboard.press('Escape');
    expect(await presenting(w.page)).toBe(false);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
