/**
 * The Content Security Policy in real Chromium: every page works under it (as the built meta tag
 * alone, and as the headers of `_headers` sent by a host), with no violation reported, in the page
 * or in DuckDB's worker; and the policy really is enforced.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER_CSP, META_CSP, parseHeadersFile, SECURITY_HEADERS } from '../../scripts/security-headers';
import { baseUrl, openBrowser, settled } from './harness';
import { setTraps } from './security-traps';
import { serveFolder, type StaticServer } from './static-server';

const DIST = path.resolve('dist');
const PAGES = ['recording', 'victimisation', 'justice'] as const;

let browser: Browser;
let withHeaders: StaticServer;

beforeAll(async () => {
  const headers = parseHeadersFile(readFileSync(path.join(DIST, '_headers'), 'utf8'));
  withHeaders = await serveFolder(DIST, 0, { headers });
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await withHeaders?.close();
});

async function openTrapped(options: { origin: string }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const traps = await setTraps(context, page);
  const requests: { url: string; status: number }[] = [];
  page.on('response', (response) => requests.push({ url: response.url(), status: response.status() }));
  return { context, page, traps, requests, origin: options.origin };
}

describe('the built site carries the policy', () => {
  it('has the meta tag first in <head>, and _headers with the same policy plus frame-ancestors', () => {
    const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
    const metaAt = html.indexOf('http-equiv="Content-Security-Policy"');
    expect(metaAt).toBeGreaterThan(0);
    expect(metaAt).toBeLessThan(html.indexOf('<script'));
    expect(html).toContain(`content="${META_CSP}"`);
    expect(META_CSP).not.toContain('frame-ancestors');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toContain('data:');

    const headers = parseHeadersFile(readFileSync(path.join(DIST, '_headers'), 'utf8'));
    expect(headers).toEqual(SECURITY_HEADERS);
    expect(headers['Content-Security-Policy']).toBe(HEADER_CSP);
    expect(HEADER_CSP.startsWith(META_CSP)).toBe(true);
    expect(HEADER_CSP).toContain("frame-ancestors 'none'");
    for (const directive of ["script-src 'self' 'wasm-unsafe-eval';", "connect-src 'self' blob:;", "img-src 'self';", "worker-src 'self';", "default-src 'none';"]) {
      expect(HEADER_CSP).toContain(directive);
    }
    // blob: only where the page reads DuckDB's wasm from memory (connect-src), never for scripts.
    expect(HEADER_CSP.replace("connect-src 'self' blob:;", '')).not.toMatch(/'unsafe-inline'|'unsafe-eval'|blob:|data:|\*/);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
  });
});

describe('every page under the policy (meta tag and the headers of _headers)', () => {
  const origin = () => withHeaders.url;
  it.each(PAGES)('%s, for Croydon: charts drawn from DuckDB, no violation, no console error', async (pageId) => {
    const t = await openTrapped({ origin: origin() });
    const workers: string[] = [];
    t.page.on('worker', (worker) => workers.push(worker.url()));
    await t.page.goto(`${origin()}?page=${pageId}&borough=Croydon`);
    await settled(t.page);
    const drawn = await t.page.evaluate(() => ({
      h1: document.querySelector('main h1')?.textContent ?? '',
      charts: document.querySelectorAll('main .card svg').length,
      failed: [...document.querySelectorAll('.card__error, .notice--error')].map((e) => e.textContent),
      plotStyles: document.querySelectorAll('main svg style').length,
      // The charts' own styles, set through the CSSOM (allowed) or Plot's <style> (allowed by its hash).
      unstyledCharts: [...document.querySelectorAll('main svg.chart-svg')].filter((svg) => {
        const style = getComputedStyle(svg);
        return style.display !== 'block' || style.maxWidth !== '100%';
      }).length,
    }));
    expect(drawn.h1).not.toBe('');
    expect(drawn.charts).toBeGreaterThan(0);
    expect(drawn.failed).toEqual([]);
    expect(drawn.unstyledCharts).toBe(0);
    // Plot's own <style> element is in the page (allowed by its hash, not by 'unsafe-inline') where it
    // draws: the trend charts. The Justice page's charts are all drawn without Plot.
    if (pageId !== 'justice') expect(drawn.plotStyles).toBeGreaterThan(0);
    expect(await t.traps.violations()).toEqual([]);
    expect(t.traps.errors).toEqual([]);
    expect(workers.length).toBe(1);
    expect(workers[0]).toMatch(new RegExp(`^${origin().replace(/[.?*+^$[\]\\(){}|-]/g, '\\$&')}assets/`));
    // The favicon is a file of the site, served and allowed.
    expect(t.requests.find((r) => r.url.endsWith('/favicon.svg'))?.status ?? 200).toBe(200);
    await t.context.close();
  });

  it.each([
    { name: 'meta tag and headers', origin: () => withHeaders.url },
    { name: 'meta tag only', origin: () => baseUrl() },
  ])('changing borough and page in the page itself reports no violation ($name)', async ({ origin }) => {
    const t = await openTrapped({ origin: origin() });
    await t.page.goto(origin());
    await settled(t.page);
    await t.page.getByLabel('Area').selectOption('Hackney');
    await settled(t.page);
    for (const name of ['Victimisation', 'Justice', 'Recording']) {
      await t.page.getByRole('link', { name, exact: true }).click();
      await settled(t.page);
    }
    expect(await t.traps.violations()).toEqual([]);
    expect(t.traps.errors).toEqual([]);
    await t.context.close();
  });
});

