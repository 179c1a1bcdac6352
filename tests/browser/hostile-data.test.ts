/**
 * Hostile data in real Chromium: a site built from tests/fixtures/hostile (every column of every
 * table, and every text field of the manifest, carries XSS payloads), hostile URL values, a hostile
 * boundary file, and hostile files chosen in the page (own data, analyst mode). Nothing may run (no dialog, nothing pushed to window.__xss, no element a
 * payload would create) and the text must show as text, exactly as the validator wrote it.
 *
 * The escaping checks run with the Content Security Policy bypassed, so that they test the page's
 * own handling of text rather than the policy; a separate run under the policy checks that nothing
 * even tried to run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHeadersFile } from '../../scripts/security-headers';
import { NEUTRAL_TITLE } from '../../src/app/history-trail';
import type { Manifest } from '../../src/data/contract';
import { describeProblem } from '../../src/data/validate';
import { XSS_PAYLOADS } from '../fixtures/hostile/payloads';
import { loadFolder, readManifest } from '../unit/helpers/fixtures';
import { startNodeDatabase } from '../unit/helpers/node-database';
import { baseUrl, openBrowser } from './harness';
import { setTraps, type Traps } from './security-traps';
import { distDir, serveFolder, type StaticServer } from './static-server';

const HOSTILE = path.resolve('tests/fixtures/hostile');
const DIST = distDir();

let browser: Browser;
let outDir: string;
let site: StaticServer;
let siteWithHeaders: StaticServer;
let manifest: Manifest;
/** Every line the notices must show, as the validator (run here in DuckDB's Node build) words it. */
let expectedProblems: string[];
/** Files whose problems some test saw listed. */
const filesShown = new Set<string>();

beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'dashboard-hostile-'));
  // The real build, first view and all, from the hostile data folder.
  execFileSync(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    env: { ...process.env, DASHBOARD_DATA_DIR: HOSTILE },
    stdio: 'pipe',
  });
  site = await serveFolder(outDir);
  siteWithHeaders = await serveFolder(outDir, 0, { headers: parseHeadersFile(readFileSync(path.join(outDir, '_headers'), 'utf8')) });
  manifest = await readManifest(HOSTILE);
  const db = await startNodeDatabase();
  const loaded = await loadFolder(db, HOSTILE, '2026-11');
  expectedProblems = [
    ...loaded.problems.map(describeProblem),
    `${manifest.boundaries}: could not be loaded (HTTP 404 Not Found); the tile map is shown instead`,
  ];
  browser = await openBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await siteWithHeaders?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** Elements or attributes a payload would create if it were ever parsed as markup. */
async function injectedMarkup(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const element of document.querySelectorAll('*')) {
      const tag = element.tagName.toLowerCase();
      if (['img', 'iframe', 'math', 'mglyph', 'object', 'embed'].includes(tag)) found.push(`<${tag}>`);
      if (tag === 'script' && !element.hasAttribute('src')) found.push('inline <script>');
      if (tag === 'body' && element !== document.body) found.push('second <body>');
      for (const attribute of element.attributes) {
        if (/^on/i.test(attribute.name)) found.push(`${tag}[${attribute.name}]`);
        if (/^\s*javascript:/i.test(attribute.value)) found.push(`${tag}[${attribute.name}=javascript:]`);
      }
    }
    return found;
  });
}

async function open(options: { bypassCSP: boolean }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: options.bypassCSP });
  const page = await context.newPage();
  const traps = await setTraps(context, page);
  return { context, page, traps };
}

/** The page is drawn from DuckDB and lists the problems of the files named. */
async function drawnWithProblems(page: Page, files: readonly string[]): Promise<void> {
  await page.waitForSelector('main h1');
  await page.waitForFunction(
    (names) =>
      performance.getEntriesByName('dashboard:page-drawn').length > 0 &&
      !document.querySelector('[aria-busy="true"]') &&
      names.every((name) => document.querySelector('.notices')?.textContent?.includes(`${name}, line 2,`)),
    files,
    { timeout: 30_000 },
  );
}

async function expectNothingRan(page: Page, traps: Traps): Promise<void> {
  expect(await traps.xss()).toEqual([]);
  expect(traps.dialogs).toEqual([]);
  expect(await injectedMarkup(page)).toEqual([]);
  expect(traps.errors.filter((e) => e.startsWith('uncaught'))).toEqual([]);
}

/**
 * Every page, by its own links. `files` are those whose problems each page must list by then
 * (a page asks only for the tables it draws; with no offences it draws little).
 */
async function visitEveryPage(page: Page, traps: Traps, origin: string, files: Record<string, readonly string[]>): Promise<void> {
  await page.goto(`${origin}?borough=Croydon`);
  await drawnWithProblems(page, files.recording ?? []);
  await expectNothingRan(page, traps);
  for (const [name, id] of [['Victimisation', 'victimisation'], ['Justice', 'justice'], ['Recording', 'recording']] as const) {
    await page.getByRole('link', { name, exact: true }).click();
    await drawnWithProblems(page, files[id] ?? []);
    await expectNothingRan(page, traps);
  }
}

