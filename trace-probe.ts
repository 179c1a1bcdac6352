import { launchChromium } from './tests/browser/chromium';
import { serveFolder } from './tests/browser/static-server';
import fs from 'node:fs';
const server = await serveFolder('dist');
const browser = await launchChromium();
const page = await browser.newPage();
await browser.startTracing(page, { path: '/tmp/trace.json', categories: ['devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-v8.wasm.detailed', 'blink.user_timing', 'toplevel', 'disabled-by-default-devtools.timeline'] });
await page.goto(server.url + '?page=recording&borough=Greenwich');
await page.waitForFunction(() => performance.getEntriesByName('dashboard:page-drawn').length > 0, null, { timeout: 60000 });
await browser.stopTracing();
await browser.close(); await server.close();
const trace = JSON.parse(fs.readFileSync('/tmp/trace.json', 'utf8'));
const events = trace.traceEvents as any[];
const names = new Map<string, string>();
for (const e of events) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
const nav = events.find((e) => e.name === 'navigationStart' || e.name === 'fetchStart');
const t0 = Math.min(...events.filter((e) => e.name === 'navigationStart').map((e) => e.ts));
const byThread = new Map<string, Map<string, number>>();
for (const e of events) {
  if (e.ph !== 'X' || !e.dur) continue;
  const key = names.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`;
  if (!/Worker|Main/i.test(key)) continue;
  const m = byThread.get(key) ?? new Map(); byThread.set(key, m);
  m.set(e.name, (m.get(e.name) ?? 0) + e.dur / 1000);
}
for (const [t, m] of byThread) { console.log('==', t); console.log([...m].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([n, d]) => `${d.toFixed(0).padStart(6)} ${n}`).join('\n')); }
// worker top-level tasks timeline
for (const e of events) {
  const key = names.get(`${e.pid}:${e.tid}`) ?? '';
  if (/DedicatedWorker/.test(key) && e.ph === 'X' && e.dur > 20000 && e.name !== 'ThreadControllerImpl::RunTask') console.log(((e.ts - t0) / 1000).toFixed(0), (e.dur / 1000).toFixed(0), e.name, JSON.stringify(e.args).slice(0, 150));
}
