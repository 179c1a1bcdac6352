/**
 * The in-page side of the scale benchmark (scripts/bench-scale.ts): DuckDB-WASM started as the
 * dashboard starts it (a Web Worker, prepared statements kept), a synthetic ward or LSOA dataset
 * generated inside DuckDB or loaded from CSV by the app's steps, and page 1's queries timed from
 * this thread (so each time includes the trip to the worker and turning Arrow into plain rows, as
 * the page sees it). Exposed on window.scaleBench for Playwright.
 */
import type { DisplayCategory } from '../src/data/contract';
import type { Database } from '../src/data/database';
import { startBrowserDatabase } from '../src/data/duckdb-browser';
import { monthFromIndex, monthIndex } from '../src/data/months';
import { createReferenceTables } from '../src/data/reference';
import { loadScaleCsv, type CsvStep } from '../src/data/scale/csv-load';
import { generateScaleTables, MPS_BOROUGHS, SCALE_TABLE, scaleAreas, type ScaleSpec } from '../src/data/scale/generate';
import { areaTrend, areaValues, headline, preaggregate, type PreaggregateResult, type Source } from '../src/data/scale/queries';

export const QUERY_NAMES = ['headline (borough)', 'headline (London)', 'map (every area)', 'trend (area + London)'] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

export interface QueryTimings {
  name: QueryName;
  /** The first run: includes preparing the statement. */
  firstMs: number;
  /** The timed runs after it. */
  ms: number[];
  /** A hash of each answer (first run, then timed runs), so the sources' answers can be compared. */
  digests: string[];
  /** Rows in the last answer. */
  rows: number;
}

export interface EngineInfo {
  version: string;
  memoryLimit: string;
  threads: number;
}

export interface MemoryInfo {
  /** DuckDB's own accounting (duckdb_memory()), bytes by component. */
  duckdb: Record<string, number>;
  duckdbTotal: number;
  /** PRAGMA database_size's memory_usage, as DuckDB prints it. */
  databaseSize: string;
  /** Chromium's performance.memory for this page's main thread (not the worker). */
  pageJsHeapUsed: number | null;
}

export interface CsvRun {
  fileBytes: number;
  fetchMs: number;
  loadMs: number;
  steps: CsvStep[];
  rows: number;
  problems: string[];
  offences: number;
}

export interface ScaleBench {
  ready(): Promise<EngineInfo>;
  generate(spec: ScaleSpec): Promise<{ ms: number; rows: number }>;
  loadCsv(url: string, spec: ScaleSpec, currentMonth: string): Promise<CsvRun>;
  preaggregate(): Promise<PreaggregateResult[]>;
  runQueries(spec: ScaleSpec, source: Source, runs: number): Promise<QueryTimings[]>;
  memory(): Promise<MemoryInfo>;
  totals(): Promise<{ rows: number; offences: number }>;
  dropRaw(): Promise<void>;
}

declare global {
  interface Window {
    scaleBench: ScaleBench;
  }
}

const log = document.querySelector<HTMLPreElement>('#log')!;
const say = (line: string) => {
  log.textContent += `${line}\n`;
};

let started: Promise<Database> | null = null;
function database(): Promise<Database> {
  started ??= startBrowserDatabase().then(async (db) => {
    await createReferenceTables(db);
    return db;
  });
  return started;
}

