/**
 * Get support (?page=support), in real Chromium against the built site. What the page shows is
 * checked against data/support/services.csv read here with a CSV parser, not against the page's own
 * reading of it: for every borough and for London, every entry that covers it (the borough's own,
 * London-wide and national) is there, in that order, with a tel: link of the written number's digits
 * for each phone, an sms: link for each text number, the website and source as outbound links, and
 * its hours. Then: the page draws with DuckDB's wasm refused (the data is not even asked for); the
 * need filter is native and keyboard-usable, stores nothing and sends nothing; the help strip links
 * every page to it; it prints on one A4 page; and the build stops on a bad row.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOROUGH_NAMES } from '../../src/data/boroughs';
import { baseUrl, openBrowser, settled, watchedPage } from './harness';
import { viewSearch } from './view-entry';

const run = promisify(execFile);

interface Row {
  name: string;
  area: string;
  serves: string;
  phone: string;
  text: string;
  website: string;
  hours: string;
  cost: string;
  source_url: string;
}
const ROWS = Papa.parse<Row>(readFileSync(path.resolve('data/support/services.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;

/** The digits a number written in the file dials: the part before any instruction, without spaces. */
function writtenNumbers(field: string): { text: string; digits: string }[] {
  if (field === '') return [];
  return field.split(';').map((part) => {
    const text = /^[+\d][\d ]*\d|^\d/.exec(part.trim())![0];
    return { text, digits: text.replace(/ /g, '') };
  });
}

/** What the page shows, per region (section heading) and entry, read from the DOM in one go. */
interface Shown {
  heading: string;
  entries: {
    name: string;
    text: string;
    links: { href: string; text: string; rel: string }[];
  }[];
}

async function shownEntries(page: Page): Promise<Shown[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('main section[aria-labelledby]')]
      .filter((section) => section.querySelector('li'))
      .map((section) => ({
        heading: document.getElementById(section.getAttribute('aria-labelledby')!)?.textContent ?? '',
        entries: [...section.querySelectorAll('li')].map((li) => ({
          name: li.querySelector('h3')?.textContent ?? '',
          text: (li as HTMLElement).innerText,
          links: [...li.querySelectorAll('a')].map((a) => ({ href: a.getAttribute('href') ?? '', text: a.textContent ?? '', rel: a.rel })),
        })),
      })),
  );
}

