/**
 * Long use, CI-sized: 300 page and borough changes through the page's own controls (the full
 * 10,000 run is `npm run soak`, scripts/soak.ts, with the same loop, and `npm run test:long` runs it
 * here). After forced garbage
 * collection the JS heap at the end is at most 1.2× the heap after the first 100; exactly one
 * Web Worker (DuckDB's) and one DuckDB connection stay open; prepared statements do not pile up.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { soak } from '../../scripts/soak';
import { LONG } from '../helpers/long';
import { baseUrl, openBrowser } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const CHANGES = LONG ? 10_000 : 300;

describe('long use', () => {
  it(`${CHANGES} changes: heap at most 1.2× the heap after 100, one worker, one DuckDB connection, no error`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const report = await soak(context, baseUrl(), { changes: CHANGES, warmUp: 100, sampleEvery: LONG ? 1000 : 100 });
    console.log(`soak: ${report.changes} changes in ${report.seconds.toFixed(0)} s; heap ${report.heapAfterWarmUpMB.toFixed(1)} MB after 100, ${report.heapAtEndMB.toFixed(1)} MB at the end (×${report.heapRatio.toFixed(2)}); prepared statements open ${report.duckdb.preparedOpenAfterWarmUp} → ${report.duckdb.preparedOpenAtEnd}`);
    expect(report.errors).toEqual([]);
    expect(report.heapRatio).toBeLessThanOrEqual(1.2);
    expect(report.workers).toEqual({ started: 1, ended: 0, alive: 1, seenByBrowser: 1 });
    expect(report.duckdb.connectionsOpen).toBe(1);
    // Statements are kept per distinct SQL text, which the first 100 changes have all asked.
    expect(report.duckdb.preparedOpenAtEnd).toBeLessThanOrEqual(report.duckdb.preparedOpenAfterWarmUp + 5);
    // DOM nodes left behind by old views would show here, after garbage collection (pages differ in
    // size, so only a gross leak is caught; the full soak samples the same pages as it goes).
    const [first, last] = [report.samples[0]!, report.samples.at(-1)!];
    expect(last.nodes).toBeLessThan(first.nodes * 3);
    // And nodes taken off the page must not be kept alive (by a callback waiting to run, say): the
    // renderer holds about as many as the page shows.
    expect(last.nodes).toBeLessThan(last.pageNodes * 2);
    await context.close();
  }, LONG ? 4 * 3_600_000 : 900_000);
});
