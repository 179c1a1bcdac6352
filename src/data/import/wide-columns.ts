/**
 * The key columns of the MPS wide file (borough, major category, minor category), found by what
 * they hold rather than by what they are called. The Datastore has renamed them several times
 * (`Borough,Major Category,Minor Category`, `MajorText,MinorText,LookUp_BoroughName`,
 * `MajorText,MinorText,BoroughName`, `Group,SubGroup,BOCU`, …) and will again:
 *
 * - the borough column is the one whose values are London borough names in any spelling or
 *   code (or "Unknown", airports), a typo here and there allowed;
 * - the category columns are the two other columns of words; the minor category is the one
 *   that determines the other (every minor category belongs to one major category), and when the
 *   first rows cannot tell, the header's names decide if they can, else the order (major first,
 *   as in every file seen). The whole file is then checked against that reading (HierarchyCheck).
 *
 * With no data rows to look at, the header's names are all there is (WIDE_HINTS).
 */
import { resolveArea } from './areas';
import {
  describeColumns,
  filledShare,
  holdsAreaNames,
  isGssCode,
  isTextColumn,
  majorAndMinor,
  columnName,
  shareOf,
  cellsOf,
  type DecidedBy,
  type Sample,
} from './columns';
import { isKnownCategory } from './categories';
import { assignRoles, headerKey, role, type Role } from './header';

/**
 * Names the columns have had, used when the values cannot decide (and to say what was looked
 * for). Ordered so that specific roles come first: "Offence Subgroup" also contains "group".
 */
export const WIDE_HINTS = {
  minor: role('minor category', ['MinorText', 'Minor Category', 'Offence Subgroup'], (k) => k.includes('minor') || /sub(group|category|type)/.test(k)),
  major: role('major category', ['MajorText', 'Major Category', 'Offence Group', 'Group'], (k) =>
    k.includes('major') || /^(offence|crime)?(group|category)$/.test(k) || /^(offence|crime)type$/.test(k)),
  borough: role('borough', ['Borough', 'BoroughName', 'LookUp_BoroughName', 'BOCU'], (k) =>
    k.includes('borough') || /^(bocu|area|areaname|laname\d*|localauthority|district)$/.test(k)),
};

export interface WideRoles {
  borough: number;
  major: number;
  minor: number;
}

export type WideDecision =
  | {
      ok: true;
      roles: WideRoles;
      /** Other columns naming the same borough in every row read (e.g. its code): left out. */
      sameBorough: number[];
      /** How the two category columns were told apart. */
      categoriesBy: DecidedBy;
    }
  | {
      ok: false;
      missing: Role[];
      /** Why the columns could not be told apart, when they were found but are ambiguous. */
      ambiguity?: string;
      /** The column the problem is about, when there is one. */
      column?: number;
      /** What the header and the first rows hold, for the message. */
      found: string;
    };

/** Roles from the header's names alone: for a file with a header but no data rows. */
export function wideRolesByName(header: readonly string[], months: ReadonlySet<number>): Partial<WideRoles> {
  return assignRoles(header, WIDE_HINTS, months);
}

/** Whether two columns name the same area in every row where both are filled. */
function sameAreas(sample: Sample, a: number, b: number): boolean {
  const left = cellsOf(sample, a);
  const right = cellsOf(sample, b);
  return left.every((cell, row) => {
    const other = right[row]!;
    if (cell === '' || other === '') return true;
    const x = resolveArea(cell);
    const y = resolveArea(other);
    return x.kind !== 'unknown' && y.kind !== 'unknown' && x.name === y.name;
  });
}

/** `monthNames`: the month columns' names as the header writes them, for the message. */
export function decideWideColumns(header: readonly string[], keyColumns: readonly number[], sample: Sample, monthNames: readonly string[]): WideDecision {
  const found = describeColumns(header, sample, keyColumns, monthNames);
  const missing: Role[] = [];

  // The borough: the column of area names. Several that agree row by row are one borough said
  // twice (a name and a code); several that disagree cannot be told apart.
  const areaColumns = keyColumns.filter((i) => holdsAreaNames(sample, i));
  let borough: number | undefined;
  let sameBorough: number[] = [];
  if (areaColumns.length === 0) {
    missing.push(WIDE_HINTS.borough);
  } else if (areaColumns.length === 1 || areaColumns.every((i) => sameAreas(sample, areaColumns[0]!, i))) {
    // Names before codes: a name is what a reader of the report recognises.
    const codeShare = (i: number) => shareOf(cellsOf(sample, i), isGssCode);
    borough = [...areaColumns].sort((a, b) => codeShare(a) - codeShare(b) || a - b)[0]!;
    sameBorough = areaColumns.filter((i) => i !== borough);
  } else {
    return {
      ok: false,
      missing: [],
      ambiguity: `has ${areaColumns.length} columns of London borough names (${areaColumns.map((i) => columnName(header, i)).join(', ')}) that name different boroughs in the same row, so the importer cannot tell which is the borough of each row`,
      column: areaColumns[1]!,
      found,
    };
  }

  // The categories: the other columns of words.
  let words = keyColumns.filter((i) => !areaColumns.includes(i) && isTextColumn(sample, i));
  if (words.length > 2) {
    const complete = words.filter((i) => filledShare(sample, i) === 1);
    const named = (hint: Role) => words.filter((i) => hint.matches(headerKey(header[i] ?? '')));
    const majors = named(WIDE_HINTS.major).filter((i) => !WIDE_HINTS.minor.matches(headerKey(header[i] ?? '')));
    const minors = named(WIDE_HINTS.minor);
    if (complete.length === 2) words = complete;
    else if (majors.length === 1 && minors.length === 1) words = [majors[0]!, minors[0]!].sort((a, b) => a - b);
    else {
      return {
        ok: false,
        missing: [],
        ambiguity: `has ${words.length} columns of words (${words.map((i) => columnName(header, i)).join(', ')}) where two category columns were expected, so the importer cannot tell which are the major and minor categories`,
        column: words[2]!,
        found,
      };
    }
  }
  const noBorough = borough === undefined ? 'No column holds London borough names (in any spelling or code), "Unknown" or airports in most of the first rows. ' : '';
  if (words.length === 2) {
    const categories = majorAndMinor(header, sample, words[0]!, words[1]!, WIDE_HINTS, isKnownCategory);
    if (borough === undefined) return { ok: false, missing, found: noBorough + found };
    return { ok: true, roles: { borough, major: categories.major, minor: categories.minor }, sameBorough, categoriesBy: categories.decidedBy };
  }
  if (words.length === 1) {
    // One category column: which one is missing is all the header's name can say.
    missing.push(WIDE_HINTS.minor.matches(headerKey(header[words[0]!] ?? '')) ? WIDE_HINTS.major : WIDE_HINTS.minor);
  } else {
    missing.push(WIDE_HINTS.major, WIDE_HINTS.minor);
  }
  const fewWords = `Beside the borough, two columns of words (the major and minor categories, filled in most rows) were expected; ${words.length === 0 ? 'none was' : 'one was'} found. `;
  return { ok: false, missing, found: noBorough + fewWords + found };
}
