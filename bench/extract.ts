/**
 * The in-page side of the extract timing and the browser test: DuckDB-WASM as the dashboard starts
 * it, and the analyst-mode engine, driven from a file input exactly as an analyst's file arrives.
 * Exposed on window.extractBench for Playwright; the button does the same for a person.
 */
import type { Database, SqlValue } from '../src/data/database';
import { startBrowserDatabase } from '../src/data/duckdb-browser';
import { computeRepeatMeasures, loadIncidentExtract, type ExtractLoadResult, type ExtractOptions } from '../src/data/extract';

export interface ExtractRun {
  /** File → bytes in memory (File.arrayBuffer). */
  readMs: number;
  /** loadIncidentExtract: checks, problems, extract_incidents. */
  loadMs: number;
  /** computeRepeatMeasures: extract_repeat_victims. */
  computeMs: number;
  result: ExtractLoadResult;
  /** Rows written to extract_repeat_victims. */
  outputRows: number;
  /** Statements that took 20 ms or more, in order: where the time goes. */
  slowQueries: { sql: string; ms: number }[];
}

export interface ExtractBench {
  /** Starts DuckDB (its wasm and worker come from this page's own server). */
  ready(): Promise<void>;
  /** Loads the file chosen in the input and computes the measures, timing each step. */
  run(options?: ExtractOptions): Promise<ExtractRun>;
  query<Row extends object = Record<string, unknown>>(sql: string, params?: SqlValue[]): Promise<Row[]>;
}

declare global {
  interface Window {
    extractBench: ExtractBench;
  }
}

const started = startBrowserDatabase();
const input = document.querySelector<HTMLInputElement>('#extract')!;
const log = document.querySelector<HTMLPreElement>('#log')!;

/** The database, with each statement's time noted. */
function timed(db: Database, slow: ExtractRun['slowQueries']): Database {
  return {
    async query(sql, params) {
      const t = performance.now();
      try {
        return await db.query(sql, params);
      } finally {
        const ms = performance.now() - t;
        if (ms >= 20) slow.push({ sql: sql.replace(/\s+/g, ' ').slice(0, 80), ms: Math.round(ms) });
      }
    },
    registerFile: (name, bytes) => db.registerFile(name, bytes),
    dropFile: (name) => db.dropFile(name),
  };
}

async function run(options: ExtractOptions = {}): Promise<ExtractRun> {
  const slowQueries: ExtractRun['slowQueries'] = [];
  const db = timed(await started, slowQueries);
  const file = input.files?.[0];
  if (!file) throw new Error('choose a file first');
  let t = performance.now();
  const bytes = new Uint8Array(await file.arrayBuffer());
  const readMs = performance.now() - t;
  t = performance.now();
  const result = await loadIncidentExtract(db, file.name, bytes, options);
  const loadMs = performance.now() - t;
  t = performance.now();
  await computeRepeatMeasures(db);
  const computeMs = performance.now() - t;
  const [{ n } = { n: 0 }] = await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM extract_repeat_victims');
  return { readMs, loadMs, computeMs, result, outputRows: n, slowQueries };
}

window.extractBench = {
  ready: async () => {
    await started;
  },
  run,
  query: async <Row extends object>(sql: string, params: SqlValue[] = []) => (await started).query<Row>(sql, params),
};

document.querySelector('#run')!.addEventListener('click', async () => {
  log.textContent = 'Working…';
  try {
    const r = await run();
    const london = await (await started).query(
      `SELECT month, victims, repeat_victims, incidents FROM extract_repeat_victims WHERE borough = 'London' ORDER BY month DESC LIMIT 3`,
    );
    log.textContent = JSON.stringify({ readMs: Math.round(r.readMs), loadMs: Math.round(r.loadMs), computeMs: Math.round(r.computeMs), ...r.result, london }, null, 2);
  } catch (error) {
    log.textContent = String(error);
  }
});
