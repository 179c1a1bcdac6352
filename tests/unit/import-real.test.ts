/**
 * Every real file in ../shared/data/real (public copies of the published files; CI has them),
 * through the importer. The London rape total per calendar year is checked against sums computed
 * here with plain code straight from the wide files, never through the importer.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOROUGHS, findBorough, isNonBoroughArea } from '../../src/data/boroughs';
import type { Manifest } from '../../src/data/contract';
import { convertBytes, hasErrors, OGL_ATTRIBUTION, type FileResult } from '../../src/data/import';
import { monthRange } from '../../src/data/queries/common';
import { runImport } from '../../scripts/import-data';
import { loadFolder, parseCsv, REPO_ROOT } from './helpers/fixtures';
import { startNodeDatabase } from './helpers/node-database';

const REAL = path.resolve(REPO_ROOT, '../shared/data/real');
const present = existsSync(REAL);
if (!present) console.warn(`Skipping the real-file import tests: ${REAL} is not here (CI has it).`);

const CURRENT = '2026-11';
const list = (suffix: string) => (present ? readdirSync(REAL).filter((f) => f.endsWith(suffix)).sort() : []);
const WIDE = list('.csv').filter((f) => f.startsWith('mps_borough_crime_'));

/** A wide MPS file read plainly: months, and per row its borough, minor category and counts. */
function readWide(file: string) {
  const text = readFileSync(path.join(REAL, file), 'utf8').replace(/^\uFEFF/, '');
  const [header, ...rows] = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true }).data as string[][];
  const monthCols = header!.flatMap((h, i) => (/^\d{6}$/.test(h) ? [{ i, month: `${h.slice(0, 4)}-${h.slice(4)}` }] : []));
  const minor = header!.findIndex((h) => /minor/i.test(h));
  const borough = header!.findIndex((h) => /borough/i.test(h));
  return { months: monthCols.map((c) => c.month), rows: rows.map((r) => ({ borough: r[borough]!, minor: r[minor]!, counts: new Map(monthCols.map((c) => [c.month, Number(r[c.i])])) })) };
}

/** London rape per month from one file: every row whose minor category is Rape, pseudo-boroughs included (the MPS counts them). */
function rapeByMonth(file: string): Map<string, number> {
  const { months, rows } = readWide(file);
  const out = new Map(months.map((m) => [m, 0]));
  for (const r of rows) if (r.minor.trim().toLowerCase() === 'rape') for (const [m, n] of r.counts) out.set(m, out.get(m)! + n);
  return out;
}

function byYear(byMonth: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [m, n] of byMonth) out.set(m.slice(0, 4), (out.get(m.slice(0, 4)) ?? 0) + n);
  return out;
}

function convertedRapeByYear(result: FileResult): Map<string, number> {
  const rape = result.series.find((s) => s.table === 'offences' && s.series === 'rape')!;
  const byMonth = new Map<string, number>();
  for (const [m, rows] of rape.byPeriod) byMonth.set(m, [...rows.values()].reduce((a, b) => a + b, 0));
  return byYear(byMonth);
}

