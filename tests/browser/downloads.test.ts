/**
 * Every chart's data download, in real Chromium, checked as an analyst would check it: the zip read by
 * another reader (fflate); the CSV parsed by PapaParse with exactly one header row of column names,
 * plain numbers, a status where a figure is empty; every rate and percentage recomputed from the count
 * and the denominator beside it; every count, population and population year recomputed with plain
 * code from the CSVs the site loaded (dist/data), never through the site's queries; and the README and
 * datapackage.json naming the chart, its source line, licence, view and time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOROUGHS } from '../../src/data/boroughs';
import { baseUrl, openBrowser, openView, watchedPage } from './harness';

const DIST_DATA = path.resolve('dist/data');
type Row = Record<string, string>;
const read = (name: string): Row[] => Papa.parse<Row>(readFileSync(path.join(DIST_DATA, name), 'utf8'), { header: true, skipEmptyLines: true }).data;
const manifest = () => JSON.parse(readFileSync(path.join(DIST_DATA, 'manifest.json'), 'utf8')) as { files: { table: string; path: string; licence: string }[] };

// ---------------------------------------------------------------------------------------------------
// Plain arithmetic over the data files

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthOf = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
const window12 = (end: string) => Array.from({ length: 12 }, (_, k) => monthOf(monthIndex(end) - 11 + k));
const PARTS: Record<string, string[]> = { domestic_abuse: ['domestic_abuse'], sexual_offences: ['rape', 'other_sexual'] };
const CODE = new Map<string, string>([...BOROUGHS.map((b) => [b.name, b.code] as [string, string]), ['London', 'E23000001'], ['England and Wales', 'K04000001']]);

interface Data {
  /** Sum of a count column over rows matching. */
  sum(file: string, column: string, keep: (r: Row) => boolean): number;
  populationYears: number[];
  /** Residents of an area (London: the boroughs with any offences row) in a year. */
  population(area: string, year: number): number;
}

function loadData(): Data {
  const cache = new Map<string, Row[]>();
  const rows = (file: string) => cache.get(file) ?? (cache.set(file, read(file)), cache.get(file)!);
  const population = rows('population.csv');
  const policed = new Set(rows('offences.csv').map((r) => r.borough!).filter((b) => CODE.has(b) && b !== 'London'));
  const years = [...new Set(population.map((r) => Number(r.year)))].sort((a, b) => a - b);
  return {
    sum: (file, column, keep) => rows(file).filter(keep).reduce((s, r) => s + Number(r[column]), 0),
    populationYears: years,
    population: (area, year) =>
      population.filter((r) => Number(r.year) === year && (area === 'London' ? policed.has(r.borough!) : r.borough === area)).reduce((s, r) => s + Number(r.population), 0),
  };
}

/** The population year rules of the Methodology page, written out: clamped to the years there are. */
function clampYear(data: Data, year: number): number {
  return Math.min(Math.max(year, data.populationYears[0]!), data.populationYears.at(-1)!);
}
const rollingYear = (data: Data, end: string) => clampYear(data, Number(end.slice(5, 7)) >= 6 ? Number(end.slice(0, 4)) : Number(end.slice(0, 4)) - 1);

// ---------------------------------------------------------------------------------------------------
// Reading a download

interface Downloaded {
  fileName: string;
  csvText: string;
  header: string[];
  rows: Row[];
  readme: string;
  pkg: { title: string; homepage: string; created: string; sources: { title: string }[]; licenses: { title: string }[]; resources: { path: string; schema: { fields: { name: string; type: string }[] } }[] };
}

