/**
 * Which file supplies each month of a series when published files overlap, and where the way of
 * counting changes between the files a series is spliced from.
 *
 * Vintages must never be summed (the MPS republishes its history with revisions), and two ways of
 * allocating offences to boroughs must never be spliced into one borough series unmarked. MPS files
 * of different vintages differ in exactly that: some leave about 9% of sexual offences under
 * "Unknown", others allocate almost all of them to a borough. London's total, which includes the
 * unallocated rows, agrees across vintages within a fraction of a percent; a borough's does not, so
 * a borough's change computed across such a splice is off by up to 20 points.
 *
 * The rule, for offences (other tables have no allocation, and simply take the newest file):
 *  1. A file's unallocated share is the share of its offences in rows that are not a borough
 *     (Unknown, airports), over every month it holds, in the categories every file compared holds.
 *  2. For each month, of the files holding it, the ones leaving fewest offences unallocated win
 *     (shares within ALIKE_POINTS of the lowest count as alike: airports and revisions move a share
 *     that much), and of those the newest (latest month, then the file given later). A borough's
 *     figures then include as many of its offences as any published file gives them.
 *  3. Where the supplying file changes (a junction), the two files are compared, and the junction is a
 *     change of counting for boroughs, across which no borough change is computed, unless they are
 *     shown to count alike: their unallocated shares next to the junction within ALIKE_POINTS, and,
 *     over the months both hold nearest the junction, every borough within AGREE_PERCENT. Files that
 *     share no month cannot be shown to agree, so their junction is marked as unverified.
 *     London's total includes the unallocated rows, so the change holds for London too, unless the two
 *     files' London totals disagree where they overlap.
 */
import { BOROUGH_NAMES } from '../boroughs';
import type { FileResult, ImportTable, Series } from './result';

/** Unallocated shares (percentage points) this close count as one way of allocating. */
export const ALIKE_POINTS = 2;
/** Two files agree on a borough when their totals over the compared months differ by at most this percent. */
export const AGREE_PERCENT = 3;
/** Months either side of a junction compared. */
const NEAR_MONTHS = 12;

const BOROUGHS = new Set(BOROUGH_NAMES);

/** A file holding a series, with what the rule needs to know about it. */
export interface Holder {
  result: FileResult;
  series: Series;
  /** Position among the files given, for ties. */
  order: number;
  /** Latest period the file holds for the table. */
  latest: string;
}

export type ChangeKind =
  /** The two files allocate offences to boroughs differently (unallocated shares differ). */
  | 'allocation'
  /** The files overlap but disagree on some borough's figures. */
  | 'revision'
  /** The files share no month, so nothing shows that they count alike. */
  | 'unverified';

export interface CountingChange {
  table: ImportTable;
  series: string;
  /** The first month taken from the later file. */
  month: string;
  kind: ChangeKind;
  /** Boroughs only when London's totals (unallocated rows included) agree across the junction. */
  scope: 'boroughs' | 'all';
  before: { file: string; unallocatedPercent: number };
  after: { file: string; unallocatedPercent: number };
}

/** Per file: area → count, per period, over every series of the table (allocation is a file's, not a category's). */
type AreaTotals = Map<string, Map<string, number>>;

export interface FileProfile {
  totals: AreaTotals;
  /** Percent of offences not allocated to a borough, over everything the file holds; null when it holds none. */
  unallocatedPercent: number | null;
}

/**
 * What a file holds of a table, summed over the named series: those every file being compared
 * holds, so that a category only one of them has (stalking in the pre-2019 categories) does not
 * pass for a difference in allocation.
 */
export function profileFile(result: FileResult, table: ImportTable, series: ReadonlySet<string>): FileProfile {
  const totals: AreaTotals = new Map();
  for (const s of result.series) {
    if (s.table !== table || !series.has(s.series)) continue;
    for (const [period, rows] of s.byPeriod) {
      let areas = totals.get(period);
      if (!areas) totals.set(period, (areas = new Map()));
      for (const [area, n] of rows) areas.set(area, (areas.get(area) ?? 0) + n);
    }
  }
  return { totals, unallocatedPercent: unallocatedPercent(totals, [...totals.keys()]) };
}

function unallocatedPercent(totals: AreaTotals, periods: readonly string[]): number | null {
  if (periods.length === 0) return null;
  let all = 0;
  let unallocated = 0;
  for (const period of periods) {
    for (const [area, n] of totals.get(period) ?? []) {
      all += n;
      if (!BOROUGHS.has(area)) unallocated += n;
    }
  }
  return all > 0 ? (unallocated / all) * 100 : 0;
}

