/**
 * The build's tables, so that DuckDB-WASM need not parse CSV or work out summaries at every start.
 *
 * The build (scripts/first-view.ts) loads the data files, checks them and works out the summaries
 * in DuckDB's Node build, the same wasm as the browser's. It writes each contract table it loaded
 * and each summary worked out from those tables as an Arrow IPC stream, data/snapshot/<id>/<name>.arrows,
 * DuckDB's own types and rows. The browser reads such a file into its table directly (no parsing),
 * which is most of a table's load time saved, and the summaries' SQL (most of the rest) not run.
 *
 * Which tables hold what the build wrote is kept in DuckDB beside them (data_versions): a table
 * read from the snapshot is marked with the build's id; any other write to it (a CSV, a reader's
 * own file, an empty table) removes the mark. A summary is read from the snapshot only when every
 * contract table it is worked out from is so marked, so it is the very table its SQL would make;
 * otherwise its SQL runs, as without a snapshot.
 */
import type { TableName } from './contract';
import type { Database } from './database';
import { identifier, literal } from './sql';
import { SUMMARIES } from './summaries';

/** What the build wrote (FirstView.snapshot): the names with a file, under the build's id. */
export interface SnapshotIndex {
  id: string;
  tables: string[];
  /** Each summary's columns and DuckDB types, to create it empty without planning its SQL. */
  columns?: Record<string, [string, string][]>;
  /** Each contract table's rows, as the build loaded them (so they need not be counted again). */
  rows?: Record<string, number>;
}

/** Under the build's id, so that a file cached from another build is never read for this one's. */
export const snapshotPath = (id: string, name: string) => `snapshot/${id}/${name}.arrows`;

export class Snapshot {
  private readonly downloads = new Map<string, Promise<Uint8Array>>();

  constructor(
    private readonly index: SnapshotIndex,
    /** Fetches a file under data/; `low`: after what the page needs first (DuckDB's wasm, answers). */
    private readonly fetchBytes: (path: string, priority?: 'low') => Promise<Uint8Array>,
  ) {}

  get id(): string {
    return this.index.id;
  }

  has(name: string): boolean {
    return this.index.tables.includes(name);
  }

  columns(name: string): [string, string][] | undefined {
    return this.index.columns?.[name];
  }

  rows(table: string): number | undefined {
    return this.index.rows?.[table];
  }

  /** The file's bytes, downloaded once (a failed download is tried again when next asked for). */
  bytes(name: string): Promise<Uint8Array> {
    let download = this.downloads.get(name);
    if (!download) {
      download = this.fetchBytes(snapshotPath(this.id, name), 'low');
      download.catch(() => this.downloads.delete(name));
      this.downloads.set(name, download);
    }
    return download;
  }

  /** Starts downloading these contract tables and the summaries worked out from them, for later. */
  prefetch(tables: readonly TableName[]): void {
    const names = [...tables, ...SUMMARIES.filter((s) => summaryInputs(s.name).some((t) => tables.includes(t))).map((s) => s.name)];
    for (const name of names) if (this.has(name)) this.bytes(name).catch(() => undefined);
  }
}

/**
 * For refreshSummaries while every contract table is empty (prepareDatabase): a summary of empty
 * tables is empty (summaries.ts), so it is created empty with the columns the build recorded.
 */
export function emptySummariesFrom(db: Database, snapshot: Snapshot): (summary: string) => Promise<boolean> {
  return async (summary) => {
    const columns = snapshot.columns(summary);
    if (!columns) return false;
    await db.query(`CREATE OR REPLACE TABLE ${summary} (${columns.map(([name, type]) => `${identifier(name)} ${type}`).join(', ')})`);
    return true;
  };
}

/** The contract tables a summary is worked out from, through the summaries it reads. */
export function summaryInputs(name: string): TableName[] {
  const summary = SUMMARIES.find((s) => s.name === name);
  if (!summary) return [name as TableName];
  return [...new Set(summary.reads.flatMap(summaryInputs))];
}

export async function createVersionTable(db: Database): Promise<void> {
  await db.query('CREATE OR REPLACE TABLE data_versions (table_name VARCHAR, version VARCHAR)');
}

/** The table now holds what the build wrote under this id. */
export async function markFromSnapshot(db: Database, table: TableName, id: string): Promise<void> {
  await forgetVersion(db, table);
  await db.query(`INSERT INTO data_versions VALUES (${literal(table)}, ${literal(id)})`);
}

/** The table is about to hold something else: its rows are no longer the build's. */
export async function forgetVersion(db: Database, table: TableName): Promise<void> {
  await db.query(`DELETE FROM data_versions WHERE table_name = ${literal(table)}`);
}

/**
 * For refreshSummaries: reads a summary from the snapshot when every contract table it is worked out
 * from holds the build's rows (so it is the table its SQL would make), and says whether it did. Which
 * tables hold the build's rows is asked once: refreshing writes only summaries, never those marks.
 */
export function summariesFrom(db: Database, snapshot: Snapshot): (summary: string) => Promise<boolean> {
  let asBuilt: Promise<Set<string>> | null = null;
  return async (summary) => {
    if (!snapshot.has(summary) || !db.loadArrow) return false;
    asBuilt ??= db
      .query<{ table_name: string }>(`SELECT table_name FROM data_versions WHERE version = ${literal(snapshot.id)}`)
      .then((rows) => new Set(rows.map((r) => r.table_name)));
    const marked = await asBuilt;
    if (!summaryInputs(summary).every((table) => marked.has(table))) return false;
    try {
      await db.loadArrow(summary, await snapshot.bytes(summary));
      return true;
    } catch {
      // Not downloaded (or not readable): worked out by its SQL instead, as without a snapshot.
      return false;
    }
  };
}
