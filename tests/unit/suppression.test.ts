import { describe, expect, it } from 'vitest';
import { checkThreshold, shownValue, suppressTable, type MarginPolicy, type Published, type SuppressedTable } from '../../src/data/suppression';
import { enumerateSolutions, pinned, readerProblem, Solver, type Policies } from './suppression-attack';
import { seededRandom as random } from '../../scripts/sample/random';

const status = (t: SuppressedTable) => t.cells.map((row) => row.map((c) => (c.status === 'shown' ? c.value : c.status === 'small' ? 's' : 'w')));
const margin = (p: Published | null) => (p === null ? null : p.status === 'shown' ? p.value : p.status === 'small' ? 's' : 'w');

/** Names of hidden figures the reader can pin to one whole number. */
function recovered(table: SuppressedTable, policies: Policies): string[] {
  const { problem, figures } = readerProblem(table, policies);
  if (problem.variables === 0) return [];
  const solver = new Solver(problem);
  return figures.flatMap((f, i) => (f.hidden && pinned(solver.range([[i, 1]])) ? [f.name] : []));
}

const all = (rows: number, columns: number, policy: MarginPolicy): Policies => ({
  rowTotals: Array<MarginPolicy>(rows).fill(policy),
  columnTotals: Array<MarginPolicy>(columns).fill(policy),
  grandTotal: policy,
});

describe('primary suppression', () => {
  it('hides counts from 1 to 9, shows zeros and counts of 10 or more', () => {
    const t = suppressTable([[0, 1, 9, 10, 250]]);
    expect(status(t)).toEqual([[0, 's', 's', 10, 250]]);
    expect(t.threshold).toBe(10);
    expect(t.anyHidden).toBe(true);
    expect(t.rowTotals).toEqual([null]);
    expect(t.grandTotal).toBeNull();
  });

  it('follows the threshold it is given, and 1 turns suppression off', () => {
    expect(status(suppressTable([[0, 2, 4, 5, 6]], { threshold: 5 }))).toEqual([[0, 's', 's', 5, 6]]);
    const off = suppressTable([[0, 1, 2]], { threshold: 1, rowTotals: 'shown' });
    expect(status(off)).toEqual([[0, 1, 2]]);
    expect(off.anyHidden).toBe(false);
    expect(margin(off.rowTotals[0]!)).toBe(3);
  });

  it('refuses thresholds that cannot protect anything or are not whole numbers', () => {
    expect(() => checkThreshold(2)).toThrow(/cannot protect/);
    expect(() => checkThreshold(0)).toThrow(RangeError);
    expect(() => checkThreshold(7.5)).toThrow(RangeError);
    expect(checkThreshold(3)).toBe(3);
    expect(() => suppressTable([[1]], { threshold: 2 })).toThrow(RangeError);
  });

  it('hides small totals as well as small cells; a total printed elsewhere stays', () => {
    const t = suppressTable([[3, 0], [40, 50]], { rowTotals: 'shown', columnTotals: 'shown', grandTotal: 'shown' });
    expect(margin(t.rowTotals[0]!)).toBe('s');
    expect(recovered(t, all(2, 2, 'shown'))).toEqual([]);
    const fixed = suppressTable([[3, 4]], { rowTotals: 'fixed' });
    expect(margin(fixed.rowTotals[0]!)).toBe(7);
  });

  it('refuses counts that are not whole numbers of 0 or more, and ragged tables', () => {
    expect(() => suppressTable([[1, -1]])).toThrow(RangeError);
    expect(() => suppressTable([[1.5]])).toThrow(RangeError);
    expect(() => suppressTable([[1, 2], [3]])).toThrow(RangeError);
  });
});

