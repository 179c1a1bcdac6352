/**
 * Vertical stacked columns along an ordered axis (rolling years month by month, say): each column is a
 * total split into parts (charge, caution, other sanction). Every part has a tooltip with its count and
 * its share of the column; the data table gives both for every column. One column can be highlighted
 * (the period chosen on the page) with an outline and its total above it.
 */

import * as Plot from '@observablehq/plot';
import { max, scaleBand } from 'd3';
import { idFromTitle, estimateTextWidth, html, resolveDocument } from './dom';
import { chartFigure } from './figure';
import { autoFormat, formatPercent, formatTick } from './format';
import { defaultHeight, FONT_SIZE, lightenGrid, marginForLabels, PLOT_STYLE, tickCount } from './layout';
import { legend } from './legend';
import { categoricalColour, TEXT_COLOUR } from './palette';
import { shareTable } from './share-table';
import { stackSegments, type StackedSegment } from './stacked-bars';

export interface StackedColumnRow {
  column: string;
  stack: string;
  value: number;
}

export interface StackedColumnsOptions {
  title: string;
  subtitle?: string;
  /** Text summary for screen readers; defaults to the split of the highlighted (else the last) column. */
  description?: string;
  source: string;
  /** Columns from left to right. */
  columnOrder: readonly string[];
  /** Name of a column in tooltips, the table and the summary, e.g. "12 months to Oct 2026". */
  formatColumn?: (column: string) => string;
  /** Short name of a column on the axis, e.g. "Oct 2026". */
  formatTick?: (column: string) => string;
  /**
   * Allowed distances between named columns on the axis, smallest first; the smallest whose labels do
   * not collide is used, counting back from the last column (default: 1, 2, 3, 6, 12, 24, 36, 60, so
   * monthly columns are named every 6 or 12 months).
   */
  tickSteps?: readonly number[];
  /** Header of the table's first column, e.g. "Rolling year". */
  columnLabel?: string;
  /** Parts from the bottom up, in colour and legend order. */
  stackOrder: readonly string[];
  stackLabels?: Readonly<Record<string, string>>;
  colours?: readonly string[];
  /** What the column height measures, e.g. "People proceeded against". */
  valueLabel: string;
  /** A column to outline and label with its total. */
  highlight?: string;
  formatValue?: (value: number | null | undefined) => string;
  width?: number;
  height?: number;
  id?: string;
  document?: Document;
}

const DEFAULT_STEPS = [1, 2, 3, 6, 12, 24, 36, 60];

/** Columns to name on the axis: every `step`-th counting back from the last, so the latest is named. */
export function columnTicks(columns: readonly string[], step: number): string[] {
  return columns.filter((_, i) => (columns.length - 1 - i) % step === 0);
}

