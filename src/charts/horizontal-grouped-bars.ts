/**
 * Horizontal bars in groups: a heading for each group (an offence category, say) with one bar per series
 * under it (recorded offences and people proceeded against; or London and a borough). Each bar is named
 * at its left and its value is printed at its end, so nothing is carried by colour alone and long group
 * names fit a phone (they sit above their bars, not beside them).
 */

import { max, scaleBand, scaleLinear } from 'd3';
import { dataTable, type DataTableColumn } from './data-table';
import { estimateTextWidth, html, idFromTitle, resolveDocument, svg } from './dom';
import { chartFigure } from './figure';
import { autoFormat, NOT_AVAILABLE } from './format';
import { at, bandLabels, bottomAxis, plainSvg, zeroRule } from './drawn-axes';
import { clamp, FONT_SIZE, tickCount, wrapWords } from './layout';
import { categoricalColour, SECONDARY_TEXT, TEXT_COLOUR } from './palette';

export interface HorizontalBarRow {
  group: string;
  series: string;
  /** Null when there is no figure: the bar is left out and "not available" printed in its place. */
  value: number | null;
}

export interface ExtraTableColumn {
  label: string;
  /** Value for each group. */
  values: Readonly<Record<string, number | null>>;
  format?: (value: number | null | undefined) => string;
}

export interface HorizontalGroupedBarsOptions {
  title: string;
  subtitle?: string;
  /** Text summary for screen readers; defaults to every value. */
  description?: string;
  source: string;
  /** What the bar length measures, e.g. "People per 100 recorded offences". */
  valueLabel: string;
  /** Groups from top to bottom. */
  groupOrder: readonly string[];
  groupLabels?: Readonly<Record<string, string>>;
  /** Bars within a group from top to bottom, in colour order. */
  seriesOrder: readonly string[];
  seriesLabels?: Readonly<Record<string, string>>;
  /** Colours per series, in seriesOrder; defaults to the categorical palette. */
  colours?: readonly string[];
  /** Header of the table's first column, e.g. "Category". */
  groupLabel?: string;
  /** More columns for the data table only (e.g. a rate computed from the two series). */
  extraColumns?: readonly ExtraTableColumn[];
  formatValue?: (value: number | null | undefined) => string;
  width?: number;
  /** The height to draw at (a presentation slide); by default, from the number of bars. Never so low that labels overlap. */
  height?: number;
  id?: string;
  document?: Document;
}

const LINE_HEIGHT = 15;
/** The least a row may have: a line of 13 px labels with a little room. */
const MIN_ROW = 16;
const GROUP_KEY = '\u0000group';

/** The band key of a group's heading row, and of one of its bars. */
const headingKey = (group: string): string => `${group}${GROUP_KEY}`;
const barKey = (group: string, series: string): string => `${group}\u0001${series}`;

