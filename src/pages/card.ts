/**
 * A card holds one chart or group of figures. It is declared as a spec (what it draws, from what, for
 * which view) and run by mountCard, which owns everything cards have in common: loading, the check that
 * the data has what the card draws (provenance.ts: "no data", never a 0 for something missing), the
 * source line, errors, stale answers, and keeping or redrawing the drawing. One failed query never
 * blanks the page; a resize redraws from the last rows without querying again.
 */
import { buildTableRows, provideFigureData, type Dataset } from '../charts';
import type { Manifest, TableName } from '../data/contract';
import type { CoverageEntry } from '../data/coverage';
import type { Database } from '../data/database';
import { judgeNeeds, type Need, type Verdict } from './provenance';

/** What the card layer tells a drawing about where its rows came from. */
export interface Drawn {
  source: string;
  /** Each optional need the data lacks, and why, in a sentence. */
  lacking: readonly { need: Need; text: string }[];
  /** The licence of each file the figures came from. */
  licences: readonly string[];
  /**
   * When the card is a box of fixed height (a presentation slide: see fitsBox), the height its chart's
   * drawing should take so that the card fills the box without spilling over; the card layer finds it
   * by drawing and measuring. Undefined: the chart's own height.
   */
  height?: number;
}

/** A card's data download: the tidy rows (dataset.ts), and licences the card adds (a reader's extract). */
export type CardDownload = Dataset & { licences?: readonly string[] };

export interface CardSpec<View, Rows> {
  /** The card's class, e.g. 'card--map'. */
  className: string;
  /** A short name for lists of the page's cards and for slides: "Map", "Trend". */
  name: string;
  /** What the card shows, for the note it carries when it has nothing to draw. */
  title(view: View): string;
  /** The tables, series and months it draws: provenance.ts decides from them whether it can, and its source line. */
  needs(view: View): readonly Need[];
  query(db: Database, view: View): Promise<Rows>;
  /**
   * Draws the rows. `drawn.source` is the source line; `drawn.lacking` says why each optional need the
   * data lacks is missing; `element` is the card's own (to keep focus inside it across a redraw).
   */
  draw(rows: Rows, view: View, width: number, drawn: Drawn, element: HTMLElement): Node;
  /**
   * The data behind the chart as a reader downloads it: tidy rows, from the same rows and for the same
   * view as the drawing, each rate beside its count and population, each share beside its numerator
   * and denominator, small numbers as the drawing shows them. Worked out only when asked for. A card
   * that draws no chart (headline figures) has none.
   */
  download?(rows: Rows, view: View, drawn: Drawn): CardDownload;
  /**
   * What the drawing depends on besides its rows, when it may be kept as drawn across views (the map
   * on a borough switch: its category, measure and period). Omitted: drawn again for every view.
   */
  keep?(view: View): string;
  /** After the drawing is on the page, kept or new (the map moves its outline to the chosen area). */
  shown?(element: HTMLElement, view: View): void;
  /** The words while loading. */
  loading?: string;
}

/** What the cards of a page share: the database, and what the loaded data covers. */
export interface CardEnv {
  db: Database;
  manifest: Manifest;
  /** Loads the named tables (once), then says what the data covers. */
  coverage(tables: readonly TableName[]): Promise<readonly CoverageEntry[]>;
}

/** A size to draw a card's chart at, rather than the card's own: its width, and its drawing's height. */
export interface DrawSize {
  width: number;
  height?: number;
}

export interface MountedCard<View> {
  element: HTMLElement;
  /** Draws the card for a view (a newer call supersedes one still running); resolves with what it found. */
  update(view: View): Promise<Verdict>;
  /**
   * Redraws the last rows (e.g. at a new width): at the card's own width, or at the size given (for
   * paper, before the print layout exists to be measured: see redrawOnResize).
   */
  redraw(size?: DrawSize): void;
  /** Shows something in place of a drawing (ends any load still running). */
  showNote(node: Node): void;
}

/** The tables a card's needs name, each once. */
export function neededTables(needs: readonly Need[]): TableName[] {
  return [...new Set(needs.map((n) => n.table))];
}

/** Whether a spec can draw for a view, without drawing it (a page asks this of all its cards at once). */
export async function judgeCard<View>(spec: Pick<CardSpec<View, unknown>, 'needs'>, view: View, env: CardEnv): Promise<Verdict> {
  const needs = spec.needs(view);
  return judgeNeeds(needs, await env.coverage(neededTables(needs)), env.manifest);
}

