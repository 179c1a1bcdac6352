/**
 * Accessibility in real Chromium. axe-core (the standard checking engine) runs its WCAG 2.0, 2.1 and
 * 2.2 A and AA rules on every page and in the main states (a borough chosen, every data table open,
 * presentation mode, a phone), and must find nothing. Then what axe cannot check: the whole dashboard
 * by keyboard alone, map included, with focus visible at every stop; a name and a description for
 * every chart; nothing moving when reduced motion is asked for; no sideways scrolling at 200% and
 * 400% zoom.
 *
 * axe's source is evaluated in the page through the DevTools protocol (page.evaluate): the site's
 * Content Security Policy rightly refuses an inline <script>, which page.addScriptTag would add.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageNeedsData, parseState } from '../../src/app/state';
import { baseUrl, openBrowser, settled, watchedPage } from './harness';
import { viewSearch } from './view-entry';

const AXE_SOURCE = readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe on the page as it is now; returns each violation with up to five of the elements at fault. */
async function axeViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  }, WCAG_TAGS);
}

/**
 * A text page has no cards: wait for its heading and the hand-over to DuckDB instead. A page without
 * data (Get support) is complete once drawn: the data is not even started for it.
 */
async function settledAny(page: Page): Promise<void> {
  await page.waitForSelector('main h1');
  if (!pageNeedsData(parseState(await viewSearch(page)).state.page)) return;
  await page.waitForFunction(
    () => performance.getEntriesByName('dashboard:page-drawn').length > 0 && !document.querySelector('[aria-busy="true"]') && !document.querySelector('.card__loading'),
    null,
    { timeout: 30_000 },
  );
}

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('axe-core finds no WCAG 2.2 AA violation', () => {
  const views: [string, string][] = [
    ['Recording', ''],
    ['Victimisation', '?page=victimisation'],
    ['Justice', '?page=justice'],
    ['Methodology', '?page=methodology'],
    ['Accessibility statement', '?page=accessibility'],
    ['Recording, Croydon, sexual offences, counts', '?borough=Croydon&category=sexual_offences&measure=count'],
    ['Victimisation, Lambeth, counts', '?page=victimisation&borough=Lambeth&measure=count'],
    ['Justice, City of London', '?page=justice&borough=City+of+London'],
    ['Get support', '?page=support'],
    ['Get support, Hackney', '?page=support&borough=Hackney'],
    ['Get support, Barnet, for a need with no service listed', '?page=support&borough=Barnet&need=deaf'],
  ];

  it.each(views)('%s', async (_name, query) => {
    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}${query}`);
    await settledAny(w.page);
    expect(await axeViolations(w.page)).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('with a borough chosen on the map and every data table open', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(baseUrl());
    await settled(w.page);
    await w.page.getByRole('button', { name: /^Croydon: / }).click();
    await expect.poll(() => viewSearch(w.page)).toContain('borough=Croydon');
    await settled(w.page);
    for (const summary of await w.page.locator('summary.chart-table-summary').all()) await summary.click();
    expect(await w.page.locator('details.chart-table-details:not([open])').count()).toBe(0);
    expect(await axeViolations(w.page)).toEqual([]);
    await w.context.close();
  });

  it('in presentation mode at 1920 × 1080, on the next slide, and after moving on a borough', async () => {
    const w = await watchedPage(browser, { width: 1920, height: 1080 });
    await w.page.goto(`${baseUrl()}?page=victimisation`);
    await settled(w.page);
    await w.page.getByRole('button', { name: 'Presentation mode' }).click();
    await w.page.waitForSelector('body.presenting');
    expect(await axeViolations(w.page)).toEqual([]);
    // → the next card (the map), ↓ the next area.
    await w.page.keyboard.press('ArrowRight');
    await expect.poll(() => w.page.locator('.card.is-slide').getAttribute('data-name')).toBe('Map');
    expect(await axeViolations(w.page)).toEqual([]);
    await w.page.keyboard.press('ArrowDown');
    await expect.poll(() => viewSearch(w.page)).toContain('borough=Barking');
    await settled(w.page);
    expect(await axeViolations(w.page)).toEqual([]);
    await w.context.close();
  });

  it('on Get support on a phone', async () => {
    const w = await watchedPage(browser, { width: 360, height: 780 });
    await w.page.goto(`${baseUrl()}?page=support&borough=Lambeth&need=sexual_violence`);
    await settledAny(w.page);
    expect(await axeViolations(w.page)).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('on a phone, and with the copy-link fallback showing', async () => {
    const w = await watchedPage(browser, { width: 360, height: 780 });
    await w.context.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
    await w.page.goto(`${baseUrl()}?page=justice&borough=Croydon`);
    await settled(w.page);
    await w.page.getByRole('button', { name: 'Copy link to this view' }).click();
    await w.page.getByRole('textbox', { name: 'Link to this view' }).waitFor();
    expect(await axeViolations(w.page)).toEqual([]);
    await w.context.close();
  });
});

/** What the element with focus is, and whether a focus indicator is drawn for it. */
async function focusState(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow !== 'none';
    // Summaries draw focus as a yellow background; map shapes as a drawn ring.
    const background = style.backgroundColor === 'rgb(255, 221, 0)';
    const ring = el.classList.contains('map-area') && el.closest('svg')?.querySelector('.map-focus-ring')?.getAttribute('visibility') === 'visible';
    const rect = el.getBoundingClientRect();
    const inView = rect.bottom > 0 && rect.top < innerHeight && rect.right > 0 && rect.left < innerWidth;
    return {
      name: `${el.localName}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}: ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 50)}`,
      visible: outline || shadow || background || Boolean(ring),
      inView,
      borough: (el as HTMLElement).dataset?.borough ?? null,
    };
  });
}

describe('keyboard', () => {
  it('reaches every control by Tab, with focus visible and on screen at every stop, and the map is one stop', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}?borough=Croydon`);
    await settled(w.page);
    await w.page.locator('body').focus();
    const stops: NonNullable<Awaited<ReturnType<typeof focusState>>>[] = [];
    for (let i = 0; i < 120; i += 1) {
      await w.page.keyboard.press('Tab');
      const state = await focusState(w.page);
      if (!state) break;
      if (stops.length > 0 && stops[0]!.name === state.name) break;
      stops.push(state);
    }
    const names = stops.map((s) => s.name);
    expect(names[0]).toMatch(/^a\.skip-link/);
    expect(names.some((n) => n.includes('Exit this page'))).toBe(true);
    for (const wanted of ['Copy link to this view', 'Print', 'Presentation mode', 'Data (CSV, zip)', 'Image (PNG)', 'Image (SVG)', 'Methodology', 'Accessibility statement']) {
      expect(names.some((n) => n.includes(wanted)), wanted).toBe(true);
    }
    expect(names.filter((n) => n.startsWith('select')).length).toBeGreaterThanOrEqual(2);
    // The map is one tab stop, on the chosen borough.
    const mapStops = stops.filter((s) => s.borough !== null);
    expect(mapStops.map((s) => s.borough)).toEqual(['Croydon']);
    const hidden = stops.filter((s) => !s.visible || !s.inView);
    expect(hidden, JSON.stringify(hidden)).toEqual([]);
    await w.context.close();
  });

  it('chooses a borough on the map with the arrow keys and Enter, and opens a data table', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(baseUrl());
    await settled(w.page);
    await w.page.locator('.card--map .map-area[tabindex="0"]').focus();
    const start = (await focusState(w.page))!;
    expect(start.visible).toBe(true);
    await w.page.keyboard.press('ArrowRight');
    await w.page.keyboard.press('ArrowDown');
    const moved = (await focusState(w.page))!;
    expect(moved.borough).not.toBe(start.borough);
    expect(moved.visible).toBe(true);
    await w.page.keyboard.press('Enter');
    await expect.poll(async () => new URLSearchParams(await viewSearch(w.page)).get('borough')).toBe(moved.borough);
    await settled(w.page);
    // Focus stays on the chosen borough after the page redraws.
    expect((await focusState(w.page))?.borough).toBe(moved.borough);

    const summary = w.page.locator('.card--trend summary.chart-table-summary');
    await summary.focus();
    expect((await focusState(w.page))!.visible).toBe(true);
    await w.page.keyboard.press('Enter');
    expect(await w.page.locator('.card--trend details.chart-table-details').getAttribute('open')).not.toBeNull();
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('reaches both choices and every number and link on Get support by Tab, with focus visible and on screen at each', async () => {
    const w = await watchedPage(browser, { width: 360, height: 780 });
    await w.page.goto(`${baseUrl()}?page=support&borough=Hackney`);
    await settledAny(w.page);
    const wanted = await w.page.locator('main a[href], main select').count();
    await w.page.locator('body').focus();
    const stops: NonNullable<Awaited<ReturnType<typeof focusState>>>[] = [];
    let inMain = 0;
    for (let i = 0; i < 200; i += 1) {
      await w.page.keyboard.press('Tab');
      const state = await focusState(w.page);
      if (!state || (stops.length > 0 && stops[0]!.name === state.name)) break;
      stops.push(state);
      if (await w.page.evaluate(() => document.querySelector('main')!.contains(document.activeElement))) inMain += 1;
    }
    expect(inMain).toBe(wanted);
    const names = stops.map((s) => s.name);
    expect(names.filter((n) => n.startsWith('select')).length).toBe(2);
    expect(names.filter((n) => n.startsWith('a.service__call')).length).toBe(await w.page.locator('main a.service__call').count());
    const hidden = stops.filter((s) => !s.visible || !s.inView);
    expect(hidden, JSON.stringify(hidden)).toEqual([]);
    await w.context.close();
  });

  it('reaches the pages about the dashboard from the footer', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(baseUrl());
    await settled(w.page);
    const link = w.page.getByRole('navigation', { name: 'About this dashboard' }).getByRole('link', { name: 'Methodology' });
    await link.focus();
    await w.page.keyboard.press('Enter');
    await w.page.getByRole('heading', { level: 1, name: 'Methodology' }).waitFor();
    expect(new URLSearchParams(await viewSearch(w.page)).get('page')).toBe('methodology');
    expect(await w.page.getByRole('link', { name: 'Methodology' }).getAttribute('aria-current')).toBe('page');
    await w.context.close();
  });
});

