/**
 * The benchmark: `npm run bench`. Builds the site, serves dist/ on 127.0.0.1 (pre-compressed files,
 * as a static host would), drives Debian's Chromium, and writes bench/results.json plus a table.
 *
 * For each page and each profile (loopback unthrottled; throttled to about 10 Mbit/s, 40 ms round
 * trip and CPU slowed 4× through the Chrome DevTools Protocol), over several cold loads:
 * - first chart: when the first chart is in the page, and largest contentful paint;
 * - all charts: when every chart on the page is drawn from DuckDB (the page-drawn mark);
 * - borough switch: from the input event until every chart shows the new borough, p50 and p95;
 * - bytes transferred by kind (JS, CSS, data, wasm), compressed (on the wire) and raw;
 * - peak JS heap of the page (main thread; DuckDB's own memory lives in its worker).
 * Timings are figures to read, not pass/fail tests: the machines are shared and noisy.
 *
 *   npm run bench [-- --loads 5 --switches 33 --pages recording,victimisation --no-build]
 */
import { execSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../tests/browser/chromium';
import { serveFolder } from '../tests/browser/static-server';

interface Profile {
  name: string;
  network?: { latency: number; downloadThroughput: number; uploadThroughput: number };
  cpuSlowdown?: number;
}

const PROFILES: Profile[] = [
  { name: 'loopback' },
  {
    name: 'throttled',
    // 10 Mbit/s down, 5 Mbit/s up, 40 ms round trip; CPU 4× slower.
    network: { latency: 40, downloadThroughput: (10 * 1024 * 1024) / 8, uploadThroughput: (5 * 1024 * 1024) / 8 },
    cpuSlowdown: 4,
  },
];

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const LOADS = Number(option('loads', '5'));
const SWITCHES = Number(option('switches', '33'));
const PAGES = option('pages', 'recording,victimisation,justice').split(',');
const DIST = path.resolve('dist');

interface LoadResult {
  firstChartMs: number;
  lcpMs: number;
  /** Cumulative layout shift up to the moment every chart is drawn from DuckDB. */
  cls: number;
  allChartsMs: number;
  switchP50Ms: number;
  switchP95Ms: number;
  peakHeapMB: number;
  bytes: Record<string, { wire: number; raw: number }>;
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

function kindOf(url: string): string {
  const p = new URL(url).pathname;
  if (p.endsWith('.wasm')) return 'wasm';
  if (p.endsWith('.js')) return 'js';
  if (p.endsWith('.css')) return 'css';
  if (p.includes('/data/')) return 'data';
  return 'other';
}

/** Records, from the first byte of the page, when the first chart appears and the LCP entries. */
const INIT_SCRIPT = `
  window.__bench = { firstChart: null, lcp: 0, cls: 0 };
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__bench.cls += e.value; })
    .observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.lcp = e.startTime; })
    .observe({ type: 'largest-contentful-paint', buffered: true });
  new MutationObserver((_, observer) => {
    if (document.querySelector('figure.chart svg')) { window.__bench.firstChart = performance.now(); observer.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
`;

async function sampleHeap(cdp: CDPSession, stop: { done: boolean }): Promise<number> {
  let peak = 0;
  while (!stop.done) {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    peak = Math.max(peak, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
    await new Promise((r) => setTimeout(r, 100));
  }
  return peak;
}

/** Switches borough through the Area list, timing each from the change event to the view-updated mark. */
async function switchLatencies(page: Page, count: number): Promise<number[]> {
  return page.evaluate(async (n) => {
    const select = document.querySelector<HTMLSelectElement>('main select')!;
    const names = [...select.options].map((o) => o.value).filter((v) => v !== 'London');
    const times: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const before = performance.getEntriesByName('dashboard:view-updated').length;
      const t0 = performance.now();
      select.value = names[i % names.length]!;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      while (performance.getEntriesByName('dashboard:view-updated').length === before) await new Promise((r) => setTimeout(r, 1));
      times.push(performance.getEntriesByName('dashboard:view-updated').at(-1)!.startTime - t0);
    }
    return times;
  }, count);
}

async function coldLoad(browser: Browser, url: string, profile: Profile): Promise<LoadResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  if (profile.network) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile.network });
  if (profile.cpuSlowdown) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });

  // Playwright sees the worker's requests (DuckDB's wasm) as well as the page's; sizes() gives the
  // body as it came over the wire (compressed), and the file on disk gives the raw size.
  const bytes: Record<string, { wire: number; raw: number }> = {};
  const pending: Promise<void>[] = [];
  context.on('requestfinished', (request) => {
    const u = request.url();
    if (!u.startsWith('http')) return;
    pending.push(
      request.sizes().then((sizes) => {
        const kind = kindOf(u);
        const file = path.join(DIST, decodeURIComponent(new URL(u).pathname));
        let raw = 0;
        try {
          raw = statSync(file).isFile() ? statSync(file).size : 0;
        } catch {
          raw = 0;
        }
        bytes[kind] ??= { wire: 0, raw: 0 };
        bytes[kind].wire += sizes.responseBodySize;
        bytes[kind].raw += raw;
      }),
    );
  });

  await page.addInitScript(INIT_SCRIPT);
  const stop = { done: false };
  const heap = sampleHeap(cdp, stop);
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('dashboard:page-drawn').length > 0, null, { timeout: 180_000 });
  const marks = await page.evaluate(() => ({
    firstChart: (window as unknown as { __bench: { firstChart: number } }).__bench.firstChart,
    lcp: (window as unknown as { __bench: { lcp: number } }).__bench.lcp,
    cls: (window as unknown as { __bench: { cls: number } }).__bench.cls,
    drawn: performance.getEntriesByName('dashboard:page-drawn')[0]!.startTime,
  }));
  const switches = await switchLatencies(page, SWITCHES);
  stop.done = true;
  const peakHeap = await heap;
  await Promise.all(pending);
  await context.close();
  return {
    firstChartMs: marks.firstChart,
    lcpMs: marks.lcp,
    cls: marks.cls,
    allChartsMs: marks.drawn,
    switchP50Ms: percentile(switches, 50),
    switchP95Ms: percentile(switches, 95),
    peakHeapMB: peakHeap / 1024 / 1024,
    bytes,
  };
}

