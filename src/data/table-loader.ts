/**
 * Loads contract tables when a page first needs them, once each, so the first view waits only for
 * the tables it draws. Files download in parallel; DuckDB ingests them one after another. With the
 * build's snapshot (snapshot.ts), a table whose CSV is the very file the build read (same SHA-256)
 * is read, with its summaries, as the build wrote them; any other, or one whose snapshot cannot be
 * had, is loaded from its CSV, as without a snapshot.
 */
import type { Manifest, TableName } from './contract';
import type { Database } from './database';
import { loadTable, loadTableFromSnapshot, sha256, type FileReader, type TableStatus, type Validated } from './load';
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
      const snapshot = this.snapshot?.has(table) && this.db.loadArrow && entry && this.validated[entry.path] ? this.snapshot : null;
      snapshot?.prefetch([table]);
      // The CSV is downloaded even with a snapshot: its bytes say whether the host serves the file the
      // build read (a file changed since is validated and loaded as it is, never hidden by the build's).
      const csv = entry
        ? this.readFile(entry.path).then((bytes) => (measure(`download ${table}`, asked), { bytes }), (error: unknown) => ({ error }))
        : Promise.resolve({ error: new Error('not listed in the manifest') });
      const reader: FileReader = async () => {
        const result = await csv;
        if ('error' in result) throw result.error;
        return result.bytes;
      };
      load = this.ingestQueue.then(async () => {
        this.onProgress?.(table, 'loading');
        const downloaded = await csv;
        const ingest = performance.now();
        const asBuilt = snapshot !== null && 'bytes' in downloaded && (await sha256(downloaded.bytes)) === this.validated[entry!.path];
        const fromCsv = () => loadTable(this.db, this.manifest, table, reader, this.currentMonth, this.validated);
        const result = await (asBuilt ? loadTableFromSnapshot(this.db, this.manifest, table, snapshot).catch(fromCsv) : fromCsv()).catch((error: unknown) => {
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
