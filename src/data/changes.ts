/**
 * One rule for changes: when a change between two periods may be computed, and, when it may not,
 * why, in a sentence. Every page, table and download asks this one function; nothing else decides.
 *
 * A change between the 12 months ending E and the 12 months before is withheld when:
 *  - a change of counting falls inside those 24 months for the series (a counting break): the MPS's
 *    new recording system for domestic abuse (CONNECT, February 2024), or a junction the importer
 *    found between published files that do not count alike (manifest.countingChanges; for boroughs
 *    only where London's total, which includes offences not allocated to a borough, agrees across it);
 *  - for a borough, the share of London's offences that were not allocated to any borough differs by
 *    more than MATERIAL_UNALLOCATED points between the two years: the borough's change would then be
 *    partly a change in allocation;
 *  - either year's figure is missing.
 * And a change computed from small counts (fewer than SMALL_COUNT in either year) is flagged as
 * unreliable rather than given: a borough's 12 rapes against 8 would read as "+50%", a swing that
 * chance alone makes common at that size.
 */
import type { CountingChangeEntry, OffenceCategory, TableName } from './contract';
import { LONDON } from './boroughs';
import { addMonths, monthIndex, monthLabel, RECORDING_BREAK_MONTH, rollingYearLabel, shortMonthLabel } from './months';

/**
 * Counts below which a change between two years is not given as a percentage (either year). At 30 a
 * count's chance variation (about ±2√n, if counts behave like Poisson counts) is already ±36%, so a
 * smaller count cannot carry a percentage change worth printing in bold.
 */
export const SMALL_COUNT = 30;

/** Percent of offences not allocated to a borough above which the page says how many (and changes compare shares). */
export const MATERIAL_UNALLOCATED = 2;

export interface CountingBreak {
  table: string;
  series: string;
  /** First month counted the new way. */
  month: string;
  scope: 'boroughs' | 'all';
  /** Why figures either side are not comparable, in a sentence for readers. */
  note: string;
  /** The particulars (files, shares), for the methodology and downloads. */
  detail: string;
  /** A few words for a chart's marker: "Recording system changed Feb 2024". */
  label: string;
}

/** The MPS's change of recording system: domestic abuse figures either side are not comparable. */
const CONNECT_NOTE = 'The MPS moved to a new crime recording system in February 2024, so domestic abuse figures before and after are not comparable.';
export const KNOWN_BREAKS: readonly CountingBreak[] = (['offences', 'incidents', 'repeat_victims'] as const).map((table) => ({
  table,
  series: table === 'offences' ? 'domestic_abuse' : table,
  month: RECORDING_BREAK_MONTH,
  scope: 'all',
  note: CONNECT_NOTE,
  detail: CONNECT_NOTE,
  label: 'Recording system changed Feb 2024',
}));

/** Why files that meet at a month are not comparable, in words a reader can follow. */
const BETWEEN_FILES: Record<CountingChangeEntry['kind'], (whose: string, month: string) => string> = {
  allocation: (whose, month) => `${whose} before and from ${month} come from published files that allocate offences to boroughs differently, so they are not comparable.`,
  revision: (whose, month) => `${whose} before and from ${month} come from two published files that disagree where both cover the same months, so they are not comparable.`,
  unverified: (whose, month) => `${whose} before and from ${month} come from two published files that share no month, so nothing shows that they count alike; they are not compared.`,
};

/** Every break that applies to the data: the known ones, and those the importer found between files. */
export function countingBreaks(found: readonly CountingChangeEntry[] = []): CountingBreak[] {
  return [
    ...KNOWN_BREAKS,
    ...found.map((c) => ({
      table: c.table,
      series: c.series,
      month: c.month,
      scope: c.scope,
      note: BETWEEN_FILES[c.kind](c.scope === 'boroughs' ? 'Borough figures' : 'Figures', monthLabel(c.month)),
      detail: c.note,
      label: `${c.scope === 'boroughs' ? 'Borough counting' : 'Counting'} changed ${shortMonthLabel(c.month)}`,
    })),
  ];
}

/** What a change compares: the series (the parts of a shown category), for London or a borough. */
export interface ChangeSubject {
  table: TableName;
  /** The stored series the figure adds up (sexual offences: rape and other_sexual); the table's name when it has none. */
  series: readonly (OffenceCategory | string)[];
  area: string;
  /** Last month of the later rolling year. */
  end: string;
}