async function bytesOf(download: Download): Promise<Buffer> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function downloadData(page: Page, figure: string): Promise<Downloaded> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`${figure} button[data-export="csv"]`).click()]);
  const fileName = download.suggestedFilename();
  const files = unzipSync(new Uint8Array(await bytesOf(download)));
  const names = Object.keys(files);
  expect(names).toEqual([fileName.replace(/\.zip$/, '.csv'), 'README.txt', 'datapackage.json']);
  const csvText = strFromU8(files[names[0]!]!);
  // Exactly one header row: the first line, of column names, and no other line like it.
  const lines = Papa.parse<string[]>(csvText, { skipEmptyLines: true });
  expect(lines.errors).toEqual([]);
  const [header, ...body] = lines.data;
  for (const name of header!) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
  expect(new Set(header).size).toBe(header!.length);
  for (const line of body) {
    expect(line.length).toBe(header!.length);
    expect(line).not.toEqual(header);
  }
  const parsed = Papa.parse<Row>(csvText, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return {
    fileName,
    csvText,
    header: header!,
    rows: parsed.data,
    readme: strFromU8(files['README.txt']!),
    pkg: JSON.parse(strFromU8(files['datapackage.json']!)),
  };
}

/** Every rate or share in a download, and what it is worked out from. */
const RATES: Record<string, { numerator: string; denominator: string; factor: number }> = {
  rate_per_1000: { numerator: '', denominator: 'population', factor: 1000 },
  rate_per_100000: { numerator: '', denominator: 'population', factor: 100000 },
  repeat_victims_per_1000: { numerator: 'repeat_victims', denominator: 'population', factor: 1000 },
  incidents_per_victim: { numerator: 'incidents', denominator: 'victims', factor: 1 },
  percent_repeat: { numerator: 'repeat_victims', denominator: 'victims', factor: 100 },
  people_per_100_offences: { numerator: 'people_proceeded_against', denominator: 'recorded_offences', factor: 100 },
  percent_of_age_band: { numerator: '', denominator: 'age_band_total', factor: 100 },
  percent_of_all_outcomes: { numerator: 'people', denominator: 'people_all_outcomes', factor: 100 },
};
const COUNT_OF_RATE = ['offences', 'incidents', 'victims', 'people'];

/**
 * What holds for every download: plain numbers in number columns, a status for every empty figure,
 * every rate recomputed from the figures beside it, and the README and datapackage.json.
 */
