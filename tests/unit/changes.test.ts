/**
 * The one rule for changes (src/data/changes.ts): no change across a counting break (CONNECT,
 * February 2024, for domestic abuse; a junction the importer found), none across a material change
 * in the share of offences left unallocated (boroughs), and none as a percentage from small counts.
 * The expected answers are worked out here from the dates and counts, not read from the module.
 */
import { describe, expect, it } from 'vitest';
import { breakAcross, compareYears, countingBreaks, SMALL_COUNT, type ChangeSubject } from '../../src/data/changes';
import type { CountingChangeEntry } from '../../src/data/contract';

const breaks = countingBreaks();
const da = (end: string, area = 'London'): ChangeSubject => ({ table: 'offences', series: ['domestic_abuse'], area, end });

describe('counting breaks', () => {
  it('withholds a domestic abuse change whenever February 2024 falls in the 24 months compared', () => {
    // The 24 months ending E run from E-23 to E. They straddle the break (hold February 2024, the first
    // month counted the new way, and a month before it) for E from February 2024 to December 2025.
    const ends: string[] = [];
    for (let y = 2023; y <= 2026; y += 1) for (let m = 1; m <= 12; m += 1) ends.push(`${y}-${String(m).padStart(2, '0')}`);
    for (const end of ends) {
      const inside = end >= '2024-02' && end <= '2025-12';
      const change = compareYears(da(end), 1000, 900, breaks);
      expect(change.kind, end).toBe(inside ? 'withheld' : 'change');
      if (change.kind === 'withheld') expect(change.reason).toMatch(/February 2024/);
    }
  });

  it('applies to incidents and repeat victims as to offences, for London and boroughs, and not to sexual offences', () => {
    for (const table of ['incidents', 'repeat_victims'] as const) {
      for (const area of ['London', 'Croydon']) {
        expect(compareYears({ table, series: [table], area, end: '2024-06' }, 500, 400, breaks).kind).toBe('withheld');
      }
    }
    expect(compareYears({ table: 'offences', series: ['rape', 'other_sexual'], area: 'London', end: '2024-06' }, 500, 400, breaks).kind).toBe('change');
  });

  it('adds the junctions the importer found; a borough-only junction leaves London’s change', () => {
    const found: CountingChangeEntry[] = [
      { table: 'offences', series: 'rape', month: '2019-04', scope: 'boroughs', kind: 'allocation', before: { file: 'a.csv', unallocatedPercent: 9 }, after: { file: 'b.csv', unallocatedPercent: 0.2 }, note: 'n' },
    ];
    const all = countingBreaks(found);
    const subject = (area: string): ChangeSubject => ({ table: 'offences', series: ['rape', 'other_sexual'], area, end: '2019-12' });
    expect(compareYears(subject('Croydon'), 100, 90, all).kind).toBe('withheld');
    expect(compareYears(subject('London'), 100, 90, all).kind).toBe('change');
    expect(breakAcross(subject('Croydon'), all)?.month).toBe('2019-04');
    expect(breakAcross({ ...subject('Croydon'), end: '2021-03' }, all)).toBeNull();
  });
});

describe('small counts', () => {
  const sexual = (current: number | null, previous: number | null) =>
    compareYears({ table: 'offences', series: ['rape'], area: 'Kingston upon Thames', end: '2023-06' }, current, previous, breaks);

  it('flags a change from fewer than 30 in either year as unreliable, with no percentage', () => {
    expect(SMALL_COUNT).toBe(30);
    for (const [current, previous] of [[12, 8], [29, 200], [200, 29], [0, 0], [5, 0]] as const) {
      const change = sexual(current, previous);
      expect(change.kind, `${current} against ${previous}`).toBe('unreliable');
      expect(change).not.toHaveProperty('percent');
      if (change.kind === 'unreliable') {
        expect(change.previous).toBe(previous);
        expect(change.reason).toMatch(/Fewer than 30 in (both years|the later year|the earlier year): too few for a reliable change/);
      }
    }
    expect((sexual(12, 8) as { reason: string }).reason).toMatch(/both years/);
    expect((sexual(29, 200) as { reason: string }).reason).toMatch(/later year/);
    expect((sexual(200, 29) as { reason: string }).reason).toMatch(/earlier year/);
  });

  it('gives the change from 30 on, as (current − previous) ÷ previous', () => {
    expect(sexual(30, 30)).toEqual({ kind: 'change', percent: 0, previous: 30 });
    expect(sexual(45, 30)).toEqual({ kind: 'change', percent: 50, previous: 30 });
  });

  it('puts a counting break before small numbers: the reason a reader needs first', () => {
    expect(compareYears(da('2024-06', 'City of London'), 3, 2, breaks).kind).toBe('withheld');
  });

  it('says there is nothing to compare when a year is missing', () => {
    expect(sexual(12, null).kind).toBe('none');
    expect(sexual(null, 100).kind).toBe('none');
  });
});