export function mountCard<View, Rows>(spec: CardSpec<View, Rows>, env: CardEnv): MountedCard<View> {
  const element = document.createElement('section');
  element.className = `card ${spec.className}`;
  element.dataset.name = spec.name;
  let latest = 0;
  /** What is drawn now: the rows, the view and source they were drawn for. */
  let drawn: { rows: Rows; view: View; from: Drawn } | undefined;
  // Until the first query runs the card says it is loading, rather than standing empty.
  element.append(loadingNote(spec.loading ?? 'Loading…'));

  const show = (node: Node) => {
    // A data table the reader opened stays open when the card is redrawn (a new width, a new borough,
    // the print layout), matched by position when the new drawing has as many tables.
    const open = [...element.querySelectorAll<HTMLDetailsElement>('details.chart-table-details')].map((d) => d.open);
    const next = node instanceof Element ? [...node.querySelectorAll<HTMLDetailsElement>('details.chart-table-details')] : [];
    if (open.some(Boolean) && next.length === open.length) {
      next.forEach((d, i) => {
        d.open = open[i]!;
        // Its rows now, not when the toggle event comes: the table must not show empty for a frame.
        if (d.open) buildTableRows(d);
      });
    }
    element.replaceChildren(node);
  };

  // The card's width is read once, and again only when it is redrawn for a new size (redrawOnResize).
  // Read after the page has changed, it makes the browser lay the whole page out there and then, once
  // per card: that was half the main thread's share of a borough switch.
  let width = 0;
  /** The keep() key of the drawing on show, or null: draw it again. */
  let keptAs: string | null = null;

  /** Draws the last rows; false when there are none or drawing failed. */
  const drawNow = (size?: DrawSize): boolean => {
    keptAs = null;
    if (!drawn) return false;
    if (width === 0 && !size) width = contentWidth(element);
    const { rows, view, from } = drawn;
    const { height: _, ...source } = from;
    try {
      if (size) {
        show(spec.draw(rows, view, Math.max(280, size.width), size.height ? { ...source, height: size.height } : source, element));
        offerDownload();
        return true;
      }
      show(spec.draw(rows, view, Math.max(280, width), source, element));
      // In a box of fixed height (a slide), drawn again at the height that fills it: twice at most,
      // as a chart's words (its title, legend) wrap by width alone and its drawing takes what is left.
      let height: number | undefined;
      let drawWidth = Math.max(280, width);
      for (let i = 0; i < 3 && fitsBox(element); i++) {
        const room = roomLeft(element);
        if (room === null) break;
        // A slide may give the drawing less than the card's width (its words beside it): drawn for that,
        // never wider and shrunk, type and all.
        const bodyWidth = room.bodyWidth > 0 ? Math.max(200, room.bodyWidth) : drawWidth;
        // Fitted: nothing spills over, and less than a few pixels left.
        if (room.spare >= 0 && room.spare < 6 && bodyWidth === drawWidth) break;
        drawWidth = bodyWidth;
        // From the height asked for last (a chart may add a strip or margins of its own to it).
        height = Math.max(MIN_FIT_HEIGHT, Math.floor((height ?? room.drawn) + room.spare - 3));
        show(spec.draw(rows, view, drawWidth, { ...source, height }, element));
      }
      offerDownload();
      return true;
    } catch (error) {
      showError(error);
      return false;
    }
  };

  /**
   * Tells the chart's download what it holds: asked when a reader downloads it, from the rows and view
   * drawn then (a drawing kept across a borough switch is still the same rows).
   */
  const offerDownload = () => {
    const { download } = spec;
    if (!download) return;
    for (const figure of element.querySelectorAll('figure.chart')) {
      provideFigureData(figure, () => {
        if (!drawn) throw new Error('This chart is no longer drawn');
        const { licences, ...dataset } = download(drawn.rows, drawn.view, drawn.from);
        return { dataset, licences: [...new Set([...(licences ?? []), ...drawn.from.licences])] };
      });
    }
  };

  const showError = (error: unknown) => {
    const p = document.createElement('p');
    p.className = 'card__error';
    p.textContent = `This part of the page could not be drawn: ${error instanceof Error ? error.message : String(error)}`;
    element.replaceChildren(p);
    console.error(error);
  };

  const showNote = (node: Node) => {
    latest++;
    drawn = undefined;
    keptAs = null;
    element.removeAttribute('aria-busy');
    show(node);
  };

  return {
    element,
    async update(view) {
      const ticket = ++latest;
      element.setAttribute('aria-busy', 'true');
      if (!drawn) element.replaceChildren(loadingNote(spec.loading ?? 'Loading…'));
      try {
        const verdict = await judgeCard(spec, view, env);
        if (ticket !== latest) return verdict;
        if (!verdict.ok) {
          showNote(cardNote(verdict.text, spec.title(view)));
          return verdict;
        }
        const rows = await spec.query(env.db, view);
        if (ticket !== latest) return verdict;
        const key = spec.keep ? `${spec.keep(view)}\u0000${verdict.source}` : null;
        // The very rows drawn last time (a remembered answer), for the same key: the drawing stands.
        if (key !== null && keptAs === key && drawn?.rows === rows) {
          drawn.view = view;
        } else {
          drawn = { rows, view, from: { source: verdict.source, lacking: verdict.lacking, licences: verdict.licences } };
          if (drawNow() && key !== null) keptAs = key;
        }
        spec.shown?.(element, view);
        return verdict;
      } catch (error) {
        if (ticket === latest) showError(error);
        return { ok: false, kind: 'failed', text: error instanceof Error ? error.message : String(error) };
      } finally {
        if (ticket === latest) element.removeAttribute('aria-busy');
      }
    },
    redraw(size) {
      width = 0;
      drawNow(size);
    },
    showNote,
  };
}

