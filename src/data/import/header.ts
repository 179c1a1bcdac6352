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

/**
 * The month a wide-file column stands for, or null when the header is not a month. The MPS
 * writes `YYYYMM`; `YYYY-MM`, `YYYY_MM` and R's `X201004` (read.csv's name mangling) are accepted
 * too. Returns the header's digits even when the month is impossible (e.g. 201313), so that
 * the caller can report it rather than ignore the column.
 */
export function monthColumn(raw: string): { month: string; valid: boolean } | null {
  const m = /^x?(\d{4})[-_/]?(\d{2})$/i.exec(raw.replace(/^\uFEFF/, '').trim());
  if (!m) return null;
  const month = Number(m[2]);
  return { month: `${m[1]}-${m[2]}`, valid: month >= 1 && month <= 12 && Number(m[1]) >= 1900 };
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