/** The problem lines the page lists, and the validator's lines for the same files. */
async function listedProblems(page: Page): Promise<{ shown: string[]; expected: string[] }> {
  const shown = await page.$$eval('.notices .notice--error li', (items) => items.map((li) => li.textContent ?? ''));
  const files = new Set(shown.map((line) => line.split(',')[0]!));
  for (const file of files) filesShown.add(file);
  return { shown: [...shown].sort(), expected: expectedProblems.filter((line) => files.has(line.split(',')[0]!)).sort() };
}

describe('a site built from hostile data', () => {
  const mustList = { recording: ['offences.csv', 'population.csv'] };

  it('shows the hostile values of the files it reads, and the manifest text, as text, and runs none of it', async () => {
    const t = await open({ bypassCSP: true });
    await visitEveryPage(t.page, t.traps, site.url, mustList);

    const { shown, expected } = await listedProblems(t.page);
    // Exactly the validator's lines, character for character: the payloads are text, not markup.
    expect(shown).toEqual(expected);
    expect(shown).toContain(`${manifest.boundaries}: could not be loaded (HTTP 404 Not Found); the tile map is shown instead`);
    for (const payload of XSS_PAYLOADS) expect(shown.join('\n')).toContain(payload);
    const dataNotice = await t.page.locator('.data-notice').textContent();
    for (const file of manifest.files) expect(dataNotice).toContain(file.source);
    await t.context.close();
  });

  it('under the Content Security Policy, nothing even tries to run: no violation', async () => {
    const t = await open({ bypassCSP: false });
    await visitEveryPage(t.page, t.traps, siteWithHeaders.url, mustList);
    expect(await t.traps.violations()).toEqual([]);
    await t.context.close();
  });
});

describe('hostile values in the URL', () => {
  it.each(XSS_PAYLOADS.map((payload, i) => [i, payload] as const))('payload %i in every parameter shows, shortened, as text', async (_i, payload) => {
    const t = await open({ bypassCSP: true });
    const search = new URLSearchParams();
    for (const name of ['page', 'borough', 'category', 'measure', 'period']) search.set(name, payload);
    await t.page.goto(`${baseUrl()}?${search.toString()}`);
    await t.page.waitForSelector('.notices .notice--info li');
    const notices = await t.page.$$eval('.notices .notice--info li', (items) => items.map((li) => li.textContent ?? ''));
    const shown = payload.length > 40 ? `${payload.slice(0, 40)}…` : payload;
    expect(notices).toHaveLength(5);
    for (const notice of notices) if (!notice.startsWith('There is no page')) expect(notice).toContain(`"${shown}"`);
    // Every parameter was refused: the default view is shown (the title is the same on every view).
    expect(await t.page.title()).toBe(NEUTRAL_TITLE);
    expect(await t.page.locator('nav [aria-current="page"]').innerText()).toBe('Recording');
    await expect.poll(() => t.page.locator('main h1').innerText(), { timeout: 30_000 }).toMatch(/: London$/);
    await expectNothingRan(t.page, t.traps);
    await t.context.close();
  });
});

describe('hostile files chosen in the page', () => {
  const name = (i: number) => `${XSS_PAYLOADS[i]!.replace(/[/\\]/g, '_')}.csv`;

  it('"Use your own data": hostile file names and contents, in our format and a published one, shown as text, nothing run', async () => {
    const t = await open({ bypassCSP: true });
    await t.page.goto(baseUrl());
    await t.page.waitForFunction(() => performance.getEntriesByName('dashboard:page-drawn').length > 0, null, { timeout: 60_000 });
    await t.page.locator('.own-data summary').click();
    const input = t.page.locator('#own-data-files');
    await expect.poll(() => input.isEnabled(), { timeout: 30_000 }).toBe(true);
    // MPS Borough Level Crime, as published, with payloads for boroughs and categories.
    const published = ['MajorText,MinorText,BoroughName,202401,202402', ...XSS_PAYLOADS.map((p, i) => `${i % 2 ? '"' + p.replaceAll('"', '""') + '"' : 'SEXUAL OFFENCES'},RAPE,"${p.replaceAll('"', '""')}",1,2`)].join('\n');
    await input.setInputFiles([
      { name: 'offences.csv', mimeType: 'text/csv', buffer: readFileSync(path.join(HOSTILE, 'offences.csv')) },
      { name: name(1), mimeType: 'text/csv', buffer: Buffer.from(published) },
    ]);
    await t.page.waitForFunction(() => (document.querySelector('.own-data__status')?.textContent ?? '').includes('was not used') && !document.querySelector('.own-data[aria-busy="true"]'), null, { timeout: 60_000 });
    const status = (await t.page.locator('.own-data__status').textContent()) ?? '';
    expect(status).toContain(`offences.csv, line 2, column 1 (month): "${XSS_PAYLOADS[0]}" is not a month written YYYY-MM`);
    expect(status).toContain(name(1));
    for (const payload of XSS_PAYLOADS.slice(2, 6)) expect(status).toContain(payload);
    await t.page.waitForTimeout(500);
    await expectNothingRan(t.page, t.traps);
    await t.context.close();
  });

  it('analyst mode: a hostile incident extract and file name shown as text, nothing run', async () => {
    const t = await open({ bypassCSP: true });
    await t.page.goto(`${baseUrl()}?page=victimisation`);
    await t.page.waitForFunction(() => performance.getEntriesByName('dashboard:page-drawn').length > 0, null, { timeout: 60_000 });
    const quote = (p: string) => `"${p.replaceAll('"', '""')}"`;
    const extract = ['incident_id,victim_id,date,borough', '1,1,2024-01-05,Croydon', ...XSS_PAYLOADS.map((p, i) => [quote(p), quote(p), i % 2 ? quote(p) : '2024-01-06', quote(p)].join(','))].join('\n');
    await t.page.locator('#analyst-extract-file').setInputFiles({ name: name(2), mimeType: 'text/csv', buffer: Buffer.from(extract) });
    await t.page.waitForFunction(() => /left out|not used|could not be used/.test(document.querySelector('.analyst__status')?.textContent ?? ''), null, { timeout: 60_000 });
    const status = (await t.page.locator('.card--analyst').textContent()) ?? '';
    expect(status).toContain(XSS_PAYLOADS[3]!);
    await t.page.waitForTimeout(500);
    await expectNothingRan(t.page, t.traps);
    await t.context.close();
  });
});

