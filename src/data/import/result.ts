/**
 * What converting one file yields: counts grouped by (table, series, period), which periods the
 * file covers for each series (so that merging can choose one file month by month),
 * and problems. Counts are aggregated as they arrive, so memory grows with the output (months ×
 * boroughs × categories), never with the size of the input file.
 */
import type { Encoding } from './text';
import type { ImportProblem } from './problems';

/**
 * Tables an import fills. `ew_population` is not a contract table: it carries the population of
 * England and Wales (from a population file) to join with the Home Office offences.
 */
export type ImportTable = 'offences' | 'population' | 'england_wales' | 'ew_population';

/**
 * One series of one table from one file. Offences: series = category, period = month, rest =
 * borough. Population: series = "population", period = year, rest = borough|sex|age_band.
 * England and Wales: series = category, period = financial year, rest = "".
 */
export interface Series {
  table: ImportTable;
  series: string;
  /** period → rest of the row's key → count. A covered period may have no rows (all zero). */
  byPeriod: Map<string, Map<string, number>>;
}

export interface FormatInfo {
  id: string;
  /** "MPS Borough Level Crime" */
  label: string;
  /** Publisher and dataset, for the manifest: "Metropolitan Police Service, MPS Borough Level Crime (London Datastore)". */
  source: string;
}

export interface BoundaryFile {
  text: string;
  features: number;
}

export interface FileResult {
  file: string;
  format: FormatInfo | null;
  /** The header's column names as read (empty when there was no header). */
  header: string[];
  encoding: Encoding;
  /** Data rows read (not counting the header or blank lines). */
  rows: number;
  /** Rows that went into the output. */
  rowsUsed: number;
  series: Series[];
  /** The latest period the file holds, per table: decides which file is newest. */
  latest: Partial<Record<ImportTable, string>>;
  /** Published categories (or measures, area types) not carried into the contract, with row counts. */
  leftOut: { label: string; rows: number }[];
  problems: ImportProblem[];
  boundaries?: BoundaryFile;
}

/** Where a converter puts what it reads. */
export class Collector {
  private readonly series = new Map<string, Series>();
  private readonly leftOutRows = new Map<string, number>();
  private leftOutOther = 0;
  rowsUsed = 0;

  private get(table: ImportTable, series: string): Series {
    const key = `${table}\u0000${series}`;
    let s = this.series.get(key);
    if (!s) {
      s = { table, series, byPeriod: new Map() };
      this.series.set(key, s);
    }
    return s;
  }

  /** Marks a period as covered for a series, without adding a row. */
  cover(table: ImportTable, series: string, period: string): Map<string, number> {
    const s = this.get(table, series);
    let rows = s.byPeriod.get(period);
    if (!rows) {
      rows = new Map();
      s.byPeriod.set(period, rows);
    }
    return rows;
  }

  /** Adds a count (several published categories may add up to one contract category). */
  add(table: ImportTable, series: string, period: string, rest: string, value: number): void {
    const rows = this.cover(table, series, period);
    rows.set(rest, (rows.get(rest) ?? 0) + value);
  }

  /** Counts a row left out, by what it was; distinct labels are capped so a strange file cannot grow this without bound. */
  leaveOut(label: string): void {
    const n = this.leftOutRows.get(label);
    if (n !== undefined) this.leftOutRows.set(label, n + 1);
    else if (this.leftOutRows.size < 500) this.leftOutRows.set(label, 1);
    else this.leftOutOther++;
  }

  results(): Pick<FileResult, 'series' | 'latest' | 'leftOut' | 'rowsUsed'> {
    const series = [...this.series.values()];
    const latest: Partial<Record<ImportTable, string>> = {};
    for (const s of series) {
      for (const period of s.byPeriod.keys()) {
        const current = latest[s.table];
        if (current === undefined || period > current) latest[s.table] = period;
      }
    }
    const leftOut = [...this.leftOutRows].map(([label, rows]) => ({ label, rows })).sort((a, b) => a.label.localeCompare(b.label));
    if (this.leftOutOther > 0) leftOut.push({ label: 'other categories', rows: this.leftOutOther });
    return { series, latest, leftOut, rowsUsed: this.rowsUsed };
  }
}
