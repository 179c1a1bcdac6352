/**
 * The worst file a reader could choose in analyst mode (issue 21, points 2 and 7), in real Chromium:
 * a value of 200,000 escaped quotes (once 30-46 s of frozen tab), a line of 3 MB, and rows of
 * ordinary incidents after them: 1,000,000 in `npm test`, 2,000,000 in `npm run test:long`. A
 * million rows make the file (about 41 MB) big enough that reading it in one piece would be caught:
 * the scan of its lines takes about 130 ms of CPU if not cut into slices (with 200,000 rows it took
 * 36 ms, under the 50 ms limit, and a build without slices passed). While it is read and computed the page's main thread must stay free,
 * and Exit this page, pressed in the middle of a load, must leave at once.
 *
 * How that is measured, so that it holds on a loaded 2-core machine. Wall-clock time cannot tell the
 * page's work from the machine's: with DuckDB's worker busy and other jobs running, the operating
 * system takes the renderer's main thread away for 50-300 ms at a time, in the middle of an 8 ms task
 * (the long-task observer then reports a 156 ms task that used 9.6 ms of CPU). Chromium's trace gives
 * each task's CPU time on the thread as well as its wall time. So:
 * - no task on the main thread uses more than 50 ms of CPU, from choosing the file to the page
 *   drawn from it (the page's own work, which nothing else inflates);
 * - a frame heartbeat records every gap between frames; a gap over 100 ms fails if the main thread
 *   worked more than 50 ms (CPU) within it, i.e. if the page caused it;
 * - Exit: from the tap (its event's time stamp) to the page hidden and leaving, over 100 ms fails if
 *   the main thread worked more than 50 ms in between; the wall time is printed.
 * Gaps and delays that are the machine's are printed, not failed.
 *
 * The file is written once to a temporary folder (about 41 MB, or 76 MB in the long run; never
 * committed) and read once in full; the Exit test reads its start again and leaves mid-way.
 *
 * The trace is recorded through the page's own DevTools session, not the browser's: the run shares
 * one Chromium between test files (tests/README.md).
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOROUGH_NAMES } from '../../src/data/boroughs';
import { sized } from '../helpers/long';
import { baseUrl, openBrowser, settled, watchedPage } from './harness';

const ROWS = sized(1_000_000, 2_000_000);
let browser: Browser;
let folder: string;
let file: string;

/** Writes the file: header, the two hostile rows, then ROWS ordinary incidents over two years. */
async function writeWorstCase(target: string): Promise<void> {
  const out = createWriteStream(target);
  const write = (text: string) => new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', () => resolve())));
  await write('incident_id,victim_id,date,borough\n');
  // A date of 200,000 escaped quotes, and a line of 3 MB: both bad rows, listed and left out.
  await write(`q-1,v-q,"${'""'.repeat(200_000)}",Camden\n`);
  await write(`long-1,v-long,${'9'.repeat(3_000_000)},Camden\n`);
  const boroughs = BOROUGH_NAMES.filter((b) => b !== 'City of London');
  let block = '';
  for (let i = 0; i < ROWS; i += 1) {
    // Victims with a few incidents each, spread over 2023 and 2024.
    const day = 1 + (i % 28);
    const month = 1 + (Math.floor(i / 28) % 24);
    const date = `${2023 + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    block += `i-${i},v-${i % 700_000},${date},${boroughs[i % boroughs.length]}\n`;
    if (block.length > 1 << 20) {
      await write(block);
      block = '';
    }
  }
  await write(block);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'dsv-worst-case-'));
  file = path.join(folder, 'worst-case.csv');
  await writeWorstCase(file);
  browser = await openBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** A gap between two frames, in page time (performance.now()). */
interface Gap {
  from: number;
  to: number;
}

/** Starts a frame heartbeat in the page: every gap between frames over 100 ms is kept. */
async function startHeartbeat(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const beat = { frames: 0, longest: 0, gaps: [], running: true, last: performance.now() };
    window.__beat = beat;
    function frame(now) {
      if (!beat.running) return;
      const gap = now - beat.last;
      beat.longest = Math.max(beat.longest, gap);
      if (gap > 100) beat.gaps.push({ from: beat.last, to: now });
      beat.last = now;
      beat.frames += 1;
      requestAnimationFrame(frame);
    }
    requestAnimationFrame(frame);
  })()`);
}

async function stopHeartbeat(page: Page): Promise<{ frames: number; longest: number; gaps: Gap[] }> {
  return page.evaluate(`(() => { const b = window.__beat; b.running = false; return { frames: b.frames, longest: Math.round(b.longest), gaps: b.gaps }; })()`);
}

