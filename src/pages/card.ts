/**
 * A card holds one chart or group of figures, with its own loading and error state, so that one
 * failed query never blanks the page. Cards keep the rows of their last query so that a resize
 * redraws without querying again.
 */
import { buildTableRows } from '../charts';

export interface Card<Rows> {
  element: HTMLElement;
  /**
   * Runs the query, then draws; a newer call supersedes an older one still running. `drawnFrom` names
   * whatever else the drawing depends on (e.g. the category): when the query gives the very rows it
   * gave last time (a remembered answer) and `drawnFrom` is unchanged, the drawing is kept as it is.
   */
  load(query: () => Promise<Rows>, drawnFrom?: string): Promise<void>;
  /** Redraws the last rows (e.g. at a new width). */
  redraw(): void;
  /**
   * Shows a note in place of a drawing, when there is nothing to query (its data file failed to
   * load): ends any load still running and forgets the last rows, so a resize does not bring them back.
   */
  showNote(node: Node): void;
}

export function createCard<Rows>(
  className: string,
  draw: (rows: Rows, width: number) => Node,
  describeLoading = 'Loading…',
): Card<Rows> {
  const element = document.createElement('section');
  element.className = `card ${className}`;
  let latest = 0;
  let rows: Rows | undefined;
  // Until the first query runs the card says it is loading, rather than standing empty.
  element.append(loadingNote(describeLoading));

  const show = (node: Node) => {
    // A data table the reader opened stays open when the card is redrawn (a new width, a new borough,
    // the print layout), matched by position when the new drawing has as many tables.
    const open = [...element.querySelectorAll('details')].map((d) => d.open);
    const next = node instanceof Element ? [...node.querySelectorAll('details')] : [];
    if (open.some(Boolean) && next.length === open.length) {
      next.forEach((d, i) => {
        d.open = open[i]!;
        // Its rows now, not when the toggle event comes: the table must not show empty for a frame.
        if (d.open) buildTableRows(d);
      });
    }
    // Keep focus where it was when the card is redrawn under the user's fingers (e.g. on the map).
    element.replaceChildren(node);
  };

  // The card's width is read once, and again only when it is redrawn for a new size (redrawOnResize).
  // Read after the page has changed, it makes the browser lay the whole page out there and then, once
  // per card: that was half the main thread's share of a borough switch.
  let width = 0;
  // What else the drawing on show was drawn from besides `rows` (see load), or null: draw it again.
  let drawnFrom: string | null = null;

  /** Draws the last rows; false when there are none or drawing failed. */
  const drawNow = (): boolean => {
    drawnFrom = null;
    if (rows === undefined) return false;
    if (width === 0) width = contentWidth(element);
    try {
      show(draw(rows, Math.max(280, width)));
      return true;
    } catch (error) {
      showError(error);
      return false;
    }
  };

  const showError = (error: unknown) => {
    const p = document.createElement('p');
    p.className = 'card__error';
    p.textContent = `This part of the page could not be drawn: ${error instanceof Error ? error.message : String(error)}`;
    element.replaceChildren(p);
    console.error(error);
  };

  return {
    element,
    async load(query, from) {
      const ticket = ++latest;
      element.setAttribute('aria-busy', 'true');
      if (rows === undefined) element.replaceChildren(loadingNote(describeLoading));
      try {
        const result = await query();
        if (ticket !== latest) return;
        if (from !== undefined && drawnFrom === from && rows === result) return;
        rows = result;
        if (drawNow() && from !== undefined) drawnFrom = from;
      } catch (error) {
        if (ticket === latest) showError(error);
      } finally {
        if (ticket === latest) element.removeAttribute('aria-busy');
      }
    },
    redraw() {
      width = 0;
      drawNow();
    },
    showNote(node) {
      latest++;
      rows = undefined;
      drawnFrom = null;
      element.removeAttribute('aria-busy');
      show(node);
    },
  };
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
 * Redraws the cards (from their last rows, without querying) when the grid they sit in changes width
 * by more than a few pixels, and when printing starts and ends. Returns the function that stops watching.
 *
 * Printing lays the page out at the paper's width, and the browser prints it before any
 * ResizeObserver hears of it: charts drawn for a wide window would be shrunk onto the paper, type
 * and all. The print media query's change event comes inside that print layout, so the charts are
 * drawn again there for the paper's width (and again for the screen afterwards).
 */
export function redrawOnResize(grid: HTMLElement, cards: readonly { redraw(): void }[]): () => void {
  let lastWidth = 0;
  const redrawAll = () => {
    lastWidth = grid.clientWidth;
    cards.forEach((card) => card.redraw());
  };
  const observer = new ResizeObserver(() => {
    if (Math.abs(grid.clientWidth - lastWidth) < 16) return;
    redrawAll();
  });
  observer.observe(grid);
  const print = typeof matchMedia === 'function' ? matchMedia('print') : null;
  print?.addEventListener('change', redrawAll);
  return () => {
    observer.disconnect();
    print?.removeEventListener('change', redrawAll);
  };
}

/** Whether the page is being laid out for print (cards are redrawn then: see redrawOnResize). */
export function printing(): boolean {
  return typeof matchMedia === 'function' && matchMedia('print').matches;
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
