/**
 * The frame every chart sits in: a title that says what, where and when; the chart; a text summary for
 * screen readers; the source; and the data table.
 */

import { html, idFromTitle, resolveDocument } from './dom';

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

  return html(
    doc,
    'figure',
    { class: 'chart', id, 'aria-labelledby': titleId },
    caption,
    html(doc, 'div', { class: 'chart-body' }, options.body),
    html(doc, 'p', { class: 'visually-hidden', id: descriptionId }, options.description),
    html(doc, 'p', { class: 'chart-source' }, `Source: ${options.source}`),
    options.table,
  );
}
