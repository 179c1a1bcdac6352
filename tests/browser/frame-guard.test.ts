/**
 * The page inside another site's frame, on a plain host that sends no headers (so no
 * frame-ancestors): it refuses to run there, showing only a link that opens the site in its own tab,
 * and fetches no data (issue 21, point 5), in a plain frame and in a sandboxed one.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEUTRAL_TITLE } from '../../src/app/history-trail';
import { baseUrl, openBrowser, watchedPage } from './harness';
import { distDir, serveFolder } from './static-server';

let browser: Browser;
let framer: Server;
let framerUrl: string;
/** What the other site's page holds: an iframe of the dashboard, with the attributes asked for. */
let frameAttributes = '';
/** The dashboard's address in the frame (the test server's, unless a test serves it otherwise). */
let frameSite: string | null = null;

beforeAll(async () => {
  browser = await openBrowser();
  // Another origin: a server of its own on 127.0.0.1 (another port is another origin).
  framer = createServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<title>Another site</title><iframe ${frameAttributes} src="${frameSite ?? baseUrl()}?page=justice&borough=Croydon" width="800" height="600"></iframe>`),
  );
  await new Promise<void>((resolve) => framer.listen(0, '127.0.0.1', resolve));
  framerUrl = `http://127.0.0.1:${(framer.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => framer?.close(resolve));
});

describe('inside a frame from another origin', () => {
  it('shows only a link to open the site in its own tab, and fetches no data', async () => {
    frameAttributes = '';
    const w = await watchedPage(browser);
    await w.page.goto(framerUrl);
    const frame = w.page.frames().find((f) => f !== w.page.mainFrame())!;
    await frame.waitForSelector('main.framed', { timeout: 15_000 });
    // By the frame's load event its module script has run: anything it would start has started.
    await frame.waitForLoadState('load');
    const shown = await frame.evaluate(() => ({
      text: document.body.innerText.trim(),
      links: [...document.querySelectorAll('a')].map((a) => ({ text: a.textContent, href: a.href, target: a.target, rel: a.rel })),
      dashboard: document.querySelectorAll('.site-header, .exit-this-page, #app, .card').length,
      title: document.title,
    }));
    expect(shown.text).toBe('This site does not work inside another website. Open this site in its own tab');
    expect(shown.links).toEqual([{ text: 'Open this site in its own tab', href: `${baseUrl()}?page=justice&borough=Croydon`, target: '_blank', rel: 'noopener noreferrer' }]);
    expect(shown.dashboard).toBe(0);
    expect(shown.title).toBe(NEUTRAL_TITLE);
    // Nothing beyond the page's own files: no manifest, no first view, no data, no DuckDB.
    expect(w.requests.filter((u) => u.includes('/data/') || u.endsWith('.wasm'))).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('in a sandboxed frame (an opaque origin) too, on a host that lets such a frame load its scripts', async () => {
    // A sandboxed frame's origin is opaque, so its module scripts are fetched with CORS: most static
    // hosts do not answer, and nothing runs at all. This host does, so the guard must refuse.
    const open = await serveFolder(distDir(), 0, { headers: { 'Access-Control-Allow-Origin': '*' } });
    try {
      frameAttributes = 'sandbox="allow-scripts allow-popups"';
      frameSite = open.url;
      const w = await watchedPage(browser);
      await w.page.goto(framerUrl);
      const frame = w.page.frames().find((f) => f !== w.page.mainFrame())!;
      await frame.waitForSelector('main.framed', { timeout: 15_000 });
      await frame.waitForLoadState('load');
      expect(await frame.evaluate(() => document.querySelectorAll('.site-header, .exit-this-page, #app, .card').length)).toBe(0);
      expect(w.requests.filter((u) => u.includes('/data/') || u.endsWith('.wasm'))).toEqual([]);
      expect(w.errors).toEqual([]);
      await w.context.close();
    } finally {
      frameSite = null;
      await open.close();
    }
  });

  it('the link opens the dashboard, working, in a tab of its own', async () => {
    frameAttributes = '';
    const w = await watchedPage(browser);
    await w.page.goto(framerUrl);
    const frame = w.page.frames().find((f) => f !== w.page.mainFrame())!;
    const link = await frame.waitForSelector('main.framed a', { timeout: 15_000 });
    const [opened] = await Promise.all([w.context.waitForEvent('page'), link.click()]);
    await opened.waitForSelector('main h1', { timeout: 30_000 });
    expect(await opened.locator('main h1').innerText()).toContain('Croydon');
    expect(await opened.locator('.exit-this-page__button').isVisible()).toBe(true);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
