/**
 * Loads contract tables when a page first needs them, once each, so the first view waits only for
 * the tables it draws. Files download in parallel; DuckDB ingests them one after another. With the
 * build's snapshot (snapshot.ts) a table and its summaries are read as the build wrote them; a
 * table whose snapshot cannot be had is loaded from its CSV, as without one.
 */
import type { Manifest, TableName } from './contract';
import type { Database } from './database';
import { loadTable, loadTableFromSnapshot, type FileReader, type TableStatus, type Validated } from './load';
import type { Snapshot } from './snapshot';
import type { LoadProblem } from './validate';

export class TableLoader {
  readonly problems: LoadProblem[] = [];
  readonly status = new Map<TableName, TableStatus>();
  /** Called whenever a table finishes loading with problems. */
  onProblems: (() => void) | null = null;
  /** Called as each table is downloaded, loaded into DuckDB, and done (for a progress display). */
  onProgress: ((table: TableName, phase: 'downloading' | 'loading' | 'ready' | 'failed') => void) | null = null;
  private readonly loads = new Map<TableName, Promise<void>>();
  private ingestQueue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly manifest: Manifest,
    private readonly readFile: FileReader,
    private readonly currentMonth: string,
    /** Files the build validated (load.ts): loaded without checking them again. */
    private readonly validated: Validated = {},
    private readonly snapshot: Snapshot | null = null,
  ) {}

  /** Resolves when every named table is loaded (or has failed, leaving it empty with problems). */
  ensure(tables: readonly TableName[]): Promise<void> {
    return Promise.all(tables.map((table) => this.ensureOne(table))).then(() => undefined);
  }

  private ensureOne(table: TableName): Promise<void> {
    let load = this.loads.get(table);
    if (!load) {
      // Start the download now; queue the DuckDB work behind tables asked for earlier.
      const entry = this.manifest.files.find((f) => f.table === table);
      this.onProgress?.(table, 'downloading');
      // Measured for the benchmark's account of where the start-up goes (where-time-goes.ts).
      const asked = performance.now();
      const snapshot = this.snapshot?.has(table) && this.db.loadArrow ? this.snapshot : null;
      snapshot?.prefetch([table]);
      const fromFile = () =>
        entry
          ? this.readFile(entry.path).then((bytes) => (measure(`download ${table}`, asked), { bytes }), (error: unknown) => ({ error }))
          : Promise.resolve({ error: new Error('not listed in the manifest') });
      // The CSV is downloaded only when there is no snapshot to read, or it fails.
      let csv: ReturnType<typeof fromFile> | null = snapshot ? null : fromFile();
      const reader: FileReader = async () => {
        const result = await (csv ??= fromFile());
        if ('error' in result) throw result.error;
        return result.bytes;
      };
      const downloaded = snapshot ? snapshot.bytes(table).then(() => measure(`download ${table}`, asked), () => undefined) : csv;
      load = this.ingestQueue.then(async () => {
        this.onProgress?.(table, 'loading');
        await downloaded;
        const ingest = performance.now();
        const fromCsv = () => loadTable(this.db, this.manifest, table, reader, this.currentMonth, this.validated);
        const result = await (snapshot ? loadTableFromSnapshot(this.db, this.manifest, table, snapshot).catch(fromCsv) : fromCsv()).catch((error: unknown) => {
          this.onProgress?.(table, 'failed');
          throw error;
        });
        measure(`load ${table}`, ingest);
        this.status.set(table, result.status);
        if (result.problems.length > 0) {
          this.problems.push(...result.problems);
          this.onProblems?.();
        }
        this.onProgress?.(table, result.problems.length > 0 ? 'failed' : 'ready');
      });
      this.ingestQueue = load.catch(() => undefined);
      this.loads.set(table, load);
    }
    return load;
  }
}

/** A span of the start-up, named for the benchmark (dashboard:…); nothing where there is no timeline. */
function measure(name: string, start: number): void {
  if (typeof performance.measure === 'function') performance.measure(`dashboard:${name}`, { start, end: performance.now() });
}
