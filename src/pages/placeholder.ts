/** Pages not built yet say so plainly rather than showing nothing. */
import type { PageId } from '../app/state';
import type { PageView } from './page';

const DESCRIPTIONS: Partial<Record<PageId, string>> = {
  victimisation: 'Domestic abuse incidents by borough, with repeat-victimisation trends.',
  justice: 'People proceeded against for each offence category, by outcome, sex and age.',
};

export function createPlaceholderPage(page: PageId, title: string): PageView {
  const element = document.createElement('div');
  const h1 = document.createElement('h1');
  h1.textContent = title;
  const p = document.createElement('p');
  p.className = 'lede';
  p.textContent = `${DESCRIPTIONS[page] ?? ''} This page is being built and is not available yet.`;
  element.append(h1, p);
  return { page, element, update: async () => undefined, destroy: () => undefined };
}
