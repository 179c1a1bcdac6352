/**
 * Building blocks of the prose pages (Methodology, Download the data, Accessibility): an element with
 * its text, and a table of reference facts that scrolls sideways on a phone rather than the page.
 */

/** An element with its text and class, as the prose pages build them. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/**
 * A table with its caption and column headings, inside a region that scrolls on its own (focusable,
 * named by the caption, so a keyboard reader can scroll it). Rows go into `body`; `scroll` goes on the page.
 */
export function scrollingTable(caption: string, headings: readonly string[], className: string): { scroll: HTMLElement; body: HTMLTableSectionElement } {
  const table = el('table', undefined, className);
  table.append(el('caption', caption));
  const head = el('tr');
  for (const heading of headings) {
    const th = el('th', heading);
    th.scope = 'col';
    head.append(th);
  }
  const thead = el('thead');
  thead.append(head);
  const body = el('tbody');
  table.append(thead, body);
  const scroll = el('div', undefined, 'methodology__table-scroll');
  scroll.tabIndex = 0;
  scroll.setAttribute('role', 'region');
  scroll.setAttribute('aria-label', caption);
  scroll.append(table);
  return { scroll, body };
}
