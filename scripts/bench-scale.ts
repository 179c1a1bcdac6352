/**
 * The data layer at scale, in real Chromium: synthetic ward-level (680 areas) and LSOA-level
 * (5,000 areas) offences at about 1 million and 10 million rows (src/data/scale/generate.ts),
 * each loaded into DuckDB-WASM in a fresh page as the dashboard starts it, then:
 * - load time (rows generated inside DuckDB by one SQL statement; and, for the sizes in
 *   --csv-sizes, the same rows as a CSV file fetched and loaded by the app's steps: read_csv,
 *   validation in SQL, typed table);
 * - memory: DuckDB's own accounting (duckdb_memory()), the page's JS heap (CDP
 *   Performance.getMetrics), and the renderer process's resident set (the page and DuckDB's worker
 *   share that process; /proc, found through CDP SystemInfo.getProcessInfo), current and peak;
 * - latency of page 1's queries adapted to the grain, first run and p50/p95 over --runs runs: the
 *   app's SQL on the raw rows, the same SQL tuned (src/data/scale/queries.ts says how), and after
 *   pre-aggregation (whose own time and memory are reported), the answers of all three compared
 *   run by run.
 * Writes bench/scale-results.json and prints markdown tables. Figures to read, not pass/fail.
 *
 *   npx tsx scripts/bench-scale.ts [--sizes 1e6,1e7] [--grains ward,lsoa] [--runs 30] [--csv-sizes 1e6|none] [--out bench/scale-results.json]
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Browser, CDPSession } from 'playwright-core';
import { build } from 'vite';
import { launchChromium } from '../tests/browser/chromium';
import { serveFolder } from '../tests/browser/static-server';
import type { CsvRun, EngineInfo, MemoryInfo, QueryTimings } from '../bench/scale';
import { csvChunks, LAST_MONTH, offencesOf, specForRows, type Grain, type ScaleSpec } from '../src/data/scale/generate';
import type { PreaggregateResult, Source } from '../src/data/scale/queries';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGE = 'bench/scale.html';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const numbers = (text: string) => (text === 'none' ? [] : text.split(',').map(Number));

/** Builds bench/scale.html with Vite's defaults (not the dashboard's config), as bench-extract does. */
async function buildScalePage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: ROOT,
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1200, rollupOptions: { input: path.join(ROOT, PAGE) } },
    worker: { format: 'es' },
  });
}

/** Writes the dataset as CSV (once per spec and seed) and returns its total offences. */
async function writeCsv(file: string, spec: ScaleSpec): Promise<number> {
  if (!existsSync(file)) {
    const out = createWriteStream(`${file}.part`);
    for (const chunk of csvChunks(spec)) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    renameSync(`${file}.part`, file);
  }
  let sum = 0;
  for (let i = 0; i < spec.rows; i += 1) sum += offencesOf(spec, i);
  return sum;
}

// ---------------------------------------------------------------------------------------------
// Memory of the renderer process (the page and its DuckDB worker), from /proc.

interface ProcessMemory {
  pid: number;
  rssMB: number;
  peakRssMB: number;
}

