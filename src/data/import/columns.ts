/**
 * What a column holds, read from the first data rows of a file (the sample), so that a converter
 * finds its columns whatever the header calls them: publishers rename columns ("BoroughName",
 * "LookUp_BoroughName", "BOCU"), but a column of borough names stays a column of borough names.
 * Pure helpers; wide-columns.ts and dashboard-columns.ts decide the roles with them.
 */
import { spellingKey } from '../boroughs';
import { areaLikeness } from './areas';
import { readCount } from './cells';
import { headerKey, type Role } from './header';

/** The first data rows of a file (blank rows left out), each as its fields. */
export type Sample = readonly (readonly string[])[];

/** How many data rows are read before the columns are decided. */
export const SAMPLE_ROWS = 50;

/** A column's cells in the sample, trimmed; a row too short for it gives an empty cell. */
export function cellsOf(sample: Sample, index: number): string[] {
  return sample.map((row) => (row[index] ?? '').trim());
}

/** The non-empty cells of a column. */
export function filledCells(sample: Sample, index: number): string[] {
  return cellsOf(sample, index).filter((c) => c !== '');
}

/** Share of the non-empty cells that pass `test`: 0 when none is filled. */
export function shareOf(cells: readonly string[], test: (cell: string) => boolean): number {
  const filled = cells.filter((c) => c !== '');
  return filled.length === 0 ? 0 : filled.filter(test).length / filled.length;
}

/** Share of the sample's rows in which the column is filled. */
export function filledShare(sample: Sample, index: number): number {
  return sample.length === 0 ? 0 : filledCells(sample, index).length / sample.length;
}

export const isWholeNumber = (cell: string): boolean => typeof readCount(cell) === 'number';

/** Half or more of a column's cells are area names (exactly, or a typo away). */
export function holdsAreaNames(sample: Sample, index: number): boolean {
  const cells = filledCells(sample, index);
  return cells.length > 0 && shareOf(cells, (c) => areaLikeness(c) !== 'no') >= 0.5;
}

/** A GSS code, as the dashboard's "Area code" holds: E09000003 for Barnet, E05… for wards. */
export const isGssCode = (cell: string): boolean => /^[EKNSW]\d{8}$/i.test(cell.trim());

/**
 * Text columns hold words, not counts: filled in at least half the rows, and not all whole
 * numbers. Category columns are among them.
 */
export function isTextColumn(sample: Sample, index: number): boolean {
  const cells = filledCells(sample, index);
  return filledShare(sample, index) >= 0.5 && shareOf(cells, isWholeNumber) < 1;
}

/** True when every value of column `from` goes with only one value of column `to` (spelling folded). */
export function determines(sample: Sample, from: number, to: number): boolean {
  const seen = new Map<string, string>();
  for (const row of sample) {
    const a = spellingKey(row[from] ?? '');
    const b = spellingKey(row[to] ?? '');
    const before = seen.get(a);
    if (before === undefined) seen.set(a, b);
    else if (before !== b) return false;
  }
  return true;
}

function distinctCount(sample: Sample, index: number): number {
  return new Set(sample.map((row) => spellingKey(row[index] ?? ''))).size;
}

/** How a pair of columns was told apart: by their values, by their names, or by order. */
export type DecidedBy = 'values' | 'names' | 'position';

/** How a reading was made, for messages: "… as the minor one ${READ_BY.values}". */
export const READ_BY: Record<DecidedBy, string> = {
  values: 'from their values in the first rows',
  names: 'from their names (the first rows could not tell)',
  position: 'by their order (neither the first rows nor the names could tell)',
};

/**
 * Which of two category columns is the group (major category) and which the part of it (minor
 * category), by their values: every minor category belongs to one major category, and a major
 * category holds several minor ones. So the minor column determines the major column and not the
 * other way round. When neither determines the other (a minor name under two majors), the column
 * with fewer distinct values is the major. Null when the values cannot tell: in a few rows each
 * major may show only one minor.
 */
export function hierarchyByValues(sample: Sample, a: number, b: number): { major: number; minor: number } | null {
  const aDeterminesB = determines(sample, a, b);
  const bDeterminesA = determines(sample, b, a);
  if (aDeterminesB && !bDeterminesA) return { major: b, minor: a };
  if (bDeterminesA && !aDeterminesB) return { major: a, minor: b };
  if (!aDeterminesB && !bDeterminesA) {
    const na = distinctCount(sample, a);
    const nb = distinctCount(sample, b);
    if (na < nb) return { major: a, minor: b };
    if (nb < na) return { major: b, minor: a };
  }
  return null;
}

/**
 * Two category columns as major and minor: by values (their hierarchy; failing that, the reading
 * under which more rows are categories the dashboard knows, since "Sexual Offences / Rape" is one
 * and "Rape / Sexual Offences" is not), else by the header's names when exactly one reading of
 * them fits, else by position (the major category comes first in every file seen).
 */
