/**
 * The benchmark: `npm run bench`. Builds the site, serves dist/ on 127.0.0.1 (pre-compressed files,
 * as a static host would), drives Debian's Chromium, and writes bench/results.json plus a table.
 *
 * For each page and each profile (loopback unthrottled; throttled to about 10 Mbit/s, 40 ms round
 * trip and CPU slowed 4× through the Chrome DevTools Protocol), over several cold loads:
 * - first chart: when the first chart is in the page, and largest contentful paint;
 * - all charts: when every chart on the page is drawn from DuckDB (the page-drawn mark);
 * - borough switch: from the input event until the frame that shows every chart updated is painted,
 *   p50 and p95 (and p95 to the DOM update alone). One switch is made the moment the page is drawn;
 *   the rest once the page has asked the other areas' questions in the background (areas warmed);
 * - bytes transferred by kind (JS, CSS, data, wasm), compressed (on the wire) and raw;
 * - peak JS heap of the page (main thread; DuckDB's own memory lives in its worker).
 * Then shared links: `--views` views (page × area × period × category × measure) chosen at random
 * with `--seed` from what the pages offer (scripts/bench/random-views.ts), each loaded cold
 * `--view-loads` times per profile: its first chart (and whether it came from the recorded
 * answers), every chart drawn from DuckDB, layout shift, and requests that left the site.
 * Timings are figures to read, not pass/fail tests: the machines are shared and noisy.
 *
 *   npm run bench [-- --loads 5 --switches 33 --pages recording,victimisation --no-build]
 *   npm run bench [-- --views 20 --seed 19 --view-loads 5 --only views|pages]
 *   npm run bench -- --data DIR --out bench/results-real.json --pages recording
 *   npm run bench -- --dist DIR   (a site built earlier, measured as it is)
 *
 * `--data DIR` builds the site from another data folder (a build from the published files, made by
 * `npm run data:import -- --out DIR …`) into .bench-dist/ and measures that; `--out` names the results
 * file (default bench/results.json).
 */
import { execSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../tests/browser/chromium';
import { chooseViews, loadView, readChoices, type ChosenView, type ViewLoad } from './bench/random-views';
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
const DATA = option('data', '');
const OUT = option('out', 'bench/results.json');
// --dist DIR measures a site already built there (e.g. an earlier build kept for an A/B comparison).
const DIST_GIVEN = option('dist', '');
const DIST = path.resolve(DIST_GIVEN || (DATA ? '.bench-dist' : 'dist'));
const VIEWS = Number(option('views', '20'));
const SEED = Number(option('seed', '19'));
const VIEW_LOADS = Number(option('view-loads', '5'));
/** 'pages' (each page's default view, with borough switches) or 'views' (random shared links); both by default. */
const ONLY = option('only', '');

interface LoadResult {
  firstChartMs: number;
  lcpMs: number;
  /** Cumulative layout shift up to the moment every chart is drawn from DuckDB. */
  cls: number;
  allChartsMs: number;
  /** When the page had asked every other area's questions in the background (after the early switch). */
  warmedMs: number;
  /** One switch made the moment every chart is drawn, to the frame painted after it. */
  earlySwitchMs: number;
  /** Switches after the background questions, to the frame painted after the update. */
  switchP50Ms: number;
  switchP95Ms: number;
  /** The same switches, to the moment the DOM was updated (before painting). */
  switchDomP95Ms: number;
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

/**
 * Switches borough through the Area list `count` times, from its `start`th borough on.
 * Each is timed from the change event to two moments: the view-updated mark (every chart's DOM shows
 * the new borough) and the first frame painted after it (the reader sees it), found by a frame
 * callback that sees the mark and a task queued from there, which runs once that frame is painted.
 * A pause follows each switch, as a reader would make, so one switch's painting is not counted in
 * the next. A string, not a function: tsx's renaming helpers do not exist inside the page.
 */
async function switchLatencies(page: Page, count: number, start: number): Promise<{ dom: number[]; painted: number[] }> {
  return page.evaluate(`(async () => {
    const select = document.querySelector('main select');
    const names = [...select.options].map((o) => o.value).filter((v) => v !== 'London');
    const updates = () => performance.getEntriesByName('dashboard:view-updated');
    const dom = [];
    const painted = [];
    for (let i = ${start}; i < ${start + count}; i += 1) {
      const before = updates().length;
      const t0 = performance.now();
      select.value = names[i % names.length];
      select.dispatchEvent(new Event('change', { bubbles: true }));
      const paintedAt = await new Promise((resolve) => {
        const frame = () => {
          if (updates().length === before) return requestAnimationFrame(frame);
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now());
          channel.port2.postMessage(null);
        };
        requestAnimationFrame(frame);
      });
      dom.push(updates().at(-1).startTime - t0);
      painted.push(paintedAt - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
    return { dom, painted };
  })()`);
}

/** Waits until the page has asked every other area's questions in the background (or the timeout). */
async function waitForAreasWarmed(page: Page, timeout: number): Promise<number | null> {
  return page
    .waitForFunction(() => performance.getEntriesByName('dashboard:areas-warmed').at(-1)?.startTime ?? false, null, { timeout, polling: 50 })
    .then((handle) => handle.jsonValue() as Promise<number>)
    .catch(() => null);
}

/** Network and CPU as the profile says, for a page about to load. */
async function throttle(page: Page, profile: Profile): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  if (profile.network) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile.network });
  if (profile.cpuSlowdown) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
  return cdp;
}

