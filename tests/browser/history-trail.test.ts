/**
 * The trail a visit leaves, in real Chromium (issue 21, point 1). However much a reader explores
 * (areas, periods, measures, categories, pages, presentation slides), the site keeps one entry in
 * the Back list, the address stays the site's own and the title neutral; a reload shows the same
 * view, Back leaves the site, and Exit this page leaves no entry of the site behind. The saved history
 * in the browser profile, read from its files, holds the site's address under the neutral title and
 * no view: no borough, no page, no subject.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEUTRAL_TITLE } from '../../src/app/history-trail';
import { launchChromiumWithProfile } from './chromium';
import { baseUrl, openBrowser, watchedPage } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Entry {
  length: number;
  search: string;
  hash: string;
  title: string;
  /** The view kept in the entry (history.state), as a query string. */
  view: string | null;
  canonical: string | null;
}

const entry = (page: Page): Promise<Entry> =>
  page.evaluate(() => ({
    length: history.length,
    search: location.search,
    hash: location.hash,
    title: document.title,
    view: (history.state as { view?: string } | null)?.view ?? null,
    canonical: document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href ?? null,
  }));

/**
 * The page the reader sees. Just after the first view, while DuckDB takes over, the page drawn afresh
 * from it waits hidden beside this one (main.ts, redrawFromDuckDB): a reader acts on the page shown.
 */
const shownPage = (page: Page) => page.locator('main > :not(.page-offstage)');

/** Waits until the entry's view satisfies `test` and the page has drawn it (no card still loading). */
async function viewBecomes(page: Page, test: (view: string) => boolean, what: string): Promise<Entry> {
  await expect.poll(async () => test((await entry(page)).view ?? ''), { timeout: 30_000, message: what }).toBe(true);
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .card__loading') && document.querySelector('main h1') !== null, null, { timeout: 30_000 });
  return entry(page);
}

/** Ten changes of view a reader makes: areas, a period, a radio choice, pages (tabs and footer). */
async function exploreTenViews(page: Page, check: (e: Entry, step: string) => void): Promise<void> {
  const area = (name: string) => async () => {
    await shownPage(page).getByLabel('Area', { exact: true }).selectOption(name);
    return viewBecomes(page, (v) => v.includes(`borough=${encodeURIComponent(name).replace(/%20/g, '+')}`), name);
  };
  const tab = (name: string, page_: string) => async () => {
    await page.getByRole('navigation', { name: 'Dashboard pages' }).getByRole('link', { name }).click();
    return viewBecomes(page, (v) => (page_ === 'recording' ? !v.includes('page=') : v.includes(`page=${page_}`)), name);
  };
  const steps: [string, () => Promise<Entry>][] = [
    ['Hackney', area('Hackney')],
    ['Ealing', area('Ealing')],
    ['Brent', area('Brent')],
    [
      'an earlier period',
      async () => {
        const select = shownPage(page).getByLabel('Period', { exact: true });
        const value = await select.locator('option').nth(3).getAttribute('value');
        await select.selectOption(value!);
        return viewBecomes(page, (v) => v.includes(`period=${value}`), 'period');
      },
    ],
    [
      'the other radio choice',
      async () => {
        const before = (await entry(page)).view;
        await shownPage(page).locator('form.controls input[type="radio"]:not(:checked)').first().check();
        return viewBecomes(page, (v) => v !== before, 'radio');
      },
    ],
    ['the Victimisation tab', tab('Victimisation', 'victimisation')],
    ['Southwark', area('Southwark')],
    ['the Justice tab', tab('Justice', 'justice')],
    [
      'the Methodology page, from the footer',
      async () => {
        await page.getByRole('navigation', { name: 'About this dashboard' }).getByRole('link', { name: 'Methodology' }).click();
        return viewBecomes(page, (v) => v.includes('page=methodology'), 'methodology');
      },
    ],
    ['the Recording tab', tab('Recording', 'recording')],
  ];
  for (const [step, change] of steps) check(await change(), step);
}

