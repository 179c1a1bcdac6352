/**
 * Page 1 figures from DuckDB checked against the same figures computed in plain TypeScript over
 * the fixture rows as PapaParse reads them. The plain versions below are written out long-hand on
 * purpose: they must not share code with the SQL they check.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/data/database';
import {
  boroughValues,
  headlineFigures,
  londonVsEnglandWales,
  monthlyTrend,
  victimsBySexAndAge,
} from '../../src/data/queries/recording';
import { FIXTURES, loadFolder, parseCsv } from './helpers/fixtures';
import { startNodeDatabase } from './helpers/node-database';

const folder = path.join(FIXTURES, 'basic');
const SEXUAL = ['rape', 'other_sexual'];
const partsOf = (category: string) => (category === 'sexual_offences' ? SEXUAL : [category]);

/** Months between two YYYY-MM strings, inclusive, listed out. */
function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  for (;;) {
    const s = `${y}-${String(m).padStart(2, '0')}`;
    out.push(s);
    if (s === last) return out;
    m += 1;
    if (m === 13) { m = 1; y += 1; }
  }
}
function twelveMonthsEnding(end: string): string[] {
  const [y, m] = end.split('-').map(Number) as [number, number];
  const startM = m === 12 ? 1 : m + 1;
  const startY = m === 12 ? y : y - 1;
  return monthsBetween(`${startY}-${String(startM).padStart(2, '0')}`, end);
}

let offences: Record<string, string>[];
let population: Record<string, string>[];
let victims: Record<string, string>[];
let englandWales: Record<string, string>[];
let db: Database;

function sumOffences(filter: (r: Record<string, string>) => boolean): number {
  return offences.filter(filter).reduce((s, r) => s + Number(r.offences), 0);
}
function populationOf(boroughs: string[], year: number): number {
  return population.filter((r) => boroughs.includes(r.borough!) && Number(r.year) === year).reduce((s, r) => s + Number(r.population), 0);
}
const POLICED = ['Croydon', 'Camden', 'Westminster'];

beforeAll(async () => {
  db = await startNodeDatabase();
  const result = await loadFolder(db, folder);
  expect(result.problems).toEqual([]);
  offences = await parseCsv(path.join(folder, 'offences.csv'));
  population = await parseCsv(path.join(folder, 'population.csv'));
  victims = await parseCsv(path.join(folder, 'victims.csv'));
  englandWales = await parseCsv(path.join(folder, 'england_wales.csv'));
});

describe('headline figures', () => {
  it.each([
    ['London', '2024-06'],
    ['Croydon', '2024-06'],
    ['Camden', '2023-12'],
  ])('match plain sums for %s, 12 months to %s, with the change on the year before', async (area, end) => {
    const current = twelveMonthsEnding(end);
    const [py, pm] = end.split('-').map(Number) as [number, number];
    const previous = twelveMonthsEnding(`${py - 1}-${String(pm).padStart(2, '0')}`);
    const figures = await headlineFigures(db, area, end);
    expect(figures.map((f) => f.category)).toEqual(['domestic_abuse', 'sexual_offences', 'rape']);
    for (const figure of figures) {
      const parts = partsOf(figure.category);
      const inArea = (r: Record<string, string>) => (area === 'London' || r.borough === area) && parts.includes(r.category!);
      const expectedCurrent = sumOffences((r) => inArea(r) && current.includes(r.month!));
      const expectedPrevious = sumOffences((r) => inArea(r) && previous.includes(r.month!));
      expect(figure.current).toBe(expectedCurrent);
      expect(figure.previous).toBe(expectedPrevious);
      // London's offences outside any borough, and London's total, for the notes and the change rule.
      const unallocated = (months: string[]) => sumOffences((r) => r.borough === 'Unknown' && parts.includes(r.category!) && months.includes(r.month!));
      const london = (months: string[]) => sumOffences((r) => parts.includes(r.category!) && months.includes(r.month!));
      expect([figure.unallocatedCurrent, figure.londonCurrent]).toEqual([unallocated(current), london(current)]);
      expect([figure.unallocatedPrevious, figure.londonPrevious]).toEqual([unallocated(previous), london(previous)]);
    }
  });

  it('gives no previous year or change when the data does not reach back 24 months', async () => {
    const figures = await headlineFigures(db, 'London', '2023-06');
    expect(figures.every((f) => f.previous === null && f.londonPrevious === null)).toBe(true);
    expect(figures[0]!.current).toBe(sumOffences((r) => r.category === 'domestic_abuse' && twelveMonthsEnding('2023-06').includes(r.month!)));
  });

  it('counts non-borough rows ("Unknown") in London but in no borough', async () => {
    const [, sexual] = await headlineFigures(db, 'London', '2024-06');
    const unknown = sumOffences((r) => r.borough === 'Unknown' && twelveMonthsEnding('2024-06').includes(r.month!));
    const boroughsOnly = sumOffences((r) => POLICED.includes(r.borough!) && SEXUAL.includes(r.category!) && twelveMonthsEnding('2024-06').includes(r.month!));
    expect(unknown).toBeGreaterThan(0);
    expect(sexual!.current).toBe(boroughsOnly + unknown);
  });
});

