import { describe, expect, it } from 'vitest';
import { monthlyFromRolling, suppressRolling, type MarginPolicy, type SuppressedTable } from '../../src/data/suppression';
import { rollingRecovered, rollingSums } from './suppression-attack';
import { seededRandom as random } from '../../scripts/sample/random';

const statuses = (t: SuppressedTable) => t.cells.map((row) => row.map((c) => (c.status === 'shown' ? c.value : c.status[0])));

describe('monthlyFromRolling', () => {
  it('rebuilds monthly counts, never negative, with exactly the rolling sums given', () => {
    const rand = random(3);
    for (let trial = 0; trial < 50; trial += 1) {
      const window = 1 + Math.floor(rand() * 12);
      const months = window + Math.floor(rand() * 30);
      const monthly = [Array.from({ length: months }, () => (rand() < 0.5 ? 0 : Math.floor(rand() * 6)))];
      const rolling = rollingSums(monthly, window).map((row) => row[0]!);
      const rebuilt = monthlyFromRolling(rolling, window);
      expect(rebuilt).toHaveLength(months);
      expect(Math.min(...rebuilt)).toBeGreaterThanOrEqual(0);
      expect(rollingSums([rebuilt], window).map((row) => row[0])).toEqual(rolling);
    }
  });

  it('refuses rolling figures no monthly counts can give', () => {
    // 12 months summing to 0, then 12 months (11 of them the same) summing to 5, then back to 0.
    expect(() => monthlyFromRolling([0, 5, 0], 12)).toThrow(RangeError);
  });
});

describe('suppressRolling', () => {
  it('hides small figures; a period printed as 0 would say twelve months were 0, so zeros can be hidden too', () => {
    const monthly = [Array<number>(14).fill(10), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]];
    const rolling = rollingSums(monthly);
    expect(rolling.map((r) => r[1])).toEqual([0, 1, 1]);
    const shown = suppressRolling(rolling, { totals: 'none' });
    expect(statuses(shown).map((r) => r[1])).toEqual([0, 's', 's']);
    const hidden = suppressRolling(rolling, { totals: 'none', zeros: 'small' });
    expect(statuses(hidden).map((r) => r[1])).toEqual(['s', 's', 's']);
  });

  it('hides another series beside a small one when the periods’ totals are printed', () => {
    const rand = random(11);
    const monthly = [Array.from({ length: 30 }, () => 8 + Math.floor(rand() * 5)), Array.from({ length: 30 }, () => (rand() < 0.3 ? 1 : 0))];
    const rolling = rollingSums(monthly);
    const table = suppressRolling(rolling, { totals: 'shown', zeros: 'small' });
    for (const row of table.cells) expect(row.filter((c) => c.status !== 'shown').length).not.toBe(1);
    expect(rollingRecovered(table, 12, 0)).toEqual([]);
  });

  it('a fixed total stays printed', () => {
    const table = suppressRolling([[3, 0], [4, 0]], { window: 1, totals: ['shown', 'fixed'] });
    expect(table.rowTotals.map((p) => p?.status)).toEqual(['small', 'shown']);
  });

  it('random sparse series: the reader, solving for the months, pins nothing the suppression did not flag', () => {
    const rand = random(2026);
    let hidden = 0;
    let flagged = 0;
    for (let trial = 0; trial < 40; trial += 1) {
      const window = [3, 6, 12][trial % 3]!;
      const months = window + 6 + Math.floor(rand() * 18);
      const threshold = [5, 10][trial % 2]!;
      const rates = [2 + rand() * 4, rand() * 1.2, rand() * 0.8];
      const monthly = rates.map((rate) => Array.from({ length: months }, () => Math.max(0, Math.round(rate + (rand() - 0.5) * 2 * rate))));
      const rolling = rollingSums(monthly, window);
      const zeros = trial % 4 === 0 ? 'shown' : 'small';
      const totals: MarginPolicy[] = rolling.map((_, i) => (i === rolling.length - 1 ? 'fixed' : rand() < 0.9 ? 'shown' : 'none'));
      const table = suppressRolling(rolling, { threshold, window, totals, zeros });
      const found = rollingRecovered(table, window, zeros === 'small' ? 0 : 1);
      const exposed = new Set(table.exposed.map((r) => (r.column === 'total' ? `period ${r.row}, total` : `period ${r.row}, series ${r.column}`)));
      for (const name of found) expect(exposed.has(name), `${name} in ${JSON.stringify({ rolling, window, threshold, zeros, cells: statuses(table) })}`).toBe(true);
      // Shown figures are true; every small one is hidden.
      table.cells.forEach((row, p) =>
        row.forEach((c, s) => {
          const v = rolling[p]![s]!;
          if (c.status === 'shown') expect(c.value).toBe(v);
          if (v > 0 && v < threshold) expect(c.status).toBe('small');
          if (c.status === 'withheld') expect(v).toBeGreaterThanOrEqual(threshold);
        }),
      );
      hidden += table.cells.flat().filter((c) => c.status !== 'shown').length;
      flagged += table.exposed.length;
    }
    expect(hidden).toBeGreaterThan(300);
    expect(flagged).toBeLessThan(hidden / 10);
  }, 120_000);
});