describe.skipIf(!present)('real published files', () => {
  it.each(WIDE)('%s: converts without errors; London rape per calendar year equals the plain sum; every borough resolves', (file) => {
    const result = convertBytes(file, new Uint8Array(readFileSync(path.join(REAL, file))), { currentMonth: CURRENT });
    expect(result.problems.filter((p) => p.severity !== 'note')).toEqual([]);
    expect(convertedRapeByYear(result)).toEqual(byYear(rapeByMonth(file)));

    // Every name in the file, checked with the registry itself.
    const names = new Set(readWide(file).rows.map((r) => r.borough));
    for (const name of names) expect(findBorough(name) !== undefined || isNonBoroughArea(name), name).toBe(true);
    const boroughs = new Set([...names].filter((n) => findBorough(n)).map((n) => findBorough(n)!.name));
    // All 32 MPS boroughs; the City of London has its own police force.
    expect(boroughs.size).toBe(32);
    expect(boroughs.has('City of London')).toBe(false);
  });

  it.each(list('.geojson'))('%s: its 33 features match the registry, name and code', (file) => {
    const text = readFileSync(path.join(REAL, file), 'utf8');
    const features = (JSON.parse(text) as { features: { properties: { NAME: string; GSS_CODE: string } }[] }).features;
    expect(features).toHaveLength(33);
    const pairs = features.map((f) => `${f.properties.GSS_CODE} ${f.properties.NAME}`).sort();
    expect(pairs).toEqual(BOROUGHS.map((b) => `${b.code} ${b.name}`).sort());
    const result = convertBytes(file, new TextEncoder().encode(text), { currentMonth: CURRENT });
    expect(hasErrors(result.problems)).toBe(false);
    expect(result.boundaries?.features).toBe(33);
  });

  describe('all of them at once, through npm run data:import', () => {
    let out: string;
    let outcome: Awaited<ReturnType<typeof runImport>>;

    beforeAll(async () => {
      out = path.join(await mkdtemp(path.join(os.tmpdir(), 'dsv-import-real-')), 'data');
      const files = [...list('.csv'), 'london_boroughs_excluding_mhw_wgs84_5dp.geojson'].map((f) => path.join(REAL, f));
      outcome = await runImport({ files, out, currentMonth: CURRENT, log: () => undefined, progress: null, generated: '2026-11-22' });
    }, 60_000);
    afterAll(async () => {
      await rm(path.dirname(out), { recursive: true, force: true });
    });

    it('succeeds, and the app loader reads the folder back', () => {
      expect(outcome.ok, outcome.report.join('\n')).toBe(true);
      expect(outcome.rows).toMatchObject({ offences: expect.any(Number), population: expect.any(Number) });
    });

    it('London rape per calendar year equals the plain sum, each month taken from the newest file that has it', async () => {
      // Newest = latest last month; computed here from the files themselves.
      const files = WIDE.map((f) => ({ f, byMonth: rapeByMonth(f) })).map((x) => ({ ...x, last: [...x.byMonth.keys()].sort().at(-1)! }));
      const expected = new Map<string, number>();
      const allMonths = new Set(files.flatMap((x) => [...x.byMonth.keys()]));
      for (const m of allMonths) {
        const newest = files.filter((x) => x.byMonth.has(m)).sort((a, b) => (a.last < b.last ? 1 : -1))[0]!;
        expected.set(m, newest.byMonth.get(m)!);
      }
      const rows = await parseCsv(path.join(out, 'offences.csv'));
      const got = new Map<string, number>();
      for (const r of rows) if (r.category === 'rape') got.set(r.month!, (got.get(r.month!) ?? 0) + Number(r.offences));
      expect(byYear(got)).toEqual(byYear(expected));
      // Revisions documented in SOURCES.md: the newer vintage wins.
      expect(got.get('2024-01')).toBe(719);
      expect(got.get('2016-07')).toBe(563);
    });

    it('reports which months came from which file', () => {
      const report = outcome.report.join('\n');
      expect(report).toContain('2008-01 to 2010-03 from mps_borough_crime_2008-01_2016-12_oldcats.csv');
      expect(report).toContain('2023-03 to 2025-02 from mps_borough_crime_2023-03_2025-02_24m.csv');
      expect(report).toContain('mps_borough_crime_2010-04_2022-01_lookup.csv 2010-04 to 2022-01 (none of it used)');
    });

    it('writes a manifest of official data with sources, the OGL attribution and the boundaries', async () => {
      const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
      expect(manifest.sample).toBe(false);
      expect(manifest.boundaries).toBe('boundaries.geojson');
      expect(manifest.files.map((f) => f.table)).toEqual(['offences', 'population']);
      for (const f of manifest.files) expect(f.licence).toBe(OGL_ATTRIBUTION);
      expect(manifest.files[0]!.source).toContain('MPS Borough Level Crime');
    });

    it('the dashboard data layer runs on it: the latest month is the newest file’s', async () => {
      const db = await startNodeDatabase();
      const result = await loadFolder(db, out, CURRENT);
      expect(result.problems).toEqual([]);
      expect(await monthRange(db, 'offences')).toEqual({ first: '2008-01', latest: '2025-02' });
    });
  });
});