describe('secondary suppression', () => {
  it('hides the smallest other count in a row whose total is shown', () => {
    const t = suppressTable([[120, 5, 30, 45]], { rowTotals: 'shown' });
    expect(status(t)).toEqual([[120, 's', 'w', 45]]);
    expect(margin(t.rowTotals[0]!)).toBe(200);
    expect(recovered(t, { rowTotals: ['shown'], columnTotals: ['none', 'none', 'none', 'none'], grandTotal: 'none' })).toEqual([]);
  });

  it('needs nothing more where no total is printed', () => {
    expect(status(suppressTable([[120, 5, 30]]))).toEqual([[120, 's', 30]]);
  });

  it('two small counts in a row that are both 1 would give each other away: one more is hidden', () => {
    // 1 + 1 = 2: two counts of "1 to 9" that add to 2 are both 1.
    const t = suppressTable([[1, 1, 50, 60]], { rowTotals: 'shown', threshold: 10 });
    expect(status(t)).toEqual([['s', 's', 'w', 60]]);
  });

  it('two counts that add to 18 are both 9: one more is hidden', () => {
    const t = suppressTable([[9, 9, 40]], { rowTotals: 'shown' });
    expect(status(t)).toEqual([['s', 's', 'w']]);
  });

  it('works across rows and columns until stable (each new hidden count can need another)', () => {
    const counts = [
      [200, 4, 60],
      [150, 80, 70],
      [90, 55, 35],
    ];
    const t = suppressTable(counts, { rowTotals: 'shown', columnTotals: 'shown', grandTotal: 'shown' });
    const s = status(t);
    // The 4 needs a partner in its row and in its column, and they need partners of their own.
    expect(s[0]![1]).toBe('s');
    expect(s.flat().filter((c) => c === 'w').length).toBeGreaterThanOrEqual(3);
    for (const row of s) expect(row.filter((c) => typeof c !== 'number').length).not.toBe(1);
    expect(recovered(t, all(3, 3, 'shown'))).toEqual([]);
  });

  it('sees through the diagonal of a rectangle of hidden counts (9 and 1 at opposite corners)', () => {
    // a − d is fixed by the totals; a ≤ 9 and d ≥ 1 then pin both when a = 9 and d = 1.
    const counts = [
      [9, 5, 100],
      [5, 1, 100],
      [100, 100, 100],
    ];
    const t = suppressTable(counts, { rowTotals: 'shown', columnTotals: 'shown', grandTotal: 'shown' });
    expect(recovered(t, all(3, 3, 'shown'))).toEqual([]);
  });

  it('hides a total rather than cells when only zeros stand beside a small count', () => {
    const t = suppressTable([[5, 0, 0], [100, 40, 30]], { rowTotals: 'shown', columnTotals: 'shown', grandTotal: 'shown' });
    expect(margin(t.rowTotals[0]!)).toBe('s');
    expect(recovered(t, all(2, 3, 'shown'))).toEqual([]);
  });

  it('says which small counts a total fixed elsewhere gives away whatever it hides', () => {
    // The only non-zero count of a table whose grand total another chart prints.
    const t = suppressTable([[0, 6], [0, 0]], { rowTotals: 'shown', columnTotals: 'shown', grandTotal: 'fixed' });
    expect(status(t)).toEqual([[0, 's'], [0, 0]]);
    expect(t.exposed).toContainEqual({ row: 0, column: 1 });
    expect(margin(t.grandTotal)).toBe(6);
  });

  it('shows again a count hidden for another’s sake when the totals give it away anyway', () => {
    const t = suppressTable([[3, 4, 50], [0, 0, 20]], { rowTotals: 'shown', columnTotals: 'shown', grandTotal: 'shown' });
    expect(recovered(t, all(2, 3, 'shown'))).toEqual([]);
    // Every "not shown" figure can itself take more than one value.
    const { problem, figures } = readerProblem(t, all(2, 3, 'shown'));
    const solver = new Solver(problem);
    figures.forEach((f, i) => f.hidden && expect(pinned(solver.range([[i, 1]])), f.name).toBe(false));
  });

  it('never returns the value of a hidden figure', () => {
    const t = suppressTable([[3, 40]], { rowTotals: 'shown' });
    expect(JSON.stringify(t)).not.toMatch(/"value":3\b/);
    expect(JSON.stringify(t)).not.toMatch(/"value":40\b/);
    expect(shownValue(t.rowTotals[0]!)).toBe(43);
    expect(shownValue(t.cells[0]![0]!)).toBeNull();
  });
});

function randomTable(rand: () => number, T: number, rows: number, columns: number): number[][] {
  return Array.from({ length: rows }, () =>
    Array.from({ length: columns }, () => {
      const u = rand();
      if (u < 0.25) return 0;
      if (u < 0.65) return 1 + Math.floor(rand() * (T - 1));
      if (u < 0.75) return T + Math.floor(rand() * 3);
      return T + Math.floor(rand() * 8 * T);
    }),
  );
}