describe('Get support under the policy', () => {
  it.each([
    { name: 'meta tag and headers', origin: () => withHeaders.url },
    { name: 'meta tag only', origin: () => baseUrl() },
  ])('is drawn, and choosing an area and a need reports no violation and no error ($name)', async ({ origin }) => {
    const t = await openTrapped({ origin: origin() });
    await t.page.goto(`${origin()}?page=support&borough=Hackney`);
    await t.page.getByRole('heading', { level: 1, name: 'Get support in Hackney' }).waitFor();
    expect(await t.page.locator('main a[href^="tel:"]').count()).toBeGreaterThan(10);
    await t.page.getByLabel('Show services for').selectOption('stalking');
    await t.page.getByLabel('Area').selectOption('Lambeth');
    await t.page.getByRole('heading', { level: 1, name: 'Get support in Lambeth' }).waitFor();
    // No style attributes: the page's look comes from the style sheet, which the policy allows.
    expect(await t.page.locator('main [style]').count()).toBe(0);
    expect(await t.traps.violations()).toEqual([]);
    expect(t.traps.errors).toEqual([]);
    await t.context.close();
  });
});

describe('the policy is enforced', () => {
  it('refuses an inline script, eval, a data: image and a request to another origin, and reports each', async () => {
    const t = await openTrapped({ origin: withHeaders.url });
    await t.page.goto(withHeaders.url);
    await settled(t.page);
    const outcome = await t.page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__xss.push("inline script")';
      document.head.append(script);
      // A string run as code later (eval-like; CDP's own evaluation is exempt from the policy, so
      // the attempt must happen outside it).
      (setTimeout as (code: string, ms: number) => number)('window.__xss.push("string timer")', 0);
      // Timers of equal delay run in order: once this one has, the string timer would have too.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const evalRan = window.__xss.length > 0;
      const image = new Image();
      const imageLoaded = await new Promise<boolean>((resolve) => {
        image.onload = () => resolve(true);
        image.onerror = () => resolve(false);
        image.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      });
      const fetched = await fetch('http://localhost:9/').then(() => true, () => false);
      return { evalRan, imageLoaded, fetched };
    });
    expect(outcome).toEqual({ evalRan: false, imageLoaded: false, fetched: false });
    expect(await t.traps.xss()).toEqual([]);
    const violations = (await t.page.evaluate(() => window.__cspViolations)).join('\n');
    for (const directive of ['script-src-elem', 'script-src', 'img-src', 'connect-src']) expect(violations).toContain(directive);
    await t.context.close();
  });

  it("applies to DuckDB's worker too when sent as a header: eval is refused there, and DuckDB still answered", async () => {
    const t = await openTrapped({ origin: withHeaders.url });
    await t.page.goto(`${withHeaders.url}?page=justice`);
    await settled(t.page);
    const worker = t.page.workers()[0]!;
    await worker.evaluate(async () => {
      (self as unknown as { ran: boolean }).ran = false;
      (setTimeout as (code: string, ms: number) => number)('self.ran = true', 0);
      // Timers of equal delay run in order: once this one has, the string timer would have too.
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    const evalInWorker = await worker.evaluate(() => ((self as unknown as { ran: boolean }).ran ? 'ran' : 'EvalError'));
    expect(evalInWorker).toBe('EvalError');
    // ...and the refusal is reported, which is how the other tests would see one in the worker.
    expect((await t.traps.violations()).join('\n')).toMatch(/worker log: .*'unsafe-eval'/);
    await t.context.close();
  });

  it('cannot be framed by another site: frame-ancestors (from the header) blocks it, and without the header the page refuses to run', async () => {
    const framed = async (target: string) => {
      const t = await openTrapped({ origin: target });
      // Another site's page (a server of its own on 127.0.0.1) frames the dashboard, and notes when
      // the frame has loaded: the dashboard's document, or the error page put there instead.
      const framer = createServer((_req, res) =>
        res
          .writeHead(200, { 'Content-Type': 'text/html' })
          .end(`<title>Framer</title><iframe src="${target}" onload="document.body.dataset.framed = 'loaded'"></iframe>`),
      );
      await new Promise<void>((resolve) => framer.listen(0, '127.0.0.1', resolve));
      await t.page.goto(`http://127.0.0.1:${(framer.address() as AddressInfo).port}/`);
      framer.close();
      await t.page.waitForFunction(() => document.body.dataset.framed === 'loaded', null, { timeout: 30_000 });
      const frame = t.page.frames().find((f) => f !== t.page.mainFrame());
      // Once loaded: the dashboard drawn, the refusal (src/app/frame-guard.ts, which runs before the
      // load event), or neither (the browser put its error page there, which cannot be read).
      const shown = await frame
        ?.evaluate(() => (document.querySelector('main.framed') ? 'refused' : document.querySelector('.site-header') ? 'dashboard' : 'blocked'))
        .catch(() => 'blocked');
      await t.context.close();
      return shown ?? 'blocked';
    };
    expect(await framed(baseUrl())).toBe('refused');
    expect(await framed(withHeaders.url)).toBe('blocked');
  });

  it('still lets "Exit this page" leave for the neutral site', async () => {
    const t = await openTrapped({ origin: withHeaders.url });
    await t.context.route('https://www.bbc.co.uk/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>Weather</title>' }));
    await t.page.goto(withHeaders.url);
    await t.page.waitForSelector('main h1');
    const before = await t.traps.violations();
    await t.page.getByRole('button', { name: /Exit this page/ }).click();
    await t.page.waitForURL('https://www.bbc.co.uk/**');
    expect(await t.page.title()).toBe('Weather');
    expect(before).toEqual([]);
    await t.context.close();
  });
});
