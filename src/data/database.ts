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
  /**
   * Replaces a table with the rows of an Arrow IPC stream (the build's tables, see snapshot.ts): no
   * parsing, the types as written. Where absent, tables are loaded from their CSV files instead.
   */
  loadArrow?(table: string, ipc: Uint8Array): Promise<void>;
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

/** Whether a statement only reads (so its answer can be reused until something writes). */
export function isReadOnly(sql: string): boolean {
  return /^\s*(SELECT|WITH|DESCRIBE|SUMMARIZE)\b/i.test(sql);
}

/**
 * Remembers the answers to read-only queries, so that a view asking again what it asked before
 * (e.g. the map, which does not depend on the borough chosen) is answered at once. Any statement that
 * writes (loading a file, an analyst's extract) forgets everything.
 */
export function memoizingDatabase(inner: Database, limit = 300): Database {
  const answers = new Map<string, Promise<unknown[]>>();
  return {
    query<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
      if (!isReadOnly(sql)) {
        answers.clear();
        return inner.query<Row>(sql, params);
      }
      const key = JSON.stringify([sql, params]);
      let answer = answers.get(key);
      if (answer) {
        // Most recently used last, so the oldest is the one forgotten first.
        answers.delete(key);
      } else {
        answer = inner.query<Row>(sql, params);
        answer.catch(() => answers.delete(key));
      }
      answers.set(key, answer);
      if (answers.size > limit) answers.delete(answers.keys().next().value!);
      return answer as Promise<Row[]>;
    },
    registerFile(name, bytes) {
      answers.clear();
      return inner.registerFile(name, bytes);
    },
    dropFile(name) {
      return inner.dropFile(name);
    },
    ...(inner.loadArrow && {
      loadArrow(table: string, ipc: Uint8Array) {
        answers.clear();
        return inner.loadArrow!(table, ipc);
      },
    }),
  };
}

/**
 * Sends statements that write and take no parameters to DuckDB together, as one script, rather than
 * one round trip to its worker each: setting up the tables is some thirty statements, and in the
 * browser each round trip waits for the page's main thread (a few milliseconds, tens on a slow phone).
 * What is waiting goes with the next read that takes no parameters (DuckDB answers a script with its
 * last statement's rows), or before a statement with parameters or a file, so everything runs in the
 * order it was asked. A statement that fails makes that read (or `flush`) throw; the statements before
 * it have run, those after it have not, as when run one by one.
 */
export function batchingWrites(inner: Database): Database & { flush(): Promise<void> } {
  let waiting: string[] = [];
  // On a line of its own: a statement may end in a -- comment.
  const script = (statements: string[]) => statements.join('\n;\n');
  const flush = async () => {
    if (waiting.length === 0) return;
    const writes = waiting;
    waiting = [];
    await inner.query(script(writes));
  };
  return {
    flush,
    async query<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
      if (params.length > 0) {
        await flush();
        return inner.query<Row>(sql, params);
      }
      waiting.push(sql);
      if (!isReadOnly(sql)) return [];
      const statements = waiting;
      waiting = [];
      return inner.query<Row>(script(statements));
    },
    async registerFile(name, bytes) {
      await flush();
      return inner.registerFile(name, bytes);
    },
    async dropFile(name) {
      await flush();
      return inner.dropFile(name);
    },
    ...(inner.loadArrow && {
      async loadArrow(table: string, ipc: Uint8Array) {
        await flush();
        return inner.loadArrow!(table, ipc);
      },
    }),
  };
}
