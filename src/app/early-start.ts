/**
 * Starts DuckDB-WASM before the rest of the app's modules run, when the view the page opens on needs
 * data. Its 6 MB wasm is the longest download of a cold load; started here, its request leaves as
 * soon as the app's script has arrived, not after the shell and the first view have been built.
 * main.ts imports this first, so that it runs first.
 */
import type { Database } from '../data/database';
import { duckdbBuild, startDuckDBWorker } from '../data/duckdb-wasm';
import { framedByAnotherSite } from './frame-guard';
import { viewInEntry } from './history-trail';
import { pageNeedsData, parseState } from './state';

let started: Promise<Database> | null = null;
let wasmIn: () => void = () => undefined;

/**
 * Resolves once DuckDB's wasm has downloaded and been compiled (or failed to). The data DuckDB reads
 * later waits for it: over a slow line the wasm then has the line to itself, and those files arrive
 * while DuckDB starts.
 */
export const wasmDownloaded = new Promise<void>((resolve) => (wasmIn = resolve));

/**
 * DuckDB in its worker, started once (here or by the first page that needs the data). Its worker and
 * its wasm's download (compiled as it arrives) start at once, while DuckDB's JavaScript is fetched.
 */
export function startDatabase(): Promise<Database> {
  if (!started) {
    const worker = startDuckDBWorker(duckdbBuild(), wasmIn);
    started = import('../data/duckdb-browser').then(({ startBrowserDatabase }) => startBrowserDatabase(worker));
  }
  return started;
}

// Not inside another site's frame, where nothing starts (frame-guard.ts). A failure is reported by
// the page that needs the data, when it asks (main.ts, startData).
if (!framedByAnotherSite() && pageNeedsData(parseState(viewInEntry(window, true)).state.page)) startDatabase().catch(() => undefined);
