/**
 * Analyst mode's engine in real Chromium: an extract chosen in a file input (as an analyst's file
 * arrives) is loaded and the repeat measures computed in DuckDB-WASM in the page. The file must
 * never leave the browser: no request at all may be made from choosing it to the last figure.
 *
 * The page is the test-only bench/extract.html, built here with Vite into a temporary folder (the
 * dashboard does not offer the control yet), served on 127.0.0.1 like the built site.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractRun } from '../../bench/extract';
import { buildExtractPage, EXTRACT_PAGE } from '../../scripts/bench-extract';
import { generateExtractCsv } from '../../scripts/generate-extract';
import { monthIndex } from '../../src/data/months';
import { openBrowser } from './harness';
import { serveFolder, type StaticServer } from './static-server';

interface Incident {
  victim: string;
  month: number;
  borough: string;
}

interface Measures {
  victims: number;
  repeat_victims: number;
  incidents: number;
}

// 20,000 incidents over 30 months: January 2022 to June 2024, so 29 February 2024 can occur.
const CSV = generateExtractCsv({ incidents: 20_000, seed: 7, start: '2022-01', months: 30 });

/** The generated rows, read in Node (the generator writes plain values: no quotes, no commas in them). */
function incidents(): Incident[] {
  return CSV.trim().split('\n').slice(1).map((line) => {
    const [, victim, date, borough] = line.split(',');
    return { victim: victim!, month: monthIndex(date!.slice(0, 7)), borough: borough! };
  });
}

/** Brute force: the victims, repeat victims and incidents of the 12 months ending `month`. */
function bruteForce(rows: Incident[], month: string, area: string): Measures {
  const end = monthIndex(month);
  const perVictim = new Map<string, number>();
  for (const r of rows) {
    if (r.month >= end - 11 && r.month <= end && (area === 'London' || r.borough === area)) {
      perVictim.set(r.victim, (perVictim.get(r.victim) ?? 0) + 1);
    }
  }
  const counts = [...perVictim.values()];
  return { victims: counts.length, repeat_victims: counts.filter((n) => n >= 2).length, incidents: counts.reduce((a, b) => a + b, 0) };
}

let outDir: string;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'dsv-extract-page-'));
  await buildExtractPage(outDir);
  server = await serveFolder(outDir);
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('analyst mode in Chromium', () => {
  it('loads a 20,000-incident extract from a file in the page and computes, with no request made meanwhile, matching a brute-force count', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    // Every request from the page and DuckDB's worker, and which of them came while the file was in play.
    const requests: string[] = [];
    const duringLoad: string[] = [];
    let watching = false;
    context.on('request', (request) => {
      requests.push(request.url());
      if (watching) duringLoad.push(`${request.method()} ${request.url()}`);
    });

    await page.goto(server.url + EXTRACT_PAGE);
    await page.evaluate(() => window.extractBench.ready());
    // The recorder does see the worker's requests: DuckDB's wasm was fetched by its worker.
    expect(requests.some((u) => u.endsWith('.wasm'))).toBe(true);

    watching = true;
    await page.setInputFiles('#extract', { name: 'my-extract.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    const run: ExtractRun = await page.evaluate(() => window.extractBench.run({ today: '2026-01-01' }));
    watching = false;
    expect(duringLoad).toEqual([]);

    expect(run.result.problems).toEqual([]);
    expect(run.result.rowsUsed).toBe(20_000);
    expect(run.result.firstMonth).toBe('2022-01');
    expect(run.result.lastMonth).toBe('2024-06');

    const rows = incidents();
    const london = await page.evaluate(() =>
      window.extractBench.query<Measures & { month: string }>(`SELECT month, victims, repeat_victims, incidents FROM extract_repeat_victims WHERE borough = 'London' ORDER BY month`),
    );
    // Windows end from December 2022 (the first with 12 full months) to June 2024.
    expect(london.map((r) => r.month)).toEqual(Array.from({ length: 19 }, (_, i) => `${2022 + Math.floor((11 + i) / 12)}-${String(((11 + i) % 12) + 1).padStart(2, '0')}`));
    const march2024 = london.find((r) => r.month === '2024-03')!;
    expect({ victims: march2024.victims, repeat_victims: march2024.repeat_victims, incidents: march2024.incidents }).toEqual(bruteForce(rows, '2024-03', 'London'));
    for (const r of london) {
      expect({ victims: r.victims, repeat_victims: r.repeat_victims, incidents: r.incidents }, r.month).toEqual(bruteForce(rows, r.month, 'London'));
    }
    const [camden] = await page.evaluate(() =>
      window.extractBench.query<Measures>(`SELECT victims, repeat_victims, incidents FROM extract_repeat_victims WHERE borough = 'Camden' AND month = '2024-03'`),
    );
    expect(camden).toEqual(bruteForce(rows, '2024-03', 'Camden'));

    expect(errors).toEqual([]);
    await context.close();
  });
});