async function coldLoad(browser: Browser, url: string, profile: Profile): Promise<LoadResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await throttle(page, profile);

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
  // A reader who switches at once, while the page still asks the other areas' questions behind it:
  // to a borough halfway down the list, which the page reaches last.
  const early = await switchLatencies(page, 1, 16);
  // Then the switches a reader makes after looking at the page: every area answered in the background.
  const warmedAt = await waitForAreasWarmed(page, 120_000);
  const switches = await switchLatencies(page, SWITCHES, 17);
  stop.done = true;
  const peakHeap = await heap;
  await Promise.all(pending);
  await context.close();
  return {
    firstChartMs: marks.firstChart,
    lcpMs: marks.lcp,
    cls: marks.cls,
    allChartsMs: marks.drawn,
    warmedMs: warmedAt ?? Number.NaN,
    earlySwitchMs: early.painted[0]!,
    switchP50Ms: percentile(switches.painted, 50),
    switchP95Ms: percentile(switches.painted, 95),
    switchDomP95Ms: percentile(switches.dom, 95),
    peakHeapMB: peakHeap / 1024 / 1024,
    bytes,
  };
}

const summarise = (values: number[]) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  if (!process.argv.includes('--no-build') && !DIST_GIVEN) {
    execSync(`npx vite build${DATA ? ` --outDir ${JSON.stringify(DIST)}` : ''}`, {
      stdio: 'inherit',
      env: { ...process.env, ...(DATA ? { DASHBOARD_DATA_DIR: path.resolve(DATA) } : {}) },
    });
  }
  const server = await serveFolder(DIST);
  const browser = await launchChromium();
  const results: Record<string, unknown>[] = [];
  let views: ViewsResult | null = null;
  try {
    if (ONLY !== 'views') for (const pageName of PAGES) {
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
          warmedMs: summarise(loads.map((l) => l.warmedMs)),
          earlySwitchMs: summarise(loads.map((l) => l.earlySwitchMs)),
          switchP50Ms: summarise(loads.map((l) => l.switchP50Ms)),
          switchP95Ms: summarise(loads.map((l) => l.switchP95Ms)),
          switchDomP95Ms: summarise(loads.map((l) => l.switchDomP95Ms)),
          peakHeapMB: summarise(loads.map((l) => l.peakHeapMB)),
          bytes: Object.fromEntries(kinds.map((k) => [k, loads[0]!.bytes[k] ?? { wire: 0, raw: 0 }])),
        });
      }
    }
    if (ONLY !== 'pages' && VIEWS > 0) views = await randomViews(browser, server.url);
  } finally {
    await browser.close();
    await server.close();
  }
  mkdirSync(path.dirname(OUT), { recursive: true });
  const js = ownJavaScript();
  const output = { date: new Date().toISOString(), machine: `${process.platform} ${process.arch}, node ${process.version}`, load: { start: loadAtStart, end: loadAverage() }, data: DATA || 'data', ownJs: js, results, views };
  writeFileSync(OUT, `${JSON.stringify(output, null, 2)}\n`);
  if (results.length > 0) console.log(`\n${table(results)}`);
  if (views) console.log(`\n${viewsTable(views)}`);
  console.log(`\nOur own JS every view loads: ${js.ownKB.toFixed(1)} KB gzip (${js.own.join(', ')}); on demand: ${js.onDemandKB.toFixed(1)} KB (${js.onDemand.join(', ')}); DuckDB's JS API and Arrow: ${js.duckdbKB.toFixed(1)} KB gzip. Load average ${output.load.start} at the start, ${output.load.end} at the end.`);
  console.log(`Wrote ${OUT}`);
}