export function majorAndMinor(
  header: readonly string[],
  sample: Sample,
  first: number,
  second: number,
  hints: { major: Role; minor: Role },
  isKnownCategory: (major: string, minor: string) => boolean,
): { major: number; minor: number; decidedBy: DecidedBy } {
  const byValues = hierarchyByValues(sample, first, second);
  if (byValues) return { ...byValues, decidedBy: 'values' };
  const known = (major: number, minor: number) => sample.filter((row) => isKnownCategory(row[major] ?? '', row[minor] ?? '')).length;
  const firstMajor = known(first, second);
  const secondMajor = known(second, first);
  if (firstMajor !== secondMajor) {
    return firstMajor > secondMajor ? { major: first, minor: second, decidedBy: 'values' } : { major: second, minor: first, decidedBy: 'values' };
  }
  const says = (index: number, role: Role) => role.matches(headerKey(header[index] ?? ''));
  const firstIsMajor = (says(first, hints.major) && !says(first, hints.minor)) || (says(second, hints.minor) && !says(second, hints.major));
  const secondIsMajor = (says(second, hints.major) && !says(second, hints.minor)) || (says(first, hints.minor) && !says(first, hints.major));
  if (firstIsMajor !== secondIsMajor) {
    return firstIsMajor ? { major: first, minor: second, decidedBy: 'names' } : { major: second, minor: first, decidedBy: 'names' };
  }
  return { major: first, minor: second, decidedBy: 'position' };
}

/** How a column is named in messages: "BOCU", or "column 3 (no name)". */
export function columnName(header: readonly string[], index: number): string {
  const name = (header[index] ?? '').replace(/^\uFEFF/, '').trim();
  return name ? `"${name.length > 40 ? `${name.slice(0, 40)}…` : name}"` : `column ${index + 1} (no name)`;
}

/** A column and a few of its values, for messages: `"BOCU" (e.g. "Barnet", "Camden")`. */
export function describeColumn(header: readonly string[], sample: Sample, index: number): string {
  const values = [...new Set(filledCells(sample, index))].slice(0, 3).map((v) => `"${v.length > 30 ? `${v.slice(0, 30)}…` : v}"`);
  return `${columnName(header, index)} (${values.length > 0 ? `e.g. ${values.join(', ')}` : 'empty in the first rows'})`;
}

/**
 * What the header and the first rows hold, for a message about columns that cannot be found or
 * told apart: each column's name and a few values; month columns (a wide file has a hundred) by
 * their count and first and last names.
 */
export function describeColumns(header: readonly string[], sample: Sample, columns: readonly number[], monthNames: readonly string[] = []): string {
  const listed = columns.map((i) => describeColumn(header, sample, i));
  if (monthNames.length > 0) {
    const range = monthNames.length > 1 ? `${monthNames[0]} to ${monthNames.at(-1)}` : monthNames[0];
    listed.push(`${monthNames.length} month ${monthNames.length === 1 ? 'column' : 'columns'} (${range})`);
  }
  return `The header and first rows have: ${listed.join('; ')}`;
}

/**
 * Watches a pair of category columns through the whole file, to confirm the reading of the first
 * rows: if the file as a whole shows the column taken as major is really the minor one (each
 * "major" value goes with one "minor" value, while a "minor" value goes with several "majors"),
 * the reading was wrong, and the import must stop rather than map categories the wrong way
 * round. Remembers distinct pairs only (a few hundred in any real file), up to a cap.
 */
export class HierarchyCheck {
  private readonly majorsOfMinor = new Map<string, Set<string>>();
  private readonly minorsOfMajor = new Map<string, Set<string>>();
  private pairs = 0;
  private static readonly MAX_PAIRS = 20_000;

  add(major: string, minor: string): void {
    if (this.pairs >= HierarchyCheck.MAX_PAIRS) return;
    const a = spellingKey(major);
    const b = spellingKey(minor);
    const majors = this.majorsOfMinor.get(b) ?? new Set<string>();
    if (!majors.has(a)) {
      majors.add(a);
      this.majorsOfMinor.set(b, majors);
      const minors = this.minorsOfMajor.get(a) ?? new Set<string>();
      minors.add(b);
      this.minorsOfMajor.set(a, minors);
      this.pairs++;
    }
  }

  /** True when the whole file says the two columns are the other way round. */
  get reversed(): boolean {
    const minorDeterminesMajor = [...this.majorsOfMinor.values()].every((s) => s.size === 1);
    const majorDeterminesMinor = [...this.minorsOfMajor.values()].every((s) => s.size === 1);
    return majorDeterminesMinor && !minorDeterminesMajor;
  }
}
