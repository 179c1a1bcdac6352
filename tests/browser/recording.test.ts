/**
 * Page 1 in real headless Chromium against the built site and its built-in data.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOROUGH_NAMES } from '../../src/data/boroughs';
import { needRealData, realFile } from '../helpers/real-data';
import { baseUrl, openBrowser, settled, watchedPage } from './harness';
import { viewSearch } from './view-entry';

const DIST_DATA = path.resolve('dist/data');
const BOUNDARIES = 'london_boroughs_excluding_mhw_wgs84_5dp.geojson';

/** Offences rows as PapaParse reads the very file the browser loaded. */
function offencesRows(): { month: string; borough: string; category: string; offences: number }[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path.join(DIST_DATA, 'offences.csv'), 'utf8'), { header: true, skipEmptyLines: true });
  return parsed.data.map((r) => ({ month: r.month!, borough: r.borough!, category: r.category!, offences: Number(r.offences) }));
}

/** The 12 months ending `end`, listed out. */
function twelveMonthsEnding(end: string): string[] {
  const months: string[] = [];
  let year = Number(end.slice(0, 4));
  let month = Number(end.slice(5, 7));
  for (let i = 0; i < 12; i += 1) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month -= 1;
    if (month === 0) { month = 12; year -= 1; }
  }
  return months;
}

