/**
 * Page 3 figures from DuckDB checked against the same figures computed in plain TypeScript over the
 * fixture rows as PapaParse reads them. The plain versions are written out long-hand on purpose: they
 * must not share code with the SQL they check.
 *
 * The fixture (tests/fixtures/justice): proceedings January 2023 to April 2024 for Croydon, Camden,
 * "Unknown" (not a borough) and Sutton (January to April 2023 only); offences October 2022 to
 * February 2024 for Croydon, Camden, Westminster (no proceedings) and "Unknown" (rape only).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/data/database';
import {
  categoryFigures,
  coversPeriod,
  justiceCoverage,
  justicePeriods,
  outcomeTrend,
  peopleBySexAndAge,
} from '../../src/data/queries/justice';
import { FIXTURES, loadFolder, parseCsv } from './helpers/fixtures';
import { refreshSummaries } from '../../src/data/summaries';
import { startNodeDatabase } from './helpers/node-database';

const folder = path.join(FIXTURES, 'justice');
const FOUR = ['domestic_abuse', 'rape', 'other_sexual', 'stalking_harassment'];
const partsOf = (category: string) => (category === 'sexual_offences' ? ['rape', 'other_sexual'] : [category]);

/** The 12 months ending `end`, listed out by counting back. */
function twelveMonthsEnding(end: string): string[] {
  const out: string[] = [];
  let year = Number(end.slice(0, 4));
  let month = Number(end.slice(5, 7));
  for (let i = 0; i < 12; i += 1) {
    out.push(`${year}-${month < 10 ? '0' : ''}${month}`);
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return out;
}

let proceedings: Record<string, string>[];
let offences: Record<string, string>[];
let db: Database;

function sumPeople(filter: (r: Record<string, string>) => boolean): number {
  let total = 0;
  for (const r of proceedings) if (filter(r)) total += Number(r.people);
  return total;
}
function sumOffences(filter: (r: Record<string, string>) => boolean): number {
  let total = 0;
  for (const r of offences) if (filter(r)) total += Number(r.offences);
  return total;
}
const inArea = (area: string) => (r: Record<string, string>) => area === 'London' || r.borough === area;

beforeAll(async () => {
  db = await startNodeDatabase();
  const result = await loadFolder(db, folder);
  expect(result.problems).toEqual([]);
  proceedings = await parseCsv(path.join(folder, 'proceedings.csv'));
  offences = await parseCsv(path.join(folder, 'offences.csv'));
  // Starting DuckDB-WASM can take more than the default 10 s while the whole suite runs in parallel.
}, 60_000);

describe('the rolling years the page offers', () => {
  it('run from 12 months after proceedings start to the latest month both tables have', async () => {
    const months = (rows: Record<string, string>[]) => rows.map((r) => r.month!).sort();
    expect(months(proceedings)[0]).toBe('2023-01');
    expect(months(offences).at(-1)).toBe('2024-02');
    const coverage = await justiceCoverage(db);
    expect(coverage).toEqual({
      proceedings: { first: '2023-01', latest: '2024-04' },
      offences: { first: '2022-10', latest: '2024-02' },
      earliestEnd: '2023-12',
      defaultEnd: '2024-02',
    });
    expect(coversPeriod(coverage!, '2023-12')).toBe(true);
    expect(coversPeriod(coverage!, '2024-02')).toBe(true);
    expect(coversPeriod(coverage!, '2023-11')).toBe(false);
    expect(coversPeriod(coverage!, '2024-03')).toBe(false);
  });

  it('fall back to proceedings alone when offences end too early or are missing, and need 12 months', () => {
    const proc = { first: '2021-04', latest: '2026-10' };
    expect(justicePeriods(proc, { first: '2010-04', latest: '2026-10' })!.defaultEnd).toBe('2026-10');
    expect(justicePeriods(proc, { first: '2010-04', latest: '2027-03' })!.defaultEnd).toBe('2026-10');
    expect(justicePeriods(proc, { first: '2010-04', latest: '2025-06' })!.defaultEnd).toBe('2025-06');
    expect(justicePeriods(proc, { first: '2010-04', latest: '2021-06' })!.defaultEnd).toBe('2026-10');
    expect(justicePeriods(proc, null)!.defaultEnd).toBe('2026-10');
    expect(justicePeriods(proc, null)!.earliestEnd).toBe('2022-03');
    expect(justicePeriods({ first: '2021-04', latest: '2022-02' }, null)).toBeNull();
    expect(justicePeriods(null, null)).toBeNull();
  });
});

describe('figures by category', () => {
  it.each([
    ['London', '2024-02'],
    ['Croydon', '2024-02'],
    ['Camden', '2023-12'],
    ['Croydon', '2024-01'],
  ])('match plain sums for %s, 12 months to %s, with London beside the borough', async (area, end) => {
    const window = twelveMonthsEnding(end);
    const rows = await categoryFigures(db, area, end);
    const areas = area === 'London' ? ['London'] : ['London', area];
    expect(rows.map((r) => `${r.area} ${r.category}`)).toEqual(areas.flatMap((a) => FOUR.map((c) => `${a} ${c}`)));
    for (const row of rows) {
      const mine = (r: Record<string, string>) => inArea(row.area)(r) && r.category === row.category && window.includes(r.month!);
      const people = sumPeople(mine);
      const byOutcome = (outcome: string) => sumPeople((r) => mine(r) && r.outcome === outcome);
      const recorded = sumOffences(mine);
      expect(row.people).toBe(people);
      expect(row.charge).toBe(byOutcome('charge'));
      expect(row.caution).toBe(byOutcome('caution'));
      expect(row.otherSanction).toBe(byOutcome('other_sanction'));
      expect(row.charge! + row.caution! + row.otherSanction!).toBe(people);
      expect(row.offences).toBe(recorded);
      expect(recorded).toBeGreaterThan(0);
      expect(row.per100).toBeCloseTo((people / recorded) * 100, 9);
    }
  });

  it('counts non-borough rows ("Unknown") in London but in no borough', async () => {
    const end = '2024-02';
    const window = twelveMonthsEnding(end);
    const rows = await categoryFigures(db, 'London', end);
    const rape = rows.find((r) => r.category === 'rape')!;
    const unknownPeople = sumPeople((r) => r.borough === 'Unknown' && r.category === 'rape' && window.includes(r.month!));
    const unknownOffences = sumOffences((r) => r.borough === 'Unknown' && r.category === 'rape' && window.includes(r.month!));
    expect(unknownPeople).toBeGreaterThan(0);
    expect(unknownOffences).toBeGreaterThan(0);
    const boroughs = ['Croydon', 'Camden', 'Sutton', 'Westminster'];
    const boroughPeople = sumPeople((r) => boroughs.includes(r.borough!) && r.category === 'rape' && window.includes(r.month!));
    const boroughOffences = sumOffences((r) => boroughs.includes(r.borough!) && r.category === 'rape' && window.includes(r.month!));
    expect(rape.people).toBe(boroughPeople + unknownPeople);
    expect(rape.offences).toBe(boroughOffences + unknownOffences);
  });

  it('gives no offences (not 0) when the offences table does not cover the whole rolling year', async () => {
    const rows = await categoryFigures(db, 'Croydon', '2024-04');
    const window = twelveMonthsEnding('2024-04');
    for (const row of rows) {
      expect(row.offences).toBeNull();
      expect(row.per100).toBeNull();
      expect(row.people).toBe(sumPeople((r) => inArea(row.area)(r) && r.category === row.category && window.includes(r.month!)));
    }
  });

  it('gives no people (not 0) for a borough with no proceedings rows, and no offences for one with no offences rows', async () => {
    const westminster = (await categoryFigures(db, 'Westminster', '2024-02')).filter((r) => r.area === 'Westminster');
    expect(westminster).toHaveLength(4);
    for (const row of westminster) {
      expect(row.people).toBeNull();
      expect(row.charge).toBeNull();
      expect(row.offences).toBe(sumOffences((r) => r.borough === 'Westminster' && r.category === row.category && twelveMonthsEnding('2024-02').includes(r.month!)));
      expect(row.per100).toBeNull();
    }
    // Sutton has proceedings (January to April 2023) but no offences at all.
    const sutton = (await categoryFigures(db, 'Sutton', '2023-12')).filter((r) => r.area === 'Sutton');
    for (const row of sutton) {
      expect(row.people).toBe(sumPeople((r) => r.borough === 'Sutton' && r.category === row.category));
      expect(row.offences).toBeNull();
    }
    // Sutton's proceedings end in April 2023: a rolling year without any is 0 people, not "no data".
    expect((await categoryFigures(db, 'Sutton', '2024-04')).filter((r) => r.area === 'Sutton').map((r) => r.people)).toEqual([0, 0, 0, 0]);
  });

  it('leaves out a category proceedings does not have', async () => {
    const other = await startNodeDatabase();
    await loadFolder(other, folder);
    await other.query(`DELETE FROM proceedings WHERE category = 'stalking_harassment'`);
    // Written here rather than through load.ts, so the summaries are worked out again by hand.
    await refreshSummaries(other, 'proceedings');
    const rows = await categoryFigures(other, 'Croydon', '2024-02');
    expect([...new Set(rows.map((r) => r.category))]).toEqual(['domestic_abuse', 'rape', 'other_sexual']);
  });
});

describe('outcomes through time', () => {
  it.each([
    ['London', 'domestic_abuse'],
    ['Croydon', 'sexual_offences'],
    ['Camden', 'domestic_abuse'],
  ] as const)('gives every rolling year proceedings covers for %s, %s, by outcome, with percentages', async (area, category) => {
    const rows = await outcomeTrend(db, area, category);
    const ends = ['2023-12', '2024-01', '2024-02', '2024-03', '2024-04'];
    expect(rows.map((r) => `${r.month} ${r.outcome}`)).toEqual(ends.flatMap((m) => ['charge', 'caution', 'other_sanction'].map((o) => `${m} ${o}`)));
    for (const row of rows) {
      const window = twelveMonthsEnding(row.month);
      const base = (r: Record<string, string>) => inArea(area)(r) && partsOf(category).includes(r.category!) && window.includes(r.month!);
      const people = sumPeople((r) => base(r) && r.outcome === row.outcome);
      const total = sumPeople(base);
      expect(row.people).toBe(people);
      expect(row.total).toBe(total);
      expect(row.percent).toBeCloseTo((people / total) * 100, 9);
    }
    for (const end of ends) {
      const shares = rows.filter((r) => r.month === end).reduce((s, r) => s + r.percent!, 0);
      expect(shares).toBeCloseTo(100, 9);
    }
  });

  it('is empty for a borough with no proceedings rows at all', async () => {
    expect(await outcomeTrend(db, 'Westminster', 'domestic_abuse')).toEqual([]);
    expect(await outcomeTrend(db, 'City of London', 'domestic_abuse')).toEqual([]);
  });

  it('gives 0 people and no percentage for a rolling year with none', async () => {
    const rows = await outcomeTrend(db, 'Sutton', 'domestic_abuse');
    const last = rows.filter((r) => r.month === '2024-04');
    expect(last.map((r) => [r.people, r.total, r.percent])).toEqual([[0, 0, null], [0, 0, null], [0, 0, null]]);
  });
});

describe('people proceeded against by sex and age', () => {
  it.each([
    ['London', 'domestic_abuse', '2024-02'],
    ['Croydon', 'sexual_offences', '2024-04'],
    ['Camden', 'domestic_abuse', '2023-12'],
  ] as const)('sums the rolling year for %s, %s, 12 months to %s', async (area, category, end) => {
    const rows = await peopleBySexAndAge(db, area, category, end);
    const window = twelveMonthsEnding(end);
    const expected = new Map<string, number>();
    for (const r of proceedings) {
      if (inArea(area)(r) && partsOf(category).includes(r.category!) && window.includes(r.month!)) {
        const key = `${r.sex}|${r.age_band}`;
        expected.set(key, (expected.get(key) ?? 0) + Number(r.people));
      }
    }
    expect(expected.size).toBeGreaterThan(3);
    expect(new Map(rows.map((r) => [`${r.sex}|${r.ageBand}`, r.people]))).toEqual(expected);
    const all = rows.reduce((s, r) => s + r.people, 0);
    expect(all).toBe(sumPeople((r) => inArea(area)(r) && partsOf(category).includes(r.category!) && window.includes(r.month!)));
  });
});
