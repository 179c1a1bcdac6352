/**
 * A series the loaded data lacks is "no data" everywhere, never 0: in the summaries, every page query,
 * and the card layer's decision. Built on the basic fixture with its domestic abuse rows taken out, as a
 * build from the published borough files has none; and with months no file covers.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/data/contract';
import { readCoverage } from '../../src/data/coverage';
import type { Database } from '../../src/data/database';
import { boroughValues, headlineFigures, londonVsEnglandWales, monthlyTrend } from '../../src/data/queries/recording';
import { judgeNeeds } from '../../src/pages/provenance';
import { FIXTURES, loadFolder } from './helpers/fixtures';
import { startNodeDatabase } from './helpers/node-database';

const basic = path.join(FIXTURES, 'basic');
let folder: string;
let withoutProvenance: string;
let rows: Record<string, string>[];

/** The basic fixture's offences without domestic abuse, under a manifest with the importer's record. */
async function writeFolder(dir: string, provenance: Manifest['provenance'] | undefined): Promise<void> {
  const manifest = JSON.parse(await readFile(path.join(basic, 'manifest.json'), 'utf8')) as Manifest;
  manifest.sample = false;
  manifest.files = manifest.files.filter((f) => f.table === 'offences' || f.table === 'population');
  if (provenance) manifest.provenance = provenance;
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(path.join(dir, 'offences.csv'), Papa.unparse(rows));
  await writeFile(path.join(dir, 'population.csv'), await readFile(path.join(basic, 'population.csv')));
}

beforeAll(async () => {
  const all = Papa.parse<Record<string, string>>(await readFile(path.join(basic, 'offences.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
  // No domestic abuse at all; and no rows in 2023-03 (a month the record below says no file covers).
  rows = all.filter((r) => r.category !== 'domestic_abuse' && r.month !== '2023-03');
  folder = await mkdtemp(path.join(os.tmpdir(), 'dsv-absence-'));
  withoutProvenance = await mkdtemp(path.join(os.tmpdir(), 'dsv-absence-plain-'));
  const months = (from: string, to: string) => `${from} to ${to}`;
  await writeFolder(folder, [
    ...['rape', 'other_sexual'].flatMap((series) => [
      { table: 'offences', series, file: 'older.csv', periods: months('2022-01', '2023-02') },
      { table: 'offences', series, file: 'newer.csv', periods: months('2023-04', '2024-06') },
    ]),
    { table: 'population', series: 'population', file: 'population.csv', periods: '2021 to 2024' },
  ]);
  await writeFolder(withoutProvenance, undefined);
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  await rm(withoutProvenance, { recursive: true, force: true });
});

describe('a series the data lacks', () => {
  let db: Database;
  beforeAll(async () => {
    db = await startNodeDatabase();
    expect((await loadFolder(db, folder)).problems).toEqual([]);
  });

  it('has no headline figure (null), for London and for a borough, where sexual offences do', async () => {
    for (const area of ['London', 'Croydon']) {
      const figures = await headlineFigures(db, area, '2024-06');
      const da = figures.find((f) => f.category === 'domestic_abuse')!;
      expect([da.current, da.previous]).toEqual([null, null]);
      const sexual = figures.find((f) => f.category === 'sexual_offences')!;
      const plain = rows
        .filter((r) => (area === 'London' || r.borough === area) && r.month! > '2023-06' && r.month! <= '2024-06')
        .reduce((s, r) => s + Number(r.offences), 0);
      expect(sexual.current).toBe(plain);
    }
  });

  it('is no data on the map and has no trend, rather than zeros', async () => {
    const map = await boroughValues(db, 'domestic_abuse', '2024-06');
    expect(map).toHaveLength(33);
    expect(map.every((r) => r.offences === null && r.rate === null)).toBe(true);
    expect(await monthlyTrend(db, 'London', 'domestic_abuse')).toEqual([]);
    expect(await londonVsEnglandWales(db, 'domestic_abuse')).toEqual([]);
  });

  it('makes a card that draws it say so, naming who publishes it; a card of a series the data has draws, naming its files', async () => {
    const coverage = await readCoverage(db);
    const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
    const da = judgeNeeds([{ table: 'offences', series: ['domestic_abuse'] }], coverage, manifest);
    expect(da).toMatchObject({ ok: false, kind: 'absent' });
    expect(!da.ok && da.text).toMatch(/Monthly Crime Dashboard/);
    const sexual = judgeNeeds([{ table: 'offences', series: ['rape', 'other_sexual'], months: { first: '2023-07', last: '2024-06' } }], coverage, manifest);
    expect(sexual).toMatchObject({ ok: true });
    expect(sexual.ok && sexual.source).toContain('newer.csv');
    expect(sexual.ok && sexual.source).not.toContain('older.csv');
    const england = judgeNeeds([{ table: 'england_wales', series: ['rape'] }], coverage, manifest);
    expect(!england.ok && england.text).toMatch(/Home Office/);
  });
});

describe('months no file covers', () => {
  let db: Database;
  beforeAll(async () => {
    db = await startNodeDatabase();
    expect((await loadFolder(db, folder)).problems).toEqual([]);
  });

  it('are null in the trend, not 0, and no rolling year that includes one has a figure', async () => {
    const trend = await monthlyTrend(db, 'London', 'sexual_offences');
    const gap = trend.find((r) => r.month === '2023-03')!;
    expect([gap.offences, gap.rate]).toEqual([null, null]);
    expect(trend.find((r) => r.month === '2023-04')!.offences).toBeGreaterThan(0);
    // The 12 months to 2024-02 include March 2023; those to 2024-03 do not.
    expect(trend.find((r) => r.month === '2024-02')!.rollingOffences).toBeNull();
    expect(trend.find((r) => r.month === '2024-03')!.rollingOffences).not.toBeNull();
    const [, sexual] = await headlineFigures(db, 'London', '2024-02');
    expect(sexual!.current).toBeNull();
  });

  it('make a card for such a year say the period is outside what the data covers', async () => {
    const coverage = await readCoverage(db);
    const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
    const verdict = judgeNeeds([{ table: 'offences', series: ['rape', 'other_sexual'], months: { first: '2023-03', last: '2024-02' } }], coverage, manifest);
    expect(verdict).toMatchObject({ ok: false, kind: 'outside' });
  });
});

describe('data without an importer record (a folder made by hand)', () => {
  it('covers, for each series, the months from its first row to its last, and names the contract file', async () => {
    const db = await startNodeDatabase();
    expect((await loadFolder(db, withoutProvenance)).problems).toEqual([]);
    const coverage = await readCoverage(db);
    const offences = coverage.filter((e) => e.table === 'offences');
    expect(offences.map((e) => [e.series, e.first, e.last, e.file]).sort()).toEqual([
      ['other_sexual', '2022-01', '2024-06', 'offences.csv'],
      ['rape', '2022-01', '2024-06', 'offences.csv'],
    ]);
    const [da] = await headlineFigures(db, 'London', '2024-06');
    expect(da!.current).toBeNull();
  });
});