/** The breaks that apply to a figure for this area and series, in month order, each once. */
export function breaksFor(breaks: readonly CountingBreak[], subject: Omit<ChangeSubject, 'end'>): CountingBreak[] {
  const seen = new Set<string>();
  return breaks
    .filter((b) => b.table === subject.table && subject.series.includes(b.series) && (b.scope === 'all' || subject.area !== LONDON))
    .sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0))
    .filter((b) => (seen.has(b.month) ? false : (seen.add(b.month), true)));
}

/** The break between the 12 months ending `end` and the 12 before, if one falls in those 24 months. */
export function breakAcross(subject: ChangeSubject, breaks: readonly CountingBreak[]): CountingBreak | null {
  const end = monthIndex(subject.end);
  return breaksFor(breaks, subject).find((b) => end - 23 < monthIndex(b.month) && monthIndex(b.month) <= end) ?? null;
}

/** London's offences not allocated to a borough in each of the two years (for a borough's change). */
export interface Unallocated {
  current: { unallocated: number; london: number } | null;
  previous: { unallocated: number; london: number } | null;
}

export type Change =
  | { kind: 'change'; percent: number; previous: number }
  | { kind: 'withheld'; previous: number | null; reason: string }
  /** Both years have figures, but one of them is too small for a change to mean much. */
  | { kind: 'unreliable'; previous: number; reason: string }
  | { kind: 'none'; reason: string };

/** The change from the year before, or why there is none. */
export function compareYears(
  subject: ChangeSubject,
  current: number | null,
  previous: number | null,
  breaks: readonly CountingBreak[],
  unallocated?: Unallocated,
): Change {
  const before = rollingYearLabel(addMonths(subject.end, -12));
  if (current === null || previous === null) return { kind: 'none', reason: `No figures for the ${before} to compare with` };
  const crossing = breakAcross(subject, breaks);
  if (crossing) return { kind: 'withheld', previous, reason: crossing.note };
  if (subject.area !== LONDON && unallocated?.current && unallocated.previous) {
    const now = percentOf(unallocated.current);
    const then = percentOf(unallocated.previous);
    if (Math.abs(now - then) > MATERIAL_UNALLOCATED) {
      return {
        kind: 'withheld',
        previous,
        reason: `${formatShare(then)} of London's offences in the ${before} were not allocated to any borough, against ${formatShare(now)} in the ${rollingYearLabel(subject.end)}, so a borough's change would partly be a change in allocation.`,
      };
    }
  }
  if (current < SMALL_COUNT || previous < SMALL_COUNT) {
    return { kind: 'unreliable', previous, reason: smallCountReason(current, previous) };
  }
  if (previous === 0) return { kind: 'none', reason: `None in the ${before} to compare with` };
  return { kind: 'change', percent: ((current - previous) / previous) * 100, previous };
}

/** Why a change is not given for small counts, in a sentence. */
export function smallCountReason(current: number, previous: number): string {
  const which = current < SMALL_COUNT && previous < SMALL_COUNT ? 'both years' : current < SMALL_COUNT ? 'the later year' : 'the earlier year';
  return `Fewer than ${SMALL_COUNT} in ${which}: too few for a reliable change.`;
}

function percentOf(x: { unallocated: number; london: number }): number {
  return x.london > 0 ? (x.unallocated / x.london) * 100 : 0;
}

export const formatShare = (percent: number) => `${percent.toFixed(1)}%`;

/** A sentence about offences not allocated to a borough, when their share of the period is material; else null. */
export function unallocatedNote(unallocated: number | null, london: number | null, period: string, area: string): string | null {
  if (unallocated === null || london === null || london === 0) return null;
  const share = (unallocated / london) * 100;
  if (share <= MATERIAL_UNALLOCATED) return null;
  const count = unallocated.toLocaleString('en-GB');
  return area === LONDON
    ? `Includes ${count} offences (${formatShare(share)}) in the ${period} that the MPS did not allocate to a borough.`
    : `${formatShare(share)} of London's offences in the ${period} (${count}) were not allocated to any borough, so borough figures count fewer offences than happened in them.`;
}
