/**
 * What the browser keeps of a visit. Some readers are survivors of domestic abuse whose devices may be
 * checked by an abuser, so the site leaves as little as a web page can:
 *
 * - One entry in the tab's Back list, however much the reader explores: every change of view
 *   replaces the entry (history.replaceState), so Back leaves the site.
 * - One address in the saved history. Chromium saves every address an entry is given, replaced or not
 *   (a `replaceState` to `?borough=Ealing` puts that address in the profile's history, with the title
 *   of the moment), so the view is not written into the address at all: the address stays the
 *   site's own, and the view is kept in the entry's state, which a reload restores and the saved
 *   history does not hold. A link to a view still opens it (it is read from the address once, then
 *   the address goes back to the site's own); "Copy link to this view", printing and downloads give
 *   the view's link (viewLink, kept in <link rel="canonical">).
 * - One neutral title, the same on every page, naming neither a borough nor the subject, since the
 *   title is saved beside the address and shown in tab lists.
 *
 * What it cannot hide, an entry in the browser's history, the page says beside Exit this page
 * (historyNote), with how to remove it.
 */

/** The tab's title on every page and every view. */
export const NEUTRAL_TITLE = 'London statistics';

/** The view as a query string (`?borough=…`, as stateToSearch writes it), kept in the entry's state. */
interface EntryState {
  view: string;
}

function isEntryState(value: unknown): value is EntryState {
  return typeof value === 'object' && value !== null && typeof (value as EntryState).view === 'string';
}

/**
 * The query string of the view to show: the address's, when a link brought the reader here with one
 * (or the address was given one since); otherwise the one kept in the entry, on a reload or on coming
 * Back or Forward to it. A link to the site's plain address opens the first view, even from the
 * entry that holds another (Chromium keeps an entry's state when a link leads to the very address it
 * has, as a reload would).
 */
export function viewInEntry(win: Window = window, atLoad = false): string {
  if (win.location.search) return win.location.search;
  if (atLoad && loadedBy(win) === 'navigate') return '';
  const state: unknown = win.history.state;
  return isEntryState(state) ? state.view : '';
}

/** How this document was reached: a link or address ('navigate'), a reload, or Back / Forward. */
function loadedBy(win: Window): string | undefined {
  const [entry] = win.performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  return entry?.type;
}

/**
 * Keeps the view in the current entry and gives the entry the site's own address, with no view in it
 * (and no #fragment). Replaces the entry: never adds one.
 */
export function keepViewInEntry(search: string, win: Window = window): void {
  const state: EntryState = { view: search };
  win.history.replaceState(state, '', win.location.pathname);
}

/** The full link to a view: the site's address with the view's query string. */
export function viewLink(search: string, win: Window = window): string {
  return `${win.location.origin}${win.location.pathname}${search}`;
}

/** Keeps the link to the view on screen in <link rel="canonical">, where copying, printing and downloads read it. */
export function showViewLink(link: string, doc: Document = document): void {
  let element = doc.head.querySelector<HTMLLinkElement>('link[rel="canonical"]');
  if (!element) {
    element = doc.createElement('link');
    element.rel = 'canonical';
    doc.head.append(element);
  }
  if (element.href !== link) element.href = link;
}

/** The link to the view on screen (the address itself before the first view is shown). */
export function currentViewLink(doc: Document = document): string {
  return doc.head.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href ?? doc.defaultView?.location.href ?? '';
}

/** The sentence beside Exit this page: what the site cannot hide, and how to remove it. */
export const HISTORY_NOTE =
  `This site cannot hide one entry in your browser's history, "${NEUTRAL_TITLE}": delete it there (Ctrl+H, or ⌘+Y on a Mac), or use a private window, which keeps no history.`;

export function historyNote(doc: Document = document): HTMLElement {
  const p = doc.createElement('p');
  p.className = 'history-note';
  p.textContent = HISTORY_NOTE;
  return p;
}
