/**
 * Start-up of the data: the manifest, the recorded first view, DuckDB-WASM and the tables. What the
 * pages need to know about the data (its months, where it came from) is gathered here.
 */
import type { Manifest, TableName } from '../data/contract';
import type { Database } from '../data/database';
import type { AnswerFile, FirstView, TableSource } from '../data/first-view';
import { prepareDatabase, type Validated } from '../data/load';
import { monthRange, type MonthRange } from '../data/queries/common';
import { TableLoader } from '../data/table-loader';
import type { Snapshot } from '../data/snapshot';

export interface DataInfo {
  manifest: Manifest;
  /** Months the offences table covers: every page's period choices come from it. */
  offences: MonthRange | null;
  /** Boundary GeoJSON named by the manifest, when it loaded. */
  boundaries: unknown | null;
  /** Pages ask for the tables they query before they query them. */
  loader: TableSource;
}

const DATA_BASE = './data/';

/** `priority: 'low'`: a hint that other downloads (DuckDB's wasm above all) should go first. */
export async function fetchBytes(path: string, priority?: 'low'): Promise<Uint8Array> {
  const response = await fetch(DATA_BASE + path, priority ? { priority } : {});
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  return new Uint8Array(await response.arrayBuffer());
}

export async function fetchManifest(): Promise<Manifest> {
  const response = await fetch(`${DATA_BASE}manifest.json`);
  if (!response.ok) throw new Error(`data/manifest.json could not be loaded (HTTP ${response.status})`);
  return (await response.json()) as Manifest;
}

/** Data files asked for ahead of the table loader (prefetchTables), by path, until it takes them. */
const prefetched = new Map<string, Promise<Uint8Array>>();

/** Starts downloading these tables' files now, for the table loader to take when it asks for them. */
export function prefetchTables(manifest: Manifest, tables: readonly TableName[]): void {
  for (const file of manifest.files.filter((f) => tables.includes(f.table))) {
    if (prefetched.has(file.path)) continue;
    const download = fetchBytes(file.path);
    download.catch(() => undefined);
    prefetched.set(file.path, download);
  }
}

/** A data file: the download prefetchTables started, if any (once: asked again, it is fetched anew). */
function readDataFile(path: string): Promise<Uint8Array> {
  const download = prefetched.get(path);
  prefetched.delete(path);
  return download ?? fetchBytes(path);
}

/** The recorded first view, when the build made one for this very manifest; otherwise null. */
export async function fetchFirstView(manifest: Promise<Manifest>): Promise<FirstView | null> {
  try {
    const response = await fetch(`${DATA_BASE}first-view.json`);
    if (!response.ok) return null;
    const firstView = (await response.json()) as FirstView;
    return JSON.stringify(firstView.manifest) === JSON.stringify(await manifest) ? firstView : null;
  } catch {
    return null;
  }
}

/** An answer file for views the first view does not hold (see data/first-view.ts); null when it cannot be had. */
export async function fetchAnswerFile(path: string): Promise<AnswerFile | null> {
  try {
    const response = await fetch(DATA_BASE + path);
    return response.ok ? ((await response.json()) as AnswerFile) : null;
  } catch {
    return null;
  }
}

export async function fetchBoundaries(manifest: Manifest, problems: string[]): Promise<unknown | null> {
  if (!manifest.boundaries) return null;
  try {
    const text = new TextDecoder().decode(await fetchBytes(manifest.boundaries));
    return JSON.parse(text) as unknown;
  } catch (error) {
    problems.push(`${manifest.boundaries}: could not be loaded (${error instanceof Error ? error.message : String(error)}); the tile map is shown instead`);
    return null;
  }
}

/** The current calendar month: data for months after it is rejected as "in the future". */
export function currentMonth(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/** Prepares DuckDB and loads what every page needs before it can draw: offences and population. */
export async function loadData(
  db: Database,
  manifest: Manifest,
  onProgress?: TableLoader['onProgress'],
  validated?: Validated,
  pageTables: readonly TableName[] = [],
  snapshot: Snapshot | null = null,
): Promise<{ loader: TableLoader; offences: MonthRange | null }> {
  await prepareDatabase(db, snapshot);
  const loader = new TableLoader(db, manifest, readDataFile, currentMonth(), validated, snapshot);
  loader.onProgress = onProgress ?? null;
  // Population first: summaries worked out from offences need it, and would otherwise be worked out twice.
  const first = loader.ensure(['population', 'offences']);
  // The tables the page on show needs besides: downloaded now, loaded after those two.
  void loader.ensure(pageTables).catch(() => undefined);
  await first;
  return { loader, offences: await monthRange(db, 'offences') };
}
