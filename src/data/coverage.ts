/**
 * What the loaded data covers, and where each part came from: for every table and series (a category,
 * or the table itself where it has none), the runs of months it holds and the file each run came from.
 * It is what tells "no data" from zero: a missing row in a covered month is a count of 0 (published
 * files leave out all-zero series), while a month no file covers has no figure at all.
 *
 * Kept in DuckDB (data_coverage) so that summaries and queries can join on it, and rewritten whenever
 * a table is (re)loaded: from the manifest's provenance when the importer wrote one (it knows which
 * months each published file supplied, zero or not), otherwise from the rows themselves.
 *
 * Periods are month indexes (year × 12 + month − 1). Tables by year or financial year cover the
 * months of those years: population year Y is January to December of Y; financial year Y/Y+1 is
 * April of Y to March of Y+1.
 */
import type { DisplayCategory, Manifest, ProvenanceEntry, TableName } from './contract';
import type { Database } from './database';
import { isMonth, monthFromIndex, monthIndex } from './months';
import { literal } from './sql';

/** Where a table's figures came from: published files, the generated sample, or the reader's own files. */
export type Origin = 'published' | 'sample' | 'yours';

export interface CoverageEntry {
  table: TableName;
  series: string;
  /** First and last month of one run, YYYY-MM. */
  first: string;
  last: string;
  /** The file the run came from, by the name it was imported (or chosen) under. */
  file: string;
  origin: Origin;
  /** Publisher and dataset, as the manifest names them ("your file" for a reader's own). */
  source: string;
}

/** What a table's coverage is made from. */
export interface CoverageSource {
  origin: Origin;
  /** The contract file loaded (e.g. offences.csv): named when there is no provenance. */
  file: string;
  source: string;
  /** The importer's record for this table, when there is one. */
  provenance?: readonly ProvenanceEntry[];
}

const SERIES_COLUMN: Partial<Record<TableName, string>> = {
  offences: 'category',
  victims: 'category',
  proceedings: 'category',
  england_wales: 'category',
};

export async function createCoverageTable(db: Database): Promise<void> {
  await db.query(
    `CREATE OR REPLACE TABLE data_coverage (table_name VARCHAR, series VARCHAR, first_index INTEGER, last_index INTEGER, file VARCHAR, origin VARCHAR, source VARCHAR)`,
  );
}

/** Forgets what a table covered (its file failed, or it is about to be replaced). */
export async function clearCoverage(db: Database, table: TableName): Promise<void> {
  await db.query(`DELETE FROM data_coverage WHERE table_name = ${literal(table)}`);
}

/** Records what a table, just loaded, covers. */
export async function recordCoverage(db: Database, table: TableName, from: CoverageSource): Promise<void> {
  await clearCoverage(db, table);
  const entries = (from.provenance ?? []).filter((p) => p.table === table);
  const rows = entries.flatMap((p) => periodRuns(p.periods).map((run) => ({ series: p.series, ...run, file: p.file })));
  const common = `${literal(from.origin)}, ${literal(from.source)}`;
  if (rows.length > 0) {
    const values = rows.map((r) => `(${literal(table)}, ${literal(r.series)}, ${r.first}, ${r.last}, ${literal(r.file)}, ${common})`);
    await db.query(`INSERT INTO data_coverage VALUES ${values.join(', ')}`);
    return;
  }
  // No record from an importer: each series covers the months from its first row to its last.
  const column = SERIES_COLUMN[table];
  const series = column ? `${column}::VARCHAR` : literal(table);
  const [first, last] =
    table === 'population'
      ? ['min(year) * 12', 'max(year) * 12 + 11']
      : table === 'england_wales'
        ? ['min(fy_start) * 12 + 3', 'max(fy_start) * 12 + 14']
        : ['min(month_index)', 'max(month_index)'];
  await db.query(
    `INSERT INTO data_coverage
     SELECT ${literal(table)}, ${series}, (${first})::INTEGER, (${last})::INTEGER, ${literal(from.file)}, ${common}
     FROM ${table} GROUP BY ALL HAVING count(*) > 0`,
  );
}

/** "2008-01 to 2010-03, 2012-01", "2011 to 2022", "2013/14 to 2016/17" → runs of month indexes. */
export function periodRuns(ranges: string): { first: number; last: number }[] {
  if (!ranges || ranges === 'none') return [];
  return ranges.split(/,\s*/).flatMap((range) => {
    const [from, to = from] = range.split(' to ').map((p) => p.trim()) as [string, string?];
    const a = periodMonths(from);
    const b = periodMonths(to!);
    return a && b ? [{ first: a.first, last: b.last }] : [];
  });
}

function periodMonths(period: string): { first: number; last: number } | null {
  if (isMonth(period)) return { first: monthIndex(period), last: monthIndex(period) };
  const fy = /^(\d{4})\/\d{2}$/.exec(period);
  if (fy) return { first: Number(fy[1]) * 12 + 3, last: Number(fy[1]) * 12 + 14 };
  if (/^\d{4}$/.test(period)) return { first: Number(period) * 12, last: Number(period) * 12 + 11 };
  return null;
}

/** Everything the loaded data covers, in table, series and time order. */
export async function readCoverage(db: Database): Promise<CoverageEntry[]> {
  const rows = await db.query<{ table: TableName; series: string; first: number; last: number; file: string; origin: Origin; source: string }>(
    `SELECT table_name AS "table", series, first_index AS first, last_index AS last, file, origin, source
     FROM data_coverage ORDER BY table_name, series, first_index`,
  );
  return rows.map((r) => ({ ...r, first: monthFromIndex(Number(r.first)), last: monthFromIndex(Number(r.last)) }));
}

/**
 * The category pages open on: domestic abuse when the data has it, else sexual offences. Known from
 * the manifest alone (the importer's provenance), so the first view can use it; without a provenance
 * the data is taken to have every category.
 */
export function defaultCategoryFor(manifest: Manifest): DisplayCategory {
  if (!manifest.provenance) return 'domestic_abuse';
  const has = (series: string) => manifest.provenance!.some((p) => p.table === 'offences' && p.series === series && p.periods !== 'none');
  return has('domestic_abuse') || !(has('rape') && has('other_sexual')) ? 'domestic_abuse' : 'sexual_offences';
}

/** What the dashboard draws that these data lack, in words, from the manifest alone (for the data notice). */
export function missingFromData(manifest: Manifest): string[] {
  const listed = (table: TableName) => manifest.files.some((f) => f.table === table);
  const hasSeries = (series: string) =>
    !manifest.provenance || manifest.provenance.some((p) => p.table === 'offences' && p.series === series && p.periods !== 'none');
  const missing: string[] = [];
  if (listed('offences') && !hasSeries('domestic_abuse')) missing.push('domestic abuse offences');
  if (!listed('victims')) missing.push('victims by sex and age');
  if (!listed('incidents')) missing.push('domestic abuse incidents');
  if (!listed('repeat_victims')) missing.push('repeat victims');
  if (!listed('proceedings')) missing.push('people proceeded against');
  if (!listed('england_wales')) missing.push('England and Wales figures');
  return missing;
}
