/**
 * The attack on every borough of the built-in data, as the pages suppress it (src/pages/small-numbers.ts):
 * victims and people proceeded against by sex and age, and every borough's rolling outcome split.
 * The attacker (./suppression-attack.ts) must pin no hidden figure. It is also shown to have teeth:
 * the same outcome splits suppressed as plain tables (ignoring that the 12-month periods overlap) give
 * figures away to it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOROUGH_NAMES } from '../../src/data/boroughs';
import { AGE_BANDS, OUTCOMES, SEXES } from '../../src/data/contract';
import { suppressRolling, suppressTable, type Published, type SuppressedTable } from '../../src/data/suppression';
import { suppressBreakdown, suppressRollingSplit } from '../../src/pages/small-numbers';
import { pinned, readerProblem, rollingRecovered, Solver } from './suppression-attack';

const DATA = path.resolve('data');
const rowsOf = (file: string) =>
  readFileSync(path.join(DATA, file), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
const victims = rowsOf('victims.csv');
const proceedings = rowsOf('proceedings.csv');
const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const PARTS: Record<string, string[]> = { domestic_abuse: ['domestic_abuse'], sexual_offences: ['rape', 'other_sexual'] };
const latest = (rows: string[][]) => rows.reduce((m, r) => (r[0]! > m ? r[0]! : m), '');
const BOROUGHS = BOROUGH_NAMES.filter((b) => b !== 'City of London');

/** Sex and age counts over the 12 months ending `end`: the page's query, summed here. */
function breakdown(rows: string[][], area: string, category: string, end: string, value: number, sex: number, age: number) {
  const e = index(end);
  const counts = new Map<string, number>();
  for (const r of rows) {
    if ((area !== 'London' && r[1] !== area) || !PARTS[category]!.includes(r[2]!)) continue;
    const m = index(r[0]!);
    if (m < e - 11 || m > e) continue;
    const key = `${r[age]}|${r[sex]}`;
    counts.set(key, (counts.get(key) ?? 0) + Number(r[value]));
  }
  return [...counts].map(([key, v]) => ({ bar: key.split('|')[0]!, stack: key.split('|')[1]!, value: v }));
}

/** The breakdown as the page draws it, read back into the shape of a suppressed table. */
function asTable(counts: ReturnType<typeof breakdown>, grand: 'shown' | 'fixed'): SuppressedTable {
  const shown = suppressBreakdown(counts, AGE_BANDS, SEXES, 10, grand);
  const published = (v: unknown): Published =>
    typeof v === 'number' ? { status: 'shown', value: v } : (v as { withheld: string }).withheld === 'fewer than 10' ? { status: 'small' } : { status: 'withheld' };
  return {
    threshold: 10,
    cells: AGE_BANDS.map((bar) => SEXES.map((stack) => published(shown.rows.find((r) => r.bar === bar && r.stack === stack)!.value))),
    rowTotals: AGE_BANDS.map((bar) => published(shown.totals.bars![bar])),
    columnTotals: SEXES.map((stack) => published(shown.totals.stacks![stack])),
    grandTotal: published(shown.totals.all),
    exposed: [],
    anyHidden: shown.anyHidden,
  };
}

function recoveredFrom(table: SuppressedTable): string[] {
  const policies = { rowTotals: AGE_BANDS.map(() => 'shown' as const), columnTotals: SEXES.map(() => 'shown' as const), grandTotal: 'shown' as const };
  const { problem, figures } = readerProblem(table, policies);
  if (problem.variables === 0) return [];
  const solver = new Solver(problem);
  return figures.flatMap((f, i) => (f.hidden && pinned(solver.range([[i, 1]])) ? [f.name] : []));
}

