/**
 * Horizontal stacked bars: one bar per category (an age band, say), split into parts (female, male, not
 * known). Each part is labelled inside when it is wide enough and has a tooltip with its count and its
 * share of the bar, so the split can be read without matching colours.
 *
 * Counts can be withheld (small-number suppression): a withheld part is never drawn at its own size.
 * The known parts are drawn end to end, then, where the bar's total is printed, one hatched block for
 * all the withheld parts together (its size follows from figures the reader has anyway); its tooltip
 * and the data table give each withheld part's words ("fewer than 10"). Shares are given only where
 * both the part and the bar's total are printed.
 */

import { max, scaleLinear } from 'd3';
import { textColourOn } from './contrast';
import { dataTable, type DataTableColumn } from './data-table';
import { estimateTextWidth, html, idFromTitle, resolveDocument, svg } from './dom';
import { chartFigure } from './figure';
import { autoFormat, formatPercent, formatTick } from './format';
import { at, bandLabels, bottomAxis, plainSvg, plotBandScale, zeroRule } from './drawn-axes';
import { clamp, FONT_SIZE, marginForLabels, tickCount } from './layout';
import { legend } from './legend';
import { categoricalColour, NO_DATA_HATCH, TEXT_COLOUR } from './palette';

/** A count the page does not print (small-number suppression), with the words printed in its place. */
export interface Withheld {
  withheld: string;
}
/** A count, or the words printed in place of one that is withheld. */
export type Count = number | Withheld;

export function isWithheld(value: unknown): value is Withheld {
  return typeof value === 'object' && value !== null && typeof (value as Withheld).withheld === 'string';
}

export interface StackedBarRow {
  bar: string;
  stack: string;
  value: number;
}

/** A row whose count may be withheld. */
export interface StackedCountRow {
  bar: string;
  stack: string;
  value: Count;
}

/** Totals to print where parts are withheld (when every part is known they are summed). */
export interface StackedTotals {
  /** Each bar's total. */
  bars?: Readonly<Record<string, Count>>;
  /** Each part's total over all bars (the total row). */
  stacks?: Readonly<Record<string, Count>>;
  /** The total of everything. */
  all?: Count;
}

export interface StackedBarsOptions {
  title: string;
  subtitle?: string;
  /** Text summary for screen readers; defaults to each part's share of the total. */
  description?: string;
  source: string;
  /** Bars from top to bottom. */
  barOrder: readonly string[];
  /** Parts from left to right, in colour and legend order. */
  stackOrder: readonly string[];
  /** Display names for parts, e.g. { unknown: 'Not known' }. */
  stackLabels?: Readonly<Record<string, string>>;
  /** Display names for bars. */
  barLabels?: Readonly<Record<string, string>>;
  /** What the bar length measures, e.g. "Victims". */
  valueLabel: string;
  /** Header of the table's first column, e.g. "Age band". */
  barLabel?: string;
  /** Adds a thinner bar on top for all bars together; a string names it (default "All"). */
  totalRow?: boolean | string;
  /** Colours per part, in stackOrder; defaults to the categorical palette. */
  colours?: readonly string[];
  formatValue?: (value: number | null | undefined) => string;
  /** Totals to print where some parts are withheld; a total not given there is withheld too. */
  totals?: StackedTotals;
  /** Words for a total that is withheld because parts are and no total was given (default "not shown"). */
  withheldLabel?: string;
  /** Legend entry for the hatched block of withheld parts (default "Not shown (small numbers)"). */
  withheldLegend?: string;
  width?: number;
  height?: number;
  id?: string;
  document?: Document;
}

/** One drawn segment: where it starts and ends along the bar, and its share of the bar. */
export interface StackedSegment {
  bar: string;
  stack: string;
  value: number;
  x1: number;
  x2: number;
  /** Percent of the bar's total (0 when the bar is empty). */
  percent: number;
  barTotal: number;
}

/** Lays out the segments of each bar in stack order. */
export function stackSegments(rows: readonly StackedBarRow[], barOrder: readonly string[], stackOrder: readonly string[]): StackedSegment[] {
  const segments: StackedSegment[] = [];
  for (const bar of barOrder) {
    const parts = stackOrder.map((stack) => ({
      stack,
      value: rows.filter((r) => r.bar === bar && r.stack === stack).reduce((sum, r) => sum + r.value, 0),
    }));
    const barTotal = parts.reduce((sum, p) => sum + p.value, 0);
    let x = 0;
    for (const part of parts) {
      segments.push({ bar, stack: part.stack, value: part.value, x1: x, x2: x + part.value, barTotal, percent: barTotal > 0 ? (part.value / barTotal) * 100 : 0 });
      x += part.value;
    }
  }
  return segments;
}

