/** DuckDB-WASM's blocking Node build behind the same Database interface the browser uses. */
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isReadOnly, plainRow, type Database, type SqlValue } from '../../../src/data/database';

const require = createRequire(import.meta.url);
const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm'));

/**
 * `keepStatements`: keep each prepared statement, keyed by its SQL, until something writes (as the
 * browser's database does); for scripts asking the same questions thousands of times
 * (scripts/first-view.ts). Tests prepare each afresh.
 */
/** DuckDB's blocking build requires apache-arrow's CommonJS copy: its tables are that copy's classes. */
const arrow = require('apache-arrow') as typeof import('apache-arrow');

/**
 * Each text column as a dictionary (its distinct values once, then a small index per row); DuckDB
 * reads it back as the same VARCHAR. A column of plain Arrow text carries a 4-byte offset per row,
 * which compression hardly shrinks: the build's tables are about half the bytes over the wire this way.
 */
function withTextAsDictionaries(table: import('apache-arrow').Table): import('apache-arrow').Table {
  // An empty table's stream would have no dictionaries at all, which DuckDB refuses.
  if (table.numRows === 0) return table;
  const columns: Record<string, import('apache-arrow').Vector> = {};
  for (const field of table.schema.fields) {
    const column = table.getChild(field.name)!;
    if (!arrow.DataType.isUtf8(field.type)) {
      columns[field.name] = column;
      continue;
    }
    const values = [...column] as (string | null)[];
    const distinct = new Set(values).size;
    const index = distinct <= 127 ? new arrow.Int8() : distinct <= 32767 ? new arrow.Int16() : new arrow.Int32();
    columns[field.name] = arrow.vectorFromArray(values, new arrow.Dictionary(new arrow.Utf8(), index));
  }
  return new arrow.Table(columns);
}

export interface NodeDatabase extends Database {
  loadArrow(table: string, ipc: Uint8Array): Promise<void>;
  /** A query's answer as an Arrow IPC stream, types and all (the build's snapshot, snapshot.ts). */
  exportArrow(sql: string): Uint8Array;
}

export async function startNodeDatabase({ keepStatements = false } = {}): Promise<NodeDatabase> {
  const bundles = {
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs') },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  const connection = db.connect();
  const statements = new Map<string, ReturnType<typeof connection.prepare>>();
  return {
    async query<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
      if (keepStatements && !isReadOnly(sql)) {
        for (const statement of statements.values()) statement.close();
        statements.clear();
      }
      if (params.length === 0) return connection.query(sql).toArray().map((r) => plainRow(r.toJSON()) as Row);
      if (keepStatements) {
        let statement = statements.get(sql);
        if (!statement) statements.set(sql, (statement = connection.prepare(sql)));
        return statement.query(...params).toArray().map((r) => plainRow(r.toJSON()) as Row);
      }
      const statement = connection.prepare(sql);
      try {
        return statement.query(...params).toArray().map((r) => plainRow(r.toJSON()) as Row);
      } finally {
        statement.close();
      }
    },
    async registerFile(name, bytes) {
      db.registerFileBuffer(name, bytes);
    },
    async dropFile(name) {
      db.dropFile(name);
    },
    async loadArrow(table, ipc) {
      for (const statement of statements.values()) statement.close();
      statements.clear();
      connection.query(`DROP TABLE IF EXISTS ${table}`);
      connection.insertArrowFromIPCStream(ipc, { name: table, create: true });
    },
    exportArrow(sql) {
      return arrow.tableToIPC(withTextAsDictionaries(connection.query(sql)), 'stream');
    },
  };
}
