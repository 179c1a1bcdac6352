/**
 * An HTML legend: a list of swatches with labels. HTML rather than SVG so that it wraps on a phone and
 * is read as a list by screen readers; the swatches themselves are decorative.
 */

import { html, svg } from './dom';
import { NO_DATA_HATCH } from './palette';

export type Swatch =
  | { kind: 'fill'; colour: string }
  | { kind: 'line'; colour: string; dash?: string | null; strokeWidth?: number; opacity?: number }
  | { kind: 'hatch' };

export interface LegendItem {
  label: string;
  swatch: Swatch;
  /** Extra attributes for the list item, e.g. bin bounds tests can read back. */
  data?: Record<string, string>;
}

export interface LegendOptions {
  title?: string;
  items: readonly LegendItem[];
  document: Document;
}

const SWATCH_SIZE = 16;
const LINE_SWATCH_WIDTH = 32;

/** A legend's swatch on its own (decorative: hidden from assistive technology). */
export function swatch(doc: Document, swatch: Swatch): SVGSVGElement {
  const width = swatch.kind === 'line' ? LINE_SWATCH_WIDTH : SWATCH_SIZE;
  const root = svg(doc, 'svg', {
    class: 'chart-legend-swatch',
    width,
    height: SWATCH_SIZE,
    viewBox: `0 0 ${width} ${SWATCH_SIZE}`,
    'aria-hidden': 'true',
    focusable: 'false',
  });
  if (swatch.kind === 'fill') {
    root.append(svg(doc, 'rect', { width: SWATCH_SIZE, height: SWATCH_SIZE, fill: swatch.colour, stroke: '#505A5F', 'stroke-width': 1 }));
  } else if (swatch.kind === 'line') {
    root.append(
      svg(doc, 'line', {
        x1: 1,
        x2: width - 1,
        y1: SWATCH_SIZE / 2,
        y2: SWATCH_SIZE / 2,
        stroke: swatch.colour,
        'stroke-width': swatch.strokeWidth ?? 3,
        'stroke-dasharray': swatch.dash ?? null,
        'stroke-opacity': swatch.opacity ?? null,
      }),
    );
  } else {
    // Drawn with plain lines rather than a <pattern> so the swatch needs no document-unique id.
    root.append(svg(doc, 'rect', { width: SWATCH_SIZE, height: SWATCH_SIZE, fill: '#FFFFFF', stroke: NO_DATA_HATCH, 'stroke-width': 1 }));
    for (let offset = -SWATCH_SIZE; offset < SWATCH_SIZE; offset += 5) {
      root.append(
        svg(doc, 'line', { x1: offset, y1: SWATCH_SIZE, x2: offset + SWATCH_SIZE, y2: 0, stroke: NO_DATA_HATCH, 'stroke-width': 1.5 }),
      );
    }
  }
  return root;
}

export function legend({ title, items, document: doc }: LegendOptions): HTMLElement {
  const list = html(doc, 'ul', { class: 'chart-legend-items' });
  for (const item of items) {
    const li = html(doc, 'li', { class: 'chart-legend-item' }, swatch(doc, item.swatch), html(doc, 'span', {}, item.label));
    for (const [key, value] of Object.entries(item.data ?? {})) li.dataset[key] = value;
    list.append(li);
  }
  const container = html(doc, 'div', { class: 'chart-legend' });
  if (title) container.append(html(doc, 'p', { class: 'chart-legend-title' }, title));
  container.append(list);
  return container;
}
