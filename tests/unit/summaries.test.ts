/**
 * The summary tables (src/data/summaries.ts) are worked out when a table loads; a table replaced
 * later (a reader's own file, or a file that failed) must never leave figures from the old one. Each
 * case replaces a table and checks the page queries against plain sums over the new rows.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/data/database';
import { loadTable, replaceTable } from '../../src/data/load';
import { boroughValues, headlineFigures, monthlyTrend } from '../../src/data/queries/recording';
import { categoryFigures } from '../../src/data/queries/justice';
import { repeatTrend } from '../../src/data/queries/victimisation';
import { FIXTURES, loadFolder, readManifest } from './helpers/fixtures';
import { startNodeDatabase } from './helpers/node-database';
import { SUMMARIES } from '../../src/data/summaries';
import { TABLES } from '../../src/data/contract';

const folder = path.join(FIXTURES, 'basic');
const CURRENT_MONTH = '2026-11';

function readRows(file: string, from = folder): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(path.join(from, file), 'utf8'), { header: true, skipEmptyLines: true }).data;
}
function toCsv(rows: Record<string, string>[]): Uint8Array {
  return new TextEncoder().encode(Papa.unparse(rows));
}
const inYearTo = (month: string, end: string) => month <= end && month > `${Number(end.slice(0, 4)) - 1}${end.slice(4)}`;

// One DuckDB for the file (starting one takes about a second): loading a folder first replaces every
// contract, reference and summary table, so each test starts from the basic fixture alone.
let db: Database;
beforeAll(async () => {
  db = await startNodeDatabase();
});
beforeEach(async () => {
  expect((await loadFolder(db, folder)).problems).toEqual([]);
});

describe('summary tables follow the tables they are made from', () => {
  it('a replaced offences table gives new headline, map and trend figures', async () => {
    // Every count tripled and Croydon's rows dropped.
    const rows = readRows('offences.csv')
      .filter((r) => r.borough !== 'Croydon')
      .map((r): Record<string, string> => ({ ...r, offences: String(Number(r.offences) * 3) }));
    expect((await replaceTable(db, 'offences', 'offences.csv', toCsv(rows), CURRENT_MONTH)).problems).toEqual([]);

    const end = '2024-06';
    const plain = (area: string, parts: string[]) =>
      rows
        .filter((r) => (area === 'London' || r.borough === area) && parts.includes(r.category!) && inYearTo(r.month!, end))
        .reduce((s, r) => s + Number(r.offences), 0);
    const [da] = await headlineFigures(db, 'London', end);
    expect(da!.current).toBe(plain('London', ['domestic_abuse']));
    const [camden] = await headlineFigures(db, 'Camden', end);
    expect(camden!.current).toBe(plain('Camden', ['domestic_abuse']));
    // Croydon has no MPS rows at all now: no figure (null), as on the map, never a 0.
    expect((await headlineFigures(db, 'Croydon', end)).map((f) => f.current)).toEqual([null, null, null]);

    // Croydon no longer has MPS rows: no data on the map (not 0), and out of London's population.
    const map = await boroughValues(db, 'domestic_abuse', end);
    expect(map.find((r) => r.borough === 'Croydon')!.offences).toBeNull();
    expect(map.find((r) => r.borough === 'Camden')!.offences).toBe(plain('Camden', ['domestic_abuse']));
    const trend = await monthlyTrend(db, 'Camden', 'sexual_offences');
    const june = trend.find((r) => r.series === 'Camden' && r.month === end)!;
    expect(june.rollingOffences).toBe(plain('Camden', ['rape', 'other_sexual']));
  });

  it('a replaced population table gives new rates, and London counts only the boroughs the MPS reports on', async () => {
    const population = readRows('population.csv').map((r): Record<string, string> => ({ ...r, population: String(Number(r.population) * 2) }));
    expect((await replaceTable(db, 'population', 'population.csv', toCsv(population), CURRENT_MONTH)).problems).toEqual([]);
    const offences = readRows('offences.csv');
    const policed = [...new Set(offences.map((r) => r.borough!))].filter((b) => b !== 'Unknown');
    const month = '2024-03';
    const londonPopulation = population
      .filter((r) => policed.includes(r.borough!) && r.year === '2024')
      .reduce((s, r) => s + Number(r.population), 0);
    const count = offences.filter((r) => r.month === month && r.category === 'domestic_abuse').reduce((s, r) => s + Number(r.offences), 0);
    const trend = await monthlyTrend(db, 'London', 'domestic_abuse');
    const row = trend.find((r) => r.month === month)!;
    expect(row.population).toBe(londonPopulation);
    // The trend's monthly rate is per 100,000 residents.
    expect(row.rate).toBeCloseTo((count / londonPopulation) * 100_000, 9);
  });

  it('a replaced proceedings table gives new figures by category and outcome', async () => {
    // The basic fixture has no proceedings: they come from the justice fixture's file.
    const rows = readRows('proceedings.csv', path.join(FIXTURES, 'justice'))
      .filter((r) => r.outcome !== 'caution')
      .map((r): Record<string, string> => ({ ...r, people: String(Number(r.people) + 1) }));
    expect(rows.length).toBeGreaterThan(0);
    expect((await replaceTable(db, 'proceedings', 'proceedings.csv', toCsv(rows), CURRENT_MONTH)).problems).toEqual([]);
    const end = rows.map((r) => r.month!).sort().at(-1)!;
    const figures = await categoryFigures(db, 'London', end);
    for (const figure of figures) {
      const inWindow = rows.filter((r) => r.category === figure.category && inYearTo(r.month!, end));
      expect(figure.people).toBe(inWindow.reduce((s, r) => s + Number(r.people), 0));
      expect(figure.caution).toBe(0);
    }
  });

  it('an offences file that fails to load leaves an empty table and no figures from the old one', async () => {
    // As the table loader does when a file arrives after the first view and fails validation.
    const [before] = await headlineFigures(db, 'London', '2024-06');
    expect(before!.current).toBeGreaterThan(0);
    const bad = new TextEncoder().encode('month,borough,category,offences\n2024-13,Croydon,domestic_abuse,5\n');
    const { status, problems } = await loadTable(db, await readManifest(folder), 'offences', async () => bad, CURRENT_MONTH);
    expect(problems.length).toBeGreaterThan(0);
    expect(status.loaded).toBe(false);
    const [{ n } = { n: -1 }] = await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM offences');
    expect(n).toBe(0);
    // Every summary made from offences is empty, so no page can show the old figures.
    for (const summary of SUMMARIES.filter((s) => s.drivenBy === 'offences')) {
      const [row] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${summary.name}`);
      expect(row?.n, summary.name).toBe(0);
    }
    // No figure at all (absence is never 0).
    expect((await headlineFigures(db, 'London', '2024-06')).map((f) => f.current)).toEqual([null, null, null]);
    expect((await boroughValues(db, 'domestic_abuse', '2024-06')).map((r) => r.offences).filter((v) => v !== null)).toEqual([]);
    expect(await monthlyTrend(db, 'Camden', 'sexual_offences')).toEqual([]);
  });

  it("a reader's own offences file that fails keeps the table it had, its summaries, and London's population for the repeat-victim rates", async () => {
    // The victimisation fixture: it has repeat victims, whose rates divide by London's population
    // (the boroughs offences reports on), so a lost offences summary would show there.
    expect((await loadFolder(db, path.join(FIXTURES, 'victimisation'))).problems).toEqual([]);
    const end = readRows('offences.csv', path.join(FIXTURES, 'victimisation')).map((r) => r.month!).sort().at(-1)!;
    const headlineBefore = await headlineFigures(db, 'London', end);
    const repeatBefore = await repeatTrend(db, 'London');
    expect(headlineBefore[0]!.current).toBeGreaterThan(0);
    expect(repeatBefore.length).toBeGreaterThan(0);
    expect(repeatBefore.every((r) => r.population !== null && r.population > 0 && r.repeatPerThousand !== null)).toBe(true);

    const { problems } = await replaceTable(db, 'offences', 'offences.csv', new TextEncoder().encode('month,borough,category,offences\n2024-13,Croydon,domestic_abuse,5\n'), CURRENT_MONTH);
    expect(problems.length).toBeGreaterThan(0);
    expect(await headlineFigures(db, 'London', end)).toEqual(headlineBefore);
    expect(await repeatTrend(db, 'London')).toEqual(repeatBefore);
  });
});

describe('each summary says what it reads', () => {
  it('is empty while the table it comes from is empty, whatever else is loaded (so it need not be worked out again then)', async () => {
    for (const summary of SUMMARIES) {
      // Everything loaded afresh for each summary, then only its own source emptied.
      expect((await loadFolder(db, path.join(FIXTURES, 'justice'))).problems).toEqual([]);
      await db.query(`DELETE FROM ${summary.drivenBy}`);
      await db.query(summary.sql);
      const [row] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${summary.name}`);
      expect(row?.n, summary.name).toBe(0);
    }
  });

  it('lists every contract table and earlier summary its SQL reads from, so it is rebuilt when they change', () => {
    const known = new Set<string>([...TABLES.map((t) => t.name), ...SUMMARIES.map((s) => s.name)]);
    SUMMARIES.forEach((summary, i) => {
      const read = [...summary.sql.matchAll(/\b(?:FROM|JOIN)\s+(\w+)/gi)].map((m) => m[1]!).filter((name) => known.has(name));
      expect(read.length).toBeGreaterThan(0);
      expect(summary.reads).toContain(summary.drivenBy);
      for (const name of read) {
        expect(summary.reads, `${summary.name} reads ${name}`).toContain(name);
        // A summary is built after those it reads.
        if (name.startsWith('summary_')) expect(SUMMARIES.findIndex((s) => s.name === name)).toBeLessThan(i);
      }
    });
  });
});