export function horizontalGroupedBars(rows: readonly HorizontalBarRow[], options: HorizontalGroupedBarsOptions): HTMLElement {
  const doc = resolveDocument(options.document);
  const id = options.id ?? idFromTitle(options.title);
  const width = options.width ?? 720;
  const { groupOrder, seriesOrder } = options;
  const groupName = (g: string): string => options.groupLabels?.[g] ?? g;
  const seriesName = (s: string): string => options.seriesLabels?.[s] ?? s;
  const colour = (s: string): string => {
    const i = seriesOrder.indexOf(s);
    return options.colours?.[i] ?? categoricalColour(i);
  };
  const drawn = rows.filter((r) => groupOrder.includes(r.group) && seriesOrder.includes(r.series));
  const format = options.formatValue ?? autoFormat(drawn.map((r) => r.value));
  const said = (value: number | null): string => (value === null ? NOT_AVAILABLE : format(value));
  const valueOf = (group: string, series: string): number | null =>
    drawn.find((r) => r.group === group && r.series === series)?.value ?? null;

  // Series names at the left, wrapped to at most a third of the width; on a slide of fixed height
  // (options.height) a little more, as a name on two lines doubles the height of every bar's row.
  const maxLabelWidth = Math.max(60, width * (options.height ? 0.42 : 0.34));
  const seriesLines = new Map(seriesOrder.map((s) => [s, wrapWords(seriesName(s), Math.floor(maxLabelWidth / (FONT_SIZE * 0.6)))]));
  const widestLine = Math.max(...[...seriesLines.values()].flat().map((l) => estimateTextWidth(l, FONT_SIZE)), 20);
  const marginLeft = Math.ceil(clamp(widestLine + 14, 48, maxLabelWidth + 14));
  const mostLines = Math.max(1, ...[...seriesLines.values()].map((lines) => lines.length));
  const rowHeight = Math.max(width < 500 ? 26 : 30, mostLines * LINE_HEIGHT + 8);

  // Room at the right for the longest value printed at the end of the longest bar.
  const marginRight = Math.ceil(Math.max(...drawn.map((r) => estimateTextWidth(said(r.value), FONT_SIZE)), 20) + 12);
  const innerWidth = width - marginLeft - marginRight;
  const xMax = max(drawn, (r) => r.value ?? 0) || 1;
  const x = scaleLinear().domain([0, xMax]).range([0, innerWidth]).nice(tickCount(innerWidth, 80));

  const keys = groupOrder.flatMap((g) => [headingKey(g), ...seriesOrder.map((s) => barKey(g, s))]);
  const marginTop = 8;
  const marginBottom = 44;
  const height = Math.max(keys.length * Math.max(MIN_ROW, mostLines * (LINE_HEIGHT - 1)) + marginTop + marginBottom, options.height ?? keys.length * rowHeight + marginTop + marginBottom);

  const tickLabel = (key: string): string => {
    if (key.endsWith(GROUP_KEY)) return '';
    const series = key.slice(key.indexOf('\u0001') + 1);
    return (seriesLines.get(series) ?? [series]).join('\n');
  };

  // Drawn as Plot would draw these bars (see drawn-axes.ts), without a Plot for them.
  const y = scaleBand<string>().domain(keys).range([marginTop, height - marginBottom]).paddingInner(0.2).paddingOuter(0.05).round(true);
  const px = (v: number): number => marginLeft + x(v);
  const middle = y.bandwidth() / 2;
  const rects = svg(doc, 'g', { 'aria-label': 'bar' });
  const values = svg(doc, 'g', { 'aria-label': 'text', 'text-anchor': 'start', 'font-size': FONT_SIZE, transform: at(5.5, middle + 0.5) });
  for (const r of drawn) {
    const top = y(barKey(r.group, r.series))!;
    if (r.value !== null) {
      const tooltip = `${groupName(r.group)}, ${seriesName(r.series)}: ${said(r.value)}`;
      rects.append(svg(doc, 'rect', { x: px(0), width: px(r.value) - px(0), y: top, height: y.bandwidth(), fill: colour(r.series) }, svg(doc, 'title', {}, tooltip)));
    }
    values.append(svg(doc, 'text', { y: '0.32em', transform: at(px(r.value ?? 0), top), fill: r.value === null ? SECONDARY_TEXT : TEXT_COLOUR }, said(r.value)));
  }
  // Group headings across the full width, from the left edge of the chart.
  const headings = svg(doc, 'g', { 'aria-label': 'text', fill: TEXT_COLOUR, 'text-anchor': 'start', 'font-size': FONT_SIZE + 1, 'font-weight': 700, transform: at(0.5, middle + 0.5) });
  for (const g of groupOrder) headings.append(svg(doc, 'text', { y: '0.32em', transform: at(0, y(headingKey(g))!) }, groupName(g)));
  const plot = plainSvg(doc, width, height, 'chart-svg horizontal-grouped-bars');
  plot.append(
    ...bandLabels(doc, { y, left: marginLeft, label: tickLabel, tickMarks: false }),
    ...bottomAxis(doc, { x: px, ticks: x.ticks(tickCount(innerWidth, 80)), top: marginTop, bottom: height - marginBottom, width, height, label: options.valueLabel }),
    rects,
    values,
    headings,
    zeroRule(doc, px(0), marginTop, height - marginBottom),
  );

  const body = html(doc, 'div', { class: 'horizontal-grouped-bars-body' }, plot);

  type TableRow = Record<string, string | number | null>;
  const tableRows: TableRow[] = groupOrder.map((g) => {
    const row: TableRow = { group: groupName(g) };
    for (const s of seriesOrder) row[`series:${s}`] = valueOf(g, s);
    (options.extraColumns ?? []).forEach((column, i) => (row[`extra:${i}`] = column.values[g] ?? null));
    return row;
  });
  const columns: DataTableColumn<TableRow>[] = [
    { key: 'group', label: options.groupLabel ?? 'Group' },
    ...seriesOrder.map((s) => ({ key: `series:${s}`, label: seriesName(s), numeric: true, format: (v: number | null) => format(v) })),
    ...(options.extraColumns ?? []).map((column, i) => ({
      key: `extra:${i}`,
      label: column.label,
      numeric: true,
      format: (v: number | null) => (column.format ?? format)(v),
    })),
  ];

  const description =
    options.description ??
    `Bar chart of ${options.valueLabel.toLowerCase()}. ` +
      groupOrder.map((g) => `${groupName(g)}: ${seriesOrder.map((s) => `${seriesName(s)} ${format(valueOf(g, s))}`).join(', ')}.`).join(' ');

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
