/**
 * Page 2 figures from DuckDB checked against plain TypeScript over the fixture rows (PapaParse).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/data/database';
import { boroughIncidents, incidentHeadline, repeatTrend } from '../../src/data/queries/victimisation';
import { FIXTURES, loadFolder, parseCsv } from './helpers/fixtures';
import { startNodeDatabase } from './helpers/node-database';

const folder = path.join(FIXTURES, 'victimisation');
const POLICED = ['Croydon', 'Camden', 'Westminster'];
let db: Database;
let incidents: Record<string, string>[];
let repeats: Record<string, string>[];
let population: Record<string, string>[];

/** The 12 months ending `end`, listed out. */
function twelveMonthsEnding(end: string): string[] {
  const out: string[] = [];
  let y = Number(end.slice(0, 4));
  let m = Number(end.slice(5, 7));
  for (let i = 0; i < 12; i += 1) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) { m = 12; y -= 1; }
  }
  return out;
}
const populationOf = (boroughs: string[], year: number) =>
  population.filter((r) => boroughs.includes(r.borough!) && Number(r.year) === year).reduce((s, r) => s + Number(r.population), 0);
/** The mid-year estimate whose 30 June falls in the 12 months ending `end`, within the table's years. */
const popYearFor = (end: string) => {
  const y = Number(end.slice(0, 4));
  const year = Number(end.slice(5, 7)) >= 6 ? y : y - 1;
  return Math.min(2024, Math.max(2021, year));
};

beforeAll(async () => {
  db = await startNodeDatabase();
  expect((await loadFolder(db, folder)).problems).toEqual([]);
  incidents = await parseCsv(path.join(folder, 'incidents.csv'));
  repeats = await parseCsv(path.join(folder, 'repeat_victims.csv'));
  population = await parseCsv(path.join(folder, 'population.csv'));
});

describe('incidents by borough', () => {
  it.each(['2024-06', '2023-03'])('sums the 12 months to %s and divides by the right population', async (end) => {
    const rows = await boroughIncidents(db, end);
    expect(rows).toHaveLength(33);
    for (const borough of POLICED) {
      const count = incidents.filter((r) => r.borough === borough && twelveMonthsEnding(end).includes(r.month!)).reduce((s, r) => s + Number(r.incidents), 0);
      const row = rows.find((r) => r.borough === borough)!;
      expect(row.incidents).toBe(count);
      expect(row.population).toBe(populationOf([borough], popYearFor(end)));
      expect(row.populationYear).toBe(popYearFor(end));
      expect(row.rate).toBeCloseTo((count / populationOf([borough], popYearFor(end))) * 1000, 9);
    }
    expect(rows.find((r) => r.borough === 'City of London')!.incidents).toBeNull();
  });

  it('gives London and borough headline incidents with the year before', async () => {
    const london = await incidentHeadline(db, 'London', '2024-06');
    const sum = (months: string[], borough?: string) =>
      incidents.filter((r) => months.includes(r.month!) && (!borough || r.borough === borough)).reduce((s, r) => s + Number(r.incidents), 0);
    expect(london.incidents).toBe(sum(twelveMonthsEnding('2024-06')));
    expect(london.previousIncidents).toBe(sum(twelveMonthsEnding('2023-06')));
    const camden = await incidentHeadline(db, 'Camden', '2023-06');
    expect(camden.incidents).toBe(sum(twelveMonthsEnding('2023-06'), 'Camden'));
    expect(camden.previousIncidents).toBeNull();
  });
});

describe('repeat victimisation trend', () => {
  it('reads each window as supplied and divides, for the borough and London', async () => {
    const rows = await repeatTrend(db, 'Westminster');
    const expected = repeats.filter((r) => r.borough === 'Westminster' || r.borough === 'London');
    expect(rows).toHaveLength(expected.length);
    for (const r of expected) {
      const row = rows.find((x) => x.series === r.borough && x.month === r.month)!;
      const victims = Number(r.victims);
      const repeat = Number(r.repeat_victims);
      const count = Number(r.incidents);
      expect(row.victims).toBe(victims);
      expect(row.repeatVictims).toBe(repeat);
      expect(row.incidentsPerVictim).toBeCloseTo(count / victims, 12);
      expect(row.percentRepeat).toBeCloseTo((repeat / victims) * 100, 12);
      const pop = populationOf(r.borough === 'London' ? POLICED : [r.borough!], popYearFor(r.month!));
      expect(row.population).toBe(pop);
      expect(row.populationYear).toBe(popYearFor(r.month!));
      expect(row.repeatPerThousand).toBeCloseTo((repeat / pop) * 1000, 12);
    }
  });

  it("uses London's own rows, never a sum of the boroughs' distinct counts", async () => {
    const rows = await repeatTrend(db, 'London');
    const month = '2024-06';
    const londonRow = repeats.find((r) => r.borough === 'London' && r.month === month)!;
    const boroughSum = repeats.filter((r) => r.borough !== 'London' && r.month === month).reduce((s, r) => s + Number(r.victims), 0);
    const shown = rows.find((r) => r.month === month)!;
    expect(shown.victims).toBe(Number(londonRow.victims));
    expect(shown.victims).not.toBe(boroughSum);
    expect(new Set(rows.map((r) => r.series))).toEqual(new Set(['London']));
  });
});
