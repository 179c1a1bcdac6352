/**
 * The real published MPS borough files in ../shared/data/real, read with plain code (PapaParse and
 * sums), never through the importer: what tests check the importer and the built site against.
 *
 * The file-choosing rule of src/data/import/splice.ts is written out again here, long-hand, from its
 * documentation: for each month, of the files holding it, those leaving fewest offences unallocated to
 * a borough (alike within 2 points), then the newest (latest month, then given later).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { findBorough } from '../../src/data/boroughs';
import { REAL_DATA } from './real-data';

export const REPO_ROOT = path.resolve(__dirname, '../..');
/** ../shared/data/real beside the repository; tests that read it start with needRealData(ctx). */
export const REAL = REAL_DATA;
export const realFilesPresent = existsSync(REAL);

/** Files of ../shared/data/real ending so, in name order (the order data:import is given them). */
export const realFiles = (suffix: string): string[] => (realFilesPresent ? readdirSync(REAL).filter((f) => f.endsWith(suffix)).sort() : []);
export const WIDE_FILES = (): string[] => realFiles('.csv').filter((f) => f.startsWith('mps_borough_crime_'));

export interface WideRow {
  borough: string;
  major: string;
  minor: string;
  counts: Map<string, number>;
}

/** A wide MPS file read plainly: its months, and per row its borough, categories and counts. */
export function readWide(file: string): { months: string[]; rows: WideRow[] } {
  const text = readFileSync(path.join(REAL, file), 'utf8').replace(/^\uFEFF/, '');
  const [header, ...rows] = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true }).data as string[][];
  const monthCols = header!.flatMap((h, i) => (/^\d{6}$/.test(h) ? [{ i, month: `${h.slice(0, 4)}-${h.slice(4)}` }] : []));
  const major = header!.findIndex((h) => /major/i.test(h));
  const minor = header!.findIndex((h) => /minor/i.test(h));
  const borough = header!.findIndex((h) => /borough/i.test(h));
  return {
    months: monthCols.map((c) => c.month),
    rows: rows.map((r) => ({ borough: r[borough]!, major: r[major]!, minor: r[minor]!, counts: new Map(monthCols.map((c) => [c.month, Number(r[c.i])])) })),
  };
}

/** Rows that are not a borough ("Unknown", airports) are counted under this name. */
export const NOT_A_BOROUGH = 'not a borough';

export interface WideFile {
  file: string;
  order: number;
  last: string;
  /** Sexual offences (rape and other) per month and area (borough name, or NOT_A_BOROUGH). */
  sexual: Map<string, Map<string, number>>;
  /** Rape alone, likewise. */
  rape: Map<string, Map<string, number>>;
}

function byArea(rows: readonly WideRow[], months: readonly string[], keep: (r: WideRow) => boolean): Map<string, Map<string, number>> {
  const out = new Map(months.map((m) => [m, new Map<string, number>()]));
  for (const r of rows) {
    if (!keep(r)) continue;
    const area = findBorough(r.borough)?.name ?? NOT_A_BOROUGH;
    for (const [m, n] of r.counts) out.get(m)!.set(area, (out.get(m)!.get(area) ?? 0) + n);
  }
  return out;
}

const read = new Map<string, WideFile>();
/**
 * Wide files, each read once: every one in ../shared/data/real, or those named (the ones a fetch
 * downloaded, say), in the order given (the order they were imported in, which breaks ties).
 */
export function wideFiles(files: readonly string[] = WIDE_FILES()): WideFile[] {
  return files.map((file, order) => {
    let f = read.get(file);
    if (!f) {
      const { months, rows } = readWide(file);
      const sexual = byArea(rows, months, (r) => /sexual/i.test(r.major));
      const rape = byArea(rows, months, (r) => r.minor.trim().toLowerCase() === 'rape');
      f = { file, order, sexual, rape, last: [...months].sort().at(-1)! };
      read.set(file, f);
    }
    return { ...f, order };
  });
}

export const allMonths = (files: readonly WideFile[] = wideFiles()): string[] => [...new Set(files.flatMap((f) => [...f.sexual.keys()]))].sort();

/** Percent of a file's sexual offences outside any borough, over the months given. */
export function unallocatedShare(f: WideFile, months: readonly string[]): number {
  let all = 0;
  let unallocated = 0;
  for (const m of months) {
    for (const [area, n] of f.sexual.get(m) ?? []) {
      all += n;
      if (area === NOT_A_BOROUGH) unallocated += n;
    }
  }
  return all > 0 ? (unallocated / all) * 100 : 0;
}

const shares = new Map<string, number>();
/** The file supplying a month under the rule above, of the files given (default: all of them). */
export function supplierOf(month: string, files: readonly WideFile[] = wideFiles()): WideFile {
  const having = files.filter((f) => f.sexual.has(month));
  const whole = (f: WideFile) => shares.get(f.file) ?? shares.set(f.file, unallocatedShare(f, [...f.sexual.keys()])).get(f.file)!;
  const lowest = Math.min(...having.map(whole));
  return having
    .filter((f) => whole(f) <= lowest + 2)
    .sort((a, b) => (a.last !== b.last ? (a.last < b.last ? 1 : -1) : b.order - a.order))[0]!;
}

/** Months of the 12 ending `end`. */
export function yearEnding(end: string): string[] {
  const out: string[] = [];
  let y = Number(end.slice(0, 4));
  let m = Number(end.slice(5, 7));
  for (let i = 0; i < 12; i++) {
    out.unshift(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
}

/** A file's sexual offences in an area (or 'London': every row) over some months; null if it lacks one. */
export function sumIn(f: WideFile, area: string, months: readonly string[], which: 'sexual' | 'rape' = 'sexual'): number | null {
  let sum = 0;
  for (const m of months) {
    const areas = f[which].get(m);
    if (!areas) return null;
    for (const [a, n] of areas) if (area === 'London' || a === area) sum += n;
  }
  return sum;
}

/** The site's figure: each month from the file the rule chooses among those imported. */
export function siteSum(area: string, months: readonly string[], which: 'sexual' | 'rape' = 'sexual', files: readonly WideFile[] = wideFiles()): number {
  return months.reduce((s, m) => s + (sumIn(supplierOf(m, files), area, [m], which) ?? NaN), 0);
}
