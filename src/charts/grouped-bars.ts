/**
 * Vertical bars grouped by category (financial year, say), one bar per series within each group: e.g.
 * London's rate per 1,000 residents beside England and Wales's, year by year.
 */

import * as Plot from '@observablehq/plot';
import { max } from 'd3';
import { dataTable, type DataTableColumn } from './data-table';
import { estimateTextWidth, html, idFromTitle, resolveDocument } from './dom';
import { chartFigure } from './figure';
import { autoFormat, formatTick } from './format';
import { defaultHeight, FONT_SIZE, marginForLabels, PLOT_STYLE, tickCount, lightenGrid } from './layout';
import { legend } from './legend';
import { categoricalColour, TEXT_COLOUR } from './palette';

export interface GroupedBarRow {
  group: string;
  series: string;
  value: number;
}

export interface GroupedBarsOptions {
  title: string;
  subtitle?: string;
  /** Text summary for screen readers; defaults to the values in the latest group. */
  description?: string;
  source: string;
  /** What the bars measure, e.g. "Offences per 1,000 residents". */
  yLabel: string;
  /** Series in bar, colour and legend order. */
  seriesOrder: readonly string[];
  seriesLabels?: Readonly<Record<string, string>>;
  /** Group order along the axis; defaults to order of first appearance. */
  groupOrder?: readonly string[];
  /** Header of the table's first column, e.g. "Financial year". */
  groupLabel?: string;
  formatValue?: (value: number | null | undefined) => string;
  width?: number;
  height?: number;
  id?: string;
  document?: Document;
}

function defaultDescription(rows: readonly GroupedBarRow[], groups: readonly string[], seriesOrder: readonly string[], label: (s: string) => string, format: (n: number) => string): string {
  const latest = groups[groups.length - 1];
  if (latest === undefined) return 'Bar chart with no data.';
  const parts = seriesOrder.flatMap((s) => {
    const row = rows.find((r) => r.group === latest && r.series === s);
    return row ? [`${label(s)} ${format(row.value)}`] : [];
  });
  return `Bar chart comparing ${seriesOrder.map(label).join(' and ')} for ${groups.length} periods from ${groups[0]} to ${latest}. In ${latest}: ${parts.join('; ')}.`;
}

export function groupedBars(rows: readonly GroupedBarRow[], options: GroupedBarsOptions): HTMLElement {
  const doc = resolveDocument(options.document);
  const id = options.id ?? idFromTitle(options.title);
  const width = options.width ?? 720;
  const height = options.height ?? defaultHeight(width);
  const seriesOrder = options.seriesOrder;
  const label = (s: string): string => options.seriesLabels?.[s] ?? s;
  const drawn = rows.filter((r) => seriesOrder.includes(r.series));
  const groups = options.groupOrder ?? [...new Set(drawn.map((r) => r.group))];
  // Ticks are round numbers: only the decimals each needs ("15", not "15.00").
  const formatAxis = formatTick;
  const format = options.formatValue ?? autoFormat(drawn.map((r) => r.value));
  const yMax = max(drawn, (r) => r.value) ?? 1;

  const marginLeft = marginForLabels([formatAxis(yMax), formatAxis(yMax * 1.2)]);
  const groupLabelWidth = Math.max(...groups.map((g) => estimateTextWidth(g, FONT_SIZE)), 1) + 8;
  // The last group's label is centred under its bars and may be wider than them: keep it inside the SVG.
  const roughGroupWidth = (width - marginLeft) / Math.max(1, groups.length);
  const marginRight = Math.ceil(Math.max(8, groupLabelWidth / 2 - roughGroupWidth / 2 + 4));
  const innerWidth = width - marginLeft - marginRight;
  const innerHeight = height - 30 - 40;
  const groupWidth = innerWidth / Math.max(1, groups.length);
  const barWidth = (groupWidth * 0.85) / Math.max(1, seriesOrder.length);

  // On a narrow screen, name every k-th group only (always including the latest) so labels never collide.
  const every = Math.max(1, Math.ceil(groupLabelWidth / groupWidth));
  const tickGroups = groups.filter((_, i) => (groups.length - 1 - i) % every === 0);

  // Values above the bars only when every label fits its bar's width; the table always has them.
  const showValues = drawn.every((r) => estimateTextWidth(format(r.value), FONT_SIZE - 1) <= barWidth + 4);

  const colour = (s: string): string => categoricalColour(seriesOrder.indexOf(s));
  const title = (r: GroupedBarRow): string => `${label(r.series)}, ${r.group}: ${format(r.value)}`;
  const marks: Plot.Markish[] = [
    Plot.barY(drawn, { fx: 'group', x: 'series', y: 'value', fill: (r: GroupedBarRow) => colour(r.series), title }),
    Plot.ruleY([0], { stroke: TEXT_COLOUR }),
  ];
  if (showValues) {
    marks.push(
      Plot.text(drawn, { fx: 'group', x: 'series', y: 'value', text: (r: GroupedBarRow) => format(r.value), dy: -8, fontSize: FONT_SIZE - 1, fill: TEXT_COLOUR }),
    );
  }

  const plot = Plot.plot({
    document: doc,
    width,
    height,
    marginLeft,
    marginRight,
    marginTop: 30,
    marginBottom: 40,
    style: PLOT_STYLE,
    fx: { domain: groups, label: null, ticks: tickGroups, padding: 0.15 },
    x: { domain: seriesOrder, axis: null, padding: 0.05 },
    y: { label: options.yLabel, grid: true, nice: true, ticks: tickCount(innerHeight, 50), tickFormat: (v: number) => formatAxis(v) },
    color: { type: 'identity' },
    marks,
  });
  plot.classList.add('chart-svg', 'grouped-bars');
  lightenGrid(plot);

  const body = html(
    doc,
    'div',
    { class: 'grouped-bars-body' },
    legend({ items: seriesOrder.map((s, i) => ({ label: label(s), swatch: { kind: 'fill', colour: categoricalColour(i) } })), document: doc }),
    plot,
  );

  type TableRow = Record<string, string | number | null>;
  const tableRows: TableRow[] = groups.map((g) => {
    const row: TableRow = { group: g };
    for (const s of seriesOrder) row[`series:${s}`] = drawn.find((r) => r.group === g && r.series === s)?.value ?? null;
    return row;
  });
  const columns: DataTableColumn<TableRow>[] = [
    { key: 'group', label: options.groupLabel ?? 'Period' },
    ...seriesOrder.map((s) => ({ key: `series:${s}`, label: label(s), numeric: true, format: (v: number | null) => format(v) })),
  ];

  return chartFigure({
    title: options.title,
    subtitle: options.subtitle,
    description: options.description ?? defaultDescription(drawn, groups, seriesOrder, label, (n) => format(n)),
    source: options.source,
    id,
    document: doc,
    body,
    table: dataTable({ caption: options.title, columns, rows: tableRows, document: doc }),
  });
}