export function stackedColumns(rows: readonly StackedColumnRow[], options: StackedColumnsOptions): HTMLElement {
  const doc = resolveDocument(options.document);
  const id = options.id ?? idFromTitle(options.title);
  const width = options.width ?? 720;
  const height = options.height ?? defaultHeight(width);
  const { columnOrder, stackOrder } = options;
  const stackLabel = (s: string): string => options.stackLabels?.[s] ?? s;
  const columnName = (c: string): string => options.formatColumn?.(c) ?? c;
  const tickName = (c: string): string => options.formatTick?.(c) ?? c;
  const colourOf = (s: string): string => {
    const i = stackOrder.indexOf(s);
    return options.colours?.[i] ?? categoricalColour(i);
  };
  const format = options.formatValue ?? autoFormat(rows.map((r) => r.value));
  const formatAxis = options.formatValue ?? formatTick;

  const segments = stackSegments(
    rows.map((r) => ({ bar: r.column, stack: r.stack, value: r.value })),
    columnOrder,
    stackOrder,
  );
  const yMax = max(segments, (s) => s.x2) || 1;
  const highlight = options.highlight !== undefined && columnOrder.includes(options.highlight) ? options.highlight : undefined;
  const highlightTotal = highlight === undefined ? 0 : (segments.find((s) => s.bar === highlight)?.barTotal ?? 0);

  const marginLeft = marginForLabels([formatAxis(yMax), formatAxis(yMax * 1.2)]);
  const lastTick = tickName(columnOrder[columnOrder.length - 1] ?? '');
  const marginRight = Math.ceil(Math.max(12, estimateTextWidth(lastTick, FONT_SIZE) / 2 - 4));
  const marginTop = highlight === undefined ? 28 : 40;
  const marginBottom = 36;
  const innerWidth = width - marginLeft - marginRight;
  const innerHeight = height - marginTop - marginBottom;

  // Thin columns get thinner gaps, so that they stay visible on a phone.
  const padding = innerWidth / Math.max(1, columnOrder.length) < 8 ? 0.06 : 0.18;
  const band = scaleBand<string>().domain(columnOrder).range([0, innerWidth]).padding(padding);
  const labelWidth = Math.max(...columnOrder.map((c) => estimateTextWidth(tickName(c), FONT_SIZE)), 1) + 10;
  const step = (options.tickSteps ?? DEFAULT_STEPS).find((k) => k * band.step() >= labelWidth) ?? columnOrder.length;
  const ticks = columnTicks(columnOrder, step);

  const title = (s: StackedSegment): string =>
    `${columnName(s.bar)}, ${stackLabel(s.stack)}: ${format(s.value)} (${formatPercent(s.percent)} of ${format(s.barTotal)})`;

  const marks: Plot.Markish[] = [
    Plot.barY(segments, {
      x: 'bar',
      y1: 'x1',
      y2: 'x2',
      fill: (s: StackedSegment) => colourOf(s.stack),
      stroke: band.bandwidth() >= 6 ? '#FFFFFF' : 'none',
      strokeWidth: 1,
      title,
    }),
    Plot.ruleY([0], { stroke: TEXT_COLOUR }),
  ];
  if (highlight !== undefined) {
    // Keep the total's label inside the plot near either end.
    const share = (band(highlight) ?? 0) / Math.max(1, innerWidth);
    const anchor = share < 0.1 ? 'start' : share > 0.9 ? 'end' : 'middle';
    marks.push(
      Plot.barY([highlight], {
        x: (c: string) => c,
        y1: 0,
        y2: highlightTotal,
        fill: 'none',
        stroke: TEXT_COLOUR,
        strokeWidth: 2,
        inset: -1.5,
      }),
      Plot.text([highlight], {
        x: (c: string) => c,
        y: highlightTotal,
        text: () => format(highlightTotal),
        dy: -10,
        textAnchor: anchor,
        fontSize: FONT_SIZE,
        fontWeight: 700,
        fill: TEXT_COLOUR,
      }),
    );
  }

  const plot = Plot.plot({
    document: doc,
    width,
    height,
    marginLeft,
    marginRight,
    marginTop,
    marginBottom,
    style: PLOT_STYLE,
    x: { type: 'band', domain: columnOrder, padding, label: null, ticks, tickFormat: tickName },
    y: { label: options.valueLabel, domain: [0, yMax], grid: true, nice: true, ticks: tickCount(innerHeight, 50), tickFormat: (v: number) => formatAxis(v) },
    color: { type: 'identity' },
    marks,
  });
  plot.classList.add('chart-svg', 'stacked-columns');
  lightenGrid(plot);

  const body = html(
    doc,
    'div',
    { class: 'stacked-columns-body' },
    legend({ items: stackOrder.map((s) => ({ label: stackLabel(s), swatch: { kind: 'fill', colour: colourOf(s) } })), document: doc }),
    plot,
  );

  const described = highlight ?? columnOrder[columnOrder.length - 1];
  const describedSegments = segments.filter((s) => s.bar === described);
  const first = columnOrder[0];
  const description =
    options.description ??
    (described === undefined || first === undefined
      ? 'Stacked column chart with no data.'
      : `Stacked column chart of ${options.valueLabel.toLowerCase()} for ${columnOrder.length} periods, ${columnName(first)} to ${columnName(columnOrder[columnOrder.length - 1]!)}. ` +
        `${columnName(described)}: ${format(describedSegments[0]?.barTotal ?? 0)} in all; ` +
        `${describedSegments.map((s) => `${stackLabel(s.stack)} ${format(s.value)} (${formatPercent(s.percent)})`).join(', ')}.`);

  return chartFigure({
    title: options.title,
    subtitle: options.subtitle,
    description,
    source: options.source,
    id,
    document: doc,
    body,
    table: shareTable(
      rows.map((r) => ({ bar: r.column, stack: r.stack, value: r.value })),
      {
        caption: options.title,
        rowOrder: columnOrder,
        rowLabel: options.columnLabel ?? 'Period',
        formatRow: columnName,
        stackOrder,
        ...(options.stackLabels ? { stackLabels: options.stackLabels } : {}),
        formatValue: format,
        document: doc,
      },
    ),
  });
}
