/**
 * Starts DuckDB-WASM in a Web Worker from files our own build serves (Vite emits the wasm and
 * worker as assets of the site), so no request leaves the site.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import { isReadOnly, plainRow, type Database, type SqlValue } from './database';
import { duckdbBuild, startDuckDBWorker, type StartedWorker } from './duckdb-wasm';

/** `started`: DuckDB's worker, started (with its wasm's download) by startDuckDBWorker, here unless given. */
export async function startBrowserDatabase({ worker, failed }: StartedWorker = startDuckDBWorker(duckdbBuild())): Promise<Database> {
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  // For the benchmark's account of where the start-up goes (scripts/bench/where-time-goes.ts).
  performance.mark('dashboard:duckdb-worker');
  // DuckDB's worker fetches the URL it is given before it instantiates; it instantiates the page's
  // compiled module instead (duckdb-worker-start.js), so the URL it fetches is of nothing.
  const nothing = URL.createObjectURL(new Blob([], { type: 'application/wasm' }));
  try {
    await Promise.race([db.instantiate(nothing), failed]);
  } finally {
    URL.revokeObjectURL(nothing);
  }
  performance.mark('dashboard:duckdb-instantiated');
  const connection = await Promise.race([db.connect(), failed]);

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
      // Both sent at once: the worker runs them in order, without waiting for the page in between.
      const dropped = connection.query(`DROP TABLE IF EXISTS ${table}`);
      const inserted = connection.insertArrowFromIPCStream(ipc, { name: table, create: true });
      await Promise.all([dropped, inserted]);
    },
  };
}
