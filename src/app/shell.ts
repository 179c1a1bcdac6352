/**
 * The parts of every page: exit control, header, help, data notice, navigation and main area.
 * Built once at start-up with static text; page content goes into `main`.
 */
import type { Manifest } from '../data/contract';
import { missingFromData } from '../data/coverage';
import { LONDON } from '../data/boroughs';
import { createExitButton, keepExitAboveDialogs } from './exit-page';
import { historyNote } from './history-trail';
import { NAV_PAGES, PAGE_TITLES, type PageId } from './state';
import { supportLink } from './support-link';

export interface Shell {
  /** Where notices about the data and the URL go. */
  notices: HTMLElement;
  dataNotice: HTMLElement;
  nav: HTMLElement;
  main: HTMLElement;
  tools: HTMLElement;
  /** Links in the footer to the pages about the dashboard (methodology, accessibility). */
  aboutNav: HTMLElement;
  /** "Support in {area}" in the help strip, pointed at each view's area (view-extras.ts). */
  supportLink: HTMLAnchorElement;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function buildShell(root: HTMLElement): Shell {
  const skip = el('a', 'skip-link', 'Skip to main content');
  skip.href = '#main';
  // Focus the page without following the link: a #fragment would add an entry to the Back list.
  skip.addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });

  // Exit this page comes straight after the skip link, outside the header, so that it can stay on
  // screen however far the page scrolls (main.css).
  const exit = createExitButton();
  keepExitAboveDialogs(root.ownerDocument);

  const header = el('header', 'site-header');
  const headerInner = el('div', 'site-header__inner');
  const title = el('p', 'site-header__title');
  title.innerHTML = 'London Domestic and Sexual Violence Dashboard';
  headerInner.append(title);
  header.append(headerInner);

  const help = el('aside', 'get-help');
  help.setAttribute('aria-label', 'Get help');
  help.innerHTML = `
    <p><strong>Get help:</strong> if you are in danger, call <a href="tel:999">999</a>
    (if you cannot speak, press 55 when asked). National Domestic Abuse Helpline:
    <a href="tel:08082000247">0808 2000 247</a>, free, 24 hours.
    <span class="get-help__services">More helplines and local services: </span>
    <span class="get-help__more">To leave this site quickly, use <em>Exit this page</em> or press Shift three times.</span></p>`;
  // Until the first view is drawn it points at London; every view then points it at its own area.
  const services = supportLink(LONDON, () => undefined);
  help.querySelector('.get-help__services')!.append(services, '.');
  // What the site cannot hide, and how to remove it, beside the advice on leaving quickly.
  help.append(historyNote());

  const nav = el('nav', 'page-nav');
  nav.setAttribute('aria-label', 'Dashboard pages');

  const dataNotice = el('div', 'data-notice');
  const notices = el('div', 'notices');
  notices.setAttribute('role', 'status');

  const main = el('main', 'page');
  main.id = 'main';
  main.tabIndex = -1;

  const footer = el('footer', 'site-footer');
  footer.innerHTML = `<p>Figures are computed in your browser from the data files published with this site; nothing you do here is sent anywhere.</p>`;
  const aboutNav = el('nav', 'site-footer__nav');
  aboutNav.setAttribute('aria-label', 'About this dashboard');
  footer.prepend(aboutNav);

  // Tools that stay across pages (e.g. "Use your own data") sit between the page and the footer.
  const tools = el('div', 'site-tools');

  root.replaceChildren(skip, exit, header, help, nav, dataNotice, notices, main, tools, footer);
  return { notices, dataNotice, nav, main, tools, aboutNav, supportLink: services };
}

/** The latest navigate function each nav's links call (the links are made once and kept). */
const navigateFrom = new WeakMap<HTMLElement, (page: PageId) => void>();

/**
 * Navigation links; the current page is marked with aria-current. Every change of view gives the links
 * new addresses (they carry the area and period); they are updated in place rather than made again.
 */
