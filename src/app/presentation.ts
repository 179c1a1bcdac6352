/**
 * Presentation mode, for a projector at a meeting: a deck of slides, one card of the page per screen
 * (the headline figures first), each drawn to fill the screen below the bar with type large enough
 * for the back of a room (styles/presentation.css; the card layer draws a slide's chart to its height,
 * pages/card.ts). → or Page Down (a presentation clicker sends these) moves to the next slide, and
 * after the page's last to the next page; ← or Page Up goes back; ↑ and ↓ move through the areas
 * (London, then the boroughs) on the same slide. Escape, or the "Leave presentation" button, leaves.
 *
 * A change of page or area goes through the app's own navigate, as every change of view does (so it
 * is kept in the view's one history entry, not added as another); the slide within a page is not
 * part of the view. The mode is of this browser tab, not of the view: it is not in the URL, so a
 * shared link or a reload never opens in it (and full screen can only start from a click or key).
 */
import { AREAS_IN_LIST_ORDER } from '../data/boroughs';
import { DASHBOARD_PAGES, PAGE_TITLES, isDashboardPage, type PageId, type ViewState } from './state';

/** London first, then the boroughs in the order of the Area list. */
export const PRESENTATION_AREAS: readonly string[] = AREAS_IN_LIST_ORDER;

/** Where a step goes: a slide of a page, or the page's last slide (how many it has is known once drawn). */
export interface SlideTarget {
  page: PageId;
  slide: number | 'last';
}

/**
 * The next (step 1) or previous (step −1) slide: the next card on the page; after its last card, the
 * next page's first (and round again after the last page); before its first, the previous page's
 * last. From a page that is not a dashboard page, next is the first page's first slide and previous
 * the last page's last.
 */
export function stepSlide(at: { page: PageId; slide: number; count: number }, step: 1 | -1): SlideTarget {
  const pages: readonly PageId[] = DASHBOARD_PAGES;
  if (!isDashboardPage(at.page)) return step === 1 ? { page: pages[0]!, slide: 0 } : { page: pages[pages.length - 1]!, slide: 'last' };
  const next = at.slide + step;
  if (next >= 0 && next < at.count) return { page: at.page, slide: next };
  const page = pages[(pages.indexOf(at.page) + step + pages.length) % pages.length]!;
  return { page, slide: step === 1 ? 0 : 'last' };
}

/** The next or previous area in the Area list's order, round again after the last. */
export function stepArea(area: string, step: 1 | -1): string {
  const areas = PRESENTATION_AREAS;
  const index = Math.max(0, areas.indexOf(area));
  return areas[(index + step + areas.length) % areas.length]!;
}

/** "Recording: Croydon · slide 2 of 5, Map" */
export function describeSlide(state: Pick<ViewState, 'page' | 'area'>, slide: number, count: number, name?: string): string {
  if (!isDashboardPage(state.page)) return PAGE_TITLES[state.page];
  const where = `${PAGE_TITLES[state.page]}: ${state.area}`;
  return count > 0 ? `${where} · slide ${slide + 1} of ${count}${name ? `, ${name}` : ''}` : where;
}

const NEXT_KEYS = new Set(['ArrowRight', 'PageDown']);
const PREVIOUS_KEYS = new Set(['ArrowLeft', 'PageUp']);
const AREA_KEYS: Record<string, 1 | -1> = { ArrowDown: 1, ArrowUp: -1 };
/** Where arrow keys already mean something: form controls, and the map (arrows move between boroughs). */
const KEEPS_ARROWS = 'input, select, textarea, [contenteditable=""], [contenteditable="true"], .map-area, [role="slider"], [role="listbox"], [role="tablist"], [role="grid"]';
/** The class that makes a card the slide on screen (styles/presentation.css). */
const SLIDE = 'is-slide';

/**
 * The slides of `page` when it is on screen: its cards (pages/scaffold.ts marks them), in order, that
 * are shown; none while another page is still there. A page drawn out of sight to replace this one
 * (main.ts) is not on screen.
 */
export function slidesIn(main: HTMLElement, page: PageId): HTMLElement[] {
  const shown = [...main.children].find((child) => !child.classList.contains('page-offstage'));
  if (!(shown instanceof HTMLElement) || shown.dataset.page !== page) return [];
  return [...shown.querySelectorAll<HTMLElement>('.card[data-slide]')].filter((card) => !card.hidden);
}

export interface PresentationOptions {
  /** The current view. */
  getState: () => ViewState;
  navigate: (patch: Partial<ViewState>) => void;
  /** Focus goes here on entering, so the keys work at once and nothing hidden keeps focus. */
  main: HTMLElement;
  doc?: Document;
}

export interface Presentation {
  /** The bar shown at the top while presenting (hidden otherwise). */
  bar: HTMLElement;
  readonly active: boolean;
  /** The slide on screen (0 is the first) while presenting. */
  readonly slide: number;
  /** Enters presentation mode on the first slide; `returnFocus` gets focus back on leaving. */
  enter(returnFocus?: HTMLElement | null): void;
  leave(): void;
  /** Updates the bar for a new view. */
  rendered(state: ViewState): void;
}