/** FNV-1a over the answer's JSON: enough to tell two answers apart. */
function digest(rows: unknown[]): string {
  const text = JSON.stringify(rows);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${(h >>> 0).toString(16)}:${text.length}`;
}

/** The parameters of run r: a different borough, area, window end and category each time. */
function paramsOf(spec: ScaleSpec, names: string[], r: number) {
  return {
    borough: MPS_BOROUGHS[(r * 5) % MPS_BOROUGHS.length]!,
    area: names[(r * 7919 + 13) % names.length]!,
    endMonth: monthFromIndex(monthIndex(spec.lastMonth) - (r % Math.min(12, spec.months))),
    category: (r % 2 === 0 ? 'domestic_abuse' : 'sexual_offences') as DisplayCategory,
  };
}

async function runQueries(spec: ScaleSpec, source: Source, runs: number): Promise<QueryTimings[]> {
  const db = await database();
  const names = scaleAreas(spec).map((a) => a.name);
  const timings = QUERY_NAMES.map((name) => ({ name, firstMs: 0, ms: [] as number[], digests: [] as string[], rows: 0 }));
  for (let r = 0; r <= runs; r += 1) {
    const p = paramsOf(spec, names, r);
    const calls: (() => Promise<unknown[]>)[] = [
      () => headline(db, source, p.borough, p.endMonth),
      () => headline(db, source, 'London', p.endMonth),
      () => areaValues(db, source, p.category, p.endMonth),
      () => areaTrend(db, source, p.area, p.category),
    ];
    for (let q = 0; q < calls.length; q += 1) {
      const t = performance.now();
      const rows = await calls[q]!();
      const ms = performance.now() - t;
      const out = timings[q]!;
      if (r === 0) out.firstMs = ms;
      else out.ms.push(ms);
      out.digests.push(digest(rows));
      out.rows = rows.length;
    }
  }
  say(`${spec.id} ${source}: ${timings.map((t) => `${t.name} ${Math.round(t.ms.reduce((a, b) => a + b, 0) / t.ms.length)} ms`).join(', ')}`);
  return timings;
}

async function memory(): Promise<MemoryInfo> {
  const db = await database();
  const parts = await db.query<{ tag: string; bytes: number }>(
    `SELECT tag, memory_usage_bytes::BIGINT AS bytes FROM duckdb_memory() WHERE memory_usage_bytes > 0`,
  );
  const [size] = await db.query<{ memory_usage: string }>(`SELECT memory_usage FROM pragma_database_size()`);
  const duckdb = Object.fromEntries(parts.map((p) => [p.tag, Number(p.bytes)]));
  const heap = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null;
  return { duckdb, duckdbTotal: parts.reduce((s, p) => s + Number(p.bytes), 0), databaseSize: size?.memory_usage ?? '', pageJsHeapUsed: heap };
}

async function totals(): Promise<{ rows: number; offences: number }> {
  const db = await database();
  const [row] = await db.query<{ rows: number; offences: number }>(
    `SELECT count(*)::BIGINT AS rows, sum(offences)::BIGINT AS offences FROM ${SCALE_TABLE}`,
  );
  return { rows: Number(row?.rows ?? 0), offences: Number(row?.offences ?? 0) };
}

window.scaleBench = {
  async ready() {
    const db = await database();
    const [info] = await db.query<{ version: string; memory_limit: string; threads: number }>(
      `SELECT version() AS version, current_setting('memory_limit') AS memory_limit, current_setting('threads')::INTEGER AS threads`,
    );
    return { version: info!.version, memoryLimit: info!.memory_limit, threads: Number(info!.threads) };
  },
  async generate(spec) {
    const db = await database();
    const t = performance.now();
    const rows = await generateScaleTables(db, spec);
    const ms = performance.now() - t;
    say(`${spec.id}: ${rows} rows generated in ${Math.round(ms)} ms`);
    return { ms, rows };
  },
  async loadCsv(url, spec, currentMonth) {
    const db = await database();
    let t = performance.now();
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const fetchMs = performance.now() - t;
    const fileBytes = bytes.byteLength;
    t = performance.now();
    const result = await loadScaleCsv(db, spec, bytes, currentMonth);
    const loadMs = performance.now() - t;
    const { offences } = result.problems.length === 0 ? await totals() : { offences: 0 };
    say(`${spec.id} CSV: ${result.rows} rows in ${Math.round(fetchMs + loadMs)} ms`);
    return { fileBytes, fetchMs, loadMs, steps: result.steps, rows: result.rows, problems: result.problems.map((p) => p.message), offences };
  },
  async preaggregate() {
    return preaggregate(await database());
  },
  runQueries,
  memory,
  totals,
  async dropRaw() {
    await (await database()).query(`DROP TABLE ${SCALE_TABLE}`);
  },
};
