/**
 * The one interface the rest of the data layer talks to. In the browser it is DuckDB-WASM in a
 * Web Worker (duckdb-browser.ts); in unit tests it is DuckDB-WASM's blocking Node build, so the
 * very same SQL runs in both.
 */
export type SqlValue = string | number | boolean | null;

export interface Database {
  /** Runs one statement with `?` parameters bound (never spliced) and returns plain rows. */
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Makes bytes readable by SQL as a file of this name (e.g. read_csv('offences.csv')). */
  registerFile(name: string, bytes: Uint8Array): Promise<void>;
  dropFile(name: string): Promise<void>;
}

/**
 * Arrow hands back 64-bit integers as BigInt and some values as Arrow objects; pages and charts
 * want plain numbers and strings. Our counts stay far below 2^53, so Number() loses nothing.
 */
export function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] = typeof value === 'bigint' ? Number(value) : value;
  }
  return out;
}