async function rendererMemory(browserCdp: CDPSession): Promise<ProcessMemory | null> {
  const { processInfo } = (await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  let best: ProcessMemory | null = null;
  for (const p of processInfo.filter((x) => x.type === 'renderer')) {
    try {
      const status = readFileSync(`/proc/${p.id}/status`, 'utf8');
      const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
      const m = { pid: p.id, rssMB: kb('VmRSS') / 1024, peakRssMB: kb('VmHWM') / 1024 };
      if (!best || m.rssMB > best.rssMB) best = m;
    } catch {
      // the process has gone
    }
  }
  return best;
}

async function jsHeapMB(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024;
}

interface MemorySnapshot {
  duckdbMB: number;
  duckdbByTag: Record<string, number>;
  databaseSize: string;
  pageJsHeapMB: number;
  renderer: ProcessMemory | null;
}

const MB = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

// ---------------------------------------------------------------------------------------------

const round = (ms: number) => Math.round(ms * 10) / 10;
function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

interface QuerySummary {
  query: string;
  firstMs: number;
  p50Ms: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  runs: number;
  rows: number;
}
function summarise(t: QueryTimings): QuerySummary {
  return {
    query: t.name,
    firstMs: round(t.firstMs),
    p50Ms: round(percentile(t.ms, 50)),
    p95Ms: round(percentile(t.ms, 95)),
    minMs: round(Math.min(...t.ms)),
    maxMs: round(Math.max(...t.ms)),
    runs: t.ms.length,
    rows: t.rows,
  };
}

interface DatasetResult {
  spec: ScaleSpec;
  generateMs: number;
  rows: number;
  memoryLoaded: MemorySnapshot;
  /** The app's SQL on the raw rows. */
  raw: QuerySummary[];
  /** The same with the month index bound as INTEGER and the headline's rows limited to its 24 months. */
  tuned: QuerySummary[];
  preaggregate: { ms: number; tables: { table: string; rows: number; ms: number }[] };
  memoryWithAgg: MemorySnapshot;
  agg: QuerySummary[];
  /** Whether every tuned and pre-aggregated answer equals the raw answer for the same parameters. */
  answersIdentical: boolean;
  /** DuckDB's accounting once the raw rows are dropped (only the pre-aggregated tables kept). */
  duckdbMBAggOnly: number;
  peakRendererRssMB: number | null;
}

interface CsvResult {
  spec: ScaleSpec;
  fileMB: number;
  fetchMs: number;
  loadMs: number;
  steps: { step: string; ms: number }[];
  rows: number;
  problems: string[];
  offencesMatch: boolean;
  memoryLoaded: MemorySnapshot | null;
  peakRendererRssMB: number | null;
  error?: string;
}

async function openPage(browser: Browser, url: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url);
  const info = await page.evaluate(() => window.scaleBench.ready());
  return { context, page, cdp, errors, info };
}

