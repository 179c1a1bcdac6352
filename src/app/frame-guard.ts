/**
 * Refuses to run inside another site's frame. Framing is refused by the `frame-ancestors 'none'`
 * header (scripts/security-headers.ts), but a host that ignores `_headers` does not send it, and a
 * page's own <meta> policy cannot carry it. Framed by another site, the dashboard could be dressed up
 * as something else, and Exit this page would leave only the frame, with the other site still on
 * screen. So, inside a frame from another origin (or a sandboxed one, whose origin is opaque), the
 * page shows only a link to open the site in its own tab, and nothing else starts: no data is fetched.
 */
import { NEUTRAL_TITLE } from './history-trail';

/** Whether this page is inside a frame whose top page is not from this site's origin. */
export function framedByAnotherSite(win: Window = window): boolean {
  if (win.top === win.self) return false;
  try {
    // Reading another origin's location throws (as it does from a sandboxed frame).
    return win.top!.location.origin !== win.location.origin;
  } catch {
    return true;
  }
}

/** Replaces the page with one sentence and a link that opens the site in a tab of its own. */
export function showOnlyOpenInOwnTab(doc: Document = document): void {
  const main = doc.createElement('main');
  main.className = 'framed';
  const text = doc.createElement('p');
  text.textContent = 'This site does not work inside another website.';
  const link = doc.createElement('a');
  link.href = doc.defaultView?.location.href ?? '';
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.textContent = 'Open this site in its own tab';
  text.append(' ', link);
  main.append(text);
  doc.body.replaceChildren(main);
  doc.title = NEUTRAL_TITLE;
}