/**
 * Whether the card's drawing must fill a box, and which, as the style sheet says with `--card-fit`:
 * `box`, the card's own box of fixed height (a presentation slide); `page`, the rest of the printed
 * page it starts on (the first chart of a printed page, under the heading and headline figures, so
 * that the first page is full rather than mostly blank; print.css gives `--page-height`). The card
 * must be laid out to be measured.
 */
function fitsBox(element: HTMLElement): 'box' | 'page' | null {
  if (element.getClientRects().length === 0) return null;
  const fit = getComputedStyle(element).getPropertyValue('--card-fit').trim();
  return fit === 'box' || fit === 'page' ? fit : null;
}

/** The charts' own drawings in a card (not the legend's swatches): what `Drawn.height` sizes. */
const DRAWINGS = '.chart-body svg:not(.chart-legend-swatch)';
/** Below this a chart is not worth drawing; the slide scrolls instead. */
const MIN_FIT_HEIGHT = 120;

/**
 * How the card's drawings fill its box: their height as drawn, the room left under the content
 * (negative: what spills over), and the width of the drawing's body. Null when there is nothing to fit.
 * Measured on screen, then turned into the drawing's own pixels (the page may be zoomed:
 * presentation.css).
 */
function roomLeft(element: HTMLElement): { drawn: number; spare: number; bodyWidth: number } | null {
  const drawings = [...element.querySelectorAll<SVGSVGElement>(DRAWINGS)].filter((svg) => !svg.parentElement?.closest('svg'));
  const first = drawings[0];
  const content = element.lastElementChild;
  if (!first || !content) return null;
  const firstDrawn = Number(first.getAttribute('height')) || 0;
  const firstShown = first.getBoundingClientRect().height;
  if (firstDrawn === 0 || firstShown === 0) return null;
  const scale = firstShown / firstDrawn;
  // The drawings' extent from the top of the first to the bottom of the last (side by side, or one above another).
  const boxes = drawings.map((svg) => svg.getBoundingClientRect());
  const drawn = (Math.max(...boxes.map((b) => b.bottom)) - Math.min(...boxes.map((b) => b.top))) / scale;
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  const inset = ((parseFloat(style.paddingBottom) || 0) + (parseFloat(style.borderBottomWidth) || 0)) * scale;
  let spare = (box.bottom - inset - content.getBoundingClientRect().bottom) / scale;
  if (fitsBox(element) === 'page') {
    // Printed pages are laid out one after another, each --page-height tall. The card may take the
    // rest of the page on which what comes before it ends (drawn taller, it would have been moved
    // to the next page: it is measured from there, not from where it is now).
    const page = parseFloat(style.getPropertyValue('--page-height')) * scale;
    const before = laidOutBefore(element);
    if (!(page > 0) || !before) return null;
    const gap = (parseFloat(style.marginTop) || 0) + (element.parentElement ? parseFloat(getComputedStyle(element.parentElement).marginTop) || 0 : 0);
    const start = before.getBoundingClientRect().bottom + scrollY + gap * scale;
    const end = Math.ceil((start + 1) / page) * page;
    spare = (end - start - 2 - box.height) / scale;
  }
  // The width the drawing's body has (0 where the body lays out no box of its own).
  const bodyWidth = element.querySelector<HTMLElement>('.chart-body')?.clientWidth ?? 0;
  return { drawn, spare, bodyWidth };
}

/** The element laid out just before `element` in the page's flow (a sibling, or its parent's), skipping what is not shown. */
function laidOutBefore(element: Element): Element | null {
  for (let at: Element | null = element; at && at.localName !== 'main'; at = at.parentElement) {
    for (let sibling = at.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
      if (sibling.getClientRects().length > 0 && getComputedStyle(sibling).position !== 'absolute') return sibling;
    }
  }
  return null;
}