describe('hostile text beside real data', () => {
  it('hostile manifest text, boundary names and every other table file: the charts of the real files drawn, every value shown as text, nothing run', async () => {
    const t = await open({ bypassCSP: true });
    const real = JSON.parse(readFileSync(path.join(DIST, 'data/manifest.json'), 'utf8')) as Manifest;
    const hostileManifest: Manifest = {
      ...real,
      sample: false,
      title: XSS_PAYLOADS[0]!,
      boundaries: 'boundaries.geojson',
      files: real.files.map((f, i) => ({ ...f, source: XSS_PAYLOADS[i % XSS_PAYLOADS.length]!, licence: XSS_PAYLOADS[(i + 1) % XSS_PAYLOADS.length]! })),
    };
    // A boundary file whose names are payloads (the map names boroughs from the registry, by code),
    // and one feature whose code is a payload too.
    const square = (code: string, name: string, i: number) => {
      const x = -0.5 + (i % 6) * 0.1;
      const y = 51.3 + Math.floor(i / 6) * 0.06;
      return {
        type: 'Feature',
        properties: { NAME: name, GSS_CODE: code },
        geometry: { type: 'Polygon', coordinates: [[[x, y], [x, y + 0.05], [x + 0.09, y + 0.05], [x + 0.09, y], [x, y]]] },
      };
    };
    const features = Array.from({ length: 33 }, (_, i) => square(`E090000${String(i + 1).padStart(2, '0')}`, XSS_PAYLOADS[i % XSS_PAYLOADS.length]!, i));
    features.push(square(XSS_PAYLOADS[1]!, XSS_PAYLOADS[2]!, 34));
    await t.page.route('**/data/manifest.json', (route) => route.fulfill({ json: hostileManifest }));
    await t.page.route('**/data/boundaries.geojson', (route) => route.fulfill({ contentType: 'application/geo+json', body: JSON.stringify({ type: 'FeatureCollection', features }) }));
    // Offences and population stay real, so the pages draw and go on to ask for every other table.
    const hostileTables = ['victims', 'incidents', 'repeat_victims', 'proceedings', 'england_wales'];
    for (const table of hostileTables) {
      await t.page.route(`**/data/${table}.csv`, (route) => route.fulfill({ contentType: 'text/csv', body: readFileSync(path.join(HOSTILE, `${table}.csv`), 'utf8') }));
    }

    await visitEveryPage(t.page, t.traps, baseUrl(), {
      recording: ['victims.csv', 'england_wales.csv'],
      victimisation: ['incidents.csv', 'repeat_victims.csv'],
      justice: ['proceedings.csv'],
    });
    // Back on the recording page (real offences): every chart drawn, the map from the hostile file.
    const drawn = await t.page.evaluate(() => ({
      charts: document.querySelectorAll('main .card svg').length,
      shapes: document.querySelectorAll('.card--map [role="button"]').length,
      failed: [...document.querySelectorAll('.card__error')].map((e) => e.textContent),
      dataNotice: document.querySelector('.data-notice')?.textContent ?? '',
    }));
    expect(drawn.charts).toBeGreaterThan(2);
    expect(drawn.shapes).toBe(33);
    expect(drawn.failed).toEqual([]);
    for (const file of hostileManifest.files) expect(drawn.dataNotice).toContain(file.source);
    const { shown, expected } = await listedProblems(t.page);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual(expected);
    await t.context.close();
  });

  it('between them, these tests showed the hostile values of every table file', () => {
    for (const table of ['offences', 'population', 'victims', 'incidents', 'repeat_victims', 'proceedings', 'england_wales']) expect(filesShown).toContain(`${table}.csv`);
  });
});
