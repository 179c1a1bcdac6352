/**
 * Times analyst mode's engine in real Chromium: a generated extract of 1,000,000 incidents (by
 * default) is chosen in a file input, as an analyst's file is, then loaded (checked, bad rows
 * listed) and the repeat measures computed, in DuckDB-WASM in the page. Each run is a fresh page,
 * so a fresh DuckDB. Prints JSON to stdout: every run, and the median, min and max of each step.
 *
 *   npx tsx scripts/bench-extract.ts [--incidents 1000000] [--runs 3] [--seed 1]
 *
 * It builds its own small test page (bench/extract.html, with the dashboard's own DuckDB start-up
 * and src/data/extract.ts) with Vite into a temporary folder, so the dashboard's build is untouched
 * and the page needs nothing from dist/. Timings are figures to read, not pass/fail: machines are
 * shared and noisy.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { launchChromium } from '../tests/browser/chromium';
import { serveFolder } from '../tests/browser/static-server';
import type { ExtractRun } from '../bench/extract';
import { writeExtract } from './generate-extract';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where the page is served from, relative to the built folder (Vite keeps the path under the root). */
export const EXTRACT_PAGE = 'bench/extract.html';

/**
 * Builds bench/extract.html into `outDir` with Vite's own defaults, not the dashboard's
 * vite.config.ts (whose plugins copy the data folder and record first views; this page needs none).
 */
export async function buildExtractPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: ROOT,
    base: './',
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 1200,
      rollupOptions: { input: path.join(ROOT, EXTRACT_PAGE) },
    },
    worker: { format: 'es' },
  });
}

/** Opens the page in a fresh context, waits for DuckDB, chooses the file and runs the engine. */
async function timeOnce(browser: Browser, url: string, file: string): Promise<ExtractRun> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.evaluate(() => window.extractBench.ready());
    await page.setInputFiles('#extract', file);
    const run = await page.evaluate(() => window.extractBench.run());
    if (errors.length > 0) throw new Error(`errors in the page: ${errors.join('; ')}`);
    return run;
  } finally {
    await context.close();
  }
}

const round = (ms: number) => Math.round(ms);

function spread(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median: round(median), min: round(sorted[0]!), max: round(sorted[sorted.length - 1]!) };
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const incidents = option('incidents', 1_000_000);
  const runs = option('runs', 3);
  const seed = option('seed', 1);
  const work = path.join(os.tmpdir(), 'dsv-bench-extract');
  mkdirSync(work, { recursive: true });
  const file = path.join(work, `extract-${incidents}-seed${seed}.csv`);
  if (!existsSync(file)) await writeExtract(file, { incidents, seed });
  const outDir = path.join(work, 'site');
  await buildExtractPage(outDir);

  const server = await serveFolder(outDir);
  const browser = await launchChromium();
  const results: ExtractRun[] = [];
  try {
    for (let i = 0; i < runs; i += 1) {
      results.push(await timeOnce(browser, server.url + EXTRACT_PAGE, file));
      console.error(`run ${i + 1}/${runs}: load ${round(results[i]!.loadMs)} ms, compute ${round(results[i]!.computeMs)} ms`);
    }
    const last = results[results.length - 1]!;
    const report = {
      incidents,
      fileBytes: statSync(file).size,
      browser: `Chromium ${browser.version()}`,
      cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
      rowsUsed: last.result.rowsUsed,
      problemCount: last.result.problemCount,
      months: `${last.result.firstMonth} to ${last.result.lastMonth}`,
      outputRows: last.outputRows,
      runs: results.map((r) => ({ readMs: round(r.readMs), loadMs: round(r.loadMs), computeMs: round(r.computeMs), totalMs: round(r.readMs + r.loadMs + r.computeMs) })),
      readMs: spread(results.map((r) => r.readMs)),
      loadMs: spread(results.map((r) => r.loadMs)),
      computeMs: spread(results.map((r) => r.computeMs)),
      totalMs: spread(results.map((r) => r.readMs + r.loadMs + r.computeMs)),
      slowQueriesOfLastRun: last.slowQueries,
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