describe('borough values for the map', () => {
  it.each([
    ['domestic_abuse', '2024-06', 2024],
    ['sexual_offences', '2024-05', 2023],
  ] as const)('%s for 12 months to %s use the %i mid-year population', async (category, end, popYear) => {
    const rows = await boroughValues(db, category, end);
    expect(rows).toHaveLength(33);
    for (const borough of POLICED) {
      const row = rows.find((r) => r.borough === borough)!;
      const count = sumOffences((r) => r.borough === borough && partsOf(category).includes(r.category!) && twelveMonthsEnding(end).includes(r.month!));
      expect(row.offences).toBe(count);
      expect(row.population).toBe(populationOf([borough], popYear));
      expect(row.populationYear).toBe(popYear);
      expect(row.rate).toBeCloseTo((count / populationOf([borough], popYear)) * 1000, 9);
    }
  });

  it('marks the City of London and boroughs without MPS rows as having no data, not zero', async () => {
    const rows = await boroughValues(db, 'domestic_abuse', '2024-06');
    const city = rows.find((r) => r.borough === 'City of London')!;
    expect(city.code).toBe('E09000001');
    expect(city.offences).toBeNull();
    expect(city.rate).toBeNull();
    expect(rows.find((r) => r.borough === 'Sutton')!.offences).toBeNull();
  });
});

describe('monthly trend', () => {
  it('gives London and the chosen borough for every month, rates per 100,000 and 12-month rolling figures', async () => {
    const rows = await monthlyTrend(db, 'Westminster', 'sexual_offences');
    const months = monthsBetween('2022-01', '2024-06');
    expect(rows.filter((r) => r.series === 'London').map((r) => r.month)).toEqual(months);
    expect(rows.filter((r) => r.series === 'Westminster').map((r) => r.month)).toEqual(months);

    const plainRate = (area: string, month: string) => {
      const boroughs = area === 'London' ? null : [area];
      const count = sumOffences((r) => (boroughs === null || boroughs.includes(r.borough!)) && SEXUAL.includes(r.category!) && r.month === month);
      const year = Math.min(2024, Math.max(2021, Number(month.slice(0, 4))));
      return { count, year, rate: (count / populationOf(boroughs ?? POLICED, year)) * 100_000 };
    };
    for (const row of rows) {
      const { count, rate, year } = plainRate(row.series, row.month);
      expect(row.offences).toBe(count);
      expect(row.populationYear).toBe(year);
      expect(row.population).toBe(populationOf(row.series === 'London' ? POLICED : [row.series], year));
      expect(row.rate).toBeCloseTo(rate, 9);
      const index = months.indexOf(row.month);
      if (index < 11) {
        expect(row.rollingRate).toBeNull();
        expect(row.rollingOffences).toBeNull();
      } else {
        const window = months.slice(index - 11, index + 1).map((m) => plainRate(row.series, m));
        expect(row.rollingOffences).toBe(window.reduce((s, w) => s + w.count, 0));
        expect(row.rollingRate).toBeCloseTo(window.reduce((s, w) => s + w.rate, 0) / 12, 9);
      }
    }
  });

  it('gives only London when no borough is chosen', async () => {
    const rows = await monthlyTrend(db, 'London', 'domestic_abuse');
    expect(new Set(rows.map((r) => r.series))).toEqual(new Set(['London']));
  });
});

describe('London compared with England and Wales', () => {
  it('gives complete financial years only, with rates from each population', async () => {
    const rows = await londonVsEnglandWales(db, 'sexual_offences');
    // The fixture runs January 2022 to June 2024: only 2022/23 and 2023/24 are complete.
    expect(rows.map((r) => `${r.financialYear} ${r.series}`)).toEqual([
      '2022/23 London', '2022/23 England and Wales', '2023/24 London', '2023/24 England and Wales',
    ]);
    for (const row of rows) {
      const startYear = Number(row.financialYear.slice(0, 4));
      if (row.series === 'London') {
        const fyMonths = monthsBetween(`${startYear}-04`, `${startYear + 1}-03`);
        const count = sumOffences((r) => SEXUAL.includes(r.category!) && fyMonths.includes(r.month!));
        expect(row.offences).toBe(count);
        expect(row.population).toBe(populationOf(POLICED, startYear));
        expect(row.populationYear).toBe(startYear);
        expect(row.rate).toBeCloseTo((count / populationOf(POLICED, startYear)) * 1000, 9);
      } else {
        const national = englandWales.filter((r) => r.financial_year === row.financialYear && SEXUAL.includes(r.category!));
        const count = national.reduce((s, r) => s + Number(r.offences), 0);
        expect(row.offences).toBe(count);
        expect(row.population).toBe(Number(national[0]!.population));
        expect(row.populationYear).toBeNull();
        expect(row.rate).toBeCloseTo((count / Number(national[0]!.population)) * 1000, 9);
      }
    }
  });
});

describe('victims by sex and age', () => {
  it.each(['London', 'Croydon'])('sums the rolling year for %s', async (area) => {
    const rows = await victimsBySexAndAge(db, area, 'domestic_abuse', '2024-06');
    const window = twelveMonthsEnding('2024-06');
    const expected = new Map<string, number>();
    for (const r of victims) {
      if ((area === 'London' || r.borough === area) && r.category === 'domestic_abuse' && window.includes(r.month!)) {
        const key = `${r.sex}|${r.age_band}`;
        expected.set(key, (expected.get(key) ?? 0) + Number(r.victims));
      }
    }
    expect(new Map(rows.map((r) => [`${r.sex}|${r.ageBand}`, r.victims]))).toEqual(expected);
  });
});
