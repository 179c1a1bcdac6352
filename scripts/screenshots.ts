/**
 * Takes screenshots of every page of the built site (run `npm run build` first) at phone, laptop
 * and projector widths, into screenshots/, so that a person can look at what the dashboard shows.
 *
 *   npx tsx scripts/screenshots.ts [query ...]   e.g. "" "?borough=Croydon" "?page=justice#present"
 *
 * A query ending in #present is taken in presentation mode (the button pressed after loading).
 * DASHBOARD_DIST names another build to serve (as for the browser tests), SCREENSHOTS_DIR another
 * folder to write to.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pageNeedsData, parseState } from '../src/app/state';
import { launchChromium } from '../tests/browser/chromium';
import { distDir, serveFolder } from '../tests/browser/static-server';

const WIDTHS = [
  { name: 'phone', width: 360, height: 780 },
  { name: 'laptop', width: 1280, height: 900 },
  { name: 'projector', width: 1920, height: 1080 },
];

const queries = process.argv.slice(2);
const views = queries.length > 0 ? queries : ['', '?borough=Croydon&category=sexual_offences', '?page=victimisation'];
const out = path.resolve(process.env.SCREENSHOTS_DIR ?? 'screenshots');
mkdirSync(out, { recursive: true });

const server = await serveFolder(distDir());
const browser = await launchChromium();
try {
  for (const view of views) {
    for (const size of WIDTHS) {
      const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
      page.on('console', (m) => m.type() === 'error' && console.log(`console error: ${m.text()}`));
      const present = view.endsWith('#present');
      await page.goto(server.url + view.replace(/#present$/, ''));
      // Text pages (methodology, accessibility) have no cards; every page has a heading.
      await page.waitForSelector('main h1', { timeout: 30_000 });
      // A page without data (Get support) is complete when drawn: the data is not even started.
      const needsData = pageNeedsData(parseState(view.replace(/#.*$/, '')).state.page);
      if (needsData) await page.waitForFunction(() => performance.getEntriesByName('dashboard:page-drawn').length > 0 && !document.querySelector('[aria-busy="true"]') && !document.querySelector('.card__loading'), null, { timeout: 60_000 }).catch(() => console.log('still loading after 60 s'));
      if (present) {
        await page.getByRole('button', { name: 'Presentation mode' }).click();
        await page.waitForSelector('body.presenting');
        await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !document.querySelector('.card__loading'), null, { timeout: 60_000 });
        // The first screen, as the room sees it.
        await page.screenshot({ path: path.join(out, `${view.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home'}-${size.name}-screen.png`) });
      }
      const name = `${(view.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home')}-${size.name}.png`;
      await page.screenshot({ path: path.join(out, name), fullPage: true });
      console.log(path.join(out, name));
      // Long pages are also cut into screen-sized parts, which are easier to look at closely.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      for (let top = 0, part = 1; height > 2 * size.height && top < height; top += size.height * 1.5, part += 1) {
        const partName = name.replace('.png', `-part${part}.png`);
        await page.screenshot({ path: path.join(out, partName), fullPage: true, clip: { x: 0, y: top, width: size.width, height: Math.min(size.height * 1.5, height - top) } });
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