/** Opens a page of the site as a reader would, and waits for the support page's entries. */
async function openSupport(page: Page, query: string): Promise<void> {
  await page.goto(`${baseUrl()}${query}`);
  await page.waitForSelector('main .support-status:not(:empty)');
}

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('every entry of services.csv, for every area it covers', () => {
  it('lists, for London and each of the 33 boroughs, its own, then London-wide, then national entries, each as the file has it', async () => {
    const w = await watchedPage(browser, { width: 1280, height: 900 });
    expect(ROWS.length).toBeGreaterThan(20);
    const areasWithOwnEntries = new Set<string>();
    for (const area of ['London', ...BOROUGH_NAMES]) {
      await openSupport(w.page, area === 'London' ? '?page=support' : `?page=support&borough=${encodeURIComponent(area)}`);
      const shown = await shownEntries(w.page);
      const own = area === 'London' ? [] : ROWS.filter((r) => r.area === area);
      if (own.length > 0) areasWithOwnEntries.add(area);
      const expected = [
        ...(own.length > 0 ? [{ heading: `In ${area}`, rows: own }] : []),
        { heading: 'Across London', rows: ROWS.filter((r) => r.area === 'London') },
        { heading: 'National', rows: ROWS.filter((r) => r.area === 'National') },
      ];
      // The same entries, under the same headings, in the file's order.
      expect(shown.map((s) => [s.heading, s.entries.map((e) => e.name)]), area).toEqual(expected.map((g) => [g.heading, g.rows.map((r) => r.name)]));

      for (const [g, group] of expected.entries()) {
        for (const [i, row] of group.rows.entries()) {
          const entry = shown[g]!.entries[i]!;
          const where = `${area}: ${row.name}`;
          const links = (scheme: string) => entry.links.filter((l) => l.href.startsWith(scheme));
          // A working tel: link for each phone number: the number as written, dialling its digits only.
          expect(links('tel:').map((l) => [l.text, l.href]), where).toEqual(writtenNumbers(row.phone).map((n) => [n.text, `tel:${n.digits}`]));
          for (const l of links('tel:')) expect(l.href, where).toMatch(/^tel:\+?\d{3,13}$/);
          expect(links('sms:').map((l) => [l.text, l.href]), where).toEqual(writtenNumbers(row.text).map((n) => [n.text, `sms:${n.digits}`]));
          // Instructions after a number ("(press 2 for London)", ", then press 55") are shown with it.
          for (const part of row.phone.split(';').filter(Boolean)) expect(entry.text, where).toContain(part.trim());
          const outbound = entry.links.filter((l) => l.href.startsWith('http'));
          expect(outbound.map((l) => l.href).sort(), where).toEqual([row.website, row.source_url].filter(Boolean).sort());
          for (const l of outbound) expect(l.rel.split(' ').sort(), where).toEqual(['noopener', 'noreferrer']);
          expect(entry.text, where).toContain(row.hours === '' ? 'Not given by the source' : row.hours);
          expect(entry.text.toLowerCase(), where).toContain(row.cost === '' ? 'not stated' : row.cost.toLowerCase());
        }
      }
      if (area !== 'London' && own.length === 0) {
        const local = w.page.getByRole('region', { name: `In ${area}` });
        await expect.poll(() => local.innerText()).toContain(`No local service in ${area} is in this list yet`);
        expect(await local.getByRole('link', { name: 'Find your local council' }).getAttribute('href')).toBe('https://www.gov.uk/find-local-council');
      }
    }
    // Every borough with entries of its own was among those checked.
    expect([...areasWithOwnEntries].sort()).toEqual([...new Set(ROWS.map((r) => r.area))].filter((a) => a !== 'London' && a !== 'National').sort());
    expect(w.errors).toEqual([]);
    expect(w.foreignRequests()).toEqual([]);
    await w.context.close();
  }, 180_000);

  it('always starts with 999 and "999 then 55", and says when the list was checked and that it may have changed', async () => {
    const w = await watchedPage(browser, { width: 360, height: 780 });
    await openSupport(w.page, '?page=support&borough=Barnet');
    const first = w.page.locator('main h1 + *');
    expect(await first.innerText()).toMatch(/In an emergency, call 999\.[\s\S]*999 then 55/);
    expect(await first.getByRole('link', { name: '999' }).getAttribute('href')).toBe('tel:999');
    const checked = /Compiled on \*\*(\d{4})-(\d{2})-(\d{2})\*\*/.exec(readFileSync(path.resolve('data/support/SOURCES.md'), 'utf8'))!;
    const date = new Date(Date.UTC(+checked[1]!, +checked[2]! - 1, +checked[3]!)).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    const about = await w.page.getByRole('region', { name: 'About this list' }).innerText();
    expect(about).toContain(`last checked on ${date}`);
    expect(about).toMatch(/Numbers, opening hours and providers change/);
    expect(about).toMatch(/wrong, out of date or missing\?/);
    expect(await w.page.locator('main').innerText()).toMatch(/private \(incognito\) window/);
    await w.context.close();
  });
});

describe('drawn at once, without the data', () => {
  it('shows every service with DuckDB refused, and asks for no data, wasm or first view at all', async () => {
    const w = await watchedPage(browser, { width: 360, height: 780 });
    await w.context.route(/\.wasm(\.br|\.gz)?$|duckdb|\/data\/|first-view/, (route) => route.abort());
    await openSupport(w.page, '?page=support&borough=Croydon');
    const expected = ROWS.filter((r) => ['Croydon', 'London', 'National'].includes(r.area)).length;
    expect(await w.page.locator('main li h3').count()).toBe(expected);
    expect(w.requests.filter((u) => /\.wasm|duckdb|\/data\/|first-view/.test(u))).toEqual([]);
    // Nothing is hidden as "loading", and the figures' notice (sample or official data) is not shown.
    expect(await w.page.evaluate(() => document.body.classList.contains('is-loading'))).toBe(false);
    expect(await w.page.locator('.data-notice').isVisible()).toBe(false);
    expect(w.errors).toEqual([]);

    // A page with figures, opened from here, starts the data (and says it cannot draw without it).
    await w.page.getByRole('navigation', { name: 'Dashboard pages' }).getByRole('link', { name: 'Recording' }).click();
    await expect.poll(() => w.requests.some((u) => /\/data\/manifest\.json/.test(u))).toBe(true);
    await w.context.close();
  });
});