interface ViewsResult {
  seed: number;
  loadsPerView: number;
  views: (ChosenView & { profiles: Record<string, ViewLoad[]> })[];
  /** Per profile: over the views, the median of each view's loads. */
  summary: Record<
    string,
    {
      /** Over the views that draw a chart (on the published files, most views of pages with nothing published draw only a note). */
      firstChartMs: Summary & { p95: number };
      viewDrawnMs: Summary & { p95: number };
      allChartsMs: Summary & { p95: number };
      cls: Summary;
      /** Of the loads that drew a chart, the share whose first chart came from recorded answers. */
      recordedShare: number;
      /** How many of the views draw a chart at all. */
      viewsWithChart: number;
      foreign: number;
    }
  >;
}
type Summary = { median: number; min: number; max: number };

/** The random views: each loaded cold VIEW_LOADS times in each profile, every view before the next load round. */
async function randomViews(browser: Browser, url: string): Promise<ViewsResult> {
  const choices = [];
  for (const pageName of PAGES) choices.push(await readChoices(browser, url, pageName));
  const chosen = chooseViews(choices, VIEWS, SEED);
  const views = chosen.map((v) => ({ ...v, profiles: {} as Record<string, ViewLoad[]> }));
  for (const profile of PROFILES) {
    // Round by round (every view once, then again), so a slow minute on the machine spreads over all views.
    for (let round = 0; round < VIEW_LOADS; round += 1) {
      for (const view of views) {
        const load = await loadView(browser, `${url}${view.query}`, async (page) => void (await throttle(page, profile)));
        (view.profiles[profile.name] ??= []).push(load);
        process.stdout.write('.');
      }
    }
  }
  const summary: ViewsResult['summary'] = {};
  for (const profile of PROFILES) {
    const per = views.map((v) => v.profiles[profile.name]!);
    // A view that draws no chart (only a note) has no first chart: it is left out of those medians, not counted as NaN.
    const charted = per.filter((loads) => loads.some((l) => Number.isFinite(l.firstChartMs)));
    const medians = (of: ViewLoad[][], f: (l: ViewLoad) => number) => of.map((loads) => median(loads.map(f).filter(Number.isFinite)));
    const withP95 = (values: number[]) => ({ ...summarise(values), p95: percentile(values, 95) });
    const chartLoads = charted.flat().filter((l) => Number.isFinite(l.firstChartMs));
    summary[profile.name] = {
      firstChartMs: withP95(medians(charted, (l) => l.firstChartMs)),
      viewDrawnMs: withP95(medians(charted, (l) => l.viewDrawnMs)),
      allChartsMs: withP95(medians(per, (l) => l.allChartsMs)),
      cls: summarise(per.map((loads) => Math.max(...loads.map((l) => l.cls)))),
      recordedShare: chartLoads.filter((l) => l.firstChartRecorded).length / chartLoads.length,
      viewsWithChart: charted.length,
      foreign: per.flat().reduce((n, l) => n + l.foreign, 0),
    };
  }
  return { seed: SEED, loadsPerView: VIEW_LOADS, views, summary };
}

