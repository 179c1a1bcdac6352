/**
 * Presentation mode, for a projector at a meeting: full screen, large type, the controls hidden, and
 * the arrow keys (or a presentation clicker, which sends Page Up and Page Down) moving through the
 * boroughs, then on to the next page. Escape, or the "Leave presentation" button, leaves.
 *
 * It is a mode of this browser tab, not part of the view: it is not in the URL, so a shared link or a
 * reload never opens in it (and full screen can only start from a click or key press anyway).
 */
import { AREAS_IN_LIST_ORDER } from '../data/boroughs';
import { DASHBOARD_PAGES, PAGE_TITLES, isDashboardPage, type PageId, type ViewState } from './state';

/** London first, then the boroughs in the order of the Area list. */
export const PRESENTATION_AREAS: readonly string[] = AREAS_IN_LIST_ORDER;

export type Slide = Pick<ViewState, 'page' | 'area'>;

/**
 * The next (step 1) or previous (step −1) slide: the next area on the same page; after the last
 * borough, London on the next page (and round again after the last page). From a page that is not
 * a dashboard page, next is the first page's London and previous the last page's last borough.
 */
export function stepSlide(current: Slide, step: 1 | -1): Slide {
  const pages: readonly PageId[] = DASHBOARD_PAGES;
  const areas = PRESENTATION_AREAS;
  if (!isDashboardPage(current.page)) {
    return step === 1 ? { page: pages[0]!, area: areas[0]! } : { page: pages[pages.length - 1]!, area: areas[areas.length - 1]! };
  }
  const pageIndex = pages.indexOf(current.page);
  const areaIndex = Math.max(0, areas.indexOf(current.area));
  const position = pageIndex * areas.length + areaIndex + step;
  const total = pages.length * areas.length;
  const wrapped = ((position % total) + total) % total;
  return { page: pages[Math.floor(wrapped / areas.length)]!, area: areas[wrapped % areas.length]! };
}

/** "Recording: Croydon (9 of 34)" */
export function describeSlide(slide: Slide): string {
  if (!isDashboardPage(slide.page)) return PAGE_TITLES[slide.page];
  const index = PRESENTATION_AREAS.indexOf(slide.area);
  return `${PAGE_TITLES[slide.page]}: ${slide.area} (${index + 1} of ${PRESENTATION_AREAS.length})`;
}

const NEXT_KEYS = new Set(['ArrowRight', 'PageDown']);
const PREVIOUS_KEYS = new Set(['ArrowLeft', 'PageUp']);
/** Where arrow keys already mean something: form controls, and the map (arrows move between boroughs). */
const KEEPS_ARROWS = 'input, select, textarea, [contenteditable=""], [contenteditable="true"], .map-area, [role="slider"], [role="listbox"], [role="tablist"], [role="grid"]';

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
  /** Enters presentation mode; `returnFocus` gets focus back on leaving. */
  enter(returnFocus?: HTMLElement | null): void;
  leave(): void;
  /** Updates the bar for a new view. */
  rendered(state: ViewState): void;
}

export function createPresentation(options: PresentationOptions): Presentation {
  const doc = options.doc ?? document;
  const bar = doc.createElement('div');
  bar.className = 'presentation-bar';
  bar.hidden = true;
  const where = doc.createElement('p');
  where.className = 'presentation-bar__where';
  where.setAttribute('aria-live', 'polite');
  const keys = doc.createElement('p');
  keys.className = 'presentation-bar__keys';
  keys.textContent = 'Next: → or Page Down. Previous: ← or Page Up. Scroll: ↓ or Space. Leave: Esc.';
  const leaveButton = doc.createElement('button');
  leaveButton.type = 'button';
  leaveButton.className = 'presentation-bar__leave';
  leaveButton.textContent = 'Leave presentation';
  bar.append(where, keys, leaveButton);

  let active = false;
  let wentFullScreen = false;
  let returnTo: HTMLElement | null = null;

  const enter = (returnFocus?: HTMLElement | null) => {
    if (active) return;
    active = true;
    returnTo = returnFocus ?? null;
    doc.body.classList.add('presenting');
    bar.hidden = false;
    where.textContent = describeSlide(options.getState());
    const root = doc.documentElement;
    if (typeof root.requestFullscreen === 'function' && !doc.fullscreenElement) {
      root.requestFullscreen({ navigationUI: 'hide' }).then(
        () => (wentFullScreen = true),
        // Refused (no user gesture, or not allowed here): the mode works the same in a window.
        () => (wentFullScreen = false),
      );
    }
    doc.defaultView?.scrollTo(0, 0);
    options.main.focus({ preventScroll: true });
  };

  const leave = () => {
    if (!active) return;
    active = false;
    doc.body.classList.remove('presenting');
    bar.hidden = true;
    if (wentFullScreen && doc.fullscreenElement) void doc.exitFullscreen().catch(() => undefined);
    wentFullScreen = false;
    (returnTo ?? options.main).focus({ preventScroll: true });
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

  doc.addEventListener('keydown', (event) => {
    if (!active || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      leave();
      return;
    }
    const step = NEXT_KEYS.has(event.key) ? 1 : PREVIOUS_KEYS.has(event.key) ? -1 : 0;
    if (step === 0) return;
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest(KEEPS_ARROWS)) return;
    event.preventDefault();
    const next = stepSlide(options.getState(), step);
    options.navigate(next);
    doc.defaultView?.scrollTo(0, 0);
  });

  return {
    bar,
    get active() {
      return active;
    },
    enter,
    leave,
    rendered(state) {
      if (active) where.textContent = describeSlide(state);
    },
  };
}
