/**
 * Exports in real Chromium, under the site's Content Security Policy (each chart's data is checked in
 * downloads.test.ts): each chart as
 * PNG and SVG (drawn from the chart on screen, in its colours, with no request made), and the
 * copy-link button (the clipboard, or a selected text field where the clipboard is refused).
 */
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, downloadedBytes, openBrowser, settled, watchedPage } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function download(page: Page, figure: string, kind: 'csv' | 'png' | 'svg'): Promise<{ download: Download; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(`${figure} button[data-export="${kind}"]`).click()]);
  return { download: file, bytes: await downloadedBytes(file) };
}

/** Width, height and the colours most used in a PNG, read by a blank page with no policy of its own. */
async function inspectImage(bytes: Buffer, type: string): Promise<{ width: number; height: number; colours: string[]; inked: number }> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ({ base64, type }) => {
        const img = new Image();
        img.src = `data:${type};base64,${base64}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        const counts = new Map<string, number>();
        let inked = 0;
        for (let i = 0; i < data.length; i += 4) {
          const hex = `#${[data[i]!, data[i + 1]!, data[i + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`.toUpperCase();
          if (hex !== '#FFFFFF') inked += 1;
          counts.set(hex, (counts.get(hex) ?? 0) + 1);
        }
        const colours = [...counts].filter(([, n]) => n > 200).map(([c]) => c);
        return { width: img.naturalWidth, height: img.naturalHeight, colours, inked: inked / (data.length / 4) };
      },
      { base64: bytes.toString('base64'), type },
    );
  } finally {
    await page.close();
  }
}

describe('chart exports', () => {
  it('PNG: the chart as drawn, in its colours, at twice the size, with no request and no policy violation', async () => {
    const w = await watchedPage(browser);
    const violations: string[] = [];
    await w.page.exposeFunction('__cspViolation', (text: string) => violations.push(text));
    await w.page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`)));
    await w.page.goto(`${baseUrl()}?borough=Croydon`);
    await settled(w.page);
    const requestsBefore = w.requests.length;

    const map = '.card--map figure.chart';
    const { download: file, bytes } = await download(w.page, map, 'png');
    expect(file.suggestedFilename()).toMatch(/^domestic-abuse-offences-per-1-000-residents-by-borough-12-months-to-[a-z]+-\d{4}\.png$/);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const image = await inspectImage(bytes, 'image/png');
    const onScreen = await w.page.locator(map).boundingBox();
    expect(image.width).toBeGreaterThanOrEqual(2 * Math.floor(onScreen!.width));
    expect(image.height).toBeGreaterThan(2 * 500);
    // The map's blues, the selected borough's black outline, and plenty of ink.
    for (const colour of ['#12436D', '#D2E3F3', '#0B0C0C']) expect(image.colours, colour).toContain(colour);
    expect(image.inked).toBeGreaterThan(0.15);

    const trend = '.card--trend figure.chart';
    const lines = await inspectImage((await download(w.page, trend, 'png')).bytes, 'image/png');
    // Croydon in dark blue, London in turquoise.
    expect(lines.colours).toEqual(expect.arrayContaining(['#12436D', '#28A197']));

    expect(w.requests.slice(requestsBefore).filter((u) => !u.startsWith('blob:'))).toEqual([]);
    expect(violations).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('SVG: a standalone file with the chart\u2019s title and description, its text and colours, and no outside reference', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(`${baseUrl()}?page=victimisation&borough=Croydon`);
    await settled(w.page);
    const figure = '.card--repeat figure.chart';
    const title = await w.page.locator(`${figure} .chart-title`).innerText();
    const { download: file, bytes } = await download(w.page, figure, 'svg');
    expect(file.suggestedFilename()).toMatch(/\.svg$/);
    const text = bytes.toString('utf8');
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const parsed = await w.page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
      const svg = doc.documentElement;
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        title: svg.querySelector(':scope > title')?.textContent,
        desc: svg.querySelector(':scope > desc')?.textContent ?? '',
        texts: [...svg.querySelectorAll('text')].map((t) => t.textContent),
        styles: svg.querySelectorAll('style, [style], [class]').length,
        references: [...svg.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /href|url\(/.test(`${a.name}=${a.value}`)).map((a) => a.value)),
        strokes: [...new Set([...svg.querySelectorAll('line, path')].map((el) => el.getAttribute('stroke')))],
      };
    }, text);
    expect(parsed.error).toBeNull();
    expect(parsed.title).toBe(title);
    expect(parsed.desc.length).toBeGreaterThan(20);
    for (const words of ['Croydon', 'London', 'Incidents per victim', 'Recording system changed Feb 2024']) {
      expect(parsed.texts.some((t) => t?.includes(words)), words).toBe(true);
    }
    expect(parsed.texts.join(' ')).toContain('not official statistics');
    expect(parsed.styles).toBe(0);
    expect(parsed.references).toEqual([]);
    expect(parsed.strokes).toEqual(expect.arrayContaining(['rgb(18, 67, 109)', 'rgb(40, 161, 151)']));
    // And it draws: as an image it has the size it says.
    const image = await inspectImage(bytes, 'image/svg+xml');
    expect(image.width).toBeGreaterThan(300);
    expect(image.inked).toBeGreaterThan(0.02);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});

describe('copy link', () => {
  it('copies the address of the view and says so', async () => {
    const w = await watchedPage(browser);
    await w.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl()).origin });
    await w.page.goto(`${baseUrl()}?page=victimisation&borough=Hackney&measure=count`);
    await settled(w.page);
    await w.page.getByRole('button', { name: 'Copy link to this view' }).click();
    await expect.poll(() => w.page.locator('.view-tools__status').innerText()).toMatch(/^Link copied/);
    expect(await w.page.locator('.view-tools__status').isVisible()).toBe(true);
    expect(await w.page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseUrl()}?page=victimisation&borough=Hackney&measure=count`);
    // The message goes when the view changes: it was about the old view's link.
    await w.page.getByRole('combobox', { name: 'Area' }).selectOption('Camden');
    await expect.poll(() => w.page.locator('.view-tools__status').innerText()).toBe('');
    await w.context.close();
  });

  it('shows the link selected in a text field where the clipboard cannot be used', async () => {
    const w = await watchedPage(browser);
    await w.context.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
    await w.page.goto(`${baseUrl()}?borough=Croydon`);
    await settled(w.page);
    await w.page.getByRole('button', { name: 'Copy link to this view' }).click();
    const field = w.page.getByRole('textbox', { name: 'Link to this view' });
    await field.waitFor();
    expect(await field.inputValue()).toBe(`${baseUrl()}?borough=Croydon`);
    const selection = await field.evaluate((input: HTMLInputElement) => ({ focused: document.activeElement === input, start: input.selectionStart, end: input.selectionEnd, length: input.value.length }));
    expect(selection).toEqual({ focused: true, start: 0, end: selection.length, length: selection.length });
    expect(await w.page.locator('.view-tools__status').innerText()).toMatch(/press Ctrl\+C/);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
