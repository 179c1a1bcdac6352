/**
 * Starts DuckDB-WASM in a Web Worker from files our own build serves (Vite emits the wasm and
 * worker as assets of the site), so no request leaves the site.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import mvpWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { plainRow, type Database, type SqlValue } from './database';

const BUNDLES: duckdb.DuckDBBundles = {
  mvp: { mainModule: mvpWasmUrl, mainWorker: mvpWorkerUrl },
  eh: { mainModule: ehWasmUrl, mainWorker: ehWorkerUrl },
};

export async function startBrowserDatabase(): Promise<Database> {
  // selectBundle only feature-tests the browser (exception handling support); it fetches nothing.
  const bundle = await duckdb.selectBundle(BUNDLES);
  const worker = new Worker(bundle.mainWorker!);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  const connection = await db.connect();

  return {
    async query<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
      if (params.length === 0) {
        const table = await connection.query(sql);
        return table.toArray().map((r) => plainRow(r.toJSON()) as Row);
      }
      const statement = await connection.prepare(sql);
      try {
        const table = await statement.query(...params);
        return table.toArray().map((r) => plainRow(r.toJSON()) as Row);
      } finally {
        await statement.close();
      }
    },
    async registerFile(name, bytes) {
      await db.registerFileBuffer(name, bytes);
    },
    async dropFile(name) {
      await db.dropFile(name);
    },
  };
}
