/**
 * "Support in {borough}": a link from any view to the Get support page for its area. The help strip
 * under the header carries one on every page (view-extras.ts); a page may place its own with
 * `supportLink(state.area, context.navigate)`.
 *
 * Its address is the support page for that area alone (?page=support&borough=…), so it can be opened
 * in a new tab, copied or shared; followed in the page, it goes through navigate() like every change
 * of view, and starts with every service shown.
 */
import { DEFAULT_STATE, stateToSearch, type ViewState } from './state';

export type Navigate = (patch: Partial<ViewState>) => void;

/** The Get support page's address for an area ('London' or a borough's ONS name). */
export function supportHref(area: string, pathname: string = window.location.pathname): string {
  return `${pathname}${stateToSearch({ ...DEFAULT_STATE, page: 'support', area })}`;
}

export function supportLinkText(area: string): string {
  return `Support in ${area}`;
}

/** The link's navigate function, kept per link so that updating a link does not add listeners. */
const navigateFrom = new WeakMap<HTMLAnchorElement, Navigate>();

/** Points an existing support link at another area (in place: a borough switch makes nothing new). */
export function updateSupportLink(link: HTMLAnchorElement, area: string, navigate: Navigate): void {
  navigateFrom.set(link, navigate);
  link.dataset.area = area;
  const href = supportHref(area);
  if (link.getAttribute('href') !== href) link.setAttribute('href', href);
  const text = supportLinkText(area);
  if (link.textContent !== text) link.textContent = text;
}

/** A new "Support in {area}" link. */
export function supportLink(area: string, navigate: Navigate, doc: Document = document): HTMLAnchorElement {
  const link = doc.createElement('a');
  link.className = 'support-link';
  link.addEventListener('click', (event) => {
    // A new tab or window (Ctrl, ⌘ or Shift, or another button) opens the address as it is.
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigateFrom.get(link)?.({ page: 'support', area: link.dataset.area ?? DEFAULT_STATE.area, need: undefined });
  });
  updateSupportLink(link, area, navigate);
  return link;
}
