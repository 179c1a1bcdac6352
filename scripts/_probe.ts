import { launchChromium } from '../tests/browser/chromium';
import { serveFolder } from '../tests/browser/static-server';
const server = await serveFolder(process.argv[2]!);
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.on('console', (m) => console.log('console', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(server.url + (process.argv[3] ?? ''));
await page.waitForTimeout(15000);
console.log(await page.evaluate(() => JSON.stringify({
  marks: performance.getEntriesByType('mark').map((m) => m.name),
  busy: [...document.querySelectorAll('[aria-busy="true"]')].map((e) => e.className),
  loading: [...document.querySelectorAll('.card__loading')].map((e) => e.closest('.card')?.className),
})));
await browser.close(); await server.close();
