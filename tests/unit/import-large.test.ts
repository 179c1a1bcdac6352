/**
 * A 200 MB file in the MPS dashboard layout, generated into the temporary folder, through
 * `npm run data:import`'s code: it is streamed (heap growth stays far below the file's size),
 * reports progress all the way, keeps the event loop turning (in a browser tab: no freeze), and
 * gives the right totals. IMPORT_LARGE_MB sets another size (e.g. 20 for a quick run).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../src/data/import';
import { runImport } from '../../scripts/import-data';
import { parseCsv } from './helpers/fixtures';
import { writeLargeDashboardFile } from './helpers/large-dashboard';

const MB = 1024 * 1024;
const SIZE_MB = Number(process.env.IMPORT_LARGE_MB ?? 200);

describe(`a ${SIZE_MB} MB file`, () => {
  let dir: string;
  let file: string;
  let expected: { bytes: number; daByMonth: Map<string, number> };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'dsv-import-large-'));
    file = path.join(dir, 'MPS_MonthlyCrimeDashboard_OtherCrimeData.csv');
    expected = await writeLargeDashboardFile(file, SIZE_MB * MB);
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('streams with progress and bounded memory, without blocking the event loop, and imports the right figures', async () => {
    const progress: Progress[] = [];
    let baseline = 0;
    let peak = 0;
    const heap = () => process.memoryUsage().heapUsed;
    // The longest the event loop went without running a timer while the file streamed: the Node
    // analogue of a frozen tab. (The check by the app's loader afterwards uses DuckDB's blocking
    // Node build, which is a command-line step, so it is not timed here.)
    let last = performance.now();
    let longestStall = 0;
    let streaming = false;
    const ticker = setInterval(() => {
      const now = performance.now();
      if (streaming) longestStall = Math.max(longestStall, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    const outcome = await runImport({
      files: [file],
      out: path.join(dir, 'data'),
      currentMonth: '2026-11',
      log: () => undefined,
      progress: (p) => {
        if (progress.length === 0) baseline = heap();
        peak = Math.max(peak, heap());
        progress.push(p);
        streaming = p.bytesRead < (p.totalBytes ?? 0);
      },
    }).finally(() => clearInterval(ticker));
    const seconds = (performance.now() - started) / 1000;
    console.log(`${SIZE_MB} MB: imported in ${seconds.toFixed(1)} s, ${progress.length} progress reports, heap growth ${((peak - baseline) / MB).toFixed(0)} MB, longest event-loop stall ${longestStall.toFixed(0)} ms`);

    expect(outcome.ok, outcome.report.join('\n')).toBe(true);
    // Progress throughout: many reports, never going backwards, ending at the file's size.
    expect(progress.length).toBeGreaterThan(SIZE_MB);
    expect(progress.every((p, i) => i === 0 || p.bytesRead >= progress[i - 1]!.bytesRead)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ bytesRead: expected.bytes, totalBytes: expected.bytes });
    // Holding the file would take twice its size in memory (UTF-16 text); streaming stays far below.
    expect(peak - baseline).toBeLessThan(Math.min(128 * MB, SIZE_MB * MB));
    // A frozen import would stall for the whole file (seconds to minutes); a busy shared machine can
    // pause any process for a second, so the bound leaves room for that.
    expect(longestStall).toBeLessThan(3000);

    const rows = await parseCsv(path.join(dir, 'data', 'offences.csv'));
    const da = new Map<string, number>();
    for (const r of rows) if (r.category === 'domestic_abuse') da.set(r.month!, (da.get(r.month!) ?? 0) + Number(r.offences));
    expect(da).toEqual(expected.daByMonth);
  }, 120_000);
});
