/**
 * Where a cold load's time goes, for choosing what to make faster: one load of a view per profile,
 * printed as a timeline from the navigation's start — each request (the page's and DuckDB's worker's:
 * asked, first byte, done, bytes over the wire), then the page's marks and measures (dashboard:…:
 * DuckDB's worker started and instantiated, each table downloaded and loaded, first view, data
 * ready, every chart drawn from DuckDB).
 *
 *   npx tsx scripts/bench/where-time-goes.ts [--dist dist] [--url '?page=justice&borough=Enfield'] [--loads 1]
 */
import path from 'node:path';
import type { Request } from 'playwright-core';
import { launchChromium } from '../../tests/browser/chromium';
import { serveFolder } from '../../tests/browser/static-server';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const DIST = path.resolve(option('dist', 'dist'));
const QUERY = option('url', '');
const LOADS = Number(option('loads', '1'));

const PROFILES = [
  { name: 'loopback' },
  { name: 'throttled', network: { latency: 40, downloadThroughput: (10 * 1024 * 1024) / 8, uploadThroughput: (5 * 1024 * 1024) / 8 }, cpuSlowdown: 4 },
] as const;

const server = await serveFolder(DIST);
const browser = await launchChromium();
try {
  for (const profile of PROFILES) {
    for (let load = 0; load < LOADS; load += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      if ('network' in profile) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile.network });
      if ('cpuSlowdown' in profile) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
      const requests: { request: Request; bytes: Promise<number> }[] = [];
      context.on('requestfinished', (request) => requests.push({ request, bytes: request.sizes().then((s) => s.responseBodySize) }));
      const wallStart = Date.now();
      await page.goto(server.url + QUERY);
      await page.waitForFunction(() => performance.getEntriesByName('dashboard:page-drawn').length > 0, null, { timeout: 180_000 });
      // The navigation's start on the wall clock, to place the worker's requests (timed from their own start).
      const origin = await page.evaluate(() => performance.timeOrigin);
      const entries = await page.evaluate(() =>
        performance
          .getEntries()
          .filter((e) => e.name.startsWith('dashboard:') && (e.entryType === 'mark' || e.entryType === 'measure'))
          .map((e) => ({ name: e.name, start: e.startTime, end: e.startTime + e.duration, type: e.entryType })),
      );
      const lines: [number, string][] = [];
      for (const { request, bytes } of requests) {
        const t = request.timing();
        const name = new URL(request.url()).pathname.split('/').slice(-2).join('/');
        const start = t.startTime - origin;
        lines.push([start, `${ms(start)} → ${ms(start + t.responseStart)} first byte → ${ms(start + t.responseEnd)} done  ${name} (${((await bytes) / 1024).toFixed(0)} KB)`]);
      }
      for (const e of entries) lines.push([e.start, e.type === 'mark' ? `${ms(e.start)}  ${e.name}` : `${ms(e.start)} → ${ms(e.end)}  ${e.name} (${ms(e.end - e.start)})`]);
      lines.sort((a, b) => a[0] - b[0]);
      console.log(`\n${profile.name}, load ${load + 1} (${((Date.now() - wallStart) / 1000).toFixed(1)} s wall):\n${lines.map((l) => `  ${l[1]}`).join('\n')}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

function ms(value: number): string {
  return `${Math.round(value)} ms`.padStart(8);
}
