/**
 * Which of DuckDB-WASM's builds this browser runs, and its wasm compiled as it downloads. Kept apart
 * from DuckDB's JavaScript (duckdb-browser.ts, a chunk of its own) so that the app's first module can
 * start the wasm's download (app/early-start.ts) before that chunk has even been asked for: the wasm
 * is the longest download of a cold load.
 */
import mvpWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
// DuckDB's worker is started through this script, which hands it the page's compiled wasm.
import workerStartUrl from './duckdb-worker-start.js?url&no-inline';

export interface DuckDBBuild {
  wasm: string;
  worker: string;
}

/**
 * The build with wasm exception handling (every current browser), or the plain one: the test
 * DuckDB's own selectBundle makes (a tiny module using a `try` block, validated, not run).
 */
export function duckdbBuild(): DuckDBBuild {
  const usesExceptions = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 8, 1, 6, 0, 6, 64, 25, 11, 11]);
  return WebAssembly.validate(usesExceptions) ? { wasm: ehWasmUrl, worker: ehWorkerUrl } : { wasm: mvpWasmUrl, worker: mvpWorkerUrl };
}

/** DuckDB's worker, and a promise that rejects if the worker itself fails (its script cannot be had, say). */
export interface StartedWorker {
  worker: Worker;
  failed: Promise<never>;
}

/**
 * DuckDB's worker, started now (its scripts load and run while the page draws its first view), and
 * handed the build's wasm once the page has compiled it. DuckDB's JavaScript (AsyncDuckDB) drives it
 * from its own chunk, when that has arrived.
 */
export function startDuckDBWorker(build: DuckDBBuild, onWasmDownloaded: () => void = () => undefined): StartedWorker {
  const worker = new Worker(`${workerStartUrl}#${encodeURIComponent(new URL(build.worker, location.href).href)}`);
  // Heard from the start: DuckDB's JavaScript, which arrives later, would miss it (and it leaves
  // DuckDB's requests unanswered, for ever, rather than failing them).
  const failed = new Promise<never>((_, reject) =>
    worker.addEventListener('error', (event) => reject(new Error(`DuckDB's worker failed${event.message ? `: ${event.message}` : ''}`)), { once: true }),
  );
  failed.catch(() => undefined);
  compileWhileDownloading(build.wasm, onWasmDownloaded).then(
    (module) => worker.postMessage({ type: 'dashboard:compiled-wasm', module }),
    (error: unknown) => worker.postMessage({ type: 'dashboard:compiled-wasm', error: error instanceof Error ? error.message : String(error) }),
  );
  return { worker, failed };
}

/**
 * The wasm, compiled as its bytes arrive (most of the compiling is done by the time the last byte
 * is in). `onDownloaded` is called once it is compiled (just after its last byte), or failed.
 */
async function compileWhileDownloading(url: string, onDownloaded: () => void): Promise<WebAssembly.Module> {
  try {
    const response = await fetch(url);
    if (!response.ok || !response.body) throw new Error(`DuckDB's wasm could not be loaded (HTTP ${response.status})`);
    // The response itself, so that the browser may keep the compiled code for the next visit (it
    // does so, by URL, for a response from its cache); under its own media type if the host sent another.
    const wasm = response.headers.get('Content-Type')?.split(';')[0]?.trim() === 'application/wasm'
      ? response
      : new Response(response.body, { headers: { 'Content-Type': 'application/wasm' } });
    return await WebAssembly.compileStreaming(wasm);
  } finally {
    onDownloaded();
  }
}