describe('the attack: no hidden figure can be worked out (random tables)', () => {
  const policyOf = (u: number): MarginPolicy => (u < 0.6 ? 'shown' : u < 0.8 ? 'none' : 'fixed');

  it('over 600 random tables with every mix of printed totals, a reader pins nothing except what fixed totals give away', () => {
    const rand = random(20261122);
    let hiddenSeen = 0;
    let secondarySeen = 0;
    let exposedSeen = 0;
    for (let trial = 0; trial < 600; trial += 1) {
      const T = [3, 5, 10][trial % 3]!;
      const rows = 1 + Math.floor(rand() * 7);
      const columns = 1 + Math.floor(rand() * 4);
      const counts = randomTable(rand, T, rows, columns);
      const policies: Policies = {
        rowTotals: Array.from({ length: rows }, () => policyOf(rand())),
        columnTotals: Array.from({ length: columns }, () => policyOf(rand())),
        grandTotal: policyOf(rand()),
      };
      const table = suppressTable(counts, { threshold: T, ...policies });
      // Shown figures are the true ones.
      table.cells.forEach((row, i) => row.forEach((c, j) => c.status === 'shown' && expect(c.value).toBe(counts[i]![j])));
      table.cells.forEach((row, i) =>
        row.forEach((c, j) => {
          const v = counts[i]![j]!;
          if (v > 0 && v < T) expect(c.status).toBe('small');
          if (c.status === 'withheld') expect(v).toBeGreaterThanOrEqual(T);
        }),
      );
      hiddenSeen += table.cells.flat().filter((c) => c.status !== 'shown').length;
      secondarySeen += table.cells.flat().filter((c) => c.status === 'withheld').length;
      const names = (refs: SuppressedTable['exposed']) =>
        refs.map((r) => (r.row === 'total' ? (r.column === 'total' ? 'grand' : `column ${r.column}`) : r.column === 'total' ? `row ${r.row}` : `cell ${r.row},${r.column}`));
      const found = recovered(table, policies);
      expect(found.sort(), `trial ${trial}: ${JSON.stringify({ counts, policies, T, cells: status(table) })}`).toEqual(names(table.exposed).sort());
      if (table.exposed.length > 0) {
        exposedSeen += 1;
        // At the default threshold only a total printed elsewhere can give a count away; with a tiny
        // threshold the labels can (two counts of "fewer than 3" that add to "fewer than 3" are 1 and 1).
        if (T === 10) expect([...policies.rowTotals, ...policies.columnTotals, policies.grandTotal], JSON.stringify({ counts, policies })).toContain('fixed');
      }
    }
    expect(hiddenSeen).toBeGreaterThan(1000);
    expect(secondarySeen).toBeGreaterThan(100);
    expect(exposedSeen).toBeGreaterThan(0);
  });

  it('at the default threshold, with totals printed only in the table, nothing is ever given away (400 tables)', () => {
    const rand = random(99);
    let hidden = 0;
    for (let trial = 0; trial < 400; trial += 1) {
      const rows = 1 + Math.floor(rand() * 8);
      const columns = 1 + Math.floor(rand() * 4);
      const counts = randomTable(rand, 10, rows, columns);
      const pick = (): MarginPolicy => (rand() < 0.75 ? 'shown' : 'none');
      const policies: Policies = { rowTotals: Array.from({ length: rows }, pick), columnTotals: Array.from({ length: columns }, pick), grandTotal: pick() };
      const table = suppressTable(counts, policies);
      expect(table.exposed).toEqual([]);
      expect(recovered(table, policies), JSON.stringify({ counts, policies })).toEqual([]);
      hidden += table.cells.flat().filter((c) => c.status !== 'shown').length;
    }
    expect(hidden).toBeGreaterThan(800);
  });

  it('the simplex agrees with an exhaustive search over whole numbers on small tables', () => {
    const rand = random(7);
    let compared = 0;
    for (let trial = 0; trial < 150; trial += 1) {
      const T = 3 + (trial % 3);
      const counts = randomTable(rand, T, 2 + Math.floor(rand() * 2), 2 + Math.floor(rand() * 2));
      const policies = all(counts.length, counts[0]!.length, 'shown');
      const table = suppressTable(counts, { threshold: T, ...policies });
      const { problem, figures } = readerProblem(table, policies);
      if (problem.variables === 0 || problem.variables > 7) continue;
      const grand = counts.flat().reduce((s, v) => s + v, 0);
      const capped = { ...problem, upper: problem.upper!.map((u) => Math.min(u, grand)) };
      let values: Set<number>[];
      try {
        values = enumerateSolutions(capped, 300_000);
      } catch {
        continue;
      }
      const solver = new Solver(capped);
      figures.forEach((f, i) => {
        const [min, max] = solver.range([[i, 1]]);
        const whole = [...values[i]!];
        expect(Math.ceil(min - 1e-6), f.name).toBe(Math.min(...whole));
        expect(Math.floor(max + 1e-6), f.name).toBe(Math.max(...whole));
      });
      compared += 1;
    }
    expect(compared).toBeGreaterThan(40);
  });
});