const summarise = (values: number[]) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) execSync('npx vite build', { stdio: 'inherit' });
  const server = await serveFolder(DIST);
  const browser = await launchChromium();
  const results: Record<string, unknown>[] = [];
  try {
    for (const pageName of PAGES) {
      for (const profile of PROFILES) {
        const loads: LoadResult[] = [];
        for (let i = 0; i < LOADS; i += 1) {
          loads.push(await coldLoad(browser, `${server.url}?page=${pageName}`, profile));
          process.stdout.write('.');
        }
        const kinds = [...new Set(loads.flatMap((l) => Object.keys(l.bytes)))];
        results.push({
          page: pageName,
          profile: profile.name,
          loads: LOADS,
          switchesPerLoad: SWITCHES,
          firstChartMs: summarise(loads.map((l) => l.firstChartMs)),
          lcpMs: summarise(loads.map((l) => l.lcpMs)),
          cls: summarise(loads.map((l) => l.cls)),
          allChartsMs: summarise(loads.map((l) => l.allChartsMs)),
          switchP50Ms: summarise(loads.map((l) => l.switchP50Ms)),
          switchP95Ms: summarise(loads.map((l) => l.switchP95Ms)),
          peakHeapMB: summarise(loads.map((l) => l.peakHeapMB)),
          bytes: Object.fromEntries(kinds.map((k) => [k, loads[0]!.bytes[k] ?? { wire: 0, raw: 0 }])),
        });
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  mkdirSync('bench', { recursive: true });
  const output = { date: new Date().toISOString(), machine: `${process.platform} ${process.arch}, node ${process.version}`, results };
  writeFileSync('bench/results.json', `${JSON.stringify(output, null, 2)}\n`);
  console.log(`\n${table(results)}\nWrote bench/results.json`);
}

function table(results: Record<string, unknown>[]): string {
  const f = (s: { median: number; min: number; max: number }, digits = 0) =>
    `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const lines = [
    '| page | profile | first chart ms | LCP ms | layout shift | all charts ms | switch p50 ms | switch p95 ms | peak JS heap MB | wire (raw): js · css · data · wasm |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results as unknown as ({ page: string; profile: string; bytes: Record<string, { wire: number; raw: number }> } & Record<string, { median: number; min: number; max: number }>)[]) {
    const b = (k: string) => (r.bytes[k] ? `${kb(r.bytes[k].wire)} (${kb(r.bytes[k].raw)})` : '–');
    lines.push(
      `| ${r.page} | ${r.profile} | ${f(r.firstChartMs!)} | ${f(r.lcpMs!)} | ${f(r.cls!, 3)} | ${f(r.allChartsMs!)} | ${f(r.switchP50Ms!)} | ${f(r.switchP95Ms!)} | ${f(r.peakHeapMB!, 1)} | ${b('js')} · ${b('css')} · ${b('data')} · ${b('wasm')} |`,
    );
  }
  return lines.join('\n');
}

await main();
