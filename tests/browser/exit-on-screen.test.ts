/**
 * Exit this page on screen and on top, in real Chromium (issue 17, point 1): at phone, laptop and
 * projector widths, on every page, at the top of the page and scrolled anywhere down it, in
 * presentation mode, and over a modal dialog; covering nothing at the top of the page; and one tap
 * still leaves, replacing the history entry.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, openBrowser, settled, watchedPage } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const WIDTHS = [
  { width: 360, height: 780 },
  { width: 1280, height: 900 },
  { width: 1920, height: 1080 },
];
/** Every page, by the link that reaches it (the dashboard's tabs, then the footer's). */
const PAGES = [
  { name: 'Recording', nav: 'Dashboard pages' },
  { name: 'Victimisation', nav: 'Dashboard pages' },
  { name: 'Justice', nav: 'Dashboard pages' },
  { name: 'Get support', nav: 'Dashboard pages' },
  { name: 'Methodology', nav: 'About this dashboard' },
  { name: 'Accessibility statement', nav: 'About this dashboard' },
] as const;

interface ExitPlace {
  /** The button is wholly inside the viewport. */
  inView: boolean;
  /** What the browser would hit at the button's centre is the button: nothing is drawn over it. */
  onTop: boolean;
  rect: { top: number; bottom: number; left: number; right: number };
}

/** Where the Exit button is (the dialog's own while a modal dialog is open), scrolled to `fraction` of the page. */
async function exitAt(page: Page, fraction: number): Promise<ExitPlace> {
  return page.evaluate((fraction) => {
    const max = document.documentElement.scrollHeight - innerHeight;
    // An instant scroll: the layout read below places a fixed or sticky button where it is after it.
    // (No wait for a frame: headless Chromium now and then stops producing frames for a page — its
    // pending layer tree never activates — and a wait for one would never end.)
    scrollTo({ top: Math.round(max * fraction), behavior: 'instant' });
    const button = document.querySelector<HTMLElement>('dialog[open] .exit-this-page__button') ?? document.querySelector<HTMLElement>('.exit-this-page__button')!;
    const r = button.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {
      inView: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth && r.width > 0 && r.height > 0,
      onTop: hit !== null && button.contains(hit),
      rect: { top: r.top, bottom: r.bottom, left: r.left, right: r.right },
    };
  }, fraction);
}

/** Waits for the page reached to be drawn (a text page has no cards). */
async function drawn(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('main h1') !== null && !document.querySelector('[aria-busy="true"], .card__loading'), null, { timeout: 30_000 });
}

const overlaps = (a: ExitPlace['rect'], b: ExitPlace['rect']) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('Exit this page stays on screen and on top', () => {
  it.each(WIDTHS)('at $width px, on every page, at the top and scrolled anywhere, covering nothing at the top', async (viewport) => {
    const w = await watchedPage(browser, viewport);
    await w.page.goto(baseUrl());
    await settled(w.page);
    for (const { name, nav } of PAGES) {
      await w.page.getByRole('navigation', { name: nav }).getByRole('link', { name, exact: true }).click();
      await w.page.getByRole('heading', { level: 1 }).first().waitFor();
      await drawn(w.page);
      // The page must be long enough for the test to mean something.
      expect(await w.page.evaluate(() => document.documentElement.scrollHeight > innerHeight * 1.5), name).toBe(true);
      for (const fraction of [0, 0.25, 0.5, 0.75, 1]) {
        const place = await exitAt(w.page, fraction);
        expect({ inView: place.inView, onTop: place.onTop }, `${name}, ${viewport.width} px, scrolled ${fraction * 100}%`).toEqual({ inView: true, onTop: true });
      }
      // At the top it sits in the header, clear of the title and the help below.
      const top = await exitAt(w.page, 0);
      const around = await w.page.evaluate(() => {
        const rect = (selector: string) => {
          const r = document.querySelector(selector)!.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
        };
        const title = document.querySelector('.site-header__title')!;
        const range = document.createRange();
        range.selectNodeContents(title);
        return { header: rect('.site-header'), lines: [...range.getClientRects()].map((r) => ({ top: r.top, bottom: r.bottom, left: r.left, right: r.right })) };
      });
      expect(top.rect.bottom, `${name}: the button ends inside the header`).toBeLessThanOrEqual(around.header.bottom);
      expect(around.lines.filter((line) => overlaps(line, top.rect)), `${name}: the title's text is clear of the button`).toEqual([]);
    }
    expect(w.errors).toEqual([]);
    await w.context.close();
  }, 240_000);

  it('in presentation mode, scrolled, and over a modal dialog; one tap then leaves, replacing the entry', async () => {
    const w = await watchedPage(browser, { width: 1920, height: 1080 });
    await w.context.route('https://www.bbc.co.uk/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>Weather</title>' }));
    await w.page.goto(`${baseUrl()}?page=justice`);
    await settled(w.page);
    await w.page.getByRole('button', { name: 'Presentation mode' }).click();
    await w.page.waitForSelector('body.presenting');
    await settled(w.page);
    for (const fraction of [0, 0.5, 1]) {
      expect(await exitAt(w.page, fraction), `presenting, scrolled ${fraction * 100}%`).toMatchObject({ inView: true, onTop: true });
    }
    // A modal dialog covers the page and makes it inert; it gets an Exit button of its own.
    await w.page.evaluate(() => {
      const dialog = document.createElement('dialog');
      dialog.innerHTML = '<p>A dialog</p><button type="button">Close</button>';
      document.body.append(dialog);
      dialog.showModal();
    });
    await w.page.waitForSelector('dialog[open] .exit-this-page__button');
    expect(await exitAt(w.page, 0.5)).toMatchObject({ inView: true, onTop: true });
    const length = await w.page.evaluate(() => history.length);
    // A real tap (through the input pipeline, as a finger or mouse): leaves for the neutral site.
    await w.page.locator('dialog[open] .exit-this-page__button').click();
    await w.page.waitForURL('https://www.bbc.co.uk/**');
    expect(await w.page.evaluate(() => history.length)).toBe(length);
    await w.page.goBack();
    expect(w.page.url()).toBe('about:blank');
    await w.context.close();
  });

  it('closing the dialog takes its Exit button away; the page’s own is there again', async () => {
    const w = await watchedPage(browser, { width: 360, height: 780 });
    await w.page.goto(baseUrl());
    await settled(w.page);
    await w.page.evaluate(() => {
      const dialog = document.createElement('dialog');
      dialog.innerHTML = '<p>A dialog</p>';
      document.body.append(dialog);
      dialog.showModal();
    });
    await w.page.waitForSelector('dialog[open] .exit-this-page__button');
    await w.page.evaluate(() => document.querySelector('dialog')!.close());
    await w.page.waitForFunction(() => document.querySelectorAll('.exit-this-page__button').length === 1);
    expect(await exitAt(w.page, 0.6)).toMatchObject({ inView: true, onTop: true });
    await w.context.close();
  });
});