function viewsTable(result: ViewsResult): string {
  const f = (s: Summary & { p95?: number }, digits = 0) =>
    `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})${s.p95 !== undefined ? ` · p95 ${s.p95.toFixed(digits)}` : ''}`;
  const lines = [
    `${result.views.length} random views (seed ${result.seed}), ${result.loadsPerView} cold loads each: median over the views of each view's median (min–max over the views)`,
    '| profile | first chart ms | first chart from recorded answers | whole view drawn ms | all charts from DuckDB ms | layout shift (worst load) | requests leaving the site |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const [name, s] of Object.entries(result.summary)) {
    lines.push(`| ${name} | ${f(s.firstChartMs)} | ${(s.recordedShare * 100).toFixed(0)}% | ${f(s.viewDrawnMs)} | ${f(s.allChartsMs)} | ${f(s.cls, 3)} | ${s.foreign} |`);
  }
  const withChart = Object.values(result.summary)[0]?.viewsWithChart ?? result.views.length;
  if (withChart < result.views.length) {
    lines.push(`First chart, recorded share and whole view: over the ${withChart} views that draw a chart (the others draw only a note: the data has no such series).`);
  }
  return lines.join('\n');
}

/**
 * Our own JavaScript, gzipped as `vite build` reports it: the chunks every view loads (index.html's
 * script and the chunks it preloads), and those fetched only when a reader asks for them (the
 * importer of published files); DuckDB's JS API and Arrow (a chunk of their own, loaded beside the
 * first view) apart, and its workers not counted.
 */
function ownJavaScript(): { own: string[]; ownKB: number; onDemand: string[]; onDemandKB: number; duckdbKB: number } {
  const assets = path.join(DIST, 'assets');
  const chunks = readdirSync(assets).filter((f) => f.endsWith('.js') && !f.includes('.worker'));
  const size = (f: string) => gzipSync(readFileSync(path.join(assets, f)), { level: 9 }).length / 1024;
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const loaded = new Set([...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!));
  const own = chunks.filter((f) => loaded.has(f));
  const onDemand = chunks.filter((f) => !loaded.has(f) && !f.startsWith('duckdb-browser'));
  const total = (files: string[]) => files.reduce((sum, f) => sum + size(f), 0);
  return { own, ownKB: total(own), onDemand, onDemandKB: total(onDemand), duckdbKB: total(chunks.filter((f) => f.startsWith('duckdb-browser'))) };
}

/** The machine's load average over 1, 5 and 15 minutes, at the end of the run (timings depend on it). */
function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(1)).join(' ');
}

function table(results: Record<string, unknown>[]): string {
  const f = (s: { median: number; min: number; max: number }, digits = 0) =>
    `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const lines = [
    '| page | profile | first chart ms | LCP ms | layout shift | all charts ms | areas warmed ms | early switch ms | switch p50 ms | switch p95 ms | switch p95 DOM ms | peak JS heap MB | wire (raw): js · css · data · wasm |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results as unknown as ({ page: string; profile: string; bytes: Record<string, { wire: number; raw: number }> } & Record<string, { median: number; min: number; max: number }>)[]) {
    const b = (k: string) => (r.bytes[k] ? `${kb(r.bytes[k].wire)} (${kb(r.bytes[k].raw)})` : '–');
    lines.push(
      `| ${r.page} | ${r.profile} | ${f(r.firstChartMs!)} | ${f(r.lcpMs!)} | ${f(r.cls!, 3)} | ${f(r.allChartsMs!)} | ${f(r.warmedMs!)} | ${f(r.earlySwitchMs!)} | ${f(r.switchP50Ms!)} | ${f(r.switchP95Ms!)} | ${f(r.switchDomP95Ms!)} | ${f(r.peakHeapMB!, 1)} | ${b('js')} · ${b('css')} · ${b('data')} · ${b('wasm')} |`,
    );
  }
  return lines.join('\n');
}

await main();
