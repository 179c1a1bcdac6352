/**
 * The real path, end to end, as a deployment takes it: `data:fetch` against a local stand-in for the
 * London Datastore serving the published files of ../shared/data/real (it finds the current files
 * through the datasets' API, downloads and imports them), a site built from the result, and that site
 * in Chromium. Every figure checked here is recomputed with plain code straight from the raw wide
 * files the fetch downloaded (tests/helpers/real-files.ts), never through the importer.
 *
 * The fetch takes the borough crime files and the GLA population files; not the Monthly Crime
 * Dashboard (the stand-in has only our own fixture for it, and the point here is a build whose data
 * has no domestic abuse series, as a build from the borough files alone has).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BOROUGH_NAMES } from '../../src/data/boroughs';
import type { Manifest } from '../../src/data/contract';
import { fetchData } from '../../scripts/fetch-data';
import { PUBLISHED_FILES, type PublishedFile } from '../../scripts/fetch/published-files';
import { startDatastoreStandIn } from '../helpers/datastore-stand-in';
import { realFilesPresent, siteSum, sumIn, wideFiles, yearEnding, type WideFile } from '../helpers/real-files';
import { needRealData } from '../helpers/real-data';
import { downloadedBytes, openBrowser, settled } from './harness';
import { serveFolder, type StaticServer } from './static-server';

const CURRENT = '2026-12';
let work: string;
let server: StaticServer;
let browser: Browser;
let manifest: Manifest;
/** The wide files the fetch downloaded, read plainly: what the site's figures must equal. */
let fetched: WideFile[];

/** The borough crime files as published, and the GLA's population files (not on the Datastore as such: the stand-in serves them plainly). */
const FILES: PublishedFile[] = [
  ...PUBLISHED_FILES.filter((f) => f.dataset === 'exy3m'),
  ...['gla_borough_population_2011-2022.csv', 'gla_borough_population_2023-2024.csv'].map((name) => ({ name, what: 'GLA borough population', path: `../files/${name}` })),
];

beforeAll(async () => {
  // Without ../shared each test is skipped (or, under CI, failed) by needRealData below.
  if (!realFilesPresent) return;
  work = await mkdtemp(path.join(os.tmpdir(), 'dsv-real-site-'));
  const data = path.join(work, 'data');
  const datastore = await startDatastoreStandIn();
  try {
    const outcome = await fetchData({ base: datastore.url, out: data, files: FILES, currentMonth: CURRENT, log: () => undefined });
    expect(outcome.ok, outcome.report.join('\n')).toBe(true);
    // Which real files the Datastore's "current" borough files were: read from what was downloaded.
    const served = datastore.requests.filter((r) => r.includes('/download/'));
    const sources = datastore.datasets().flatMap((d) => d.resources).filter((r) => served.some((u) => u.includes(r.id)));
    fetched = wideFiles(sources.map((r) => path.basename(r.source)).filter((f) => f.startsWith('mps_borough_crime_')));
    expect(fetched.length).toBe(2);
  } finally {
    await datastore.close();
  }
  manifest = JSON.parse(await readFile(path.join(data, 'manifest.json'), 'utf8')) as Manifest;
  execFileSync(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--outDir', path.join(work, 'dist'), '--logLevel', 'error'], {
    env: { ...process.env, DASHBOARD_DATA_DIR: data },
    stdio: 'inherit',
  });
  server = await serveFolder(path.join(work, 'dist'));
  browser = await openBrowser();
}, 600_000);