interface MainThread {
  /** Each task on the page's main thread: start and wall duration (ms, page time), CPU used (ms). */
  tasks: { start: number; wall: number; cpu: number }[];
}

/** A trace being recorded for one page, and the page time of its clock mark. */
interface Trace {
  cdp: CDPSession;
  at: number;
}

/**
 * Starts Chromium's trace of every task, through the page's own DevTools session (as the Performance
 * panel records: the run's shared browser is left alone), and makes a user-timing mark in it at a
 * known page time (performance.now()), which gives the offset between the trace's clock and the page's.
 */
async function startTrace(page: Page): Promise<Trace> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'blink.user_timing'] }, transferMode: 'ReportEvents' });
  const at = (await page.evaluate(`performance.mark('trace-clock').startTime`)) as number;
  return { cdp, at };
}

/**
 * Stops the trace and reads the page's main-thread tasks from it, on the page's clock. The events
 * come as they are collected (no stream to read afterwards), and the session is left to close with
 * the context: once Exit has started to leave, with the neutral site's answer held back by the test,
 * the session answers no further command (IO.read and detach then never return).
 */
async function stopTrace({ cdp, at }: Trace): Promise<MainThread> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (event) => events.push(...(event.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.end');
  await complete;
  const clock = events.find((e) => e.name === 'trace-clock');
  if (!clock) throw new Error('no clock mark in the trace');
  const offset = clock.ts / 1000 - at;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === clock.pid);
  if (!main) throw new Error('no renderer main thread in the trace');
  const tasks = events
    .filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.pid === main.pid && e.tid === main.tid)
    .map((e) => ({ start: e.ts / 1000 - offset, wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? 0) / 1000 }));
  return { tasks };
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** CPU the main thread used within [from, to] (page time), a task counted in the share of its wall time that falls inside. */
function cpuWithin(thread: MainThread, from: number, to: number): number {
  let cpu = 0;
  for (const t of thread.tasks) {
    const overlap = Math.min(to, t.start + t.wall) - Math.max(from, t.start);
    if (overlap > 0 && t.wall > 0) cpu += t.cpu * Math.min(1, overlap / t.wall);
  }
  return cpu;
}

const panelText = async (page: Page) => (await page.locator('.card--analyst').innerText()).replace(/\s+/g, ' ');

