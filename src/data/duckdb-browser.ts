/**
 * Starts DuckDB-WASM in a Web Worker from files our own build serves (Vite emits the wasm and
 * worker as assets of the site), so no request leaves the site.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import mvpWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
// DuckDB's worker is started through this script, which hands it the page's compiled wasm.
import workerStartUrl from './duckdb-worker-start.js?url&no-inline';
import { isReadOnly, plainRow, type Database, type SqlValue } from './database';

const BUNDLES: duckdb.DuckDBBundles = {
  mvp: { mainModule: mvpWasmUrl, mainWorker: mvpWorkerUrl },
  eh: { mainModule: ehWasmUrl, mainWorker: ehWorkerUrl },
};

/** `onWasmDownloaded`: called once the wasm is in (or failed), so other large downloads can wait for it. */
export async function startBrowserDatabase(onWasmDownloaded: () => void = () => undefined): Promise<Database> {
  // selectBundle only feature-tests the browser (exception handling support); it fetches nothing.
  const bundle = await duckdb.selectBundle(BUNDLES);
  // The wasm is fetched here, at once, rather than by the worker once its own script has arrived and
  // run (0.5-1 s later), and compiled as it downloads; the worker is handed the compiled module.
  const compiled = compileWhileDownloading(bundle.mainModule, onWasmDownloaded);
  const worker = new Worker(`${workerStartUrl}#${encodeURIComponent(new URL(bundle.mainWorker!, location.href).href)}`);
  compiled.then(
    (module) => worker.postMessage({ type: 'dashboard:compiled-wasm', module }),
    (error: unknown) => worker.postMessage({ type: 'dashboard:compiled-wasm', error: error instanceof Error ? error.message : String(error) }),
  );
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  // For the benchmark's account of where the start-up goes (scripts/bench/where-time-goes.ts).
  performance.mark('dashboard:duckdb-worker');
  // DuckDB's worker fetches the URL it is given before it instantiates; it instantiates the page's
  // module (duckdb-worker-start.js), so the URL it fetches is of nothing.
  const nothing = URL.createObjectURL(new Blob([], { type: 'application/wasm' }));
  try {
    await db.instantiate(nothing, bundle.pthreadWorker);
  } finally {
    URL.revokeObjectURL(nothing);
  }
  performance.mark('dashboard:duckdb-instantiated');
  const connection = await db.connect();

  // Prepared statements are kept, keyed by their SQL: planning is most of the cost of our small
  // queries, and a page asks the same questions with new parameters. Anything that writes (loading a
  // table) closes them all, so none outlives the tables it was planned against.
  const statements = new Map<string, Promise<duckdb.AsyncPreparedStatement>>();
  const forgetStatements = async () => {
    const open = [...statements.values()];
    statements.clear();
    await Promise.all(open.map(async (s) => (await s.catch(() => null))?.close()));
  };

  return {
    async query<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
      if (!isReadOnly(sql)) await forgetStatements();
      if (params.length === 0) {
        const table = await connection.query(sql);
        return table.toArray().map((r) => plainRow(r.toJSON()) as Row);
      }
      let statement = statements.get(sql);
      if (!statement) {
        statement = connection.prepare(sql);
        statements.set(sql, statement);
        statement.catch(() => statements.delete(sql));
      }
      const table = await (await statement).query(...params);
      return table.toArray().map((r) => plainRow(r.toJSON()) as Row);
    },
    async registerFile(name, bytes) {
      await db.registerFileBuffer(name, bytes);
    },
    async dropFile(name) {
      await db.dropFile(name);
    },
    async loadArrow(table, ipc) {
      await forgetStatements();
      await connection.query(`DROP TABLE IF EXISTS ${table}`);
      await connection.insertArrowFromIPCStream(ipc, { name: table, create: true });
    },
  };
}

/**
 * DuckDB's wasm, compiled as its bytes arrive (most of the compiling is done by the time the last
 * byte is in). `onDownloaded` is called when the last byte has passed, or the download failed.
 */
async function compileWhileDownloading(url: string, onDownloaded: () => void): Promise<WebAssembly.Module> {
  try {
    const response = await fetch(url);
    if (!response.ok || !response.body) throw new Error(`DuckDB's wasm could not be loaded (HTTP ${response.status})`);
    const passing = response.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ flush: () => onDownloaded() }));
    // Its own media type, whatever the host sent (compileStreaming insists on application/wasm).
    return await WebAssembly.compileStreaming(new Response(passing, { headers: { 'Content-Type': 'application/wasm' } }));
  } catch (error) {
    onDownloaded();
    throw error;
  }
}
