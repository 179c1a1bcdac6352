/**
 * Monthly series over time: a thin line for each month's figure and a thick line for the 12-month rolling
 * average, one pair per series (a borough and London, say). Series differ by colour and dash pattern and
 * are named at the end of their lines, so no one needs to match colours to a legend.
 */

import * as Plot from '@observablehq/plot';
import { extent } from 'd3';
import { dataTable, type DataTableColumn } from './data-table';
import { html, idFromTitle, resolveDocument, svg } from './dom';
import { chartFigure } from './figure';
import { autoFormat, formatCount, formatMonth, formatRate, formatTick, monthToDate } from './format';
import { clamp, defaultHeight, dodge, FONT_SIZE, lightenGrid, marginForLabels, PLOT_STYLE, tickCount, wrapWords } from './layout';
import { legend, type LegendItem } from './legend';
import { categoricalColour, SECONDARY_TEXT, seriesDash, TEXT_COLOUR } from './palette';

export interface TrendRow {
  /** `YYYY-MM`. */
  month: string;
  series: string;
  monthly: number | null;
  /** 12-month rolling average ending this month; null for the first 11 months. */
  rolling: number | null;
}

export interface TrendTableColumns {
  month?: string;
  /** Header for a series' monthly column; defaults to "Croydon: month". */
  monthly?: (series: string) => string;
  /** Header for a series' rolling column; defaults to "Croydon: 12-month average". */
  rolling?: (series: string) => string;
}

export interface TrendChartOptions {
  title: string;
  subtitle?: string;
  /** Text summary for screen readers; defaults to the latest rolling average of each series. */
  description?: string;
  source: string;
  /** What the y axis measures, e.g. "Offences". */
  yLabel: string;
  /** First month of a break in the series (e.g. the MPS CONNECT change, `2024-02`): drawn as a rule. */
  breakMonth?: string;
  /** Several breaks: a rule at each; the label (breakNote) sits beside the last. */
  breakMonths?: readonly string[];
  /** Short label beside the rule; defaults to "Recording system changed Feb 2024". */
  breakNote?: string;
  /** Series in drawing, colour and legend order; series not listed are not drawn. */
  seriesOrder: readonly string[];
  /** Display names for series (defaults to the series value). */
  seriesLabels?: Readonly<Record<string, string>>;
  /** Formats values in tooltips and the table (and the axis); defaults suit the monthly values. */
  formatValue?: (value: number | null | undefined) => string;
  /** Formats rolling averages; defaults to whole numbers for counts of 100 or more, else one decimal. */
  formatRolling?: (value: number | null | undefined) => string;
  /** Start the y axis at zero (default true; the honest choice for counts). */
  zero?: boolean;
  width?: number;
  height?: number;
  tableColumns?: TrendTableColumns;
  id?: string;
  document?: Document;
}

const MONTHLY_STROKE = 1.25;
const ROLLING_STROKE = 3.5;
const MONTHLY_OPACITY = 0.85;
const LABEL_LINE_HEIGHT = 15;
/** The break note is secondary, but still at least 12px. */
const NOTE_SIZE = 12;

interface Point {
  date: Date;
  month: string;
  series: string;
  monthly: number | null;
  rolling: number | null;
}

function breakLabelText(month: string, note: string | undefined): string {
  return note ?? `Recording system changed ${formatMonth(month).replace(' ', '\u00a0')}`;
}

function defaultDescription(points: readonly Point[], seriesOrder: readonly string[], label: (s: string) => string, format: (n: number) => string): string {
  const parts: string[] = [];
  for (const series of seriesOrder) {
    const own = points.filter((p) => p.series === series);
    const latest = [...own].reverse().find((p) => p.rolling !== null);
    if (latest && latest.rolling !== null) {
      parts.push(`${label(series)}: 12-month average ${format(latest.rolling)} in the year to ${formatMonth(latest.month)}.`);
    }
  }
  const first = points[0]?.month;
  const last = points[points.length - 1]?.month;
  const span = first && last ? `Line chart from ${formatMonth(first)} to ${formatMonth(last)}, monthly and 12-month average. ` : '';
  return `${span}${parts.join(' ')}`.trim();
}