describe('the trail a visit leaves', () => {
  it('ten changes of view and two slides keep one entry, the site’s own address and a neutral title; reload shows the view; Back leaves; Exit leaves no entry of the site', async () => {
    const w = await watchedPage(browser);
    await w.context.route('https://www.bbc.co.uk/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>Weather</title>' }));
    // A shared link to a view: it opens that view, and the address then becomes the site's own.
    await w.page.goto(`${baseUrl()}?borough=Croydon&category=sexual_offences`);
    const arrived = await viewBecomes(w.page, (v) => v === '?borough=Croydon&category=sexual_offences', 'the linked view');
    expect(await w.page.locator('main h1').innerText()).toContain('Croydon');
    // about:blank, then the site.
    expect(arrived).toMatchObject({ length: 2, search: '', hash: '', title: NEUTRAL_TITLE, canonical: `${baseUrl()}?borough=Croydon&category=sexual_offences` });
    await expect.poll(() => w.page.locator('.history-note').innerText()).toMatch(/cannot hide one entry in your browser's history[\s\S]*delete it/);

    const seen: string[] = [];
    await exploreTenViews(w.page, (e, step) => {
      seen.push(e.view!);
      expect({ length: e.length, search: e.search, hash: e.hash, title: e.title }, step).toEqual({ length: 2, search: '', hash: '', title: NEUTRAL_TITLE });
      // "Copy link", print and downloads give the view's link, which the canonical link holds.
      expect(e.canonical, step).toBe(`${baseUrl()}${e.view}`);
    });
    expect(new Set(seen).size).toBe(10);

    // Presentation mode: → moves to the next card (the view stays), ↓ to the next area (a new view,
    // which replaces the entry too).
    await w.page.getByRole('button', { name: 'Presentation mode' }).click();
    await w.page.waitForSelector('body.presenting');
    for (let slide = 0; slide < 2; slide += 1) {
      const before = (await entry(w.page)).view;
      await w.page.locator('main').focus();
      await w.page.keyboard.press('ArrowRight');
      const next = await entry(w.page);
      expect({ length: next.length, search: next.search, title: next.title }).toEqual({ length: 2, search: '', title: NEUTRAL_TITLE });
      await w.page.keyboard.press('ArrowDown');
      const after = await viewBecomes(w.page, (v) => v !== before, `slide ${slide + 1}`);
      expect({ length: after.length, search: after.search, title: after.title }).toEqual({ length: 2, search: '', title: NEUTRAL_TITLE });
    }
    await w.page.keyboard.press('Escape');
    await w.page.waitForFunction(() => !document.body.classList.contains('presenting'));
    // The skip link moves focus without a #fragment entry.
    await w.page.locator('.skip-link').focus();
    await w.page.keyboard.press('Enter');
    expect(await w.page.evaluate(() => document.activeElement?.id)).toBe('main');
    const last = await entry(w.page);
    expect({ length: last.length, hash: last.hash }).toEqual({ length: 2, hash: '' });

    // A reload shows the same view (kept in the entry, not the address).
    await w.page.reload();
    const reloaded = await viewBecomes(w.page, (v) => v === last.view, 'the view after a reload');
    expect({ length: reloaded.length, search: reloaded.search, title: reloaded.title }).toEqual({ length: 2, search: '', title: NEUTRAL_TITLE });
    const area = new URLSearchParams(last.view!).get('borough') ?? 'London';
    expect(await w.page.locator('main h1').innerText()).toContain(area);

    // Back leaves the site at once.
    await w.page.goBack();
    expect(w.page.url()).toBe('about:blank');
    await w.page.goForward();
    await viewBecomes(w.page, (v) => v === last.view, 'the view on coming Forward');

    // A link to the site's plain address opens the first view (it is not a reload of the last one).
    await w.page.goto(baseUrl());
    expect(await viewBecomes(w.page, (v) => v === '', 'the first view, from the plain address')).toMatchObject({ length: 2, search: '' });

    // Exit this page replaces the site's one entry: the Back list keeps nothing of the site.
    await w.page.getByRole('button', { name: /Exit this page/ }).click();
    await w.page.waitForURL('https://www.bbc.co.uk/**');
    expect(await w.page.evaluate(() => history.length)).toBe(2);
    await w.page.goBack();
    expect(w.page.url()).toBe('about:blank');
    expect(w.errors).toEqual([]);
    expect(w.foreignRequests().filter((u) => !u.startsWith('https://www.bbc.co.uk/'))).toEqual([]);
    await w.context.close();
  }, 180_000);

  it('links still share the whole view: Copy link gives the view\u2019s full address, and opening it shows exactly that view', async () => {
    const w = await watchedPage(browser);
    await w.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl()).origin });
    await w.page.goto(baseUrl());
    await viewBecomes(w.page, (v) => v === '', 'the first view');
    // A view reached only by the controls (never typed or linked): a page, an area, a period, and
    // the other choice in every group of radio buttons (category, measure).
    await w.page.getByRole('navigation', { name: 'Dashboard pages' }).getByRole('link', { name: 'Justice' }).click();
    await viewBecomes(w.page, (v) => v.includes('page=justice'), 'Justice');
    await shownPage(w.page).getByLabel('Area', { exact: true }).selectOption('Lewisham');
    await viewBecomes(w.page, (v) => v.includes('borough=Lewisham'), 'Lewisham');
    const period = shownPage(w.page).getByLabel('Period', { exact: true });
    const periodValue = (await period.locator('option').nth(2).getAttribute('value'))!;
    await period.selectOption(periodValue);
    await viewBecomes(w.page, (v) => v.includes(`period=${periodValue}`), 'period');
    const groups = await shownPage(w.page).locator('form.controls fieldset').count();
    for (let i = 0; i < groups; i += 1) {
      const before = (await entry(w.page)).view;
      await shownPage(w.page).locator('form.controls fieldset').nth(i).locator('input[type="radio"]:not(:checked)').first().check();
      await viewBecomes(w.page, (v) => v !== before, `radio group ${i + 1}`);
    }
    const view = (await entry(w.page)).view!;
    // What a reader sees of the view: the heading, every control's value, every chart's title.
    const shown = (page: Page) =>
      page.evaluate(() => ({
        heading: document.querySelector('main h1')?.textContent,
        controls: [...document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('form.controls select, form.controls input:checked')].map(
          (c) => `${(c.labels?.[0] && c instanceof HTMLSelectElement ? c.labels[0].textContent : c.closest('fieldset')?.querySelector('legend')?.textContent) ?? '?'}=${c.value}`,
        ),
        charts: [...document.querySelectorAll('main .chart-title')].map((t) => t.textContent),
      }));
    const original = await shown(w.page);
    expect(original.controls.length).toBeGreaterThanOrEqual(2 + groups);
    expect(original.charts.length).toBeGreaterThan(0);
    // The address bar still holds only the site's own; the link copied holds the whole view.
    expect(w.page.url()).toBe(baseUrl());
    await w.page.getByRole('button', { name: 'Copy link to this view' }).click();
    await expect.poll(() => w.page.locator('.view-tools__status').innerText()).toMatch(/^Link copied/);
    const link = await w.page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(`${baseUrl()}${view}`);
    const params = new URLSearchParams(new URL(link).search);
    expect(params.get('page')).toBe('justice');
    expect(params.get('borough')).toBe('Lewisham');
    expect(params.get('period')).toBe(periodValue);
    expect([...params.keys()].length).toBe(3 + groups);

    // Someone else opens the link: in a browser of their own, the same view, and their address
    // bar too goes back to the site's own.
    const other = await watchedPage(browser);
    await other.page.goto(link);
    await viewBecomes(other.page, (v) => v === view, 'the shared view');
    expect(await shown(other.page)).toEqual(original);
    expect(other.page.url()).toBe(baseUrl());
    expect([...w.errors, ...other.errors]).toEqual([]);
    await other.context.close();
    await w.context.close();
  }, 180_000);

  it('the saved history in the profile holds the site’s address under the neutral title, and no view, borough or subject', async () => {
    const profile = mkdtempSync(path.join(os.tmpdir(), 'dsv-history-profile-'));
    try {
      // A Chromium of its own: only a profile on disk has a saved history to read.
      const context = await launchChromiumWithProfile(profile);
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(baseUrl());
      await viewBecomes(page, (v) => v === '', 'the first view');
      await exploreTenViews(page, () => undefined);
      await context.close();

      // Chromium's saved history is an SQLite database: its text (addresses, titles) is stored as
      // written, so it can be searched without an SQLite reader.
      const folder = path.join(profile, 'Default');
      const files = readdirSync(folder).filter((name) => /^History(-journal|-wal)?$/.test(name));
      expect(files).toContain('History');
      const saved = files.map((name) => readFileSync(path.join(folder, name)).toString('latin1')).join('\n');
      const origin = new URL(baseUrl()).origin;
      // The site was visited, and that is saved, under the neutral title (so the search can find text).
      expect(saved).toContain(`${origin}/`);
      expect(saved).toContain(NEUTRAL_TITLE);
      // ...but no view: no address with a query or fragment, no borough visited, no page or subject.
      expect(saved).not.toContain(`${origin}/?`);
      expect(saved).not.toContain(`${origin}/#`);
      for (const word of ['Hackney', 'Ealing', 'Brent', 'Southwark', 'borough=', 'page=', 'Victimisation', 'Justice', 'Domestic', 'Sexual']) {
        expect(saved, word).not.toContain(word);
      }
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }, 180_000);
});