/** The stack key of the hatched block that stands for a bar's withheld parts together. */
export const WITHHELD_KEY = '\u0000withheld';

/** A drawn segment when counts may be withheld. */
export interface DrawnSegment {
  bar: string;
  /** The part, or WITHHELD_KEY for the block of withheld parts. */
  stack: string;
  value: number;
  x1: number;
  x2: number;
  /** Percent of the bar's total: null when the total is withheld, or for the withheld block. */
  percent: number | null;
  /** The bar's total, or null when it is withheld. */
  barTotal: number | null;
  /** For the withheld block: the parts it stands for and their words. */
  withheld?: readonly { stack: string; words: string }[];
}

export interface BarLayout {
  bar: string;
  segments: DrawnSegment[];
  /** The bar's total as printed. */
  total: Count;
  /** Parts as printed, in stack order. */
  parts: { stack: string; value: Count }[];
  /** Where the drawn segments end. */
  extent: number;
}

/**
 * Lays out bars whose parts may be withheld: known parts end to end in stack order, then (when the
 * bar's total is printed) one block for the withheld parts together. With every part known this is
 * stackSegments.
 */
export function layoutBars(
  rows: readonly StackedCountRow[],
  barOrder: readonly string[],
  stackOrder: readonly string[],
  totals: Readonly<Record<string, Count>> | undefined,
  withheldLabel: string,
): BarLayout[] {
  const countOf = partCounts(rows);
  return barOrder.map((bar) => {
    const parts = stackOrder.map((stack) => ({ stack, value: countOf(bar, stack) }));
    const known = parts.filter((p): p is { stack: string; value: number } => typeof p.value === 'number');
    const hidden = parts.filter((p): p is { stack: string; value: Withheld } => isWithheld(p.value));
    const knownSum = known.reduce((sum, p) => sum + p.value, 0);
    const total: Count = totals?.[bar] ?? (hidden.length > 0 ? { withheld: withheldLabel } : knownSum);
    const barTotal = typeof total === 'number' ? total : null;
    const segments: DrawnSegment[] = [];
    let x = 0;
    for (const part of known) {
      const percent = barTotal === null ? null : barTotal > 0 ? (part.value / barTotal) * 100 : 0;
      segments.push({ bar, stack: part.stack, value: part.value, x1: x, x2: x + part.value, percent, barTotal });
      x += part.value;
    }
    if (hidden.length > 0 && barTotal !== null && barTotal - knownSum > 0) {
      const rest = barTotal - knownSum;
      segments.push({ bar, stack: WITHHELD_KEY, value: rest, x1: x, x2: x + rest, percent: null, barTotal, withheld: hidden.map((p) => ({ stack: p.stack, words: p.value.withheld })) });
      x += rest;
    }
    return { bar, segments, total, parts, extent: x };
  });
}

/**
 * Each bar's part as one count: the sum of its rows, or the first withheld one among them. Looked up
 * by bar and part from one pass over the rows (a scan per part was a quarter of a switch's drawing of
 * the outcomes chart: 56 columns × 3 parts × 168 rows).
 */
export function partCounts(rows: readonly StackedCountRow[]): (bar: string, stack: string) => Count {
  const counts = new Map<string, Count>();
  for (const r of rows) {
    const key = `${r.bar}\u0000${r.stack}`;
    const before = counts.get(key);
    if (isWithheld(before)) continue;
    counts.set(key, isWithheld(r.value) ? r.value : (before ?? 0) + r.value);
  }
  return (bar, stack) => counts.get(`${bar}\u0000${stack}`) ?? 0;
}