describe('every chart has a name and a description for screen readers', () => {
  it.each([[''], ['?page=victimisation&borough=Croydon'], ['?page=justice&borough=Croydon']])('page %s', async (query) => {
    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}${query}`);
    await settled(w.page);
    const charts = await w.page.evaluate(() =>
      [...document.querySelectorAll('figure.chart')].map((figure) => {
        const text = (id: string | null) => (id ? document.getElementById(id)?.textContent?.trim() ?? '' : '');
        // Every picture in the chart that is not decoration (legend swatches are aria-hidden).
        const pictures = [...figure.querySelectorAll('.chart-body svg:not([aria-hidden="true"])')].filter((svg) => !svg.parentElement?.closest('svg'));
        return {
          title: text(figure.getAttribute('aria-labelledby')),
          pictures: pictures.map((svg) => ({ role: svg.getAttribute('role'), name: svg.getAttribute('aria-label') ?? '', description: text(svg.getAttribute('aria-describedby')) })),
          table: figure.querySelectorAll('table th').length,
        };
      }),
    );
    expect(charts.length).toBeGreaterThanOrEqual(2);
    for (const chart of charts) {
      expect(chart.title.length, JSON.stringify(chart)).toBeGreaterThan(10);
      expect(chart.pictures.length, chart.title).toBeGreaterThan(0);
      for (const picture of chart.pictures) {
        expect(['img', 'group'], chart.title).toContain(picture.role);
        expect(picture.name.length, chart.title).toBeGreaterThan(5);
      }
      // The figure is named by its title (above); its picture is described in words.
      expect(Math.max(...chart.pictures.map((p) => p.description.length)), chart.title).toBeGreaterThan(20);
      expect(chart.table, chart.title).toBeGreaterThan(0);
    }
    await w.context.close();
  });
});

describe('reduced motion and zoom', () => {
  it('nothing animates or transitions when reduced motion is asked for', async () => {
    const w = await watchedPage(browser);
    await w.page.emulateMedia({ reducedMotion: 'reduce' });
    await w.page.goto(baseUrl());
    await settled(w.page);
    await w.page.getByRole('button', { name: /^Croydon: / }).click();
    await settled(w.page);
    await w.page.locator('summary.chart-table-summary').first().click();
    const moving = await w.page.evaluate(() => ({
      animations: document.getAnimations().length,
      transitions: [...document.querySelectorAll('*')].filter((el) => {
        const style = getComputedStyle(el);
        return style.transitionDuration.split(',').some((d) => parseFloat(d) > 0) || (style.animationName !== 'none' && parseFloat(style.animationDuration) > 0);
      }).length,
      smoothScroll: getComputedStyle(document.documentElement).scrollBehavior,
    }));
    expect(moving).toEqual({ animations: 0, transitions: 0, smoothScroll: 'auto' });
    await w.context.close();
  });

  // 200% and 400% zoom of a 1280-pixel-wide window: 640 and 320 CSS pixels across.
  it.each([
    ['200%', 640, 450],
    ['400%', 320, 225],
  ])('at %s zoom nothing needs scrolling sideways and every control can be used', async (_zoom, width, height) => {
    for (const query of ['?borough=Croydon', '?page=victimisation&borough=Croydon', '?page=justice&borough=Croydon', '?page=methodology', '?page=support&borough=Lambeth']) {
      const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 2 });
      const page = await context.newPage();
      await page.goto(`${baseUrl()}${query}`);
      await settledAny(page);
      const overflow = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        // Anything wider than the screen, outside boxes that scroll on their own (data tables).
        wide: [...document.querySelectorAll('body *')]
          .filter((el) => !el.closest('.chart-table-scroll, .methodology__table-scroll, .visually-hidden, .skip-link, .chart-export-staging'))
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && (r.right > document.documentElement.clientWidth + 1 || r.left < -1);
          })
          .map((el) => `${el.localName}.${String(el.getAttribute('class') ?? '').split(' ')[0]}`)
          .slice(0, 5),
      }));
      expect(overflow, `${query} at ${width}px`).toEqual({ page: 0, wide: [] });
      if (query !== '?page=methodology') {
        await page.getByRole('button', { name: 'Copy link to this view' }).scrollIntoViewIfNeeded();
        expect(await page.getByRole('combobox', { name: 'Area' }).isVisible()).toBe(true);
      }
      await context.close();
    }
  });
});
