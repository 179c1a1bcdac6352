/**
 * Files that fail to load, in real Chromium: a site built (first view and all) from a copy of the
 * sample data in which offences.csv, incidents.csv and repeat_victims.csv fail validation. No card
 * may stay on "Loading…": each card that needs a failed file says which file, and every card whose
 * data did load still draws. A second case fails offences.csv only in the browser, after the first
 * view was recorded from good data, so that the hand-over to DuckDB is covered too.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, openBrowser, settled, watchedPage } from './harness';
import { serveFolder, type StaticServer } from './static-server';

const NOTE = (file: string) => `${file} could not be loaded (see the notice above)`;

let browser: Browser;
let dataDir: string;
let outDir: string;
let site: StaticServer;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'dashboard-failed-data-'));
  outDir = mkdtempSync(path.join(tmpdir(), 'dashboard-failed-site-'));
  cpSync(path.resolve('data'), dataDir, { recursive: true });
  // Each fails validation: a category not in the contract, a month that is not one, a missing column.
  writeFileSync(path.join(dataDir, 'offences.csv'), 'month,borough,category,offences\n2024-01,Croydon,burglary,5\n');
  writeFileSync(path.join(dataDir, 'incidents.csv'), 'month,borough,incidents\n2024-13,Croydon,5\n');
  writeFileSync(path.join(dataDir, 'repeat_victims.csv'), 'month,borough,victims,incidents\n2024-01,Croydon,5,9\n');
  execFileSync(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    env: { ...process.env, DASHBOARD_DATA_DIR: dataDir },
    stdio: 'pipe',
  });
  site = await serveFolder(outDir);
  browser = await openBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  for (const dir of [dataDir, outDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const text = (page: Page, selector: string) => page.locator(selector).innerText();

describe('files that fail to load', () => {
  it('Recording: every card that needs offences.csv names it, and victims by sex and age still draws', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(`${site.url}?borough=Croydon`);
    await settled(w.page);
    expect(await w.page.locator('.card__loading').count()).toBe(0);
    for (const card of ['.card--headlines', '.card--map', '.card--trend', '.card--national']) {
      expect(await text(w.page, card), card).toContain(NOTE('offences.csv'));
      expect(await w.page.locator(`${card} svg`).count(), card).toBe(0);
    }
    expect(await text(w.page, '.lede')).toMatch(/^offences\.csv could not be loaded/);
    expect(await w.page.locator('.card--victims svg.chart-svg').count()).toBeGreaterThan(0);
    expect(await text(w.page, '.card--victims')).toMatch(/Victims of domestic abuse by sex and age: Croydon, 12 months to /);
    expect(await text(w.page, '.notices')).toMatch(/offences\.csv, line 2/);
    // The notices are a live region: a borough switch leaves the same notice in place (rewritten,
    // it would be read out again on every switch).
    await w.page.evaluate(() => ((window as unknown as { shownNotice: Element | null }).shownNotice = document.querySelector('.notices .notice--error')));
    await w.page.locator('main select').first().selectOption('Sutton');
    await expect.poll(() => text(w.page, '.card--victims')).toContain('Sutton');
    expect(await w.page.evaluate(() => document.querySelector('.notices .notice--error') === (window as unknown as { shownNotice: Element | null }).shownNotice)).toBe(true);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('Victimisation: incidents.csv and repeat_victims.csv are named where each is needed', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(`${site.url}?page=victimisation`);
    await settled(w.page);
    expect(await w.page.locator('.card__loading').count()).toBe(0);
    expect(await text(w.page, '.card--headlines')).toContain('incidents.csv and repeat_victims.csv could not be loaded (see the notice above)');
    expect(await text(w.page, '.card--map')).toContain(NOTE('incidents.csv'));
    expect(await text(w.page, '.card--repeat')).toContain(NOTE('repeat_victims.csv'));
    expect(await text(w.page, '.lede')).toMatch(/^incidents\.csv and repeat_victims\.csv could not be loaded/);
    const notices = await text(w.page, '.notices');
    expect(notices).toMatch(/incidents\.csv, line 2/);
    expect(notices).toMatch(/repeat_victims\.csv/);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('Justice: the rates per 100 offences name offences.csv; people proceeded against still draw', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(`${site.url}?page=justice`);
    await settled(w.page);
    expect(await w.page.locator('.card__loading').count()).toBe(0);
    expect(await text(w.page, '.card--rates')).toContain(NOTE('offences.csv'));
    expect(await text(w.page, '.card--categories')).toContain(`Recorded offences are not shown: ${NOTE('offences.csv')}`);
    for (const card of ['.card--categories', '.card--outcomes', '.card--people']) {
      expect(await w.page.locator(`${card} svg.chart-svg`).count(), card).toBeGreaterThan(0);
    }
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});

describe('a file that fails after the first view was drawn', () => {
  it('offences.csv refused in the browser: the cards drawn from the first view give way to its name, none stays loading', async () => {
    const w = await watchedPage(browser);
    await w.context.route('**/data/offences.csv', (route) =>
      route.fulfill({ contentType: 'text/csv', body: 'month,borough,category,offences\n2024-01,Croydon,domestic_abuse,-4\n' }),
    );
    await w.page.goto(baseUrl());
    await settled(w.page);
    expect(await w.page.locator('.card__loading').count()).toBe(0);
    for (const card of ['.card--headlines', '.card--map', '.card--trend', '.card--national']) {
      expect(await text(w.page, card), card).toContain(NOTE('offences.csv'));
    }
    expect(await w.page.locator('.card--victims svg.chart-svg').count()).toBeGreaterThan(0);
    await expect.poll(() => text(w.page, '.notices')).toMatch(/offences\.csv, line 2, column 4/);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