async function main(): Promise<void> {
  const sizes = numbers(option('sizes', '1e6,1e7'));
  const grains = option('grains', 'ward,lsoa').split(',') as Grain[];
  const runs = Number(option('runs', '30'));
  const csvSizes = numbers(option('csv-sizes', '1e6'));
  const out = path.resolve(option('out', 'bench/scale-results.json'));

  const loadBefore = os.loadavg()[0]!;
  const work = path.join(os.tmpdir(), 'dsv-bench-scale');
  const site = path.join(work, 'site');
  await buildScalePage(site);
  const csvDir = path.join(work, 'csv');
  mkdirSync(csvDir, { recursive: true });
  const csvFiles = new Map<string, { file: string; offences: number }>();
  for (const size of csvSizes) {
    for (const grain of grains) {
      const spec = specForRows(grain, size);
      const file = path.join(csvDir, `${spec.id}-seed${spec.seed}.csv`);
      const t = performance.now();
      const offences = await writeCsv(file, spec);
      console.error(`${spec.id}: CSV ${MB(statSync(file).size)} MB ready in ${Math.round(performance.now() - t)} ms`);
      csvFiles.set(spec.id, { file, offences });
    }
  }

  // The CSVs are served beside the page, from their own folder (not copied into the build).
  const server = await serveFolder(work);
  const pageUrl = `${server.url}site/${PAGE}`;
  const browser = await launchChromium();
  const browserCdp = await browser.newBrowserCDPSession();
  const datasets: DatasetResult[] = [];
  const csv: CsvResult[] = [];
  let engine: EngineInfo | null = null;
  try {
    const snapshot = async (page: import('playwright-core').Page, cdp: CDPSession): Promise<MemorySnapshot> => {
      await cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
      const m: MemoryInfo = await page.evaluate(() => window.scaleBench.memory());
      return {
        duckdbMB: MB(m.duckdbTotal),
        duckdbByTag: Object.fromEntries(Object.entries(m.duckdb).map(([k, v]) => [k, MB(v)])),
        databaseSize: m.databaseSize,
        pageJsHeapMB: Math.round((await jsHeapMB(cdp)) * 10) / 10,
        renderer: await rendererMemory(browserCdp),
      };
    };

    for (const size of sizes) {
      for (const grain of grains) {
        const spec = specForRows(grain, size);
        console.error(`${spec.id}: ${spec.rows} rows (${spec.areas} areas × 4 categories × ${spec.parts} × ${spec.months} months, ${spec.firstMonth} to ${spec.lastMonth})`);
        const { context, page, cdp, errors, info } = await openPage(browser, pageUrl);
        engine = info;
        try {
          const gen = await page.evaluate((s) => window.scaleBench.generate(s), spec);
          console.error(`  generated in ${Math.round(gen.ms)} ms`);
          const memoryLoaded = await snapshot(page, cdp);
          console.error(`  DuckDB ${memoryLoaded.duckdbMB} MB, renderer ${Math.round(memoryLoaded.renderer?.rssMB ?? 0)} MB`);
          const timed = async (source: Source) => {
            const t = await page.evaluate(([s, src, n]) => window.scaleBench.runQueries(s, src, n), [spec, source, runs] as const);
            console.error(`  ${source}: ${t.map((q) => `${q.name} p50 ${Math.round(percentile(q.ms, 50))} p95 ${Math.round(percentile(q.ms, 95))} ms`).join('; ')}`);
            return t;
          };
          const raw = await timed('raw');
          const tuned = await timed('tuned');
          const tables: PreaggregateResult[] = await page.evaluate(() => window.scaleBench.preaggregate());
          const preMs = tables.reduce((s, t) => s + t.ms, 0);
          console.error(`  pre-aggregated in ${Math.round(preMs)} ms (${tables.map((t) => `${t.table} ${t.rows} rows`).join(', ')})`);
          const memoryWithAgg = await snapshot(page, cdp);
          const agg = await timed('agg');
          const answersIdentical = raw.every((q, i) => q.digests.join() === agg[i]!.digests.join() && q.digests.join() === tuned[i]!.digests.join());
          await page.evaluate(() => window.scaleBench.dropRaw());
          const aggOnly = await page.evaluate(() => window.scaleBench.memory());
          const peak = await rendererMemory(browserCdp);
          if (errors.length > 0) throw new Error(`errors in the page: ${errors.join('; ')}`);
          datasets.push({
            spec,
            generateMs: round(gen.ms),
            rows: gen.rows,
            memoryLoaded,
            raw: raw.map(summarise),
            tuned: tuned.map(summarise),
            preaggregate: { ms: round(preMs), tables: tables.map((t) => ({ ...t, ms: round(t.ms) })) },
            memoryWithAgg,
            agg: agg.map(summarise),
            answersIdentical,
            duckdbMBAggOnly: MB(aggOnly.duckdbTotal),
            peakRendererRssMB: peak ? Math.round(peak.peakRssMB) : null,
          });
        } finally {
          await context.close();
        }
      }
    }

    for (const size of csvSizes) {
      for (const grain of grains) {
        const spec = specForRows(grain, size);
        const { file, offences } = csvFiles.get(spec.id)!;
        console.error(`${spec.id}: loading ${MB(statSync(file).size)} MB of CSV by the app's steps`);
        const { context, page, cdp, errors } = await openPage(browser, pageUrl);
        const result: CsvResult = {
          spec,
          fileMB: MB(statSync(file).size),
          fetchMs: 0,
          loadMs: 0,
          steps: [],
          rows: 0,
          problems: [],
          offencesMatch: false,
          memoryLoaded: null,
          peakRendererRssMB: null,
        };
        try {
          const url = `${server.url}csv/${path.basename(file)}`;
          const run: CsvRun = await page.evaluate(([u, s, m]) => window.scaleBench.loadCsv(u, s, m), [url, spec, LAST_MONTH] as const);
          Object.assign(result, {
            fetchMs: round(run.fetchMs),
            loadMs: round(run.loadMs),
            steps: run.steps.map((s) => ({ step: s.step, ms: round(s.ms) })),
            rows: run.rows,
            problems: run.problems,
            offencesMatch: run.offences === offences,
          });
          result.memoryLoaded = await snapshot(page, cdp);
          console.error(`  fetched in ${Math.round(run.fetchMs)} ms, loaded in ${Math.round(run.loadMs)} ms (${run.steps.map((s) => `${s.step} ${Math.round(s.ms)}`).join(', ')})`);
          if (errors.length > 0) throw new Error(`errors in the page: ${errors.join('; ')}`);
        } catch (error) {
          result.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
          console.error(`  failed: ${result.error}`);
        } finally {
          const peak = await rendererMemory(browserCdp).catch(() => null);
          result.peakRendererRssMB = peak ? Math.round(peak.peakRssMB) : null;
          csv.push(result);
          await context.close();
        }
      }
    }

    const report = {
      date: new Date().toISOString(),
      machine: `${os.platform()} ${os.arch()}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}`,
      browser: `Chromium ${browser.version()}`,
      /** One-minute load average before and after: the machine is shared, so read timings with it. */
      loadAverage: { before: Math.round(loadBefore * 10) / 10, after: Math.round(os.loadavg()[0]! * 10) / 10 },
      duckdb: engine,
      options: { sizes, grains, runs, csvSizes },
      datasets,
      csv,
    };
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(markdown(report.datasets, report.csv));
    console.error(`wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

// ---------------------------------------------------------------------------------------------

const n = (x: number) => x.toLocaleString('en-GB');
const ms = (x: number) => (x >= 100 ? n(Math.round(x)) : String(x));

export function markdown(datasets: DatasetResult[], csv: CsvResult[]): string {
  const lines: string[] = [];
  lines.push('| dataset | rows | load (generated in DuckDB) | DuckDB memory | renderer RSS after load (peak) | page JS heap | pre-aggregation | DuckDB memory with agg tables (agg tables only) |');
  lines.push('|---|---:|---:|---:|---:|---:|---|---:|');
  for (const d of datasets) {
    const s = d.spec;
    const tables = d.preaggregate.tables.map((t) => `${t.table} ${n(t.rows)} rows`).join(', ');
    lines.push(
      `| ${s.grain} (${n(s.areas)} areas × 4 categories × ${s.parts} × ${s.months} months) | ${n(d.rows)} | ${ms(d.generateMs)} ms | ${n(Math.round(d.memoryLoaded.duckdbMB))} MB | ${n(Math.round(d.memoryLoaded.renderer?.rssMB ?? 0))} MB (${n(d.peakRendererRssMB ?? 0)} MB) | ${d.memoryLoaded.pageJsHeapMB} MB | ${ms(d.preaggregate.ms)} ms: ${tables} | ${n(Math.round(d.memoryWithAgg.duckdbMB))} MB (${n(Math.round(d.duckdbMBAggOnly))} MB) |`,
    );
  }
  lines.push('');
  lines.push('| dataset | query | raw rows, app SQL | raw rows, tuned SQL | pre-aggregated | answers equal |');
  lines.push('|---|---|---|---|---|---|');
  const cell = (q: QuerySummary) => `**${ms(q.p50Ms)} / ${ms(q.p95Ms)}** (${ms(q.minMs)}–${ms(q.maxMs)}; first ${ms(q.firstMs)})`;
  for (const d of datasets) {
    d.raw.forEach((r, i) => {
      lines.push(`| ${d.spec.id} | ${r.query} | ${cell(r)} | ${cell(d.tuned[i]!)} | ${cell(d.agg[i]!)} | ${d.answersIdentical ? 'yes' : 'NO'} |`);
    });
  }
  lines.push('');
  lines.push(`Query cells: p50 / p95 ms over the timed runs (min–max; the first run, which prepares the statement).`);
  if (csv.length > 0) {
    lines.push('');
    lines.push("| CSV via the app's steps | rows | file | fetch | register (+ area registry) / read_csv / validate / typed table | total load | DuckDB memory after | renderer peak RSS | sums match |");
    lines.push('|---|---:|---:|---:|---|---:|---:|---:|---|');
    for (const c of csv) {
      const step = (name: string) => ms(c.steps.find((s) => s.step === name)?.ms ?? 0);
      lines.push(
        c.error
          ? `| ${c.spec.id} | ${n(c.spec.rows)} | ${n(Math.round(c.fileMB))} MB | failed: ${c.error} | | | | ${n(c.peakRendererRssMB ?? 0)} MB | |`
          : `| ${c.spec.id} | ${n(c.rows)} | ${n(Math.round(c.fileMB))} MB | ${ms(c.fetchMs)} ms | ${step('register')} / ${step('read')} / ${step('validate')} / ${step('typed')} ms | ${ms(c.loadMs)} ms | ${n(Math.round(c.memoryLoaded?.duckdbMB ?? 0))} MB | ${n(c.peakRendererRssMB ?? 0)} MB | ${c.offencesMatch && c.problems.length === 0 ? 'yes' : `NO ${c.problems.slice(0, 2).join('; ')}`} |`,
      );
    }
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await main();
}
