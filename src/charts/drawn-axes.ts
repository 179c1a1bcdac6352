/**
 * The SVG root and axes of the bar charts we draw ourselves (horizontal-grouped-bars.ts, stacked-bars.ts,
 * stacked-columns.ts),
 * made as Plot makes its own: the same groups (named "x-grid", "x-axis tick", "y-axis tick label", …), places
 * and half-pixel offsets, so that these charts look, read and export like the ones Plot draws. A Plot
 * costs 1.5–2 ms however few bars it has, on every borough switch; these are a few dozen elements whose
 * places are known.
 */

import { scaleBand, type ScaleBand } from 'd3';
import { svg } from './dom';
import { formatTick } from './format';
import { PLOT_STYLE } from './layout';
import { GRID_COLOUR, TEXT_COLOUR } from './palette';

type Attributes = Record<string, string | number>;

export const at = (x: number, y: number): string => `translate(${x},${y})`;

const group = (doc: Document, attributes: Attributes, ...children: SVGElement[]): SVGGElement => svg(doc, 'g', attributes, ...children);

/**
 * The root of an SVG we draw ourselves, set up as Plot sets up its own (attributes, and the style its
 * style sheet and PLOT_STYLE give), so that it looks, reads and exports the same. Styles go through
 * the CSSOM, as Plot's do: the site's Content Security Policy refuses style attributes.
 */
export function plainSvg(doc: Document, width: number, height: number, className: string): SVGSVGElement {
  const root = svg(doc, 'svg', {
    class: className,
    fill: 'currentColor',
    'font-family': 'system-ui, sans-serif',
    'font-size': 10,
    'text-anchor': 'middle',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
  });
  Object.assign(root.style, { ...PLOT_STYLE, display: 'block', maxWidth: '100%', height: 'auto', whiteSpace: 'pre' });
  return root;
}

export interface BottomAxis {
  /** A value's x in the SVG. */
  x: (value: number) => number;
  ticks: readonly number[];
  format?: (value: number) => string;
  /** The plot area's top and bottom. */
  top: number;
  bottom: number;
  width: number;
  height: number;
  /** Named at the bottom right, with an arrow. */
  label: string;
}

/** Grid lines, tick marks, tick labels and the axis label of a value axis along the bottom. */
export function bottomAxis(doc: Document, a: BottomAxis): SVGGElement[] {
  const format = a.format ?? formatTick;
  const grid = group(doc, { 'aria-label': 'x-grid', stroke: GRID_COLOUR, 'stroke-opacity': 0.6, transform: at(0.5, 0) });
  const marks = group(doc, { 'aria-label': 'x-axis tick', fill: 'none', stroke: 'currentColor', transform: at(0.5, 0) });
  const labels = group(doc, { 'aria-label': 'x-axis tick label', 'font-variant': 'tabular-nums', transform: at(0.5, 9.5) });
  for (const tick of a.ticks) {
    const x = a.x(tick);
    grid.append(svg(doc, 'line', { x1: x, x2: x, y1: a.top, y2: a.bottom }));
    marks.append(svg(doc, 'path', { transform: at(x, a.bottom), d: 'M0,0L0,6' }));
    labels.append(svg(doc, 'text', { y: '0.71em', transform: at(x, a.bottom) }, format(tick)));
  }
  const label = group(doc, { 'aria-label': 'x-axis label', 'text-anchor': 'end', transform: at(0.5, 0.5) }, svg(doc, 'text', { transform: at(a.width - 3, a.height - 3) }, `${a.label} →`));
  return [grid, marks, labels, label];
}

export interface BandLabels {
  y: ScaleBand<string>;
  /** Where the plot area starts: labels end 9px to its left. */
  left: number;
  /** A band's label; lines split on "\n" are centred on the band. Empty: none. */
  label: (key: string) => string;
  /** Tick marks 6px long at each band (Plot's default), or none. */
  tickMarks: boolean;
}