describe('between Get support and the pages with figures', () => {
  const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Dashboard pages' }).getByRole('link', { name, exact: true });

  it('each draws while the data is still on its way, and the figures arrive once it has', async () => {
    const w = await watchedPage(browser);
    // The data's first files are held back, so the reader moves while they load.
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await w.context.route(/\/data\/(manifest|first-view)\.json/, async (route) => {
      await held;
      await route.continue();
    });
    await openSupport(w.page, '?page=support&borough=Croydon');
    await nav(w.page, 'Recording').click();
    await expect.poll(() => w.page.evaluate(() => document.body.classList.contains('is-loading'))).toBe(true);
    expect(await w.page.locator('main').isVisible()).toBe(false);

    await nav(w.page, 'Get support').click();
    await w.page.getByRole('heading', { level: 1, name: 'Get support in Croydon' }).waitFor();
    expect(await w.page.locator('main li h3').count()).toBe(ROWS.filter((r) => ['Croydon', 'London', 'National'].includes(r.area)).length);

    release();
    await w.page.waitForFunction(() => performance.getEntriesByName('dashboard:page-drawn').length > 0, null, { timeout: 60_000 });
    // Still the support page, as the reader left it.
    expect(await w.page.locator('main h1').innerText()).toBe('Get support in Croydon');
    await nav(w.page, 'Recording').click();
    await settled(w.page);
    expect(await w.page.locator('main h1').innerText()).toMatch(/Croydon/);
    expect(await w.page.locator('main .card svg').count()).toBeGreaterThan(0);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('when the data cannot load, the pages with figures say so and Get support still draws', async () => {
    const w = await watchedPage(browser);
    await w.context.route(/\/data\/manifest\.json/, (route) => route.fulfill({ status: 404, body: 'not here' }));
    await openSupport(w.page, '?page=support');
    await nav(w.page, 'Justice').click();
    await expect.poll(() => w.page.locator('main').innerText()).toMatch(/The dashboard could not start/);
    await nav(w.page, 'Get support').click();
    await w.page.getByRole('heading', { level: 1, name: 'Get support' }).waitFor();
    expect(await w.page.locator('main li h3').count()).toBe(ROWS.filter((r) => ['London', 'National'].includes(r.area)).length);
    await nav(w.page, 'Victimisation').click();
    await expect.poll(() => w.page.locator('main').innerText()).toMatch(/The dashboard could not start/);
    await w.context.close();
  });
});

describe('the need filter', () => {
  it('is a native select used from the keyboard; the URL keeps the choice; nothing is stored or sent', async () => {
    const w = await watchedPage(browser);
    await openSupport(w.page, '?page=support&borough=Hackney');
    const requestsBefore = w.requests.length;
    const need = w.page.getByRole('combobox', { name: 'Show services for' });
    await need.focus();
    // Keyboard only: the select's options, chosen by typing, as a reader would.
    await w.page.keyboard.type('Stalking');
    await expect.poll(async () => new URLSearchParams(await viewSearch(w.page)).get('need')).toBe('stalking');
    // In the page's order: the borough's own, then London-wide, then national.
    const covering = ['Hackney', 'London', 'National'].flatMap((area) => ROWS.filter((r) => r.area === area));
    const names = async () => (await shownEntries(w.page)).flatMap((s) => s.entries.map((e) => e.name));
    const stalking = covering.filter((r) => r.serves.split(';').includes('stalking'));
    expect(stalking.length).toBeGreaterThan(1);
    expect(await names()).toEqual(stalking.map((r) => r.name));
    expect(await w.page.locator('.support-status').innerText()).toBe(`${stalking.length} of the ${covering.length} services for Hackney are for stalking.`);

    // One need covers honour-based abuse, forced marriage and FGM.
    await need.selectOption({ label: 'Honour-based abuse, forced marriage or FGM' });
    await expect.poll(() => viewSearch(w.page)).toContain('need=honour_based_abuse');
    expect(await names()).toEqual(covering.filter((r) => r.serves.split(';').some((s) => ['honour_based_abuse', 'forced_marriage', 'fgm'].includes(s))).map((r) => r.name));

    // A need with no entry yet says so, and offers every service again.
    await need.selectOption('deaf');
    await expect.poll(() => w.page.locator('.support-status').innerText()).toBe(`None of the ${covering.length} services for Hackney is specifically for Deaf people yet. Show every service.`);
    expect(await names()).toEqual([]);
    await w.page.getByRole('link', { name: 'Show every service' }).click();
    await expect.poll(() => viewSearch(w.page)).toBe('?page=support&borough=Hackney');
    expect(await names()).toEqual(covering.map((r) => r.name));

    // The area from the same form, and a link with the need in it draws that view.
    await w.page.getByRole('combobox', { name: 'Area' }).selectOption('Lambeth');
    await expect.poll(() => w.page.locator('main h1').innerText()).toBe('Get support in Lambeth');

    const kept = await w.page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie }));
    expect(kept).toEqual({ local: 0, session: 0, cookie: '' });
    // Every choice was made in the page: nothing was asked of the server but the tab's icon, which
    // Chromium fetches again for each new address, and which carries nothing of the choice.
    const asked = w.requests.slice(requestsBefore);
    expect(asked.filter((u) => new URL(u).pathname !== '/favicon.svg' || new URL(u).search !== '')).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});

describe('from every page', () => {
  it('the help strip links to support for the view\'s borough, and the navigation to the page', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}?page=victimisation&borough=Croydon`);
    const help = w.page.getByRole('complementary', { name: 'Get help' });
    const link = help.getByRole('link', { name: 'Support in Croydon' });
    expect(await link.getAttribute('href')).toBe('/?page=support&borough=Croydon');
    await w.page.getByRole('combobox', { name: 'Area' }).selectOption('Hackney');
    await expect.poll(() => help.getByRole('link', { name: /^Support in / }).innerText()).toBe('Support in Hackney');
    await help.getByRole('link', { name: 'Support in Hackney' }).click();
    await w.page.getByRole('heading', { level: 1, name: 'Get support in Hackney' }).waitFor();
    expect(new URLSearchParams(await viewSearch(w.page)).get('page')).toBe('support');
    const nav = w.page.getByRole('navigation', { name: 'Dashboard pages' }).getByRole('link', { name: 'Get support' });
    expect(await nav.getAttribute('aria-current')).toBe('page');
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});

/** Page sizes (in points) of a PDF, read from its /MediaBox entries. */
function pageSizes(pdf: Buffer): [number, number][] {
  return [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('print', () => {
  // Every borough with entries of its own (the longest handouts), one without, and London.
  const areas = [...new Set(ROWS.map((r) => r.area).filter((a) => a !== 'London' && a !== 'National')), 'Barnet', 'London'];
  it.each(areas)('gives a one-page A4 portrait handout for %s, with every number on it', async (area) => {
    const w = await watchedPage(browser);
    await openSupport(w.page, area === 'London' ? '?page=support' : `?page=support&borough=${encodeURIComponent(area)}`);
    const pdf = await w.page.pdf({ preferCSSPageSize: true, printBackground: true });
    const sizes = pageSizes(pdf);
    expect(sizes).toHaveLength(1);
    // A4 portrait: 595 × 842 points.
    expect(Math.abs(sizes[0]![0] - 595)).toBeLessThan(2);
    expect(Math.abs(sizes[0]![1] - 842)).toBeLessThan(2);
    await w.page.emulateMedia({ media: 'print' });
    for (const link of await w.page.locator('main a[href^="tel:"]').all()) expect(await link.isVisible()).toBe(true);
    expect(await w.page.locator('main a[href^="tel:"]').count()).toBeGreaterThan(10);
    expect(await w.page.locator('.controls').isVisible()).toBe(false);
    await w.context.close();
  });
});

describe('on a phone', () => {
  it('fits 360 px with nothing to scroll sideways, and every number is a 44 px tap target', async () => {
    const w = await watchedPage(browser, { width: 360, height: 780 });
    await openSupport(w.page, '?page=support&borough=Hackney');
    expect(await w.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    const heights = await w.page.locator('main a[href^="tel:"]:not([href="tel:999"])').evaluateAll((links) => links.map((a) => a.getBoundingClientRect().height));
    expect(heights.length).toBeGreaterThan(10);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);
    await w.context.close();
  });
});

describe('the build', () => {
  it('stops on a bad row, naming file, line and column; the real list passes its check', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'support-build-'));
    try {
      const build = (dir: string) =>
        run(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build', dir, '--config', path.resolve('vite.config.ts'), '--outDir', path.join(root, 'out'), '--emptyOutDir'], { env: { ...process.env, NO_COLOR: '1' } }).then(
          () => ({ code: 0, output: '' }),
          (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: `${error.stdout}${error.stderr}` }),
        );
      // A project root holding only the list: the check comes first, before anything is built.
      const bad = path.join(root, 'bad');
      mkdirSync(path.join(bad, 'data', 'support'), { recursive: true });
      cpSync(path.resolve('data/support/SOURCES.md'), path.join(bad, 'data/support/SOURCES.md'));
      const lines = readFileSync(path.resolve('data/support/services.csv'), 'utf8').split('\n');
      // Line 3 gets a number one digit short; line 5 a website on http.
      lines[2] = lines[2]!.replace('0808 500 2222', '0808 500 222');
      lines[4] = lines[4]!.replace('https://www.galop.org.uk', 'http://www.galop.org.uk');
      writeFileSync(path.join(bad, 'data/support/services.csv'), lines.join('\n'));
      const failed = await build(bad);
      expect(failed.code).not.toBe(0);
      expect(failed.output).toContain('The support list has 2 problems:');
      expect(failed.output).toContain('data/support/services.csv, line 3, column 5 (phone): "0808 500 222" is not a UK phone number');
      expect(failed.output).toContain('data/support/services.csv, line 5, column 7 (website): "http://www.galop.org.uk" does not start with https://');

      expect(failed.output).not.toContain('transforming');

      // The same root with the real list gets past the check into building (where it fails for want
      // of a site to build).
      const good = path.join(root, 'good');
      cpSync(path.resolve('data/support'), path.join(good, 'data/support'), { recursive: true });
      const other = await build(good);
      expect(other.output).toContain('transforming');
      expect(other.output).not.toContain('support list');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 180_000);
});