/** A hatched fill for withheld blocks (an SVG pattern; ids must be unique on the page). */
export function withheldPattern(doc: Document, id: string): SVGDefsElement {
  return svg(
    doc,
    'defs',
    {},
    svg(
      doc,
      'pattern',
      { id, patternUnits: 'userSpaceOnUse', width: 6, height: 6, patternTransform: 'rotate(45)' },
      svg(doc, 'rect', { width: 6, height: 6, fill: '#FFFFFF' }),
      svg(doc, 'line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: NO_DATA_HATCH, 'stroke-width': 2.5 }),
    ),
  );
}

/** "Male fewer than 10, Not recorded not shown". */
export function describeWithheld(parts: readonly { stack: string; words: string }[], stackLabel: (s: string) => string): string {
  return parts.map((p) => `${stackLabel(p.stack)} ${p.words}`).join(', ');
}

const TOTAL_KEY = '\u0000total';
/** Text in segments must clear the segment edges by this much on each side. */
const LABEL_PADDING = 5;

interface Frame {
  width: number;
  marginLeft: number;
  marginRight: number;
}

/**
 * The overall split as one thin bar of full width (shares, not counts): drawn on the count scale it would
 * be as long as all the other bars together and squash them, so it is a separate strip above them.
 * Null when the overall total is withheld (there is no whole to take shares of).
 *
 * Drawn here rather than by Plot: it is a few rectangles, and a whole Plot for them was a millisecond of
 * every borough switch. It keeps Plot's structure (groups named "bar", "text", "y-axis tick label"), so
 * it reads and exports like the chart under it.
 */
function totalStrip(
  doc: Document,
  layout: BarLayout,
  frame: Frame,
  name: string,
  fillOf: (s: DrawnSegment) => string,
  title: (s: DrawnSegment) => string,
  stackLabel: (s: string) => string,
): SVGSVGElement | null {
  const all = layout.total;
  if (typeof all !== 'number') return null;
  const height = 30;
  const innerWidth = frame.width - frame.marginLeft - frame.marginRight;
  const x = (value: number): number => frame.marginLeft + (innerWidth * value) / (all || 1);
  // The band Plot would give one bar between 2px margins.
  const band = plotBandScale([name], [2, height - 2], 0.1);
  const top = band(name)!;

  const bars = svg(doc, 'g', { 'aria-label': 'bar', stroke: '#FFFFFF', 'stroke-width': 1.5 });
  const labels = svg(doc, 'g', { 'aria-label': 'text', 'pointer-events': 'none', 'font-size': FONT_SIZE - 1, 'font-weight': 700, transform: at(0.5, band.bandwidth() / 2 + 0.5) });
  for (const s of layout.segments) {
    const left = x(s.x1);
    const width = x(s.x2) - left;
    bars.append(svg(doc, 'rect', { x: left, width, y: top, height: band.bandwidth(), fill: fillOf(s) }, svg(doc, 'title', {}, title(s))));
    if (s.percent === null || width < estimateTextWidth(formatPercent(s.percent, 0), FONT_SIZE - 1) + 2 * LABEL_PADDING) continue;
    labels.append(
      svg(doc, 'text', { y: '0.32em', transform: at(left + width / 2, top), fill: textColourOn(fillOf(s)) }, formatPercent(s.percent, 0)),
    );
  }
  const said = layout.parts.map((p) => {
    const segment = layout.segments.find((s) => s.stack === p.stack);
    return `${stackLabel(p.stack)} ${isWithheld(p.value) ? p.value.withheld : formatPercent(segment?.percent ?? 0)}`;
  });
  const strip = plainSvg(doc, frame.width, height, 'stacked-bars-total');
  strip.setAttribute('role', 'img');
  strip.setAttribute('aria-label', `${name}: ${said.join(', ')}`);
  strip.append(...bandLabels(doc, { y: band, left: frame.marginLeft, label: () => name, tickMarks: false }), bars, labels);
  return strip;
}

/** `table` builds the data table in place of the counts-only one (stackedBarsWithShares gives shares too). */
export function stackedBars(rows: readonly StackedCountRow[], options: StackedBarsOptions, table?: () => HTMLDetailsElement): HTMLElement {
  const doc = resolveDocument(options.document);
  const id = options.id ?? idFromTitle(options.title);
  const width = options.width ?? 720;
  const { barOrder, stackOrder } = options;
  const withheldLabel = options.withheldLabel ?? 'not shown';
  const stackLabel = (s: string): string => options.stackLabels?.[s] ?? s;
  const totalName = typeof options.totalRow === 'string' ? options.totalRow : 'All';
  const barLabel = (b: string): string => (b === TOTAL_KEY ? totalName : (options.barLabels?.[b] ?? b));
  const colourOf = (s: string): string => {
    const i = stackOrder.indexOf(s);
    return options.colours?.[i] ?? categoricalColour(i);
  };
  const patternId = `${id}-withheld`;
  const fillOf = (s: DrawnSegment): string => (s.stack === WITHHELD_KEY ? `url(#${patternId})` : colourOf(s.stack));
  const numbers = rows.map((r) => r.value).filter((v): v is number => typeof v === 'number');
  const format = options.formatValue ?? autoFormat(numbers);
  const formatAxis = options.formatValue ?? formatTick;
  const said = (v: Count): string => (isWithheld(v) ? v.withheld : format(v));

  const layouts = layoutBars(rows, barOrder, stackOrder, options.totals?.bars, withheldLabel);
  const segments = layouts.flatMap((l) => l.segments);
  // The total row: each part over all bars, then everything.
  const stackTotals = stackOrder.map((stack) => {
    const given = options.totals?.stacks?.[stack];
    if (given !== undefined) return { bar: TOTAL_KEY, stack, value: given };
    const parts = layouts.map((l) => l.parts.find((p) => p.stack === stack)!.value);
    const value: Count = parts.every((v) => typeof v === 'number') ? parts.reduce<number>((sum, v) => sum + (v as number), 0) : { withheld: withheldLabel };
    return { bar: TOTAL_KEY, stack, value };
  });
  const allTotal: Count =
    options.totals?.all ??
    (stackTotals.every((t) => typeof t.value === 'number') ? stackTotals.reduce((sum, t) => sum + (t.value as number), 0) : { withheld: withheldLabel });
  const totalLayout = options.totalRow ? layoutBars(stackTotals, [TOTAL_KEY], stackOrder, { [TOTAL_KEY]: allTotal }, withheldLabel)[0]! : null;
  const anyWithheld = [...layouts, ...(totalLayout ? [totalLayout] : [])].some((l) => isWithheld(l.total) || l.parts.some((p) => isWithheld(p.value)));

  // A fixed, niced x domain lets us know each segment's width in pixels before Plot draws it.
  const xMax = max(layouts, (l) => l.extent) || 1;
  const labels = [...barOrder, ...(options.totalRow ? [TOTAL_KEY] : [])].map(barLabel);
  const marginLeft = clamp(marginForLabels(labels), 48, width * 0.4);
  const marginRight = 16;
  const innerWidth = width - marginLeft - marginRight;
  const x = scaleLinear().domain([0, xMax]).range([0, innerWidth]).nice(tickCount(innerWidth, 80));
  const pixels = (s: DrawnSegment): number => x(s.x2) - x(s.x1);
  const wholeNumbers = numbers.every((v) => Number.isInteger(v));
  const ticks = x.ticks(tickCount(innerWidth, 80)).filter((t) => !wholeNumbers || Number.isInteger(t));
  const rowHeight = width < 500 ? 34 : 40;
  const marginTop = 8;
  const marginBottom = 44;
  // Asked for a height (a slide), never so low that a bar is thinner than its 12 px label.
  const height = Math.max(barOrder.length * 16 + marginTop + marginBottom, options.height ?? barOrder.length * rowHeight + marginTop + marginBottom);

  const title = (s: DrawnSegment): string => {
    if (s.withheld) return `${barLabel(s.bar)}, ${describeWithheld(s.withheld, stackLabel)}`;
    const share = s.percent === null ? '' : ` (${formatPercent(s.percent)} of ${barLabel(s.bar)})`;
    return `${barLabel(s.bar)}, ${stackLabel(s.stack)}: ${format(s.value)}${share}`;
  };
  const labelled = segments.filter(
    (s) => s.value > 0 && s.percent !== null && !s.withheld && pixels(s) >= estimateTextWidth(formatPercent(s.percent, 0), FONT_SIZE - 1) + 2 * LABEL_PADDING,
  );
  const notes = layouts.filter((l) => isWithheld(l.total)).map((l) => ({ bar: l.bar, x: l.extent, text: l.extent > 0 ? `+ ${said(l.total)}` : said(l.total) }));

  // Drawn as Plot would draw these bars (see drawn-axes.ts), without a Plot for them.
  const y = plotBandScale(barOrder, [marginTop, height - marginBottom], 0.2);
  const px = (v: number): number => marginLeft + x(v);
  const middle = y.bandwidth() / 2;
  const plot = plainSvg(doc, width, height, 'chart-svg stacked-bars');
  const bars = svg(doc, 'g', { 'aria-label': 'bar', stroke: '#FFFFFF', 'stroke-width': 1.5 });
  for (const s of segments) {
    bars.append(svg(doc, 'rect', { x: px(s.x1), width: px(s.x2) - px(s.x1), y: y(s.bar)!, height: y.bandwidth(), fill: fillOf(s) }, svg(doc, 'title', {}, title(s))));
  }
  const shareLabels = svg(doc, 'g', { 'aria-label': 'text', 'pointer-events': 'none', 'font-size': FONT_SIZE - 1, 'font-weight': 700, transform: at(0.5, middle + 0.5) });
  for (const s of labelled) {
    shareLabels.append(svg(doc, 'text', { y: '0.32em', transform: at(px((s.x1 + s.x2) / 2), y(s.bar)!), fill: textColourOn(colourOf(s.stack)) }, formatPercent(s.percent, 0)));
  }
  // Where a bar's total is withheld, words say so at the end of what is drawn.
  const noteTexts = notes.map((n) => svg(doc, 'text', { y: '0.32em', transform: at(px(n.x), y(n.bar)!) }, n.text));
  plot.append(
    ...bandLabels(doc, { y, left: marginLeft, label: barLabel, tickMarks: true }),
    ...bottomAxis(doc, { x: px, ticks, format: formatAxis, top: marginTop, bottom: height - marginBottom, width, height, label: options.valueLabel }),
    bars,
    shareLabels,
    ...(noteTexts.length > 0 ? [svg(doc, 'g', { 'aria-label': 'text', fill: TEXT_COLOUR, 'text-anchor': 'start', 'font-size': FONT_SIZE - 1, transform: at(4.5, middle + 0.5) }, ...noteTexts)] : []),
    zeroRule(doc, px(0), marginTop, height - marginBottom),
  );
  const strip = totalLayout ? totalStrip(doc, totalLayout, { width, marginLeft, marginRight }, totalName, fillOf, title, stackLabel) : null;
  if (anyWithheld) {
    plot.prepend(withheldPattern(doc, patternId));
    // The strip uses the same hatching; its own copy keeps it whole if exported alone.
    strip?.prepend(withheldPattern(doc, `${patternId}-strip`));
    strip?.querySelectorAll(`[fill="url(#${patternId})"]`).forEach((el) => el.setAttribute('fill', `url(#${patternId}-strip)`));
  }

  const legendItems = stackOrder.map((s) => ({ label: stackLabel(s), swatch: { kind: 'fill' as const, colour: colourOf(s) } }));
  const body = html(
    doc,
    'div',
    { class: 'stacked-bars-body' },
    legend({
      items: anyWithheld ? [...legendItems, { label: options.withheldLegend ?? 'Not shown (small numbers)', swatch: { kind: 'hatch' as const } }] : legendItems,
      document: doc,
    }),
    strip,
    plot,
  );

  type TableRow = Record<string, string | Count>;
  const tableRows: TableRow[] = [...layouts, ...(totalLayout ? [totalLayout] : [])].map((l) => {
    const row: TableRow = { bar: barLabel(l.bar), total: l.total };
    for (const p of l.parts) row[`stack:${p.stack}`] = p.value;
    return row;
  });
  const cell = (v: Count): string => said(v);
  const columns: DataTableColumn<TableRow>[] = [
    { key: 'bar', label: options.barLabel ?? 'Group' },
    ...stackOrder.map((s) => ({ key: `stack:${s}`, label: stackLabel(s), numeric: true, format: cell })),
    { key: 'total', label: 'Total', numeric: true, format: cell },
  ];

  const shares = stackTotals.map((t) =>
    typeof t.value === 'number' && typeof allTotal === 'number'
      ? `${stackLabel(t.stack)} ${formatPercent(allTotal > 0 ? (t.value / allTotal) * 100 : 0)}`
      : `${stackLabel(t.stack)} ${said(t.value)}`,
  );
  const of = typeof allTotal === 'number' ? `${format(allTotal)} ` : '';
  const description =
    options.description ??
    `Stacked bar chart of ${of}${options.valueLabel.toLowerCase()} in ${barOrder.length} groups. Overall: ${shares.join(', ')}.` +
      (anyWithheld ? ' Some counts are not shown, to protect small numbers.' : '');

  return chartFigure({
    title: options.title,
    subtitle: options.subtitle,
    description,
    source: options.source,
    id,
    document: doc,
    body,
    table: table?.() ?? dataTable({ caption: options.title, columns, rows: tableRows, document: doc }),
  });
}