const numberIn = (text: string | null) => Number((text ?? '').replace(/[^0-9]/g, ''));

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('Recording page', () => {
  it('draws 33 borough shapes with accessible names, says it is sample data, with no console errors and no outside request', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(baseUrl());
    await settled(w.page);
    const shapes = w.page.locator('.card--map [role="button"]');
    expect(await shapes.count()).toBe(33);
    for (const name of BOROUGH_NAMES) {
      expect(await w.page.getByRole('button', { name: new RegExp(`^${name}: `) }).count(), name).toBe(1);
    }
    await expect.poll(() => w.page.locator('.data-notice').innerText()).toMatch(/Sample data[\s\S]*not official statistics/i);
    expect(w.errors).toEqual([]);
    expect(w.foreignRequests()).toEqual([]);
    expect(w.requests.some((u) => u.endsWith('.wasm'))).toBe(true);
    await w.context.close();
  });

  it('shows headline figures equal to sums computed independently from the CSV', async () => {
    const rows = offencesRows();
    const latest = rows.reduce((max, r) => (r.month > max ? r.month : max), '');
    const window = new Set(twelveMonthsEnding(latest));
    const sum = (categories: string[], borough?: string) =>
      rows.filter((r) => window.has(r.month) && categories.includes(r.category) && (!borough || r.borough === borough)).reduce((s, r) => s + r.offences, 0);

    const w = await watchedPage(browser);
    await w.page.goto(baseUrl());
    await settled(w.page);
    const value = (category: string) => w.page.locator(`.headline[data-category="${category}"] .headline__value`).innerText();
    expect(numberIn(await value('domestic_abuse'))).toBe(sum(['domestic_abuse']));
    expect(numberIn(await value('sexual_offences'))).toBe(sum(['rape', 'other_sexual']));
    expect(numberIn(await value('rape'))).toBe(sum(['rape']));

    await w.page.goto(`${baseUrl()}?borough=Lambeth`);
    await settled(w.page);
    expect(numberIn(await value('domestic_abuse'))).toBe(sum(['domestic_abuse'], 'Lambeth'));
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('choosing Croydon on the map updates the trend, the victims chart and the view; Back leaves the site, Forward returns to the view', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(baseUrl());
    await settled(w.page);
    await w.page.getByRole('button', { name: /^Croydon: / }).click();
    await expect.poll(() => viewSearch(w.page)).toContain('borough=Croydon');
    await settled(w.page);
    expect(await w.page.locator('.card--trend .chart-title').innerText()).toContain('Croydon and London');
    expect(await w.page.locator('.card--victims .chart-title').innerText()).toContain('Croydon');
    expect(await w.page.getByRole('button', { name: /^Croydon: / }).getAttribute('aria-pressed')).toBe('true');
    expect(await w.page.locator('select').first().inputValue()).toBe('Croydon');

    // The change replaced the site's one history entry (src/app/history-trail.ts): Back leaves the site.
    await w.page.goBack();
    expect(w.page.url()).toBe('about:blank');
    await w.page.goForward();
    await settled(w.page);
    expect(await w.page.locator('.card--victims .chart-title').innerText()).toContain('Croydon');
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('switches answered from the background questions show the CSV sums, and an open table keeps its rows in every frame', async () => {
    const rows = offencesRows();
    const latest = rows.reduce((max, r) => (r.month > max ? r.month : max), '');
    const window = new Set(twelveMonthsEnding(latest));
    const domesticAbuse = (borough: string) =>
      rows.filter((r) => window.has(r.month) && r.category === 'domestic_abuse' && r.borough === borough).reduce((s, r) => s + r.offences, 0);

    const w = await watchedPage(browser);
    await w.page.goto(baseUrl());
    await settled(w.page);
    // Every other area's questions asked in the background: the switches below are answered from memory.
    await w.page.waitForFunction(() => performance.getEntriesByName('dashboard:areas-warmed').length > 0, null, { timeout: 30_000 });
    await w.page.locator('.card--trend summary.chart-table-summary').click();
    expect(await w.page.locator('.card--trend tbody tr').count()).toBeGreaterThan(12);

    const boroughs = ['Barnet', 'Lambeth', 'Sutton', 'Westminster'];
    const seen = await w.page.evaluate(async (names) => {
      const select = document.querySelector<HTMLSelectElement>('main select')!;
      const frames = { total: 0, closedOrEmpty: 0 };
      let watching = true;
      const watch = () => {
        const details = document.querySelector<HTMLDetailsElement>('.card--trend details.chart-table-details');
        frames.total += 1;
        if (!details?.open || details.querySelectorAll('tbody tr').length === 0) frames.closedOrEmpty += 1;
        if (watching) requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
      const figures: { caption: string; domesticAbuse: string }[] = [];
      for (const name of names) {
        const before = performance.getEntriesByName('dashboard:view-updated').length;
        select.value = name;
        select.dispatchEvent(new Event('change', { bubbles: true }));
        while (performance.getEntriesByName('dashboard:view-updated').length === before) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
        figures.push({
          caption: document.querySelector('.card--trend table.chart-table caption')!.textContent!,
          domesticAbuse: document.querySelector('.headline[data-category="domestic_abuse"] .headline__value')!.textContent!,
        });
      }
      watching = false;
      return { frames, figures };
    }, boroughs);
    expect(seen.frames.total).toBeGreaterThan(boroughs.length);
    expect(seen.frames.closedOrEmpty).toBe(0);
    seen.figures.forEach((figure, i) => {
      expect(figure.caption).toContain(`${boroughs[i]} and London`);
      expect(numberIn(figure.domesticAbuse)).toBe(domesticAbuse(boroughs[i]!));
    });

    // The trend's tip names the month under the pointer and both of its figures.
    const plot = w.page.locator('.card--trend svg.trend-chart');
    const box = (await plot.boundingBox())!;
    await w.page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await expect.poll(() => w.page.locator('.card--trend g[aria-label="tip"]').textContent()).toMatch(/[A-Z][a-z]{2} \d{4}.*Month: [\d.]+.*12-month average: [\d.]+/);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('the trend gives offences per 100,000 residents in each month, equal to the CSVs, in its axis and table', async () => {
    const offences = offencesRows();
    const population = Papa.parse<Record<string, string>>(readFileSync(path.join(DIST_DATA, 'population.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    // London's residents: the boroughs the MPS reports on (any row in offences), in the month's year (nearest there is).
    const policed = new Set(offences.map((r) => r.borough).filter((b) => BOROUGH_NAMES.includes(b)));
    const years = [...new Set(population.map((r) => Number(r.year)))];
    const residents = (year: number) => {
      const clamped = Math.min(Math.max(year, Math.min(...years)), Math.max(...years));
      return population.filter((r) => Number(r.year) === clamped && policed.has(r.borough!)).reduce((s, r) => s + Number(r.population), 0);
    };
    const perHundredThousand = (month: string) =>
      (offences.filter((r) => r.month === month && r.category === 'domestic_abuse').reduce((s, r) => s + r.offences, 0) / residents(Number(month.slice(0, 4)))) * 100_000;
    const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const monthOf = (label: string) => `${label.slice(4)}-${String(MONTHS.indexOf(label.slice(0, 3)) + 1).padStart(2, '0')}`;

    const w = await watchedPage(browser);
    await w.page.goto(baseUrl());
    await settled(w.page);
    expect(await w.page.locator('.card--trend svg.trend-chart').textContent()).toContain('Offences per 100,000 residents, per month');
    await w.page.locator('.card--trend summary.chart-table-summary').click();
    expect(await w.page.locator('.card--trend thead th').allInnerTexts()).toEqual(['Month', 'London: offences per 100,000 in the month', 'London: 12-month average']);
    const table = await w.page.locator('.card--trend tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent!)));
    expect(table.length).toBeGreaterThan(24);
    // Given to one decimal: within half of its last place of the plain computation.
    for (const [label, monthly] of table) {
      expect(monthly, label).toMatch(/^\d+\.\d$/);
      expect(Math.abs(Number(monthly) - perHundredThousand(monthOf(label!))), label).toBeLessThanOrEqual(0.05 + 1e-9);
    }
    // The axis reads in whole tens, not "0.800".
    const ticks = await w.page.locator('.card--trend g[aria-label="y-axis tick label"] text').allTextContents();
    for (const tick of ticks) expect(tick).toMatch(/^\d+$/);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('the map marks the area chosen in the Area list, and clicking the chosen borough again returns to London', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(baseUrl());
    await settled(w.page);
    /** What the map shows as chosen: pressed buttons, the borough the outline follows, and the tab stop. */
    const marked = () =>
      w.page.$eval('.card--map', (card) => {
        const areas = [...card.querySelectorAll<SVGGElement>('.map-area')];
        const outline = card.querySelector('.map-selection')?.getAttribute('d') ?? null;
        // The outline is drawn round the area's shape (outside a tile: it never covers the label).
        return {
          pressed: areas.filter((a) => a.getAttribute('aria-pressed') === 'true').map((a) => a.dataset.borough),
          outlined: areas.filter((a) => a.dataset.outline === outline).map((a) => a.dataset.borough),
          tabStops: areas.filter((a) => a.getAttribute('tabindex') === '0').map((a) => a.dataset.borough),
        };
      });
    expect((await marked()).pressed).toEqual([]);
    for (const borough of ['Hackney', 'Sutton', 'Barnet']) {
      await w.page.locator('main select').first().selectOption(borough);
      await expect.poll(() => viewSearch(w.page)).toContain(`borough=${borough}`);
      await settled(w.page);
      expect(await marked()).toEqual({ pressed: [borough], outlined: [borough], tabStops: [borough] });
    }
    await w.page.getByRole('button', { name: /^Barnet: / }).click();
    await expect.poll(() => viewSearch(w.page)).not.toContain('borough=');
    await settled(w.page);
    const london = await marked();
    expect(london.pressed).toEqual([]);
    expect(london.outlined).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('chooses a borough by keyboard on the map and with the select list', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(baseUrl());
    await settled(w.page);
    await w.page.getByRole('button', { name: /^Croydon: / }).focus();
    await w.page.keyboard.press('ArrowRight');
    await w.page.keyboard.press('Enter');
    await expect.poll(() => viewSearch(w.page)).toContain('borough=Bromley');
    await settled(w.page);
    // Focus stays on the map after it is redrawn, so keyboard users keep their place.
    expect(await w.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')).toMatch(/^Bromley: /);

    await w.page.getByLabel('Area').selectOption('Camden');
    await expect.poll(() => viewSearch(w.page)).toContain('borough=Camden');
    await settled(w.page);
    expect(await w.page.locator('h1').innerText()).toContain('Camden');
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('restores every control from a shared link, and falls back to London with a notice for an unknown borough', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}?borough=Camden&category=sexual_offences&measure=count`);
    await settled(w.page);
    expect(await w.page.getByLabel('Area').inputValue()).toBe('Camden');
    expect(await w.page.getByRole('radio', { name: 'Sexual offences', exact: true }).isChecked()).toBe(true);
    expect(await w.page.getByRole('radio', { name: 'Number of offences', exact: true }).isChecked()).toBe(true);
    expect(await w.page.locator('.card--map .chart-title').innerText()).toMatch(/^Sexual offences by borough/);

    await w.page.goto(`${baseUrl()}?borough=Atlantis&period=1999-01`);
    await settled(w.page);
    expect(await w.page.locator('.notices').innerText()).toMatch(/"Atlantis" is not a London borough/);
    expect(await w.page.locator('.notices').innerText()).toMatch(/no 12 months ending January 1999/);
    expect(await w.page.locator('h1').innerText()).toContain('London');
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('a bad data file is named with its line and column, and the rest of the page still works', async () => {
    const w = await watchedPage(browser);
    await w.page.route('**/data/victims.csv', (route) =>
      route.fulfill({ contentType: 'text/csv', body: 'month,borough,category,sex,age_band,victims\n2024-01,Croydon,rape,female,25-34,-3\n' }),
    );
    await w.page.goto(baseUrl());
    await settled(w.page);
    expect(await w.page.locator('.notices').innerText()).toContain('victims.csv, line 2, column 6 (victims): "-3" is not a whole number of 0 or more');
    expect(await w.page.locator('.card--map [role="button"]').count()).toBe(33);
    expect(numberIn(await w.page.locator('.headline[data-category="domestic_abuse"] .headline__value').innerText())).toBeGreaterThan(0);
    await w.context.close();
  });

  it('draws a geographic map when the manifest names a boundary file', async (ctx) => {
    needRealData(ctx, BOUNDARIES);
    const w = await watchedPage(browser);
    const manifest = JSON.parse(readFileSync(path.join(DIST_DATA, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    const boundarySource = 'GLA boundaries, file test.geojson, simplified for the map (10 points to 5; borders between boroughs kept shared)';
    await w.page.route('**/data/manifest.json', (route) => route.fulfill({ json: { ...manifest, boundaries: 'boundaries.geojson', boundarySource } }));
    await w.page.route('**/data/boundaries.geojson', (route) => route.fulfill({ contentType: 'application/geo+json', body: readFileSync(realFile(BOUNDARIES), 'utf8') }));
    await w.page.goto(baseUrl());
    await settled(w.page);
    // The map names the outlines it draws, after the figures' own sources.
    expect(await w.page.locator('.card--map .chart-source').innerText()).toMatch(new RegExp(`; borough outlines: ${boundarySource.replace(/[()]/g, '\\$&')}$`));
    const shapes = w.page.locator('.card--map svg.borough-map--geo [role="button"]');
    expect(await shapes.count()).toBe(33);
    // Every shape is a borough, not the whole globe: each fits well inside the map.
    const svgBox = (await w.page.locator('.card--map svg.borough-map--geo').boundingBox())!;
    for (const box of await shapes.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.width).toBeLessThan(svgBox.width / 2);
    }
    expect(await w.page.getByRole('button', { name: /^City of London: .*City of London Police/ }).count()).toBe(1);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it.for([1280, 360])('the geographic map reads without hovering at %i px: codes inside the shapes, the list as their key, a tap names a borough', async (width, ctx) => {
    needRealData(ctx, BOUNDARIES);
    const context = await browser.newContext({ viewport: { width, height: 900 }, hasTouch: true, isMobile: width < 400 });
    const page = await context.newPage();
    const manifest = JSON.parse(readFileSync(path.join(DIST_DATA, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    await page.route('**/data/manifest.json', (route) => route.fulfill({ json: { ...manifest, boundaries: 'boundaries.geojson' } }));
    await page.route('**/data/boundaries.geojson', (route) => route.fulfill({ contentType: 'application/geo+json', body: readFileSync(realFile(BOUNDARIES), 'utf8') }));
    await page.goto(baseUrl());
    await settled(page);
    // Each code drawn on a shape lies wholly inside it: every corner of the letters' box is in the shape
    // (as wide as the browser lays the code out; as tall as capitals, about 0.72 em, centred on the
    // label's point by its dy of 0.35 em).
    const labels = await page.$$eval('.card--map svg.borough-map--geo .map-area', (areas) =>
      areas.flatMap((area) => {
        const text = area.querySelector('text');
        if (!text) return [];
        const shape = area.querySelector<SVGGeometryElement>('.map-area-shape')!;
        const box = text.getBBox();
        const half = 0.36 * Number(text.getAttribute('font-size'));
        const [top, bottom] = [Number(text.getAttribute('y')) - half, Number(text.getAttribute('y')) + half];
        const corners = [[box.x, top], [box.x + box.width, top], [box.x, bottom], [box.x + box.width, bottom]];
        const inside = corners.every(([x, y]) => shape.isPointInFill(new DOMPoint(x, y)));
        return [{ borough: (area as SVGGElement).dataset.borough!, code: text.textContent!, name: area.getAttribute('aria-label')!, inside, size: Number(text.getAttribute('font-size')) }];
      }),
    );
    expect(labels.filter((l) => !l.inside)).toEqual([]);
    for (const label of labels) {
      expect(label.size, label.borough).toBeGreaterThanOrEqual(10);
      // The button's name holds the words on it (WCAG 2.5.3): "Croydon: CRD, 10.52 per 1,000 residents".
      expect(label.name.startsWith(`${label.borough}: ${label.code}, `), label.name).toBe(true);
    }
    // Most boroughs are labelled: on a laptop all but a few small inner ones; on a phone the outer ones.
    expect(labels.length).toBeGreaterThanOrEqual(width >= 1000 ? 28 : 15);
    // The list of every borough, highest first, gives each code its name and figure.
    const ranking = page.locator('.card--map .map-ranking');
    await ranking.locator('summary').click();
    const items = await ranking.locator('.map-ranking__item').evaluateAll((els) => els.map((e) => ({ borough: (e as HTMLElement).dataset.borough!, text: (e as HTMLElement).innerText })));
    expect(items).toHaveLength(33);
    const values = items.map((i) => Number(i.text.split(/\s+/).at(-1))).filter((v) => Number.isFinite(v));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    for (const label of labels) expect(items.find((i) => i.borough === label.borough)!.text).toMatch(new RegExp(`^${label.code}\\s+${label.borough}\\s+[\\d.]+$`));
    // A shape without its code (too small for it here) still says what it is when tapped or clicked.
    const unlabelled = (await page.$$eval('.card--map .map-area:not(:has(text))', (areas) => areas.map((a) => (a as SVGGElement).dataset.borough!))).filter((b) => b !== 'City of London');
    const target = unlabelled[0] ?? 'Croydon';
    const shape = page.locator(`.card--map .map-area[data-borough="${target}"]`);
    if (width < 400) await shape.tap();
    else await shape.click();
    await expect.poll(() => page.locator('.card--map .map-readout').innerText()).toMatch(new RegExp(`^${target}( \\([A-Z]{3}\\))?: [\\d.]+ per 1,000 residents$`));
    await context.close();
  });

  it('on a 360 px phone a tap on a tile shows the full name and rate next to the map, equal to the CSVs', async () => {
    const offences = offencesRows();
    const population = Papa.parse<Record<string, string>>(readFileSync(path.join(DIST_DATA, 'population.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    const latest = offences.reduce((max, r) => (r.month > max ? r.month : max), '');
    const window = new Set(twelveMonthsEnding(latest));
    // The mid-year estimate whose 30 June falls in the 12 months (the year of the last month from June on).
    const year = Number(latest.slice(5, 7)) >= 6 ? Number(latest.slice(0, 4)) : Number(latest.slice(0, 4)) - 1;
    const years = population.map((r) => Number(r.year));
    const popYear = Math.min(Math.max(year, Math.min(...years)), Math.max(...years));
    const rate = (borough: string) =>
      (offences.filter((r) => window.has(r.month) && r.borough === borough && r.category === 'domestic_abuse').reduce((s, r) => s + r.offences, 0) /
        population.filter((r) => Number(r.year) === popYear && r.borough === borough).reduce((s, r) => s + Number(r.population), 0)) * 1000;

    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(baseUrl());
    await settled(page);
    const readout = page.locator('.card--map .map-readout');
    expect(await readout.innerText()).toMatch(/^Tap or click a borough/);
    for (const [borough, code] of [['Croydon', 'CRD'], ['Westminster', 'WST'], ['Newham', 'NWM']] as const) {
      await page.locator(`.card--map .map-area[data-borough="${borough}"]`).tap();
      await expect.poll(() => readout.innerText()).toMatch(new RegExp(`^${borough} \\(${code}\\): `));
      const shown = Number((await readout.innerText()).match(/: ([\d.]+) per 1,000 residents$/)![1]);
      expect(Math.abs(shown - rate(borough)), borough).toBeLessThanOrEqual(0.005 + 1e-9);
      // Next to the map, and on screen where the thumb is: no scrolling to find it.
      const [map, box] = [(await page.locator('.card--map svg.borough-map').boundingBox())!, (await readout.boundingBox())!];
      expect(box.y - (map.y + map.height)).toBeLessThan(40);
      expect(box.y + box.height).toBeLessThanOrEqual(780);
      expect(box.y).toBeGreaterThanOrEqual(0);
      await settled(page);
    }
    // Every tile's code fits inside its tile, and the chosen tile's outline is drawn outside it.
    const clipped = await page.$$eval('.card--map .map-area', (areas) =>
      areas.flatMap((a) => {
        const tile = a.querySelector('.map-area-shape')!.getBoundingClientRect();
        const label = a.querySelector('text')!.getBoundingClientRect();
        return label.left < tile.left || label.right > tile.right || label.top < tile.top || label.bottom > tile.bottom ? [(a as SVGGElement).dataset.borough] : [];
      }),
    );
    expect(clipped).toEqual([]);
    const chosen = await page.$eval('.card--map', (card) => {
      const tile = card.querySelector('.map-area[aria-pressed="true"] .map-area-shape')!.getBoundingClientRect();
      const outline = card.querySelector('.map-selection')!;
      const box = outline.getBoundingClientRect();
      const half = Number(outline.getAttribute('stroke-width')) / 2;
      // The stroke's inner edge (the box less half the stroke) is at or outside the tile.
      return { inside: box.left + half <= tile.left + 0.5 && box.top + half <= tile.top + 0.5 && box.right - half >= tile.right - 0.5 && box.bottom - half >= tile.bottom - 0.5 };
    });
    expect(chosen.inside).toBe(true);
    // The codes have a key: the list of every borough with its code and full name, one tap away.
    await page.locator('.card--map summary.map-ranking__summary').tap();
    expect(await page.locator('.card--map .map-ranking__item').count()).toBe(33);
    expect(await page.locator('.card--map .map-ranking__item[data-borough="Newham"]').innerText()).toMatch(/^NWM\s+Newham\s+[\d.]+$/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the colour classes of the map meet, with no gap, from the lowest borough to the highest', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(baseUrl());
    await settled(w.page);
    const classes = await w.page.$$eval('.card--map .chart-legend-item[data-lower]', (items) => items.map((i) => ({ lower: Number((i as HTMLElement).dataset.lower), upper: Number((i as HTMLElement).dataset.upper), text: i.textContent! })));
    expect(classes.length).toBe(5);
    for (let i = 1; i < classes.length; i++) {
      expect(classes[i]!.lower, classes[i]!.text).toBe(classes[i - 1]!.upper);
      expect(classes[i - 1]!.text).toMatch(/ to under /);
    }
    const values = await w.page.$$eval('.card--map .map-ranking__value', (cells) => cells.map((c) => Number(c.textContent)).filter((n) => Number.isFinite(n)));
    expect(classes[0]!.lower.toFixed(2)).toBe(Math.min(...values).toFixed(2));
    expect(classes.at(-1)!.upper.toFixed(2)).toBe(Math.max(...values).toFixed(2));
    await w.context.close();
  });

  it('fits a 360 px phone without sideways scrolling', async () => {
    const w = await watchedPage(browser, { width: 360, height: 780 });
    await w.page.goto(`${baseUrl()}?borough=Croydon`);
    await settled(w.page);
    const overflow = await w.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await w.context.close();
  });
});

describe('Exit this page', () => {
  it('replaces the page with a neutral site from the button, and Back does not return', async () => {
    const w = await watchedPage(browser);
    // The neutral site is answered locally: nothing may leave this machine.
    await w.context.route('https://www.bbc.co.uk/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>Weather</title>' }));
    await w.page.goto(baseUrl());
    await w.page.getByRole('button', { name: /Exit this page/ }).click();
    await w.page.waitForURL('https://www.bbc.co.uk/**');
    await w.page.goBack().catch(() => undefined);
    expect(w.page.url()).not.toContain('127.0.0.1');
    await w.context.close();
  });

  it('leaves when Shift is pressed three times', async () => {
    const w = await watchedPage(browser);
    await w.context.route('https://www.bbc.co.uk/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>Weather</title>' }));
    await w.page.goto(baseUrl());
    await w.page.waitForSelector('main h1');
    for (let i = 0; i < 3; i += 1) await w.page.keyboard.press('Shift');
    await w.page.waitForURL('https://www.bbc.co.uk/**');
    await w.context.close();
  });
});
