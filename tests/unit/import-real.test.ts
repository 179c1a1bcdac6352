/**
 * Every real file in ../shared/data/real (public copies of the published files; CI has them),
 * through the importer. Without the folder, each test is skipped with that reason (and fails under
 * CI=true: tests/helpers/real-data.ts). The London rape total per calendar year is checked against sums computed
 * here with plain code straight from the wide files, never through the importer.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BOROUGHS, findBorough, isNonBoroughArea } from '../../src/data/boroughs';
import type { Manifest } from '../../src/data/contract';
import { convertBytes, hasErrors, OGL_ATTRIBUTION, type FileResult } from '../../src/data/import';
import { monthRange } from '../../src/data/queries/common';
import { runImport } from '../../scripts/import-data';
import { loadFolder, parseCsv } from './helpers/fixtures';
import { allMonths, readWide, REAL, realFiles, realFilesPresent, supplierOf, unallocatedShare, WIDE_FILES, type WideFile } from '../helpers/real-files';
import { needRealData } from '../helpers/real-data';
import { startNodeDatabase } from './helpers/node-database';

const present = realFilesPresent;

const CURRENT = '2026-11';
const list = realFiles;
const WIDE = WIDE_FILES();

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

const share = unallocatedShare;
const lastMonths = (f: WideFile, before: string) => [...f.sexual.keys()].filter((m) => m < before).sort().slice(-12);
const firstMonths = (f: WideFile, from: string) => [...f.sexual.keys()].filter((m) => m >= from).sort().slice(0, 12);
const sumOver = (f: WideFile, months: readonly string[], area: string) => months.reduce((s, m) => s + (f.sexual.get(m)?.get(area) ?? 0), 0);
const agree = (a: number, b: number) => Math.max(a, b) === 0 || (Math.abs(a - b) / Math.max(a, b)) * 100 <= 3;
/** Whether a month is in "2010-04 to 2022-01, 2023-03" ranges. */
function inRanges(month: string, ranges: string): boolean {
  return ranges.split(', ').some((r) => {
    const [from, to = from] = r.split(' to ');
    return month >= from! && month <= to!;
  });
}

