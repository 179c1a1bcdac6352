/**
 * "Charts on this page" on a 360 px phone, in real Chromium: at the top of each dashboard page, above
 * the controls and the cards, a link to every card by its name; following one (by tap, or by keyboard)
 * brings that card to the top of the screen with focus on it, so the reader does not scroll past the
 * others, and adds nothing to the browser's history. Not on paper, nor on a slide.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, openBrowser, settled } from './harness';

const PHONE = { width: 360, height: 780 };

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function phone(query: string): Promise<{ page: Page; close(): Promise<void>; errors: string[] }> {
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${baseUrl()}${query}`);
  await settled(page);
  return { page, errors, close: () => context.close() };
}

/** Where the page's cards are, top to bottom, and each one's name. */
function cardsOf(page: Page) {
  return page.$$eval('main .card[data-slide]', (cards) => cards.map((c) => ({ id: c.id, name: (c as HTMLElement).dataset.name!, top: c.getBoundingClientRect().top + scrollY })));
}

describe('Charts on this page, on a 360 px phone', () => {
  it.each([
    ['Recording', '', ['Summary', 'Map', 'Trend', 'London and England and Wales', 'Victims by sex and age']],
    ['Victimisation', '?page=victimisation', ['Summary', 'Map', 'Repeat victims']],
    ['Justice', '?page=justice&borough=Croydon', ['Outcomes', 'By category', 'Per 100 offences', 'Sex and age']],
  ])('%s: a link to each card, above the controls; a tap brings the card to the top of the screen', async (_name, query, names) => {
    const { page, errors, close } = await phone(query);
    const nav = page.getByRole('navigation', { name: 'Charts on this page' });
    const links = nav.getByRole('link');
    expect(await links.allInnerTexts()).toEqual(names);
    const cards = await cardsOf(page);
    expect(cards.map((c) => c.name)).toEqual(names);
    // Above the controls and every card: the first thing under the heading and its line.
    const navBox = (await nav.boundingBox())!;
    const controls = (await page.locator('form.controls').boundingBox())!;
    expect(navBox.y + navBox.height).toBeLessThanOrEqual(controls.y);
    expect(navBox.y + navBox.height).toBeLessThanOrEqual(cards[0]!.top);
    // The page is long: the last card is screens below the list.
    expect(cards.at(-1)!.top - navBox.y).toBeGreaterThan(2 * PHONE.height);
    // Each link a target a thumb can hit.
    for (const box of await links.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.height).toBeGreaterThanOrEqual(40);
    }

    const entries = await page.evaluate(() => window.history.length);
    for (const name of [...names].reverse()) {
      await page.evaluate(() => scrollTo(0, 0));
      await nav.getByRole('link', { name, exact: true }).tap();
      const card = cards.find((c) => c.name === name)!;
      // The card at the top of the screen (the last may stop short when the page ends), with focus.
      await expect.poll(() => page.evaluate((id) => document.activeElement?.id === id, card.id)).toBe(true);
      const top = await page.evaluate((id) => document.getElementById(id)!.getBoundingClientRect().top, card.id);
      expect(top, name).toBeGreaterThan(-1);
      expect(top, name).toBeLessThan(PHONE.height / 2);
      if (name !== names.at(-1)) expect(top, name).toBeLessThan(80);
    }
    // No entry in the history for any of it (Back leaves the page, as Exit this page expects), and the
    // address is the view's, without a fragment.
    expect(await page.evaluate(() => window.history.length)).toBe(entries);
    expect(await page.evaluate(() => location.hash)).toBe('');
    expect(errors).toEqual([]);
    await close();
  });

  it('works from the keyboard: Enter on a link moves focus into the card, and Tab goes on inside it', async () => {
    const { page, close } = await phone('');
    const link = page.getByRole('navigation', { name: 'Charts on this page' }).getByRole('link', { name: 'Trend', exact: true });
    await link.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('card--trend'))).toBe(true);
    // Focus is shown on the card (the reader came by keyboard).
    expect(await page.evaluate(() => document.activeElement!.matches(':focus-visible'))).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('.card--trend'))).toBe(true);
    await close();
  });

  it('is left out on paper and in presentation mode', async () => {
    const { page, close } = await phone('?page=victimisation');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.card-index').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(await page.locator('.card-index').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Presentation mode' }).click();
    await page.waitForSelector('body.presenting');
    expect(await page.locator('.card-index').isVisible()).toBe(false);
    await close();
  });
});
