/**
 * Long use: `npm run soak`. Serves the built site (dist/), opens it in Debian's Chromium and makes
 * 10,000 page and borough changes through the page's own controls (the Area list and the page
 * links), each waited for until every chart shows it. It samples the page's JS heap after forced
 * garbage collection (through the Chrome DevTools Protocol) after the first 100 changes and every
 * 1,000 after, counts DOM nodes and event listeners, Web Workers started and ended, and DuckDB
 * connections and prepared statements opened and closed (by watching the messages to DuckDB's
 * worker), then prints a JSON report. It fails (exit code 1) when the heap at the end is over 1.2×
 * the heap after the first 100 changes, or more than one worker or connection is alive.
 *
 *   npm run soak [-- --changes 10000 --dist dist --out soak.json]
 *
 * tests/browser/soak.test.ts runs the same loop for 300 changes in CI.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../tests/browser/chromium';
import { serveFolder } from '../tests/browser/static-server';

/** The page's controls a change uses, in the order a soak visits them. */
const PAGE_LINKS = ['Recording', 'Victimisation', 'Justice'] as const;

export interface Sample {
  changes: number;
  heapMB: number;
  /** DOM nodes alive in the renderer after garbage collection, whether on the page or not. */
  nodes: number;
  /** DOM nodes on the page: the difference from `nodes` is held by something after being taken off. */
  pageNodes: number;
  listeners: number;
  marks: number;
}

export interface SoakReport {
  changes: number;
  seconds: number;
  /** Mean time from a change to every chart showing it. */
  msPerChange: number;
  heapAfterWarmUpMB: number;
  heapAtEndMB: number;
  heapRatio: number;
  samples: Sample[];
  workers: { started: number; ended: number; alive: number; seenByBrowser: number };
  duckdb: { connectionsOpen: number; preparedOpenAfterWarmUp: number; preparedOpenAtEnd: number; preparedCreated: number };
  errors: string[];
  pass: boolean;
}

declare global {
  interface Window {
    __soak: { workersStarted: number; workersEnded: number; connect: number; disconnect: number; prepared: number; closed: number };
  }
}

/** Counts workers and DuckDB connections and statements from the page's side, before it starts. */
export async function watchResources(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    window.__soak = { workersStarted: 0, workersEnded: 0, connect: 0, disconnect: 0, prepared: 0, closed: 0 };
    const NativeWorker = window.Worker;
    window.Worker = class extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        window.__soak.workersStarted += 1;
      }
      override terminate(): void {
        window.__soak.workersEnded += 1;
        super.terminate();
      }
    };
    const post = NativeWorker.prototype.postMessage;
    NativeWorker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      const type = (message as { type?: unknown } | null)?.type;
      if (type === 'CONNECT') window.__soak.connect += 1;
      else if (type === 'DISCONNECT') window.__soak.disconnect += 1;
      else if (type === 'CREATE_PREPARED') window.__soak.prepared += 1;
      else if (type === 'CLOSE_PREPARED') window.__soak.closed += 1;
      return (post as (...args: unknown[]) => void).call(this, message, ...rest);
    } as typeof Worker.prototype.postMessage;
  });
}

/** Counts every node in the document (elements, text, comments), as the Nodes metric does. */
const PAGE_NODES = `(() => { let n = 1; const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL); while (walker.nextNode()) n += 1; return n; })()`;

/** Collects garbage (twice, so that finalisers' garbage goes too), then reads the page's metrics. */
export async function measure(cdp: CDPSession, changes: number): Promise<Sample> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  const counted = (await cdp.send('Runtime.evaluate', { expression: PAGE_NODES, returnByValue: true })) as { result: { value: number } };
  return {
    changes,
    heapMB: metric('JSHeapUsedSize') / 1024 / 1024,
    nodes: metric('Nodes'),
    pageNodes: counted.result.value,
    listeners: metric('JSEventListeners'),
    marks: 0,
  };
}

/**
 * Makes `count` changes, alternating a borough (the Area list, through every area in turn) and a
 * page (the page links, in turn), waiting after each until the page has redrawn. Returns the time
 * spent. Runs in the page in batches, so that the soak measures the app rather than the driver.
 */
