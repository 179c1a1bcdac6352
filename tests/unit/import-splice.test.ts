/**
 * The splice rule (src/data/import/splice.ts) on files written here: which file supplies a month when
 * files allocate offences to boroughs differently, and which junctions are changes of counting.
 */
import { describe, expect, it } from 'vitest';
import { convertText, mergeResults } from '../../src/data/import';

const CURRENT = '2026-11';
const months = (from: number, n: number) => Array.from({ length: n }, (_, i) => `${2020 + Math.floor((from + i - 1) / 12)}${String(((from + i - 1) % 12) + 1).padStart(2, '0')}`);
/** A wide MPS file: each borough and area gets `counts[area]` rape offences in every month. */
function wide(name: string, monthColumns: string[], counts: Record<string, number>) {
  const rows = Object.entries(counts).map(([area, n]) => `SEXUAL OFFENCES,RAPE,${area},${monthColumns.map(() => n).join(',')}`);
  return convertText(name, `MajorText,MinorText,BoroughName,${monthColumns.join(',')}\n${rows.join('\n')}\n`, { currentMonth: CURRENT });
}
const suppliers = (merged: ReturnType<typeof mergeResults>) =>
  merged.provenance.filter((p) => p.periods.length > 0).map((p) => `${p.file} ${p.periods[0]} to ${p.periods.at(-1)}`);

// Allocates everything: 100 each to two boroughs. Leaves 10% unknown: 90 each, and 20 unknown.
const ALLOCATED = { Barnet: 100, Camden: 100 };
const UNALLOCATED = { Barnet: 90, Camden: 90, Unknown: 20 };

describe('which file supplies a month', () => {
  it('prefers the file that allocates offences to boroughs, even when an older one', () => {
    const older = wide('allocated.csv', months(1, 24), ALLOCATED);
    const newer = wide('unallocated.csv', months(13, 24), UNALLOCATED);
    for (const order of [[older, newer], [newer, older]]) {
      expect(suppliers(mergeResults(order))).toEqual(['allocated.csv 2020-01 to 2021-12', 'unallocated.csv 2022-01 to 2022-12']);
    }
  });

  it('takes the newest among files that allocate alike (within 2 points)', () => {
    const older = wide('older.csv', months(1, 24), ALLOCATED);
    const newer = wide('newer.csv', months(13, 24), { Barnet: 100, Camden: 98, 'London Heathrow and London City Airports': 2 });
    expect(suppliers(mergeResults([older, newer]))).toEqual(['older.csv 2020-01 to 2020-12', 'newer.csv 2021-01 to 2022-12']);
  });
});

describe('changes of counting at junctions', () => {
  it('marks a junction where the files allocate differently, for boroughs only when London agrees', () => {
    const merged = mergeResults([wide('a.csv', months(1, 24), ALLOCATED), wide('b.csv', months(13, 24), UNALLOCATED)]);
    expect(merged.changes).toEqual([
      {
        table: 'offences',
        series: 'rape',
        month: '2022-01',
        kind: 'allocation',
        scope: 'boroughs',
        before: { file: 'a.csv', unallocatedPercent: 0 },
        after: { file: 'b.csv', unallocatedPercent: 10 },
      },
    ]);
  });

  it('marks as unverified a junction between files that share no month', () => {
    const merged = mergeResults([wide('a.csv', months(1, 12), ALLOCATED), wide('b.csv', months(13, 12), ALLOCATED)]);
    expect(merged.changes.map((c) => [c.month, c.kind, c.scope])).toEqual([['2021-01', 'unverified', 'boroughs']]);
  });

  it('leaves unmarked a junction where the files agree on every borough where they overlap', () => {
    const merged = mergeResults([wide('a.csv', months(1, 24), ALLOCATED), wide('b.csv', months(13, 24), { Barnet: 101, Camden: 99 })]);
    expect(suppliers(merged)).toEqual(['a.csv 2020-01 to 2020-12', 'b.csv 2021-01 to 2022-12']);
    expect(merged.changes).toEqual([]);
  });

  it('marks a revision where overlapping files disagree on a borough, and London too when its total differs', () => {
    const boroughMoved = mergeResults([wide('a.csv', months(1, 24), ALLOCATED), wide('b.csv', months(13, 24), { Barnet: 110, Camden: 90 })]);
    expect(boroughMoved.changes.map((c) => [c.month, c.kind, c.scope])).toEqual([['2021-01', 'revision', 'boroughs']]);
    const londonMoved = mergeResults([wide('a.csv', months(1, 24), ALLOCATED), wide('b.csv', months(13, 24), { Barnet: 120, Camden: 120 })]);
    expect(londonMoved.changes.map((c) => [c.month, c.kind, c.scope])).toEqual([['2021-01', 'revision', 'all']]);
  });
});
