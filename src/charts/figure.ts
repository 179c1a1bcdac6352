/**
 * The frame every chart sits in: a title that says what, where and when; the chart; a text summary for
 * screen readers; the source; the data table; and a row of downloads (the data as CSV, the chart as
 * PNG and SVG; see export.ts).
 */

import { html, idFromTitle, resolveDocument } from './dom';
import { exportFigure, type ExportKind } from './export';

export interface ChartFigureOptions {
  title: string;
  subtitle?: string;
  /** A text summary of what the chart shows; read by screen readers in place of the picture. */
  description: string;
  /** Who published the figures; shown as "Source: …". */
  source: string;
  /** The chart: an SVG, or a container holding a legend and an SVG marked with class "chart-svg". */
  body: Element;
  /** The data table (see dataTable). */
  table: Element;
  /** Prefix for ids inside the figure; defaults to one derived from the title. */
  id?: string;
  document?: Document;
}

/** The chart's main SVG: the body itself, or the one marked as such, or the first one. */
function mainSvg(body: Element): Element | null {
  if (body.localName === 'svg') return body;
  return body.querySelector('svg.chart-svg') ?? body.querySelector('svg:not(.chart-legend-swatch)');
}

export function chartFigure(options: ChartFigureOptions): HTMLElement {
  const doc = resolveDocument(options.document);
  const id = options.id ?? idFromTitle(options.title);
  const titleId = `${id}-title`;
  const descriptionId = `${id}-description`;

  const caption = html(doc, 'figcaption', { class: 'chart-caption' }, html(doc, 'h3', { class: 'chart-title', id: titleId }, options.title));
  if (options.subtitle) caption.append(html(doc, 'p', { class: 'chart-subtitle' }, options.subtitle));

  const chart = mainSvg(options.body);
  if (chart) {
    // A static chart is one picture to assistive technology. An interactive one (the map) has already set
    // role="group" so that its buttons stay reachable: role="img" would hide them.
    if (!chart.hasAttribute('role')) chart.setAttribute('role', 'img');
    chart.setAttribute('aria-label', options.title);
    chart.setAttribute('aria-describedby', descriptionId);
  }
  hidePartsOfPictures(options.body);

  const figure = html(
    doc,
    'figure',
    { class: 'chart', id, 'aria-labelledby': titleId },
    caption,
    html(doc, 'div', { class: 'chart-body' }, options.body),
    html(doc, 'p', { class: 'visually-hidden', id: descriptionId }, options.description),
    html(doc, 'p', { class: 'chart-source' }, `Source: ${options.source}`),
    options.table,
  );
  figure.append(exportRow(doc, figure, id, titleId));
  return figure;
}

/**
 * Inside an SVG that is one picture (role="img"), the parts are not read out; Observable Plot still
 * names its mark groups ("bar", "line") with aria-label, which on a <g> with no role is not allowed
 * (axe: aria-prohibited-attr). Hiding those parts says the same thing in a way checkers accept, and
 * keeps the names that tests use to find the marks.
 */
function hidePartsOfPictures(body: Element): void {
  const pictures = [...(body.localName === 'svg' ? [body] : []), ...body.querySelectorAll('svg[role="img"]')];
  for (const picture of pictures) {
    if (picture.getAttribute('role') !== 'img') continue;
    for (const part of picture.querySelectorAll('[aria-label], [aria-description]')) part.setAttribute('aria-hidden', 'true');
  }
}

const EXPORTS: readonly { kind: ExportKind; label: string }[] = [
  { kind: 'csv', label: 'Data (CSV, zip)' },
  { kind: 'png', label: 'Image (PNG)' },
  { kind: 'svg', label: 'Image (SVG)' },
];

/**
 * "Download this chart: Data (CSV) · Image (PNG) · Image (SVG)". The CSV is read from the figure's data
 * table when the button is pressed, so it always holds the table's figures, even after a chart has
 * swapped its table for another (stackedBarsWithShares).
 */
function exportRow(doc: Document, figure: HTMLElement, id: string, titleId: string): HTMLElement {
  const labelId = `${id}-export-label`;
  const status = html(doc, 'span', { class: 'chart-export__status', role: 'status' });
  const row = html(
    doc,
    'div',
    { class: 'chart-export', role: 'group', 'aria-labelledby': `${labelId} ${titleId}` },
    html(doc, 'span', { class: 'chart-export__label', id: labelId }, 'Download this chart:'),
  );
  for (const { kind, label } of EXPORTS) {
    const button = html(doc, 'button', { type: 'button', class: 'chart-export__button', 'data-export': kind }, label);
    let busy = false;
    button.addEventListener('click', () => {
      // Not disabled while busy: that would drop keyboard focus from the button.
      if (busy) return;
      busy = true;
      const win = doc.defaultView;
      status.textContent = '';
      // The view's link, kept in <link rel="canonical"> (app/history-trail.ts): the address bar holds only the site's.
      const url = doc.head.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href ?? win?.location.href ?? '';
      exportFigure(figure, kind, { url, date: new Date() })
        .then((fileName) => (status.textContent = `Downloaded ${fileName}`))
        .catch((error: unknown) => {
          status.textContent = `The ${kind.toUpperCase()} could not be made: ${error instanceof Error ? error.message : String(error)}`;
          console.error(error);
        })
        .finally(() => (busy = false));
    });
    row.append(button);
  }
  row.append(status);
  return row;
}