/** A borough's rolling outcome figures, the first period covering proceedings' first 12 months. */
function outcomeTable(borough: string, category: string): { months: string[]; counts: { column: string; stack: string; value: number }[] } {
  const all = [...new Set(proceedings.map((r) => r[0]!))].sort();
  const first = index(all[0]!);
  const monthly = OUTCOMES.map(() => new Array<number>(all.length).fill(0));
  for (const r of proceedings) if (r[1] === borough && PARTS[category]!.includes(r[2]!)) monthly[OUTCOMES.indexOf(r[3] as (typeof OUTCOMES)[number])]![index(r[0]!) - first]! += Number(r[6]);
  const months = all.slice(11);
  const counts = months.flatMap((month, p) =>
    OUTCOMES.map((stack, o) => ({ column: month, stack, value: monthly[o]!.slice(p, p + 12).reduce((a, v) => a + v, 0) })),
  );
  return { months, counts };
}

describe('the attack on every borough of the built-in data', () => {
  it('victims and people proceeded against by sex and age, London and every borough, latest year: nothing pinned', () => {
    let hidden = 0;
    for (const category of Object.keys(PARTS)) {
      for (const area of ['London', ...BOROUGHS]) {
        const v = asTable(breakdown(victims, area, category, latest(victims), 5, 3, 4), 'shown');
        // People proceeded against: the grand total is printed in the categories chart as well.
        const p = asTable(breakdown(proceedings, area, category, latest(proceedings), 6, 4, 5), 'fixed');
        expect(recoveredFrom(v), `victims ${area} ${category}`).toEqual([]);
        expect(recoveredFrom(p), `people ${area} ${category}`).toEqual([]);
        hidden += [...v.cells.flat(), ...p.cells.flat()].filter((c) => c.status !== 'shown').length;
      }
    }
    expect(hidden).toBeGreaterThan(500);
  }, 120_000);

  it('every borough’s rolling outcome split, attacked through the months: nothing pinned', () => {
    let hidden = 0;
    for (const category of Object.keys(PARTS)) {
      for (const borough of BOROUGHS) {
        const { months, counts } = outcomeTable(borough, category);
        const shown = suppressRollingSplit(counts, months, OUTCOMES, 10, months.at(-1)!);
        const published = (v: unknown): Published =>
          typeof v === 'number' ? { status: 'shown', value: v } : (v as { withheld: string }).withheld === 'fewer than 10' ? { status: 'small' } : { status: 'withheld' };
        const table: SuppressedTable = {
          threshold: 10,
          cells: months.map((m) => OUTCOMES.map((o) => published(shown.rows.find((r) => r.column === m && r.stack === o)!.value))),
          rowTotals: months.map((m) => published(shown.totals[m])),
          columnTotals: OUTCOMES.map(() => null),
          grandTotal: null,
          exposed: [],
          anyHidden: shown.anyHidden,
        };
        expect(rollingRecovered(table, 12, 0), `${borough} ${category}`).toEqual([]);
        hidden += table.cells.flat().filter((c) => c.status !== 'shown').length;
      }
    }
    expect(hidden).toBeGreaterThan(2000);
  }, 300_000);

  it('has teeth: the same splits suppressed as plain tables, ignoring the overlap, give figures away', () => {
    let found = 0;
    for (const borough of ['Sutton', 'Camden', 'Ealing']) {
      const { months, counts } = outcomeTable(borough, 'sexual_offences');
      const matrix = months.map((m) => OUTCOMES.map((o) => counts.find((c) => c.column === m && c.stack === o)!.value));
      const plain = suppressTable(matrix, { rowTotals: months.map((_, i) => (i === months.length - 1 ? 'fixed' : 'shown')) });
      found += rollingRecovered(plain, 12, 1).length;
      // The same figures protected as rolling periods are safe.
      expect(rollingRecovered(suppressRolling(matrix, { totals: months.map((_, i) => (i === months.length - 1 ? 'fixed' : 'shown')), zeros: 'small' }), 12, 0)).toEqual([]);
    }
    expect(found).toBeGreaterThan(0);
  }, 120_000);
});
