/**
 * Small multiples: one small line chart per measure, stacked on a shared time axis, each comparing
 * the same series (e.g. a borough and London). Used where every value is already a 12-month figure
 * (repeat victimisation), so there is one line per series and no monthly/rolling pair.
 */
import * as Plot from '@observablehq/plot';
import { extent, max } from 'd3';
import { dataTable, type DataTableColumn } from './data-table';
import { html, idFromTitle, resolveDocument } from './dom';
import { chartFigure } from './figure';
import { formatMonth, formatTick, monthToDate } from './format';
import { FONT_SIZE, lightenGrid, marginForLabels, PLOT_STYLE, tickCount } from './layout';
import { legend } from './legend';
import { categoricalColour, seriesDash } from './palette';

/** The space between panels side by side (charts.css, .line-panels--columns). */
const PANEL_GAP = 16;

export interface LinePanelRow {
  /** `YYYY-MM`. */
  month: string;
  series: string;
  /** One value per panel key; null where there is none. */
  values: Readonly<Record<string, number | null>>;
}

export interface LinePanel {
  key: string;
  /** Panel heading, e.g. "Repeat victims". */
  title: string;
  /** What the y axis measures, e.g. "Victims". */
  yLabel: string;
  format: (value: number | null | undefined) => string;
  /** False for a measure shown in the data table only (e.g. the count behind a rate). */
  chart?: boolean;
}

export interface LinePanelsOptions {
  title: string;
  subtitle?: string;
  description?: string;
  source: string;
  panels: readonly LinePanel[];
  seriesOrder: readonly string[];
  /** Vertical rule at a month, e.g. a change in recording, with a short label. */
  breakMonth?: string;
  /** Several breaks: a rule at each (breakNote names them). */
  breakMonths?: readonly string[];
  breakNote?: string;
  width?: number;
  /** Height of each panel. */
  panelHeight?: number;
  /**
   * Panels side by side rather than one above another (a slide wider than tall): each is drawn for its
   * share of the width. Default 1.
   */
  columns?: number;
  id?: string;
  document?: Document;
}

interface Point {
  date: Date;
  month: string;
  series: string;
  value: number | null;
}

function defaultDescription(rows: readonly LinePanelRow[], options: LinePanelsOptions): string {
  const last = rows.at(-1)?.month;
  if (!last) return 'No data.';
  const parts = options.panels.map((panel) => {
    const latest = options.seriesOrder
      .map((s) => rows.find((r) => r.month === last && r.series === s))
      .filter((r): r is LinePanelRow => r !== undefined)
      .map((r) => `${r.series} ${panel.format(r.values[panel.key])}`);
    return `${panel.title}: ${latest.join(', ')}.`;
  });
  return `Line charts from ${formatMonth(rows[0]!.month)} to ${formatMonth(last)}. In the 12 months to ${formatMonth(last)}: ${parts.join(' ')}`;
}