describe('the worst file a reader could choose', () => {
  it(`is read and computed (${ROWS.toLocaleString('en-GB')} rows, 200,000 quotes, a 3 MB line) with the main thread free throughout`, async () => {
    // The two hostile rows (3.4 MB) and the ordinary rows (over 30 bytes each).
    expect(statSync(file).size).toBeGreaterThan(3_400_000 + ROWS * 30);
    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}?page=victimisation`);
    await settled(w.page);
    await startHeartbeat(w.page);
    const trace = await startTrace(w.page);
    const chosen = await w.page.evaluate(`performance.now()`) as number;
    const started = Date.now();
    await w.page.locator('#analyst-extract-file').setInputFiles(file);
    await expect.poll(() => panelText(w.page), { timeout: 300_000, interval: 1000 }).toMatch(/rows used|could not be used/);
    await settled(w.page);
    const seconds = (Date.now() - started) / 1000;
    const beat = await stopHeartbeat(w.page);
    const thread = await stopTrace(trace);

    const load = thread.tasks.filter((t) => t.start >= chosen);
    const byCpu = [...load].sort((a, b) => b.cpu - a.cpu);
    const byWall = [...load].sort((a, b) => b.wall - a.wall);
    const gaps = beat.gaps.map((g) => ({ wall: Math.round(g.to - g.from), cpu: Math.round(cpuWithin(thread, g.from, g.to)) }));
    console.log(
      `worst case: ${seconds.toFixed(1)} s, ${load.length} main-thread tasks; most CPU in one task ${byCpu[0]?.cpu.toFixed(1)} ms; ` +
        `longest by wall ${byWall.slice(0, 3).map((t) => `${t.wall.toFixed(0)} ms (CPU ${t.cpu.toFixed(1)})`).join(', ')}; ` +
        `${beat.frames} frames, longest gap ${beat.longest} ms; gaps over 100 ms (wall, main-thread CPU in them): ${JSON.stringify(gaps)}`,
    );

    const text = await panelText(w.page);
    expect(text).toContain(`worst-case.csv: ${ROWS.toLocaleString('en-GB')} of ${(ROWS + 2).toLocaleString('en-GB')} rows used`);
    expect(text).toMatch(/worst-case\.csv, line 2, column 3 \(date\): "(""){28}"…" is not a date/);
    expect(text).toMatch(/worst-case\.csv, line 3, column 3 \(date\): "9{57}…" is not a date/);
    // The trace saw the load (a task at least for each frame), and frames went on throughout.
    expect(beat.frames).toBeGreaterThan(seconds * 10);
    expect(load.length).toBeGreaterThan(seconds * 10);
    // No task of the page's over 50 ms, and no gap in the frames that the page's work made.
    expect(byCpu[0]!.cpu).toBeLessThan(50);
    expect(gaps.filter((g) => g.cpu > 50)).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.context.close();
  }, 420_000);

  it('Exit this page, pressed in the middle of the load, leaves within 100 ms and keeps no entry of the site', async () => {
    const w = await watchedPage(browser);
    // The neutral site answers only when the test has read the page's measurements.
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    await w.context.route('https://www.bbc.co.uk/**', async (route) => {
      await answered;
      await route.fulfill({ contentType: 'text/html', body: '<title>Weather</title>' });
    });
    await w.page.goto(`${baseUrl()}?page=victimisation`);
    await settled(w.page);
    // When the tap arrived (its event's time stamp, taken before it waits its turn) and when the page
    // was hidden and leaving (Exit's first act), reported as it happens: once the page is leaving, it
    // can no longer be asked.
    type Times = { input: number; left: number; doing: string };
    let reported!: (times: Times) => void;
    const exited = new Promise<Times>((resolve) => (reported = resolve));
    await w.page.exposeFunction('__reportExit', (times: Times) => reported(times));
    await w.page.evaluate(`(() => {
      const times = { input: 0, left: 0, doing: '' };
      document.addEventListener('click', (event) => {
        times.input = event.timeStamp;
        times.doing = document.querySelector('.analyst__status')?.textContent ?? '';
      }, { capture: true });
      new MutationObserver(() => {
        if (document.body.classList.contains('exiting') && !times.left) {
          times.left = performance.now();
          window.__reportExit(times);
        }
      }).observe(document.body, { attributes: true });
    })()`);
    // The page says when its own JavaScript starts scanning the file's lines (where a quadratic scan
    // once held Exit back for 24.9 s): the tap is made then, in the thick of it. (Told, not asked:
    // a page whose thread is held could not be asked until too late.)
    let scanning!: () => void;
    const scanStarted = new Promise<void>((resolve) => (scanning = resolve));
    await w.page.exposeFunction('__scanning', () => scanning());
    await w.page.evaluate(`(() => {
      const status = document.querySelector('.analyst__status');
      const seen = new MutationObserver(() => {
        if (/Checking the lines of/.test(status.textContent)) { seen.disconnect(); window.__scanning(); }
      });
      seen.observe(status, { childList: true, subtree: true, characterData: true });
    })()`);
    const length = await w.page.evaluate(() => history.length);
    // Where the button is (it stays there: app/exit-page.ts). The tap is sent as a finger's would be,
    // straight to the browser: a locator's click first asks the page about the button, and a page
    // whose thread is held would answer only when it is free, hiding the very delay measured here.
    await w.page.evaluate(() => scrollTo(0, 0));
    const box = (await w.page.locator('.exit-this-page__button').boundingBox())!;
    const trace = await startTrace(w.page);
    await w.page.locator('#analyst-extract-file').setInputFiles(file);
    await scanStarted;
    await w.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const times = await exited;
    const thread = await stopTrace(trace);
    answer();
    await w.page.waitForURL('https://www.bbc.co.uk/**');
    const latency = times.left - times.input;
    const busy = cpuWithin(thread, times.input, times.left);
    console.log(`Exit during the load ("${times.doing}"): ${latency.toFixed(1)} ms from the tap to the page hidden and leaving; the main thread worked ${busy.toFixed(1)} ms of it`);
    expect(times.input).toBeGreaterThan(0);
    // Still reading the file (scanning it, at most just past that into DuckDB's hands).
    expect(times.doing).toMatch(/(Checking the lines of|Loading into this browser’s database:) worst-case\.csv/);
    expect(latency).toBeGreaterThanOrEqual(0);
    // Within 100 ms, unless the time went to the machine rather than the page (see the top of the file).
    if (latency >= 100) expect(busy, `Exit took ${latency.toFixed(0)} ms`).toBeLessThan(50);
    expect(await w.page.evaluate(() => history.length)).toBe(length);
    await w.context.close();
  }, 240_000);
});