export function renderNav(
  nav: HTMLElement,
  current: PageId,
  hrefFor: (page: PageId) => string,
  onNavigate: (page: PageId) => void,
  pages: readonly PageId[] = NAV_PAGES,
): void {
  navigateFrom.set(nav, onNavigate);
  let links = [...nav.querySelectorAll<HTMLAnchorElement>(':scope > ul > li > a')];
  if (links.length !== pages.length || links.some((link, i) => link.dataset.page !== pages[i])) {
    const list = el('ul', 'page-nav__list');
    links = pages.map((page) => {
      const link = el('a', 'page-nav__link', PAGE_TITLES[page]);
      link.dataset.page = page;
      link.addEventListener('click', (event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigateFrom.get(nav)?.(page);
      });
      const item = el('li');
      item.append(link);
      list.append(item);
      return link;
    });
    nav.replaceChildren(list);
  }
  links.forEach((link, i) => {
    const page = pages[i]!;
    const href = hrefFor(page);
    if (link.getAttribute('href') !== href) link.setAttribute('href', href);
    if (page === current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  });
}

/** Says plainly, on every page, whether the figures are sample data or official statistics. */
export function renderDataNotice(
  target: HTMLElement,
  manifest: Manifest | null,
  latestMonth: string | null,
  localFiles: readonly { table: string; from: string }[] = [],
): void {
  target.replaceChildren();
  if (!manifest) return;
  if (localFiles.length > 0) {
    const local = el('div', 'data-notice__box data-notice__box--local');
    local.append(
      el('strong', 'data-notice__tag', 'Your own files'),
      el(
        'span',
        undefined,
        ` This view uses files from your computer, not the published data: ${localFiles.map((f) => `${f.table} from ${f.from}`).join('; ')}. Reload the page to return to the published data.`,
      ),
    );
    target.append(local);
  }
  const box = el('div', manifest.sample ? 'data-notice__box data-notice__box--sample' : 'data-notice__box');
  if (manifest.sample) {
    box.innerHTML = `<strong class="data-notice__tag">Sample data</strong>
      <span>These figures are <strong>generated for demonstration and testing</strong>. They are not official
      statistics and must not be quoted as real figures. A site showing the published figures is built from
      them with <code>npm run data:fetch</code> and <code>npm run build</code> (see the project's README).</span>`;
  } else {
    const sources = [...new Set(manifest.files.map((f) => f.source))].join('; ');
    const strong = el('strong', 'data-notice__tag', 'Official data');
    const text = el('span', undefined, ` From ${sources}${latestMonth ? `, up to ${latestMonth}` : ''}.`);
    box.append(strong, text);
    // What the pages would show but these data lack, so that no one reads its absence as nothing.
    const missing = missingFromData(manifest);
    if (missing.length > 0) {
      const lacking = el('span', 'data-notice__missing', ` Not in these data: ${missing.join(', ')}.`);
      box.append(lacking);
    }
  }
  target.append(box);
}

/** What each notices box lists now, so that an unchanged list is left alone. */
const noticesShown = new WeakMap<HTMLElement, string>();

/**
 * Lists notices (URL values not understood, files that failed) above the page. The box is a live
 * region: written again on every change of view, the same problems would be read out on every
 * borough switch, so it is rewritten only when what it says changes.
 */
export function renderNotices(target: HTMLElement, messages: readonly string[], problems: readonly string[]): void {
  const said = JSON.stringify([messages, problems]);
  if (noticesShown.get(target) === said) return;
  noticesShown.set(target, said);
  target.replaceChildren();
  if (messages.length > 0) {
    const box = el('div', 'notice notice--info');
    const list = el('ul');
    for (const m of messages) list.append(el('li', undefined, m));
    box.append(list);
    target.append(box);
  }
  if (problems.length > 0) {
    const box = el('div', 'notice notice--error');
    box.append(el('p', 'notice__title', 'Some data files could not be used. The rest of the dashboard works without them.'));
    const list = el('ul');
    for (const p of problems) list.append(el('li', undefined, p));
    box.append(list);
    target.append(box);
  }
}
