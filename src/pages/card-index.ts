/**
 * "Charts on this page": a line of links at the top of a dashboard page, one to each of its cards by
 * the card's short name (the name its slide has). On a 360 px phone the cards stand one under another
 * and the page is thousands of pixels long; the reader goes straight to the chart they came for
 * instead of scrolling past everything above it.
 *
 * A link moves the page to its card and puts keyboard (and screen-reader) focus there, so that Tab
 * goes on inside that card. It adds no entry to the browser's history: Back (and Exit this page,
 * which replaces the page) must not find a trail of positions on the page.
 */
import type { PageId } from '../app/state';

export interface CardIndex {
  element: HTMLElement;
  /** Shows links only to the cards that are shown (none when the page says it has nothing to draw). */
  sync(): void;
}

/** "Victims by sex and age" → "victims-by-sex-and-age". */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function cardIndex(page: PageId, cards: readonly HTMLElement[]): CardIndex {
  const nav = document.createElement('nav');
  nav.className = 'card-index';
  const label = document.createElement('p');
  label.className = 'card-index__label';
  label.id = `${page}-card-index`;
  label.textContent = 'Charts on this page';
  nav.setAttribute('aria-labelledby', label.id);
  const list = document.createElement('ul');
  list.className = 'card-index__list';

  const items = cards.map((card) => {
    const name = card.dataset.name ?? '';
    card.id = `${page}-${slug(name)}`;
    // Focusable by script only (not a Tab stop of its own): where the link leaves the reader.
    card.tabIndex = -1;
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.className = 'card-index__link';
    link.href = `#${card.id}`;
    link.textContent = name;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      card.scrollIntoView({ block: 'start' });
      card.focus({ preventScroll: true });
    });
    item.append(link);
    list.append(item);
    return { card, item };
  });
  nav.append(label, list);

  return {
    element: nav,
    sync() {
      for (const { card, item } of items) item.hidden = card.hidden;
      nav.hidden = items.every(({ item }) => item.hidden);
    },
  };
}