/** Newest first: latest period, then given later. */
const newestFirst = (a: Holder, b: Holder): number => (a.latest !== b.latest ? (a.latest < b.latest ? 1 : -1) : b.order - a.order);

/**
 * The file that supplies `period`, of the holders that have it: fewest unallocated (alike within
 * ALIKE_POINTS), then newest. Without profiles (tables with no allocation), simply the newest.
 */
export function supplierOf(having: readonly Holder[], profiles?: ReadonlyMap<FileResult, FileProfile>): Holder {
  const share = (h: Holder) => profiles?.get(h.result)?.unallocatedPercent ?? 0;
  const lowest = Math.min(...having.map(share));
  return having.filter((h) => share(h) <= lowest + ALIKE_POINTS).sort(newestFirst)[0]!;
}

const monthsBetween = (periods: readonly string[], from: string, to: string) => periods.filter((p) => p >= from && p <= to);

/**
 * Compares the file supplying the months before `month` with the one supplying it and after; null
 * when they are shown to count alike.
 */
export function judgeJunction(
  table: ImportTable,
  series: string,
  month: string,
  before: FileResult,
  after: FileResult,
  profiles: ReadonlyMap<FileResult, FileProfile>,
): CountingChange | null {
  const p = profiles.get(before)!;
  const n = profiles.get(after)!;
  const beforeMonths = [...p.totals.keys()].filter((m) => m < month).sort().slice(-NEAR_MONTHS);
  const afterMonths = [...n.totals.keys()].filter((m) => m >= month).sort().slice(0, NEAR_MONTHS);
  const shareBefore = unallocatedPercent(p.totals, beforeMonths) ?? 0;
  const shareAfter = unallocatedPercent(n.totals, afterMonths) ?? 0;
  const change = (kind: ChangeKind, scope: CountingChange['scope']): CountingChange => ({
    table,
    series,
    month,
    kind,
    scope,
    before: { file: before.file, unallocatedPercent: round1(shareBefore) },
    after: { file: after.file, unallocatedPercent: round1(shareAfter) },
  });

  // The months both files hold, nearest the junction: there, they can be compared area by area.
  const shared = [...p.totals.keys()].filter((m) => n.totals.has(m)).sort();
  const compared = [...monthsBetween(shared, month, '9999-12').slice(0, NEAR_MONTHS)];
  if (compared.length < NEAR_MONTHS) compared.push(...monthsBetween(shared, '0000-01', month).filter((m) => m < month).slice(-(NEAR_MONTHS - compared.length)));
  const londonAgrees = compared.length === 0 || withinPercent(sumAreas(p.totals, compared, () => true), sumAreas(n.totals, compared, () => true));
  const scope = londonAgrees ? 'boroughs' : 'all';

  if (Math.abs(shareBefore - shareAfter) > ALIKE_POINTS) return change('allocation', scope);
  if (compared.length === 0) return change('unverified', scope);
  const boroughsAgree = BOROUGH_NAMES.every((b) =>
    withinPercent(sumAreas(p.totals, compared, (a) => a === b), sumAreas(n.totals, compared, (a) => a === b)),
  );
  return boroughsAgree && londonAgrees ? null : change('revision', scope);
}

function sumAreas(totals: AreaTotals, periods: readonly string[], include: (area: string) => boolean): number {
  let sum = 0;
  for (const period of periods) for (const [area, n] of totals.get(period) ?? []) if (include(area)) sum += n;
  return sum;
}

function withinPercent(a: number, b: number): boolean {
  const larger = Math.max(a, b);
  return larger === 0 || (Math.abs(a - b) / larger) * 100 <= AGREE_PERCENT;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** A sentence for people: why changes across this month are not given. */
export function describeChange(c: CountingChange, monthName: (month: string) => string = (m) => m): string {
  const when = monthName(c.month);
  const whose = c.scope === 'boroughs' ? 'Borough figures' : 'Figures';
  const files = `${c.before.file} (to the month before) and ${c.after.file} (from ${when})`;
  switch (c.kind) {
    case 'allocation':
      return `${whose} before and from ${when} come from files that allocate offences to boroughs differently: ${c.before.unallocatedPercent}% of offences were not allocated to a borough in ${c.before.file}, ${c.after.unallocatedPercent}% in ${c.after.file}.`;
    case 'revision':
      return `${whose} before and from ${when} come from two files that disagree where both cover the same months: ${files}.`;
    case 'unverified':
      return `${whose} before and from ${when} come from two files that share no month, so nothing shows that they count alike: ${files}.`;
  }
}