beforeEach((ctx) => needRealData(ctx));

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function open(query = ''): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}${query}`);
  await settled(page);
  return { page, errors };
}

const numberIn = (text: string) => Number(text.replace(/[^0-9]/g, ''));
const latest = () => fetched.reduce((m, f) => (f.last > m ? f.last : m), '');
/** The months of the 12 before the 12 ending `end`. */
const yearBefore = (end: string) => yearEnding(monthBefore(yearEnding(end)[0]!));
function monthBefore(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

describe('a site built from the published files', () => {
  it('opens on sexual offences (the files have no domestic abuse) and shows London’s figures equal to plain sums over the raw files', async () => {
    const { page, errors } = await open();
    expect(await page.locator('input[type=radio][value=sexual_offences]').isChecked()).toBe(true);
    const end = latest();
    for (const period of [end, '2024-01', '2020-06', '2012-12']) {
      if (period !== end) {
        await page.locator('select').nth(1).selectOption(period);
        await settled(page);
      }
      const value = (category: string) => page.locator(`.headline[data-category="${category}"] .headline__value`).innerText();
      expect(numberIn(await value('sexual_offences')), `sexual offences, 12 months to ${period}`).toBe(siteSum('London', yearEnding(period), 'sexual', fetched));
      expect(numberIn(await value('rape')), `rape, 12 months to ${period}`).toBe(siteSum('London', yearEnding(period), 'rape', fetched));
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows no 0 for domestic abuse anywhere: the tile, the map, the trend and their downloads say there is no data', async () => {
    const { page, errors } = await open('?category=domestic_abuse&measure=count');
    const tile = page.locator('.headline[data-category="domestic_abuse"]');
    expect(await tile.locator('.headline__value').innerText()).toBe('No data');
    for (const card of ['.card--map', '.card--trend', '.card--national', '.card--victims']) {
      const text = await page.locator(card).innerText();
      expect(text, card).not.toMatch(/\b0(\.0+)?\b/);
      expect(await page.locator(`${card} svg`).count(), card).toBe(0);
      expect(await page.locator(`${card} .chart-export`).count(), card).toBe(0);
    }
    expect(await page.locator('.card--map').innerText()).toMatch(/Monthly Crime Dashboard/);
    expect(await page.locator('.data-notice').innerText()).toMatch(/Not in these data: domestic abuse offences/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says once, on Victimisation and Justice, that their figures are not published by borough, instead of empty cards', async () => {
    for (const which of ['victimisation', 'justice']) {
      const { page, errors } = await open(`?page=${which}`);
      const note = page.locator('.page-note__text');
      expect(await note.innerText()).toMatch(/not published openly/);
      expect(await page.locator('main .card:visible:not(.card--analyst)').count(), which).toBe(0);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('names in every source line only files that were loaded, for the months drawn', async () => {
    const used = new Set((manifest.provenance ?? []).filter((p) => p.periods !== 'none').map((p) => p.file));
    const all = new Set((manifest.provenance ?? []).map((p) => p.file));
    for (const query of ['', '?borough=Croydon', '?period=2015-06']) {
      const { page } = await open(query);
      const lines = await page.locator('.chart-source').allInnerTexts();
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        const named = [...all].filter((f) => line.includes(f));
        expect(named.length, line).toBeGreaterThan(0);
        for (const f of named) expect(used.has(f), `${f} in "${line}"`).toBe(true);
        expect(line).not.toMatch(/sample data|Home Office/i);
      }
      await page.context().close();
    }
  });

  it('gives each borough’s change across the 2022-02 and 2023-03 file junctions within 3 points of a single file, or withholds it with a note', async () => {
    // Each junction with a single published file (any of them, fetched or not) that covers both years compared.
    const cases = [
      { junction: '2022-02', end: '2023-01' },
      { junction: '2023-03', end: '2024-01' },
    ];
    const { page, errors } = await open('');
    let compared = 0;
    let withheld = 0;
    for (const { junction, end } of cases) {
      const single = wideFiles().find((f) => [...yearEnding(end), ...yearBefore(end)].every((m) => f.sexual.has(m)))!;
      expect(single, `a file covering the two years to ${end}`).toBeDefined();
      await page.locator('select').nth(1).selectOption(end);
      await settled(page);
      for (const borough of BOROUGH_NAMES.filter((b) => b !== 'City of London')) {
        await page.locator('select').first().selectOption(borough);
        await page.waitForFunction((b) => document.querySelector('.card--headlines .card__title')?.textContent?.includes(b), borough);
        await settled(page);
        const text = await page.locator('.headline[data-category="sexual_offences"] .headline__change').innerText();
        const now = sumIn(single, borough, yearEnding(end))!;
        const before = sumIn(single, borough, yearBefore(end))!;
        const expected = ((now - before) / before) * 100;
        if (/no change is given/.test(text)) {
          expect(text, `${borough}, junction ${junction}`).toMatch(/not compar|allocat/);
          withheld += 1;
          continue;
        }
        compared += 1;
        const shown = Number(/([+−-]?\d+(\.\d+)?)%/.exec(text)![1]!.replace('−', '-'));
        expect(Math.abs(shown - expected), `${borough}, 12 months to ${end}: shown ${shown}, ${single.file} alone ${expected.toFixed(1)}`).toBeLessThanOrEqual(3);
      }
    }
    // Neither way out taken for everything: some changes are given (and checked), some withheld.
    expect(compared).toBeGreaterThan(0);
    expect(withheld).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('downloads for a real borough carry the same figures as the raw files, their files and licence', async () => {
    const { page } = await open('?borough=Croydon&measure=count');
    const unzip = async (card: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`${card} .chart-export button[data-export="csv"]`).click()]);
      const files = unzipSync(new Uint8Array(await downloadedBytes(download)));
      const csv = strFromU8(files[Object.keys(files).find((n) => n.endsWith('.csv'))!]!);
      const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
      expect(parsed.errors).toEqual([]);
      return { rows: parsed.data, pkg: JSON.parse(strFromU8(files['datapackage.json']!)) as { sources: { title: string }[]; licenses: { title: string }[] } };
    };
    const end = latest();
    const map = await unzip('.card--map');
    for (const borough of BOROUGH_NAMES.filter((b) => b !== 'City of London')) {
      const row = map.rows.find((r) => r.area === borough)!;
      expect(Number(row.offences), borough).toBe(siteSum(borough, yearEnding(end), 'sexual', fetched));
      expect(Math.abs(Number(row.rate_per_1000) - (Number(row.offences) / Number(row.population)) * 1000)).toBeLessThanOrEqual(0.00005 + 1e-9);
    }
    expect(map.rows.find((r) => r.area === 'City of London')!.status).toBe('missing');
    const used = new Set((manifest.provenance ?? []).filter((p) => p.periods !== 'none').map((p) => p.file));
    const source = map.pkg.sources[0]!.title;
    expect([...used].some((f) => source.includes(f)), source).toBe(true);
    expect(source).not.toMatch(/sample data/i);
    const licences = new Set(manifest.files.map((f) => f.licence));
    for (const l of map.pkg.licenses) expect(licences).toContain(l.title);

    // The trend: London month by month, as the raw files give it, with the population's year beside it.
    const trend = await unzip('.card--trend');
    const london = trend.rows.filter((r) => r.area === 'London' && r.offences !== '');
    expect(london.length).toBeGreaterThan(100);
    for (const row of london.filter((_, i) => i % 5 === 0)) {
      expect(Number(row.offences), row.month).toBe(siteSum('London', [row.month!], 'sexual', fetched));
      expect(row.gss_code).toBe('E23000001');
    }
    await page.context().close();
  });
});