export function trendChart(rows: readonly TrendRow[], options: TrendChartOptions): HTMLElement {
  const doc = resolveDocument(options.document);
  const id = options.id ?? idFromTitle(options.title);
  const width = options.width ?? 720;
  const height = options.height ?? defaultHeight(width);
  const seriesOrder = options.seriesOrder;
  const label = (s: string): string => options.seriesLabels?.[s] ?? s;

  const points: Point[] = rows
    .filter((r) => seriesOrder.includes(r.series))
    .map((r) => ({ ...r, date: monthToDate(r.month) }))
    .sort((a, b) => a.month.localeCompare(b.month));
  const allValues = points.flatMap((p) => [p.monthly, p.rolling]);
  const monthlyValues = points.map((p) => p.monthly);
  const yValues = extent(allValues, (v) => v ?? undefined);
  const yExtent = yValues[0] === undefined ? null : yValues;
  const yMax = yValues[1] ?? 1;
  const breakMonths = options.breakMonths ?? (options.breakMonth ? [options.breakMonth] : []);
  const lastBreak = breakMonths.at(-1);
  const xExtent = extent([...points.map((p) => p.date), ...breakMonths.map(monthToDate)]);
  const format = options.formatValue ?? autoFormat(monthlyValues);
  // An average of counts is not a count: keep a decimal where it matters (small numbers).
  const countsOnly = monthlyValues.every((v) => v === null || Number.isInteger(v));
  const formatRolling =
    options.formatRolling ?? options.formatValue ?? (countsOnly && yMax >= 100 ? formatCount : countsOnly ? (n: number | null | undefined) => formatRate(n, 1) : format);
  // Ticks are round numbers: as many decimals as each needs ("80", "2.5"), never the fixed places a
  // value is given to ("80.0", "0.800"), which made the axis hard to read at a glance.
  const formatAxis = formatTick;

  // Room on the right for the series names at the line ends: wrapped, and narrower on a phone.
  const labelChars = Math.floor(clamp(width * 0.2, 64, 170) / (FONT_SIZE * 0.6));
  const endLabels = seriesOrder.map((s) => wrapWords(label(s), labelChars));
  const marginRight = 10 + Math.ceil(Math.max(...endLabels.flat().map((l) => l.length * FONT_SIZE * 0.6), 20));
  const marginLeft = marginForLabels([formatAxis(yMax), formatAxis(yMax * 1.2)]);
  const marginBottom = 36;
  const innerWidth = width - marginLeft - marginRight;

  // The break note sits above the plot area, beside the top of its rule, on whichever side has more
  // room, wrapped to fit that side.
  const marks: Plot.Markish[] = [];
  let noteLines = 0;
  if (lastBreak) {
    const breakDate = monthToDate(lastBreak);
    const first = points[0]?.date ?? breakDate;
    const last = points[points.length - 1]?.date ?? breakDate;
    const share = last > first ? (breakDate.getTime() - first.getTime()) / (last.getTime() - first.getTime()) : 0.5;
    const onLeft = share > 0.5;
    const room = onLeft ? share * innerWidth + marginLeft - 8 : (1 - share) * innerWidth + marginRight - 8;
    const lines = wrapWords(breakLabelText(lastBreak, options.breakNote), Math.max(10, Math.floor(room / (NOTE_SIZE * 0.6))));
    noteLines = lines.length;
    marks.push(
      Plot.ruleX(breakMonths.map(monthToDate), { stroke: SECONDARY_TEXT, strokeWidth: 1.5, strokeDasharray: '4 3' }),
      Plot.text([breakDate], {
        x: (d: Date) => d,
        frameAnchor: 'top',
        textAnchor: onLeft ? 'end' : 'start',
        lineAnchor: 'bottom',
        dx: onLeft ? 4 : -4,
        dy: -6,
        text: () => lines.join('\n'),
        fill: TEXT_COLOUR,
        fontSize: NOTE_SIZE,
      }),
    );
  }
  // Plot puts the y-axis label on the top row; the note's lines go between it and the plot area.
  const marginTop = noteLines > 0 ? 24 + noteLines * NOTE_SIZE * 1.2 : 28;
  const innerHeight = height - marginTop - marginBottom;

  seriesOrder.forEach((series, i) => {
    const own = points.filter((p) => p.series === series);
    const style = { x: 'date', stroke: categoricalColour(i), strokeDasharray: seriesDash(i) ?? undefined, strokeLinejoin: 'round' } as const;
    marks.push(
      Plot.lineY(own, { ...style, y: 'monthly', strokeWidth: MONTHLY_STROKE, strokeOpacity: MONTHLY_OPACITY }),
      Plot.lineY(own, { ...style, y: 'rolling', strokeWidth: ROLLING_STROKE }),
    );
  });
  marks.push(
    Plot.tip(
      points,
      Plot.pointer({
        x: 'date',
        y: (p: Point) => p.rolling ?? p.monthly,
        // The tip's text is written for the point under the pointer when it is shown, not for
        // every point each time the chart is drawn (hundreds, on every borough switch).
        title: (p: Point) => p,
        format: { title: (p: Point) => `${label(p.series)}, ${formatMonth(p.month)}\nMonth: ${format(p.monthly)}\n12-month average: ${formatRolling(p.rolling)}` },
        fontSize: FONT_SIZE,
      }),
    ),
  );

  const plot = Plot.plot({
    document: doc,
    width,
    height,
    marginLeft,
    marginRight,
    marginTop,
    marginBottom,
    style: PLOT_STYLE,
    // Domains given, not inferred: Plot would otherwise scan every channel of every mark for them
    // (a millisecond of each borough switch).
    x: { type: 'utc', ...(xExtent[0] ? { domain: xExtent } : {}), ticks: tickCount(innerWidth, 90), label: null },
    y: {
      label: options.yLabel,
      grid: true,
      ...(yExtent ? { domain: yExtent } : {}),
      zero: options.zero ?? true,
      nice: true,
      ticks: tickCount(innerHeight, 50),
      tickFormat: (v: number) => formatAxis(v),
    },
    marks,
  });
  plot.classList.add('chart-svg', 'trend-chart');
  lightenGrid(plot);

  // Series names at the ends of the thick lines, pushed apart where lines end close together.
  const xScale = plot.scale('x');
  const yScale = plot.scale('y');
  if (xScale && yScale) {
    const wanted = seriesOrder.map((series, i) => {
      const last = [...points].reverse().find((p) => p.series === series && (p.rolling ?? p.monthly) !== null);
      const lines = endLabels[i]!;
      return {
        last,
        lines,
        y: last ? (yScale.apply(last.rolling ?? last.monthly) as number) : marginTop,
        height: lines.length * LABEL_LINE_HEIGHT,
      };
    });
    const present = wanted.filter((w) => w.last);
    const placed = dodge(present, marginTop, height - marginBottom);
    const group = svg(doc, 'g', { class: 'trend-end-labels', 'font-size': FONT_SIZE, 'font-weight': 700 });
    present.forEach((w, j) => {
      const i = seriesOrder.indexOf(w.last!.series);
      const x = (xScale.apply(w.last!.date) as number) + 6;
      const top = placed[j]! - w.height / 2;
      const text = svg(doc, 'text', { x, y: top, fill: categoricalColour(i), 'text-anchor': 'start', 'dominant-baseline': 'hanging' });
      w.lines.forEach((line, k) => text.append(svg(doc, 'tspan', { x, dy: k === 0 ? 1 : LABEL_LINE_HEIGHT }, line)));
      group.append(text);
    });
    plot.append(group);
  }

  // Every swatch is a line as drawn: each series as its thick line; the two weights in the first
  // series' colour, dash and opacity (a grey line of its own would match nothing on the chart).
  const first = { colour: categoricalColour(0), dash: seriesDash(0) };
  const legendItems: LegendItem[] = [
    ...seriesOrder.map((s, i) => ({ label: label(s), swatch: { kind: 'line' as const, colour: categoricalColour(i), dash: seriesDash(i), strokeWidth: ROLLING_STROKE } })),
    { label: 'Thin line: each month', swatch: { kind: 'line', ...first, strokeWidth: MONTHLY_STROKE, opacity: MONTHLY_OPACITY } },
    { label: 'Thick line: 12-month average', swatch: { kind: 'line', ...first, strokeWidth: ROLLING_STROKE } },
  ];
  const body = html(doc, 'div', { class: 'trend-chart-body' }, legend({ items: legendItems, document: doc }), plot);

  const headers = options.tableColumns ?? {};
  const byMonth = new Map<string, Record<string, string | number | null>>();
  for (const p of points) {
    const row = byMonth.get(p.month) ?? { month: p.month };
    row[`${p.series}\u0000monthly`] = p.monthly;
    row[`${p.series}\u0000rolling`] = p.rolling;
    byMonth.set(p.month, row);
  }
  const monthlyCell = (v: unknown): string => format(typeof v === 'number' ? v : null);
  const rollingCell = (v: unknown): string => formatRolling(typeof v === 'number' ? v : null);
  const columns: DataTableColumn<Record<string, string | number | null>>[] = [
    { key: 'month', label: headers.month ?? 'Month', format: (v: string) => formatMonth(v) },
    ...seriesOrder.flatMap((s) => [
      { key: `${s}\u0000monthly`, label: headers.monthly?.(label(s)) ?? `${label(s)}: month`, numeric: true, format: monthlyCell },
      { key: `${s}\u0000rolling`, label: headers.rolling?.(label(s)) ?? `${label(s)}: 12-month average`, numeric: true, format: rollingCell },
    ]),
  ];

  const description =
    options.description ?? defaultDescription(points, seriesOrder, label, (n) => formatRolling(n));
  const breakSentence = lastBreak
    ? ` ${breakLabelText(lastBreak, options.breakNote)}: figures before and after ${breakMonths.length > 1 ? 'each of those months ' : ''}are not comparable.`
    : '';

  return chartFigure({
    title: options.title,
    subtitle: options.subtitle,
    description: description + breakSentence,
    source: options.source,
    id,
    document: doc,
    body,
    table: dataTable({ caption: options.title, columns, rows: [...byMonth.values()], document: doc }),
  });
}
