/**
 * Reading header names by meaning. Publishers rename columns from time to time
 * ("Borough", "BoroughName", "LookUp_BoroughName"; "Crime Type" → "Offence Group"), so columns
 * are found by a compact key (lower case, letters and digits only) and a few patterns, never by
 * one exact spelling.
 */

/** "LookUp_BoroughName" → "lookupboroughname"; "Inner/ Outer London" → "innerouterlondon". */
export function headerKey(raw: string): string {
  return raw.replace(/^\uFEFF/, '').normalize('NFKC').toLowerCase().replace(/[^a-z0-9]/g, '');
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/**
 * The month a wide-file column stands for, or null when the header is not a month.
 *
 * The MPS writes `YYYYMM`. Also read, because a file that has passed through a spreadsheet or a
 * script often comes back so: `YYYY-MM` (and `_`, `/`, `.`), an ISO date `YYYY-MM-DD` (any day,
 * with or without a midnight time), a month name and year (`Mar-24`, `Mar 2024`, `March 2024`,
 * as Excel shows a date), and the first of a month written day first (`01/03/2024`, `01.03.24`;
 * only day 01, since `03/01/2024` could be either order). R's read.csv adds an `X` in front of a
 * name that starts with a digit and turns `-` into `.`; that is undone.
 *
 * Returns the header's digits even when the month is impossible (e.g. 201313 or 2024-13-01), so
 * that the caller can report it rather than ignore the column.
 */
export function monthColumn(raw: string): { month: string; valid: boolean } | null {
  const text = raw.replace(/^\uFEFF/, '').trim();
  const numeric = /^x?(\d{4})[-_/.]?(\d{2})(?:[-_/.](\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?)?$/i.exec(text);
  if (numeric) {
    const [, year, month, day] = numeric as unknown as [string, string, string, string | undefined];
    const validDay = day === undefined || (Number(day) >= 1 && Number(day) <= 31);
    return { month: `${year}-${month}`, valid: validMonth(Number(year), Number(month)) && validDay };
  }
  const named = /^([a-z]{3,9})[-_ .']?(\d{2}|\d{4})$/i.exec(text);
  if (named) {
    // "Mar", "Sept", "March": the start of a month's name, three letters or more.
    const index = MONTH_NAMES.findIndex((name) => name.startsWith(named[1]!.toLowerCase()));
    if (index < 0) return null;
    return monthOf(fourDigitYear(named[2]!), index + 1);
  }
  const firstOfMonth = /^x?0?1[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/i.exec(text);
  if (firstOfMonth) {
    const month = Number(firstOfMonth[1]);
    if (month < 1 || month > 12) return null;
    return monthOf(fourDigitYear(firstOfMonth[2]!), month);
  }
  return null;
}

function validMonth(year: number, month: number): boolean {
  return month >= 1 && month <= 12 && year >= 1900;
}

function monthOf(year: number, month: number): { month: string; valid: boolean } {
  return { month: `${year}-${String(month).padStart(2, '0')}`, valid: validMonth(year, month) };
}

/** Two-digit years as the MPS writes them (its data start in the 2000s): 00–69 are 20xx. */
function fourDigitYear(text: string): number {
  const n = Number(text);
  return text.length === 4 ? n : n < 70 ? 2000 + n : 1900 + n;
}

/** A year-population column: "population_2023", "2011_Population", "mid2019", "Population 2015". */
export function populationYearColumn(raw: string): number | null {
  const key = headerKey(raw);
  const m = /^(?:population|pop|mid)(\d{4})$/.exec(key) ?? /^(\d{4})(?:population|pop)$/.exec(key);
  return m ? Number(m[1]) : null;
}

/** A column role: a name for reports, and the compact keys or patterns that mean it. */
export interface Role {
  /** What the column means, for messages: "borough", "minor category". */
  label: string;
  /** Spellings seen in published files, for messages ("looked for: …"). */
  examples: readonly string[];
  matches: (key: string) => boolean;
}

export function role(label: string, examples: readonly string[], matches: (key: string) => boolean): Role {
  return { label, examples, matches };
}

/**
 * Assigns header columns to roles, each column to at most one role and each role to its first
 * matching column, trying roles in the order given (so put specific roles before general ones:
 * "minor" before "major", since "Offence Subgroup" also contains "group").
 */
export function assignRoles<R extends string>(
  header: readonly string[],
  roles: Readonly<Record<R, Role>>,
  skip: ReadonlySet<number> = new Set(),
): Partial<Record<R, number>> {
  const keys = header.map(headerKey);
  const taken = new Set(skip);
  const found: Partial<Record<R, number>> = {};
  for (const name of Object.keys(roles) as R[]) {
    const index = keys.findIndex((k, i) => !taken.has(i) && roles[name].matches(k));
    if (index >= 0) {
      found[name] = index;
      taken.add(index);
    }
  }
  return found;
}