export function linePanels(rows: readonly LinePanelRow[], options: LinePanelsOptions): HTMLElement {
  const doc = resolveDocument(options.document);
  const id = options.id ?? idFromTitle(options.title);
  const width = options.width ?? 720;
  const across = Math.max(1, Math.floor(options.columns ?? 1));
  // Side by side, each panel has its share of the width, less the gap between them (charts.css).
  const panelWidth = across > 1 ? Math.floor((width - (across - 1) * PANEL_GAP) / across) : width;
  const panelHeight = options.panelHeight ?? Math.round(Math.min(240, Math.max(170, width * 0.28)));
  const drawn = rows.filter((r) => options.seriesOrder.includes(r.series));
  // One shared time axis: every panel gets the same x domain, so months line up down the page.
  const xDomain = extent(drawn, (r) => monthToDate(r.month)) as [Date, Date];

  const breakMonths = options.breakMonths ?? (options.breakMonth ? [options.breakMonth] : []);
  const charted = options.panels.filter((panel) => panel.chart !== false);
  const pointsFor = (panel: LinePanel): Point[] =>
    drawn.map((r) => ({ date: monthToDate(r.month), month: r.month, series: r.series, value: r.values[panel.key] ?? null }));
  const pointsOf = charted.map(pointsFor);
  // One left margin for every panel, so the same month sits at the same x all the way down.
  const marginLeft = Math.max(
    ...charted.map((panel, i) => {
      const yMax = max(pointsOf[i]!, (p) => p.value ?? undefined) ?? 1;
      return marginForLabels([formatTick(yMax), formatTick(yMax * 1.2)]);
    }),
  );
  const panels = charted.map((panel, i) => {
    const points = pointsOf[i]!;
    const marks: Plot.Markish[] = [];
    const rules = breakMonths.filter((m) => xDomain[0] && monthToDate(m) >= xDomain[0]);
    if (rules.length > 0) marks.push(Plot.ruleX(rules.map(monthToDate), { stroke: '#505a5f', strokeWidth: 1.5, strokeDasharray: '4 3' }));
    options.seriesOrder.forEach((series, i) => {
      marks.push(
        Plot.lineY(points.filter((p) => p.series === series), {
          x: 'date',
          y: 'value',
          stroke: categoricalColour(i),
          strokeDasharray: seriesDash(i) ?? undefined,
          strokeWidth: 2.5,
          strokeLinejoin: 'round',
        }),
      );
    });
    marks.push(
      Plot.tip(
        points,
        Plot.pointer({
          x: 'date',
          y: 'value',
          // Written for the point under the pointer when shown, not for every point on each draw.
          title: (p: Point) => p,
          format: { title: (p: Point) => `${p.series}, 12 months to ${formatMonth(p.month)}\n${panel.title}: ${panel.format(p.value)}` },
          fontSize: FONT_SIZE,
        }),
      ),
    );
    // Ticks are round numbers: only the decimals each needs ("1.5", not "1.50"); values keep the panel's format.
    const plot = Plot.plot({
      document: doc,
      width: panelWidth,
      height: panelHeight,
      marginLeft,
      marginRight: 16,
      marginTop: across > 1 ? 10 : 28,
      marginBottom: 30,
      style: PLOT_STYLE,
      x: { type: 'utc', domain: xDomain, ticks: Math.max(across > 1 ? 2 : 3, tickCount(panelWidth - marginLeft - 16, 90)), label: null },
      // Side by side, a panel is too narrow for its axis label: its heading (the same words) names it.
      y: { label: across > 1 ? null : panel.yLabel, grid: true, zero: true, nice: true, ticks: tickCount(panelHeight - 58, 40), tickFormat: (v: number) => formatTick(v) },
      marks,
    });
    plot.classList.add('line-panel-svg');
    plot.setAttribute('role', 'img');
    lightenGrid(plot);
    return html(doc, 'section', { class: 'line-panel' }, html(doc, 'h4', { class: 'line-panel__title' }, panel.title), plot);
  });

  const breakItem =
    breakMonths.length > 0
      ? [{ label: options.breakNote ?? `Recording changed ${breakMonths.map(formatMonth).join(', ')}`, swatch: { kind: 'line' as const, colour: '#505a5f', dash: '4 3' } }]
      : [];
  const body = html(
    doc,
    'div',
    { class: `line-panels${across > 1 ? ` line-panels--columns line-panels--${across}` : ''}` },
    legend({
      items: [
        ...options.seriesOrder.map((s, i) => ({ label: s, swatch: { kind: 'line' as const, colour: categoricalColour(i), dash: seriesDash(i) } })),
        ...breakItem,
      ],
      document: doc,
    }),
    ...panels,
  );

  // The table: one row per month, a column per series and measure.
  type TableRow = Record<string, string | number | null>;
  const byMonth = new Map<string, TableRow>();
  for (const r of drawn) {
    const row = byMonth.get(r.month) ?? { month: r.month };
    for (const panel of options.panels) row[`${r.series}\u0000${panel.key}`] = r.values[panel.key] ?? null;
    byMonth.set(r.month, row);
  }
  const columns: DataTableColumn<TableRow>[] = [
    { key: 'month', label: '12 months to', format: (v: string) => formatMonth(v) },
    ...options.seriesOrder.flatMap((s) =>
      options.panels.map((panel) => ({
        key: `${s}\u0000${panel.key}`,
        label: `${s}: ${panel.title.toLowerCase()}`,
        numeric: true,
        format: (v: unknown) => panel.format(typeof v === 'number' ? v : null),
      })),
    ),
  ];
  const table = dataTable({
    caption: options.title,
    columns,
    rows: [...byMonth.values()].sort((a, b) => String(b.month).localeCompare(String(a.month))),
    document: doc,
  });

  const figure = chartFigure({
    title: options.title,
    ...(options.subtitle ? { subtitle: options.subtitle } : {}),
    description: options.description ?? defaultDescription(drawn, options),
    source: options.source,
    body,
    table,
    id,
    document: doc,
  });
  // chartFigure names the first picture after the whole figure; each panel keeps its own name.
  figure.querySelectorAll('svg.line-panel-svg').forEach((plot, i) => {
    plot.setAttribute('aria-label', `${charted[i]!.title}: line chart, ${options.seriesOrder.join(' and ')}`);
  });
  return figure;
}