/** Labels (and tick marks) of a band axis at the left. */
export function bandLabels(doc: Document, b: BandLabels): SVGGElement[] {
  const middle = b.y.bandwidth() / 2;
  const marks = group(doc, { 'aria-label': 'y-axis tick', fill: 'none', stroke: 'currentColor', transform: at(0, middle + 0.5) });
  const labels = group(doc, { 'aria-label': 'y-axis tick label', 'text-anchor': 'end', transform: at(-8.5, middle + 0.5) });
  for (const key of b.y.domain()) {
    if (b.tickMarks) marks.append(svg(doc, 'path', { transform: at(b.left, b.y(key)!), d: 'M0,0L-6,0' }));
    const lines = b.label(key).split('\n').filter(Boolean);
    if (lines.length === 0) continue;
    const text = svg(doc, 'text', { transform: at(b.left, b.y(key)!) });
    if (lines.length === 1) {
      text.setAttribute('y', '0.32em');
      text.textContent = lines[0]!;
    } else {
      lines.forEach((line, i) => text.append(svg(doc, 'tspan', { x: 0, ...(i === 0 ? { y: `${0.32 - (lines.length - 1) / 2}em` } : { dy: '1em' }) }, line)));
    }
    labels.append(text);
  }
  return b.tickMarks ? [marks, labels] : [labels];
}

/** The zero line across the plot area. */
export function zeroRule(doc: Document, x: number, top: number, bottom: number): SVGGElement {
  return group(doc, { 'aria-label': 'rule', stroke: TEXT_COLOUR, transform: at(0.5, 0) }, svg(doc, 'line', { x1: x, x2: x, y1: top, y2: bottom }));
}

/**
 * A band scale as Plot makes one: bands rounded to whole pixels unless that would waste more than
 * 30px across the range (Plot's autoScaleRound), centred in the range.
 */
export function plotBandScale(domain: readonly string[], range: [number, number], padding: number): ScaleBand<string> {
  const scale = scaleBand<string>().domain(domain).range(range).padding(padding);
  const inner = domain.length - padding;
  const step = Math.abs(range[1] - range[0]) / Math.max(1, inner + padding * 2);
  if ((step - Math.floor(step)) * inner <= 30) scale.round(true);
  return scale;
}

export interface LeftAxis {
  /** A value's y in the SVG. */
  y: (value: number) => number;
  ticks: readonly number[];
  format: (value: number) => string;
  /** The plot area's left and right. */
  left: number;
  right: number;
  /** The plot area's top: the axis label sits above it, at the SVG's top left corner. */
  top: number;
  /** Named at the top left, with an arrow. */
  label: string;
}

/** Grid lines, tick marks, tick labels and the axis label of a value axis at the left. */
export function leftAxis(doc: Document, a: LeftAxis): SVGGElement[] {
  const grid = group(doc, { 'aria-label': 'y-grid', stroke: GRID_COLOUR, 'stroke-opacity': 0.6, transform: at(0, 0.5) });
  const marks = group(doc, { 'aria-label': 'y-axis tick', fill: 'none', stroke: 'currentColor', transform: at(0, 0.5) });
  const labels = group(doc, { 'aria-label': 'y-axis tick label', 'font-variant': 'tabular-nums', 'text-anchor': 'end', transform: at(-8.5, 0.5) });
  for (const tick of a.ticks) {
    const y = a.y(tick);
    grid.append(svg(doc, 'line', { x1: a.left, x2: a.right, y1: y, y2: y }));
    marks.append(svg(doc, 'path', { transform: at(a.left, y), d: 'M0,0L-6,0' }));
    labels.append(svg(doc, 'text', { y: '0.32em', transform: at(a.left, y) }, a.format(tick)));
  }
  const label = group(
    doc,
    { 'aria-label': 'y-axis label', 'text-anchor': 'start', transform: at(3.5 - a.left, 3.5 - a.top) },
    svg(doc, 'text', { y: '0.71em', transform: at(a.left, a.top) }, `↑ ${a.label}`),
  );
  return [grid, marks, labels, label];
}

export interface BandAxis {
  x: ScaleBand<string>;
  /** The bands named, each at its middle. */
  ticks: readonly string[];
  format: (key: string) => string;
  /** The plot area's bottom. */
  bottom: number;
}

/** Tick marks and labels of a band axis along the bottom. */
export function bottomBandAxis(doc: Document, a: BandAxis): SVGGElement[] {
  const middle = a.x.bandwidth() / 2;
  const marks = group(doc, { 'aria-label': 'x-axis tick', fill: 'none', stroke: 'currentColor', transform: at(middle + 0.5, 0) });
  const labels = group(doc, { 'aria-label': 'x-axis tick label', transform: at(middle + 0.5, 9.5) });
  for (const key of a.ticks) {
    const x = a.x(key)!;
    marks.append(svg(doc, 'path', { transform: at(x, a.bottom), d: 'M0,0L0,6' }));
    labels.append(svg(doc, 'text', { y: '0.71em', transform: at(x, a.bottom) }, a.format(key)));
  }
  return [marks, labels];
}