export async function makeChanges(page: Page, from: number, count: number): Promise<number> {
  const started = Date.now();
  const BATCH = 50;
  for (let done = 0; done < count; done += BATCH) {
    const failure = await page.evaluate(
      async ({ first, n, pages }) => {
        // (No named functions in here: tsx would wrap them in a helper the page does not have.)
        for (let i = first; i < first + n; i++) {
          const before = performance.getEntriesByName('dashboard:view-updated').length;
          if (i % 2 === 0) {
            const select = document.querySelector<HTMLSelectElement>('main select[id^="area-"]');
            if (!select) return `change ${i}: no Area list on ${location.search}`;
            const options = [...select.options].map((o) => o.value);
            // Step through the list by 7 (coprime with its 34 entries), so every area comes up.
            let next = options[(Math.floor(i / 2) * 7) % options.length]!;
            if (next === select.value) next = options[(options.indexOf(next) + 1) % options.length]!;
            select.value = next;
            select.dispatchEvent(new Event('change', { bubbles: true }));
          } else {
            const links = pages.map((name) => [...document.querySelectorAll<HTMLAnchorElement>('.page-nav a')].find((a) => a.textContent === name));
            let k = Math.floor(i / 2) % pages.length;
            if (links[k]?.getAttribute('aria-current') === 'page') k = (k + 1) % pages.length;
            const link = links[k];
            if (!link) return `change ${i}: no link to ${pages[k]}`;
            link.click();
          }
          const began = performance.now();
          while (performance.getEntriesByName('dashboard:view-updated').length === before) {
            if (performance.now() - began > 30_000) return `change ${i}: not redrawn within 30 s (${location.search})`;
            await new Promise((resolve) => setTimeout(resolve, 1));
          }
          if (!document.querySelector('main h1')?.textContent) return `change ${i}: no heading (${location.search})`;
        }
        return null;
      },
      { first: from + done, n: Math.min(BATCH, count - done), pages: [...PAGE_LINKS] },
    );
    if (failure) throw new Error(failure);
  }
  return Date.now() - started;
}

/** Opens the site, waits for DuckDB to take over, then soaks it. */
export async function soak(
  context: BrowserContext,
  url: string,
  options: { changes: number; warmUp?: number; sampleEvery?: number; limitRatio?: number; log?: (line: string) => void },
): Promise<SoakReport> {
  const warmUp = options.warmUp ?? 100;
  const sampleEvery = options.sampleEvery ?? 1000;
  const limitRatio = options.limitRatio ?? 1.2;
  await watchResources(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${url}?borough=Croydon`);
  await page.waitForFunction(() => performance.getEntriesByName('dashboard:page-drawn').length > 0, null, { timeout: 60_000 });

  const samples: Sample[] = [];
  const sample = async (changes: number) => {
    // Settled first: the data tables' rows are built when the page falls idle (hundreds of nodes on
    // some pages), so without this one sample may count them and the next not.
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => requestIdleCallback(resolve))));
    const s = await measure(cdp, changes);
    s.marks = await page.evaluate(() => performance.getEntries().length);
    samples.push(s);
    options.log?.(`${changes} changes: heap ${s.heapMB.toFixed(1)} MB, ${s.nodes} nodes (${s.pageNodes} on the page), ${s.listeners} listeners, ${s.marks} performance entries`);
    return s;
  };
  const resources = () => page.evaluate(() => ({ ...window.__soak }));

  let ms = await makeChanges(page, 0, warmUp);
  const afterWarmUp = await sample(warmUp);
  const preparedAfterWarmUp = await resources();
  for (let done = warmUp; done < options.changes; ) {
    const next = Math.min(options.changes, (Math.floor(done / sampleEvery) + 1) * sampleEvery);
    ms += await makeChanges(page, done, next - done);
    done = next;
    if (done < options.changes) await sample(done);
  }
  const atEnd = await sample(options.changes);
  const counts = await resources();
  const workers = {
    started: counts.workersStarted,
    ended: counts.workersEnded,
    alive: counts.workersStarted - counts.workersEnded,
    seenByBrowser: page.workers().length,
  };
  const duckdb = {
    connectionsOpen: counts.connect - counts.disconnect,
    preparedOpenAfterWarmUp: preparedAfterWarmUp.prepared - preparedAfterWarmUp.closed,
    preparedOpenAtEnd: counts.prepared - counts.closed,
    preparedCreated: counts.prepared,
  };
  const heapRatio = atEnd.heapMB / afterWarmUp.heapMB;
  const pass = heapRatio <= limitRatio && workers.alive === 1 && workers.seenByBrowser === 1 && duckdb.connectionsOpen === 1 && errors.length === 0;
  return {
    changes: options.changes,
    seconds: ms / 1000,
    msPerChange: ms / options.changes,
    heapAfterWarmUpMB: afterWarmUp.heapMB,
    heapAtEndMB: atEnd.heapMB,
    heapRatio,
    samples,
    workers,
    duckdb,
    errors: errors.slice(0, 20),
    pass,
  };
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

async function main(): Promise<void> {
  const changes = Number(option('changes', '10000'));
  const dist = path.resolve(option('dist', 'dist'));
  const out = process.argv.includes('--out') ? path.resolve(option('out', 'soak.json')) : null;
  const server = await serveFolder(dist);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const report = await soak(context, server.url, { changes, log: (line) => console.error(line) });
    const json = JSON.stringify(report, null, 2);
    console.log(json);
    if (out) writeFileSync(out, `${json}\n`);
    if (!report.pass) process.exitCode = 1;
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