describe('real published files', () => {
  beforeEach((ctx) => needRealData(ctx));
  // The tests below are listed from the folder: without it, this one stands for them.
  if (!present) it('every published file converts and imports', () => undefined);

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
      if (!present) return;
      out = path.join(await mkdtemp(path.join(os.tmpdir(), 'dsv-import-real-')), 'data');
      const files = [...list('.csv'), 'london_boroughs_excluding_mhw_wgs84_5dp.geojson'].map((f) => path.join(REAL, f));
      outcome = await runImport({ files, out, currentMonth: CURRENT, log: () => undefined, progress: null, generated: '2026-11-22' });
    }, 60_000);
    afterAll(async () => {
      if (out) await rm(path.dirname(out), { recursive: true, force: true });
    });

    it('succeeds, and the app loader reads the folder back', () => {
      expect(outcome.ok, outcome.report.join('\n')).toBe(true);
      expect(outcome.rows).toMatchObject({ offences: expect.any(Number), population: expect.any(Number) });
    });

    it('London rape per calendar year equals the plain sum, each month from the file allocating most offences to boroughs, then the newest', async () => {
      // The rule (src/data/import/splice.ts), worked out here from the files themselves.
      const expected = new Map<string, number>();
      const rape = new Map(WIDE.map((f) => [f, rapeByMonth(f)]));
      for (const m of allMonths()) expected.set(m, rape.get(supplierOf(m).file)!.get(m)!);
      const rows = await parseCsv(path.join(out, 'offences.csv'));
      const got = new Map<string, number>();
      for (const r of rows) if (r.category === 'rape') got.set(r.month!, (got.get(r.month!) ?? 0) + Number(r.offences));
      expect(byYear(got)).toEqual(byYear(expected));
      // Revisions documented in SOURCES.md: 2024-01 is 696 in the file that allocates offences (A4), 719 in the newer one that does not.
      expect(got.get('2024-01')).toBe(supplierOf('2024-01').file.includes('lookup') ? 696 : 719);
    });

    it('takes every month from one file, the one the rule chooses, and says which', async () => {
      const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
      for (const series of ['rape', 'other_sexual']) {
        const used = manifest.provenance!.filter((p) => p.table === 'offences' && p.series === series && p.periods !== 'none');
        for (const m of allMonths()) {
          const from = used.filter((p) => inRanges(m, p.periods)).map((p) => p.file);
          expect(from, `${series} ${m}`).toEqual([supplierOf(m).file]);
        }
      }
    });

    it('lists every junction between files that cannot be shown to count alike as a change of counting, and no other', async () => {
      const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
      const months = [...allMonths()].sort();
      for (const series of ['rape', 'other_sexual']) {
        const listed = new Map((manifest.countingChanges ?? []).filter((c) => c.series === series).map((c) => [c.month, c]));
        const junctions = months.slice(1).filter((m, i) => supplierOf(m).file !== supplierOf(months[i]!).file);
        expect(junctions.length).toBeGreaterThan(0);
        for (const month of junctions) {
          const before = supplierOf(months[months.indexOf(month) - 1]!);
          const after = supplierOf(month);
          const shared = [...before.sexual.keys()].filter((m) => after.sexual.has(m)).sort();
          const near = shared.filter((m) => m >= month).slice(0, 12);
          const sharesDiffer = Math.abs(share(before, lastMonths(before, month)) - share(after, firstMonths(after, month))) > 2;
          const boroughsAgree = near.length > 0 && BOROUGHS.every((b) => agree(sumOver(before, near, b.name), sumOver(after, near, b.name)));
          if (sharesDiffer) expect(listed.get(month)?.kind, `${series} ${month}`).toBe('allocation');
          else if (near.length === 0) expect(listed.get(month)?.kind, `${series} ${month}`).toBe('unverified');
          else if (boroughsAgree) expect(listed.has(month), `${series} ${month}`).toBe(false);
          else expect(listed.get(month)?.kind, `${series} ${month}`).toBe('revision');
          if (listed.has(month)) expect(listed.get(month)!.note).toMatch(/\w/);
        }
        expect([...listed.keys()].every((m) => junctions.includes(m))).toBe(true);
      }
    });

    it('says what the population figures are: the GLA files are persons-only projections', async () => {
      const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
      expect(manifest.populationNote).toMatch(/all persons/);
      expect(manifest.populationNote).toMatch(/projections/);
    });

    it('writes a manifest of official data with sources, the OGL attribution and the boundaries', async () => {
      const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
      expect(manifest.sample).toBe(false);
      expect(manifest.boundaries).toBe('boundaries.geojson');
      expect(manifest.files.map((f) => f.table)).toEqual(['offences', 'population']);
      for (const f of manifest.files) expect(f.licence).toBe(OGL_ATTRIBUTION);
      expect(manifest.files[0]!.source).toContain('MPS Borough Level Crime');
      // The map's outlines: the last boundary file given, simplified (display-boundaries.test.ts checks how), and said so.
      const points = (text: string) => (text.match(/\[-?\d+(\.\d+)?(e-?\d+)?,-?\d+(\.\d+)?(e-?\d+)?\]/g) ?? []).length.toLocaleString('en-GB');
      const file = realFiles('.geojson').at(-1)!;
      const published = readFileSync(path.join(REAL, file), 'utf8');
      const written = await readFile(path.join(out, 'boundaries.geojson'), 'utf8');
      expect(manifest.boundarySource).toContain(`, file ${file}, simplified for the map (${points(published)} points to ${points(written)};`);
      expect(manifest.boundarySource).toContain('Statistical GIS Boundary Files for London');
    });

    it('the dashboard data layer runs on it: the latest month is the newest file’s', async () => {
      const db = await startNodeDatabase();
      const result = await loadFolder(db, out, CURRENT);
      expect(result.problems).toEqual([]);
      expect(await monthRange(db, 'offences')).toEqual({ first: '2008-01', latest: '2025-02' });
    });
  });
});