export function createPresentation(options: PresentationOptions): Presentation {
  const doc = options.doc ?? document;
  const main = options.main;
  const bar = doc.createElement('div');
  bar.className = 'presentation-bar';
  bar.hidden = true;
  const where = doc.createElement('p');
  where.className = 'presentation-bar__where';
  where.setAttribute('aria-live', 'polite');
  const keys = doc.createElement('p');
  keys.className = 'presentation-bar__keys';
  keys.textContent = 'Next: → or Page Down. Previous: ← or Page Up. Area: ↑ ↓. Leave: Esc.';
  const leaveButton = doc.createElement('button');
  leaveButton.type = 'button';
  leaveButton.className = 'presentation-bar__leave';
  leaveButton.textContent = 'Leave presentation';
  bar.append(where, keys, leaveButton);

  let active = false;
  let wentFullScreen = false;
  let returnTo: HTMLElement | null = null;
  let slide = 0;
  /** Going back into the page before: its last slide, once its cards are there. */
  let wantLast = false;

  /** Shows the slide (kept within the page's slides) and says where the deck is. */
  const show = () => {
    const slides = slidesIn(main, options.getState().page);
    if (wantLast && slides.length > 0) {
      slide = slides.length - 1;
      wantLast = false;
    }
    slide = Math.max(0, Math.min(slide, slides.length - 1));
    // Only the cards whose part changes are touched: the browser restyles each one that is.
    for (const card of main.querySelectorAll<HTMLElement>(`.card.${SLIDE}`)) if (card !== slides[slide]) card.classList.remove(SLIDE);
    slides[slide]?.classList.add(SLIDE);
    where.textContent = describeSlide(options.getState(), slide, slides.length, slides[slide]?.dataset.name);
  };

  // A new page (or the same page drawn again from the database) replaces main's content: its slide
  // is marked again.
  const watcher = typeof MutationObserver === 'function' ? new MutationObserver(() => active && show()) : null;

  const enter = (returnFocus?: HTMLElement | null) => {
    if (active) return;
    active = true;
    returnTo = returnFocus ?? null;
    slide = 0;
    wantLast = false;
    doc.body.classList.add('presenting');
    bar.hidden = false;
    show();
    watcher?.observe(main, { childList: true });
    const root = doc.documentElement;
    if (typeof root.requestFullscreen === 'function' && !doc.fullscreenElement) {
      root.requestFullscreen({ navigationUI: 'hide' }).then(
        () => (wentFullScreen = true),
        // Refused (no user gesture, or not allowed here): the mode works the same in a window.
        () => (wentFullScreen = false),
      );
    }
    doc.defaultView?.scrollTo(0, 0);
    main.focus({ preventScroll: true });
  };

  const leave = () => {
    if (!active) return;
    active = false;
    watcher?.disconnect();
    for (const card of main.querySelectorAll(`.card.${SLIDE}`)) card.classList.remove(SLIDE);
    doc.body.classList.remove('presenting');
    bar.hidden = true;
    if (wentFullScreen && doc.fullscreenElement) void doc.exitFullscreen().catch(() => undefined);
    wentFullScreen = false;
    (returnTo ?? main).focus({ preventScroll: true });
  };

  leaveButton.addEventListener('click', leave);

  // Escape in full screen is the browser's: it leaves full screen without telling the page. Leave
  // presentation mode with it.
  doc.addEventListener('fullscreenchange', () => {
    if (!doc.fullscreenElement && active && wentFullScreen) {
      wentFullScreen = false;
      leave();
    }
  });

  const step = (direction: 1 | -1) => {
    const state = options.getState();
    const target = stepSlide({ page: state.page, slide, count: slidesIn(main, state.page).length }, direction);
    if (target.page === state.page && target.slide !== 'last') {
      slide = target.slide;
      show();
      return;
    }
    slide = target.slide === 'last' ? 0 : target.slide;
    wantLast = target.slide === 'last';
    options.navigate({ page: target.page });
    show();
  };

  doc.addEventListener('keydown', (event) => {
    if (!active || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      leave();
      return;
    }
    const direction = NEXT_KEYS.has(event.key) ? 1 : PREVIOUS_KEYS.has(event.key) ? -1 : 0;
    const area = AREA_KEYS[event.key];
    if (direction === 0 && !area) return;
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest(KEEPS_ARROWS)) return;
    event.preventDefault();
    if (area) options.navigate({ area: stepArea(options.getState().area, area) });
    else step(direction as 1 | -1);
    doc.defaultView?.scrollTo(0, 0);
  });

  return {
    bar,
    get active() {
      return active;
    },
    get slide() {
      return slide;
    },
    enter,
    leave,
    rendered() {
      if (active) show();
    },
  };
}
