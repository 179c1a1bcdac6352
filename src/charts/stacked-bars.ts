/**
 * Horizontal stacked bars: one bar per category (an age band, say), split into parts (female, male, not
 * known). Each part is labelled inside when it is wide enough and has a tooltip with its count and its
 * share of the bar, so the split can be read without matching colours.
 */

import * as Plot from '@observablehq/plot';
import { max, scaleLinear } from 'd3';
import { textColourOn } from './contrast';
import { dataTable, type DataTableColumn } from './data-table';
import { estimateTextWidth, html, idFromTitle, resolveDocument } from './dom';
import { chartFigure } from './figure';
import { autoFormat, formatPercent, formatTick } from './format';
import { clamp, FONT_SIZE, marginForLabels, PLOT_STYLE, tickCount, lightenGrid } from './layout';
import { legend } from './legend';
import { categoricalColour, TEXT_COLOUR } from './palette';

export interface StackedBarRow {
  bar: string;
  stack: string;
  value: number;
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
 */
function totalStrip(
  doc: Document,
  segments: readonly StackedSegment[],
  frame: Frame,
  name: string,
  colourOf: (stack: string) => string,
  title: (s: StackedSegment) => string,
  stackLabel: (s: string) => string,
): SVGSVGElement | HTMLElement {
  const innerWidth = frame.width - frame.marginLeft - frame.marginRight;
  const asShares = segments.map((s) => ({ ...s, p1: (100 * s.x1) / (s.barTotal || 1), p2: (100 * s.x2) / (s.barTotal || 1) }));
  type Share = (typeof asShares)[number];
  const strip = Plot.plot({
    document: doc,
    width: frame.width,
    height: 30,
    marginLeft: frame.marginLeft,
    marginRight: frame.marginRight,
    marginTop: 2,
    marginBottom: 2,
    style: PLOT_STYLE,
    x: { domain: [0, 100], axis: null },
    y: { domain: [name], label: null, tickSize: 0 },
    color: { type: 'identity' },
    marks: [
      Plot.barX(asShares, { x1: 'p1', x2: 'p2', y: () => name, fill: (s: Share) => colourOf(s.stack), stroke: '#FFFFFF', strokeWidth: 1.5, title }),
      Plot.text(
        asShares.filter((s) => ((s.p2 - s.p1) / 100) * innerWidth >= estimateTextWidth(formatPercent(s.percent, 0), FONT_SIZE - 1) + 2 * LABEL_PADDING),
        {
          x: (s: Share) => (s.p1 + s.p2) / 2,
          y: () => name,
          text: (s: Share) => formatPercent(s.percent, 0),
          fill: (s: Share) => textColourOn(colourOf(s.stack)),
          fontSize: FONT_SIZE - 1,
          fontWeight: 700,
          pointerEvents: 'none',
        },
      ),
    ],
  });
  strip.classList.add('stacked-bars-total');
  strip.setAttribute('role', 'img');
  strip.setAttribute('aria-label', `${name}: ${segments.map((s) => `${stackLabel(s.stack)} ${formatPercent(s.percent)}`).join(', ')}`);
  return strip;
}

export function stackedBars(rows: readonly StackedBarRow[], options: StackedBarsOptions): HTMLElement {
  const doc = resolveDocument(options.document);
  const id = options.id ?? idFromTitle(options.title);
  const width = options.width ?? 720;
  const { barOrder, stackOrder } = options;
  const stackLabel = (s: string): string => options.stackLabels?.[s] ?? s;
  const totalName = typeof options.totalRow === 'string' ? options.totalRow : 'All';
  const barLabel = (b: string): string => (b === TOTAL_KEY ? totalName : (options.barLabels?.[b] ?? b));
  const colourOf = (s: string): string => {
    const i = stackOrder.indexOf(s);
    return options.colours?.[i] ?? categoricalColour(i);
  };
  const format = options.formatValue ?? autoFormat(rows.map((r) => r.value));
  const formatAxis = options.formatValue ?? formatTick;

  const segments = stackSegments(rows, barOrder, stackOrder);
  const totalSegments = options.totalRow ? stackSegments(rows.map((r) => ({ ...r, bar: TOTAL_KEY })), [TOTAL_KEY], stackOrder) : [];

  // A fixed, niced x domain lets us know each segment's width in pixels before Plot draws it.
  const xMax = max(segments, (s) => s.x2) || 1;
  const labels = [...barOrder, ...(options.totalRow ? [TOTAL_KEY] : [])].map(barLabel);
  const marginLeft = clamp(marginForLabels(labels), 48, width * 0.4);
  const marginRight = 16;
  const innerWidth = width - marginLeft - marginRight;
  const x = scaleLinear().domain([0, xMax]).range([0, innerWidth]).nice(tickCount(innerWidth, 80));
  const pixels = (s: StackedSegment): number => x(s.x2) - x(s.x1);
  const rowHeight = width < 500 ? 34 : 40;
  const marginTop = 8;
  const marginBottom = 44;
  const height = options.height ?? barOrder.length * rowHeight + marginTop + marginBottom;

  const title = (s: StackedSegment): string =>
    `${barLabel(s.bar)}, ${stackLabel(s.stack)}: ${format(s.value)} (${formatPercent(s.percent)} of ${barLabel(s.bar)})`;
  const labelled = segments.filter((s) => s.value > 0 && pixels(s) >= estimateTextWidth(formatPercent(s.percent, 0), FONT_SIZE - 1) + 2 * LABEL_PADDING);

  const plot = Plot.plot({
    document: doc,
    width,
    height,
    marginLeft,
    marginRight,
    marginTop,
    marginBottom,
    style: PLOT_STYLE,
    x: { domain: x.domain(), label: options.valueLabel, grid: true, ticks: tickCount(innerWidth, 80), tickFormat: (v: number) => formatAxis(v) },
    y: { domain: barOrder, label: null, tickFormat: barLabel, padding: 0.2 },
    color: { type: 'identity' },
    marks: [
      Plot.barX(segments, { x1: 'x1', x2: 'x2', y: 'bar', fill: (s: StackedSegment) => colourOf(s.stack), stroke: '#FFFFFF', strokeWidth: 1.5, title }),
      Plot.text(labelled, {
        x: (s: StackedSegment) => (s.x1 + s.x2) / 2,
        y: 'bar',
        text: (s: StackedSegment) => formatPercent(s.percent, 0),
        fill: (s: StackedSegment) => textColourOn(colourOf(s.stack)),
        fontSize: FONT_SIZE - 1,
        fontWeight: 700,
        pointerEvents: 'none',
      }),
      Plot.ruleX([0], { stroke: TEXT_COLOUR }),
    ],
  });
  plot.classList.add('chart-svg', 'stacked-bars');
  lightenGrid(plot);

  const body = html(
    doc,
    'div',
    { class: 'stacked-bars-body' },
    legend({ items: stackOrder.map((s) => ({ label: stackLabel(s), swatch: { kind: 'fill', colour: colourOf(s) } })), document: doc }),
    options.totalRow ? totalStrip(doc, totalSegments, { width, marginLeft, marginRight }, totalName, colourOf, title, stackLabel) : null,
    plot,
  );

  type TableRow = Record<string, string | number>;
  const tableRows: TableRow[] = [...barOrder, ...(options.totalRow ? [TOTAL_KEY] : [])].map((bar) => {
    const own = [...segments, ...totalSegments].filter((s) => s.bar === bar);
    const row: TableRow = { bar: barLabel(bar), total: own[0]?.barTotal ?? 0 };
    for (const s of own) row[`stack:${s.stack}`] = s.value;
    return row;
  });
  const numberCell = (v: number): string => format(v);
  const columns: DataTableColumn<TableRow>[] = [
    { key: 'bar', label: options.barLabel ?? 'Group' },
    ...stackOrder.map((s) => ({ key: `stack:${s}`, label: stackLabel(s), numeric: true, format: numberCell })),
    { key: 'total', label: 'Total', numeric: true, format: numberCell },
  ];

  const grandTotal = segments.reduce((sum, s) => sum + s.value, 0);
  const shares = stackOrder.map((s) => {
    const value = segments.filter((g) => g.stack === s).reduce((sum, g) => sum + g.value, 0);
    return `${stackLabel(s)} ${formatPercent(grandTotal > 0 ? (value / grandTotal) * 100 : 0)}`;
  });
  const description = options.description ?? `Stacked bar chart of ${format(grandTotal)} ${options.valueLabel.toLowerCase()} in ${barOrder.length} groups. Overall: ${shares.join(', ')}.`;

  return chartFigure({
    title: options.title,
    subtitle: options.subtitle,
    description,
    source: options.source,
    id,
    document: doc,
    body,
    table: dataTable({ caption: options.title, columns, rows: tableRows, document: doc }),
  });
}