async function checkGeneral(page: Page, figure: string, d: Downloaded): Promise<void> {
  const fields = d.pkg.resources[0]!.schema.fields;
  expect(fields.map((f) => f.name)).toEqual(d.header);
  const numeric = fields.filter((f) => f.type === 'integer' || f.type === 'number').map((f) => f.name);
  for (const row of d.rows) {
    for (const name of numeric) expect(row[name], `${name} in ${d.fileName}`).toMatch(/^(-?\d+(\.\d+)?)?$/);
    for (const f of fields.filter((f) => f.type === 'integer')) expect(row[f.name]).toMatch(/^(-?\d+)?$/);
    for (const f of fields.filter((f) => f.type === 'yearmonth')) expect(row[f.name]).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
    if (row.gss_code !== undefined) expect(row.gss_code, row.area).toBe(CODE.get(row.area!));
    if (row.status !== undefined) {
      expect(['shown', 'missing', 'suppressed', 'withheld']).toContain(row.status);
      if (row.status === 'shown') expect(row.status_reason).toBe('');
      else expect(row.status_reason!.length).toBeGreaterThan(10);
    }
  }
  // Every column that is a rate or share is one this test recomputes.
  const rates = d.header.filter((h) => /rate|per_|percent/.test(h) && h !== 'rate_per_100000_12_month_average');
  for (const name of rates) expect(Object.keys(RATES), name).toContain(name);
  for (const name of rates) {
    const rule = RATES[name]!;
    const numerator = rule.numerator || COUNT_OF_RATE.find((c) => d.header.includes(c))!;
    const decimals = (d.rows.find((r) => r[name] !== '')?.[name] ?? '0.0').split('.')[1]?.length ?? 0;
    let checked = 0;
    for (const row of d.rows) {
      if (row[name] === '') {
        // No rate: because a figure is not there, or the denominator is 0.
        if (row[numerator] !== '' && row[rule.denominator] !== '' && Number(row[rule.denominator]) !== 0 && !(name.includes('percent') && (row.sex === 'all' || row.outcome === 'all'))) {
          expect(row.status, `${name} empty in ${JSON.stringify(row)}`).not.toBe('shown');
        }
        continue;
      }
      const expected = (Number(row[numerator]) / Number(row[rule.denominator])) * rule.factor;
      expect(Math.abs(Number(row[name]) - expected), `${name} in ${JSON.stringify(row)}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
      checked += 1;
    }
    expect(checked, name).toBeGreaterThan(0);
  }
  // 12-month averages of monthly rates: the mean of the row's own and the 11 before, in the same area.
  if (d.header.includes('rate_per_100000_12_month_average')) {
    let checked = 0;
    for (const row of d.rows) {
      if (row.rate_per_100000_12_month_average === '') continue;
      const months = window12(row.month!);
      const rates = months.map((m) => d.rows.find((r) => r.area === row.area && r.month === m)!).map((r) => (Number(r.offences) / Number(r.population)) * 100000);
      expect(Math.abs(Number(row.rate_per_100000_12_month_average) - rates.reduce((a, b) => a + b, 0) / 12)).toBeLessThanOrEqual(0.00005 + 1e-9);
      const offences = months.reduce((s, m) => s + Number(d.rows.find((r) => r.area === row.area && r.month === m)!.offences), 0);
      expect(Number(row.offences_12_months)).toBe(offences);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(0);
  }

  // What travels with it.
  const title = await page.locator(`${figure} .chart-title`).innerText();
  const source = (await page.locator(`${figure} .chart-source`).innerText()).replace(/^Source:\s*/, '');
  const link = await page.evaluate(() => document.head.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href ?? location.href);
  expect(d.pkg.title).toBe(title);
  expect(d.pkg.sources).toEqual([{ title: source }]);
  expect(d.pkg.homepage).toBe(link);
  expect(Date.now() - Date.parse(d.pkg.created)).toBeLessThan(120_000);
  const licences = new Set(manifest().files.map((f) => f.licence));
  expect(d.pkg.licenses.length).toBeGreaterThan(0);
  for (const l of d.pkg.licenses) expect(licences).toContain(l.title);
  expect(d.readme).toContain(title);
  expect(d.readme).toContain(`Source:     ${source}`);
  expect(d.readme).toContain(`View:       ${link}`);
  expect(d.readme).toMatch(/Downloaded: \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  for (const name of d.header) expect(d.readme).toContain(`- ${name} (`);
}

// ---------------------------------------------------------------------------------------------------
// The figures, recomputed from the data files

const num = (v: string | undefined) => (v === '' || v === undefined ? null : Number(v));

let browser: Browser;
let data: Data;
beforeAll(async () => {
  browser = await openBrowser();
  data = loadData();
});
afterAll(async () => {
  await browser?.close();
});

const open = (query: string) => openView(browser, query);
const periodEnd = (d: Downloaded) => d.rows[0]!.period_end!;

describe('Recording downloads', () => {
  it.each([
    ['?borough=Croydon', 'domestic_abuse'],
    ['?borough=Kingston%20upon%20Thames&category=sexual_offences&period=2024-05', 'sexual_offences'],
  ])('%s: the map, trend, national comparison and victims, figure by figure', async (query, category) => {
    const w = await open(query);
    const area = decodeURIComponent(/borough=([^&]+)/.exec(query)![1]!);
    const parts = PARTS[category]!;
    const offences = (keep: (r: Row) => boolean) => data.sum('offences.csv', 'offences', (r) => parts.includes(r.category!) && keep(r));

    // The map: every borough, its offences, population and the population's year.
    const map = await downloadData(w.page, '.card--map figure.chart');
    await checkGeneral(w.page, '.card--map figure.chart', map);
    expect(map.rows).toHaveLength(33);
    const end = periodEnd(map);
    const year = rollingYear(data, end);
    for (const row of map.rows) {
      expect([row.category, row.period_start, row.period_end]).toEqual([category, window12(end)[0], end]);
      if (row.area === 'City of London') {
        expect([row.offences, row.rate_per_1000, row.status]).toEqual(['', '', 'missing']);
        continue;
      }
      expect(num(row.offences), row.area).toBe(offences((r) => r.borough === row.area && window12(end).includes(r.month!)));
      expect(num(row.population_year)).toBe(year);
      expect(num(row.population)).toBe(data.population(row.area!, year));
    }

    // The trend: the borough and London, month by month.
    const trend = await downloadData(w.page, '.card--trend figure.chart');
    await checkGeneral(w.page, '.card--trend figure.chart', trend);
    expect(new Set(trend.rows.map((r) => r.area))).toEqual(new Set([area, 'London']));
    for (const row of trend.rows.filter((_, i) => i % 7 === 0)) {
      const y = clampYear(data, Number(row.month!.slice(0, 4)));
      expect(num(row.offences), `${row.area} ${row.month}`).toBe(offences((r) => (row.area === 'London' || r.borough === row.area) && r.month === row.month));
      expect([num(row.population_year), num(row.population)]).toEqual([y, data.population(row.area!, y)]);
    }
    // The February 2024 rule: the month is marked for domestic abuse, and only then.
    const marked = trend.rows.filter((r) => r.counting_change !== '');
    if (category === 'domestic_abuse') {
      expect(new Set(marked.map((r) => r.month))).toEqual(new Set(['2024-02']));
      expect(marked[0]!.counting_change).toMatch(/February 2024.*not comparable/);
    } else expect(marked).toEqual([]);

    // London against England and Wales by financial year.
    const national = await downloadData(w.page, '.card--national figure.chart');
    await checkGeneral(w.page, '.card--national figure.chart', national);
    const ew = read('england_wales.csv');
    for (const row of national.rows) {
      const start = Number(row.financial_year!.slice(0, 4));
      expect([row.period_start, row.period_end]).toEqual([`${start}-04`, `${start + 1}-03`]);
      if (row.area === 'London') {
        const months = window12(row.period_end!);
        expect(num(row.offences)).toBe(offences((r) => months.includes(r.month!)));
        expect(num(row.population_year)).toBe(clampYear(data, start));
        expect(num(row.population)).toBe(data.population('London', clampYear(data, start)));
      } else {
        const rows = ew.filter((r) => r.financial_year === row.financial_year && parts.includes(r.category!));
        expect(num(row.offences)).toBe(rows.reduce((s, r) => s + Number(r.offences), 0));
        expect(num(row.population)).toBe(Number(rows[0]!.population));
      }
    }

    // Victims by sex and age: shown counts equal the sums; hidden ones are empty and say why.
    const victims = await downloadData(w.page, '.card--victims figure.chart');
    await checkGeneral(w.page, '.card--victims figure.chart', victims);
    checkBreakdown(victims, 'victims', (sex, age) =>
      data.sum('victims.csv', 'victims', (r) => r.borough === area && parts.includes(r.category!) && window12(end).includes(r.month!) && (sex === 'all' || r.sex === sex) && (age === 'all' || r.age_band === age)),
    );
    expect(victims.rows.some((r) => r.status === 'suppressed')).toBe(true);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});

/** A sex-and-age download against the true counts: shown ones equal, suppressed ones 1 to 9, withheld ones empty. */
function checkBreakdown(d: Downloaded, count: string, truth: (sex: string, age: string) => number): void {
  expect(d.rows).toHaveLength(8 * 4);
  for (const row of d.rows) {
    const actual = truth(row.sex!, row.age_band!);
    // The denominator of a share is the age band's total, all sexes.
    if (row.age_band_total !== '') expect(num(row.age_band_total), `total of ${row.age_band}`).toBe(truth('all', row.age_band!));
    if (row.status === 'shown') expect(num(row[count]), `${row.sex} ${row.age_band}`).toBe(actual);
    else {
      expect(row[count]).toBe('');
      expect(row.percent_of_age_band).toBe('');
      if (row.status === 'suppressed') {
        expect(actual).toBeGreaterThan(0);
        expect(actual).toBeLessThan(10);
      } else expect(row.status).toBe('withheld');
    }
  }
}

describe('Victimisation downloads', () => {
  it('the incidents map and the repeat-victimisation panels, figure by figure', async () => {
    const w = await open('?page=victimisation&borough=Croydon');
    const map = await downloadData(w.page, '.card--map figure.chart');
    await checkGeneral(w.page, '.card--map figure.chart', map);
    const end = periodEnd(map);
    for (const row of map.rows.filter((r) => r.area !== 'City of London')) {
      expect(num(row.incidents)).toBe(data.sum('incidents.csv', 'incidents', (r) => r.borough === row.area && window12(end).includes(r.month!)));
      expect([num(row.population_year), num(row.population)]).toEqual([rollingYear(data, end), data.population(row.area!, rollingYear(data, end))]);
    }

    const repeat = await downloadData(w.page, '.card--repeat figure.chart');
    await checkGeneral(w.page, '.card--repeat figure.chart', repeat);
    const published = read('repeat_victims.csv');
    expect(repeat.rows).toHaveLength(published.filter((r) => r.borough === 'Croydon' || r.borough === 'London').length);
    for (const row of repeat.rows) {
      const source = published.find((r) => r.borough === row.area && r.month === row.period_end)!;
      expect([row.victims, row.repeat_victims, row.incidents]).toEqual([source.victims, source.repeat_victims, source.incidents]);
      expect(row.period_start).toBe(window12(row.period_end!)[0]);
      const year = rollingYear(data, row.period_end!);
      expect([num(row.population_year), num(row.population)]).toEqual([year, data.population(row.area!, year)]);
    }
    expect(new Set(repeat.rows.filter((r) => r.counting_change !== '').map((r) => r.period_end))).toEqual(new Set(['2024-02']));
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});

describe('Justice downloads', () => {
  it.each([
    ['Croydon', 'domestic_abuse'],
    ['Sutton', 'sexual_offences'],
  ])('%s, %s: outcomes, categories, rates per 100 offences and people by sex and age, figure by figure', async (borough, category) => {
    const w = await open(`?page=justice&borough=${borough}&category=${category}`);
    const parts = PARTS[category]!;
    const people = (keep: (r: Row) => boolean) => data.sum('proceedings.csv', 'people', keep);

    const categories = await downloadData(w.page, '.card--categories figure.chart');
    await checkGeneral(w.page, '.card--categories figure.chart', categories);
    const end = periodEnd(categories);
    const inYear = (r: Row) => window12(end).includes(r.month!);
    const rates = await downloadData(w.page, '.card--rates figure.chart');
    await checkGeneral(w.page, '.card--rates figure.chart', rates);
    expect(new Set(categories.rows.map((r) => r.area))).toEqual(new Set([borough]));
    expect(new Set(rates.rows.map((r) => r.area))).toEqual(new Set([borough, 'London']));
    for (const row of [...categories.rows, ...rates.rows]) {
      const here = (r: Row) => (row.area === 'London' || r.borough === row.area) && r.category === row.category && inYear(r);
      expect(num(row.people_proceeded_against), `${row.area} ${row.category}`).toBe(people(here));
      expect(num(row.recorded_offences)).toBe(data.sum('offences.csv', 'offences', here));
    }

    const outcomes = await downloadData(w.page, '.card--outcomes figure.chart');
    await checkGeneral(w.page, '.card--outcomes figure.chart', outcomes);
    const monthly = new Map<string, number>();
    for (const r of read('proceedings.csv')) {
      if (r.borough !== borough || !parts.includes(r.category!)) continue;
      const key = `${r.month}|${r.outcome}`;
      monthly.set(key, (monthly.get(key) ?? 0) + Number(r.people));
    }
    const rolling = (endMonth: string, outcome: string) =>
      window12(endMonth).reduce((s, m) => s + (outcome === 'all' ? ['charge', 'caution', 'other_sanction'].reduce((t, o) => t + (monthly.get(`${m}|${o}`) ?? 0), 0) : (monthly.get(`${m}|${outcome}`) ?? 0)), 0);
    let hidden = 0;
    for (const row of outcomes.rows) {
      const truth = rolling(row.period_end!, row.outcome!);
      if (row.status === 'shown') expect(num(row.people), `${row.period_end} ${row.outcome}`).toBe(truth);
      else {
        hidden += 1;
        expect(row.people).toBe('');
        if (row.status === 'suppressed') expect(truth).toBeLessThan(10);
      }
    }
    // Small numbers are hidden in a borough's sexual offences, as the chart hides them.
    if (category === 'sexual_offences') expect(hidden).toBeGreaterThan(0);
    const chosen = outcomes.rows.find((r) => r.period_end === end && r.outcome === 'all')!;
    const ofCategory = categories.rows.filter((r) => parts.includes(r.category!)).reduce((s, r) => s + Number(r.people_proceeded_against), 0);
    expect(num(chosen.people)).toBe(ofCategory);

    const byAge = await downloadData(w.page, '.card--people figure.chart');
    await checkGeneral(w.page, '.card--people figure.chart', byAge);
    checkBreakdown(byAge, 'people', (sex, age) =>
      people((r) => r.borough === borough && parts.includes(r.category!) && inYear(r) && (sex === 'all' || r.sex === sex) && (age === 'all' || r.age_band === age)),
    );
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});

describe('Download the data (Methodology)', () => {
  it('offers every file the site loaded and its manifest, byte for byte, one by one and as a zip with a data dictionary', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}?page=methodology`);
    // After DuckDB's hand-over, which draws the page afresh (a status line set before it would go with
    // the page it was on).
    await w.page.waitForFunction(() => performance.getEntriesByName('dashboard:page-drawn').length > 0, null, { timeout: 60_000 });
    const section = w.page.locator('#download-the-data');
    const listed = manifest().files.map((f) => f.path);
    const links = await section.locator('.data-download__files a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('download')]));
    expect(links).toEqual([...listed, 'manifest.json'].map((p) => [`./data/${p}`, p]));
    // A link gives the file itself.
    const [one] = await Promise.all([w.page.waitForEvent('download'), section.locator('.data-download__files a').first().click()]);
    expect((await bytesOf(one)).equals(readFileSync(path.join(DIST_DATA, listed[0]!)))).toBe(true);

    const [all] = await Promise.all([w.page.waitForEvent('download'), section.getByRole('button', { name: 'Download every file (zip)' }).click()]);
    expect(all.suggestedFilename()).toBe('london-dsv-dashboard-sample-data.zip');
    const files = unzipSync(new Uint8Array(await bytesOf(all)));
    expect(Object.keys(files).sort()).toEqual([...listed, 'manifest.json', 'README.txt', 'datapackage.json'].sort());
    for (const name of [...listed, 'manifest.json']) expect(Buffer.from(files[name]!).equals(readFileSync(path.join(DIST_DATA, name))), name).toBe(true);
    const pkg = JSON.parse(strFromU8(files['datapackage.json']!)) as Downloaded['pkg'];
    const readme = strFromU8(files['README.txt']!);
    // The dictionary names every column of every file, in the file's own order.
    for (const name of listed) {
      const header = readFileSync(path.join(DIST_DATA, name), 'utf8').split(/\r?\n/)[0]!.split(',');
      expect(pkg.resources.find((r) => r.path === name)!.schema.fields.map((f) => f.name), name).toEqual(header);
      for (const column of header) expect(readme).toMatch(new RegExp(`- ${column} \\(`));
      const onPage = await section.locator(`table:has(caption:text-is("Columns of ${name}")) tbody th`).allInnerTexts();
      expect(onPage, name).toEqual(header);
    }
    expect(pkg.licenses.map((l) => l.title)).toEqual([...new Set(manifest().files.map((f) => f.licence))]);
    expect(readme).toMatch(/sample data/i);
    await expect.poll(() => section.locator('.data-download__status').innerText()).toBe('Downloaded london-dsv-dashboard-sample-data.zip');
    expect(w.errors).toEqual([]);
    expect(w.foreignRequests()).toEqual([]);
    await w.context.close();
  });
});