/** The width inside the card's padding: a chart drawn wider would be shrunk to fit, type and all. */
function contentWidth(element: HTMLElement): number {
  if (element.clientWidth === 0) return 0;
  const style = getComputedStyle(element);
  return Math.floor(element.clientWidth - (parseFloat(style.paddingLeft) || 0) - (parseFloat(style.paddingRight) || 0));
}

function loadingNote(text: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'card__loading';
  p.setAttribute('role', 'status');
  p.textContent = text;
  return p;
}

/**
 * The width of a printed page's content in CSS pixels: A4 landscape (297 mm) less the 12 mm margins
 * print.css gives @page. Used before the print layout exists (beforeprint), so it cannot be measured.
 */
const PAPER_CONTENT_WIDTH = ((297 - 2 * 12) / 25.4) * 96;
/**
 * How high the first card's drawing is before printing: low enough that the card fits on the first page
 * under the heading and headline figures. The print layout then draws it to fill the rest of the page.
 */
const FIRST_CARD_BEFORE_PRINT = 160;

/** From beforeprint to afterprint: the cards are being drawn for paper (printing()). */
let preparingPrint = false;

/**
 * Redraws the cards (from their last rows, without querying) when the grid they sit in changes width
 * by more than a few pixels, and when printing starts and ends. Returns the function that stops watching.
 *
 * Printing, in two steps. The browser counts the printed pages from its first print layout, of the
 * page as it is when printing starts: what changes after that is printed on those pages, cut off if it
 * grew and leaving blank pages if it shrank. So on beforeprint, before that layout, every chart is drawn
 * for the paper's width and its printed height (the first card lower, so that it surely fits on the
 * first page under the headline figures). The print media query's change event then comes inside the
 * print layout, where the charts are drawn again for what they measure there: the first card to fill
 * the rest of its page (fitsBox), which adds no page. Afterwards, for the screen again.
 */
export function redrawOnResize(grid: HTMLElement, cards: readonly { element: HTMLElement; redraw(size?: DrawSize): void }[]): () => void {
  let lastWidth = 0;
  const redrawAll = () => {
    lastWidth = grid.clientWidth;
    cards.forEach((card) => card.redraw());
  };
  const forPaper = () => {
    preparingPrint = true;
    for (const card of cards) {
      const style = getComputedStyle(card.element);
      const inset = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth'].reduce((sum, side) => sum + (parseFloat(style[side as 'paddingLeft']) || 0), 0);
      const width = Math.floor(PAPER_CONTENT_WIDTH - inset);
      // The grid's first card is the one print.css fits to the first page.
      card.redraw(card.element === grid.firstElementChild ? { width, height: FIRST_CARD_BEFORE_PRINT } : { width });
    }
  };
  const forScreen = () => {
    preparingPrint = false;
    redrawAll();
  };
  /** Each card that is a box of fixed height, and the box's size it was last drawn for. */
  const boxes = new WeakMap<Element, string>();
  const observer = new ResizeObserver((entries) => {
    if (Math.abs(grid.clientWidth - lastWidth) >= 16) return redrawAll();
    // A card that became a slide (or whose slide changed size) is drawn again to fill it. A card whose
    // height follows its content is not: its drawing is what changed its size.
    for (const entry of entries) {
      const card = cards.find((c) => c.element === entry.target);
      if (!card || !fitsBox(card.element)) continue;
      const size = `${Math.round(entry.contentRect.width)}x${Math.round(entry.contentRect.height)}`;
      if (boxes.get(card.element) === size) continue;
      boxes.set(card.element, size);
      card.redraw();
    }
  });
  observer.observe(grid);
  for (const card of cards) observer.observe(card.element);
  const print = typeof matchMedia === 'function' ? matchMedia('print') : null;
  print?.addEventListener('change', redrawAll);
  // (Not where pages are drawn without a window: the first view is drawn at build time, in Node.)
  const win = typeof window === 'object' && typeof window.addEventListener === 'function' ? window : null;
  win?.addEventListener('beforeprint', forPaper);
  win?.addEventListener('afterprint', forScreen);
  return () => {
    observer.disconnect();
    print?.removeEventListener('change', redrawAll);
    win?.removeEventListener('beforeprint', forPaper);
    win?.removeEventListener('afterprint', forScreen);
  };
}

/** Whether the page is being drawn or laid out for print (cards are redrawn then: see redrawOnResize). */
export function printing(): boolean {
  return preparingPrint || (typeof matchMedia === 'function' && matchMedia('print').matches);
}

/** What a card shows when it has nothing to draw: what it would show (when titled), then why not. */
export function cardNote(text: string, title?: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'card__empty';
  p.textContent = text;
  if (!title) return p;
  const wrapper = document.createElement('div');
  const h = document.createElement('h2');
  h.className = 'card__title';
  h.textContent = title;
  wrapper.append(h, p);
  return wrapper;
}
