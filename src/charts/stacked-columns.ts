/**
 * Vertical stacked columns along an ordered axis (rolling years month by month, say): each column is a
 * total split into parts (charge, caution, other sanction). Pointing at a column shows a tip with each
 * part's count and share of the column, and the total; the data table gives the same for every column.
 * One column can be highlighted (the period chosen on the page) with an outline and its total above it.
 *
 * Each part is drawn as one path (a rectangle per column in it), not a rect per column: 56 months of
 * three parts would be 168 elements with 168 tooltips to create, style and lay out on every borough
 * switch.
 *
 * Counts can be withheld (small-number suppression), as in stackedBars: the known parts are stacked
 * from zero, then one hatched block stands for the withheld parts of a column whose total is printed.
 */

import { max, scaleLinear, type ScaleBand } from 'd3';
import { idFromTitle, estimateTextWidth, html, resolveDocument, svg } from './dom';
import { chartFigure } from './figure';
import { autoFormat, formatPercent, formatTick } from './format';
import { at, bottomBandAxis, leftAxis, plainSvg, plotBandScale } from './drawn-axes';
import { defaultHeight, FONT_SIZE, marginForLabels, tickCount } from './layout';
import { legend } from './legend';
import { categoricalColour, TEXT_COLOUR } from './palette';
import { pointerTip } from './pointer-tip';
import { shareTable } from './share-table';
import { isWithheld, layoutBars, withheldPattern, WITHHELD_KEY, type BarLayout, type Count, type DrawnSegment } from './stacked-bars';

export interface StackedColumnRow {
  column: string;
  stack: string;
  value: number;
}

/** A row whose count may be withheld. */
export interface StackedColumnCountRow {
  column: string;
  stack: string;
  value: Count;
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
  /** Each column's total to print where some of its parts are withheld (else it is withheld too). */
  totals?: Readonly<Record<string, Count>>;
  /** Words for a total withheld because parts are and none was given (default "not shown"). */
  withheldLabel?: string;
  /** Legend entry for the hatched block of withheld parts (default "Not shown (small numbers)"). */
  withheldLegend?: string;
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

export function stackedColumns(rows: readonly StackedColumnCountRow[], options: StackedColumnsOptions): HTMLElement {
  const doc = resolveDocument(options.document);
  const id = options.id ?? idFromTitle(options.title);
  const width = options.width ?? 720;
  const height = options.height ?? defaultHeight(width);
  const { columnOrder, stackOrder } = options;
  const withheldLabel = options.withheldLabel ?? 'not shown';
  const stackLabel = (s: string): string => options.stackLabels?.[s] ?? s;
  const columnName = (c: string): string => options.formatColumn?.(c) ?? c;
  const tickName = (c: string): string => options.formatTick?.(c) ?? c;
  const colourOf = (s: string): string => {
    const i = stackOrder.indexOf(s);
    return options.colours?.[i] ?? categoricalColour(i);
  };
  const patternId = `${id}-withheld`;
  const format = options.formatValue ?? autoFormat(rows.map((r) => r.value).filter((v): v is number => typeof v === 'number'));
  const formatAxis = options.formatValue ?? formatTick;
  const said = (v: Count): string => (isWithheld(v) ? v.withheld : format(v));

  const asBars = rows.map((r) => ({ bar: r.column, stack: r.stack, value: r.value }));
  const layouts = layoutBars(asBars, columnOrder, stackOrder, options.totals, withheldLabel);
  const segments = layouts.flatMap((l) => l.segments);
  const anyWithheld = layouts.some((l) => isWithheld(l.total) || l.parts.some((p) => isWithheld(p.value)));
  const yMax = max(layouts, (l) => l.extent) || 1;
  const highlight = options.highlight !== undefined && columnOrder.includes(options.highlight) ? options.highlight : undefined;
  const highlighted = highlight === undefined ? undefined : layouts.find((l) => l.bar === highlight);
  const highlightTop = highlighted?.extent ?? 0;

  const marginLeft = marginForLabels([formatAxis(yMax), formatAxis(yMax * 1.2)]);
  const lastTick = tickName(columnOrder[columnOrder.length - 1] ?? '');
  const marginRight = Math.ceil(Math.max(12, estimateTextWidth(lastTick, FONT_SIZE) / 2 - 4));
  const marginTop = highlight === undefined ? 28 : 40;
  const marginBottom = 36;
  const innerWidth = width - marginLeft - marginRight;
  const innerHeight = height - marginTop - marginBottom;

  // Thin columns get thinner gaps, so that they stay visible on a phone.
  const padding = innerWidth / Math.max(1, columnOrder.length) < 8 ? 0.06 : 0.18;
  const x = plotBandScale(columnOrder, [marginLeft, width - marginRight], padding);
  const labelWidth = Math.max(...columnOrder.map((c) => estimateTextWidth(tickName(c), FONT_SIZE)), 1) + 10;
  const step = (options.tickSteps ?? DEFAULT_STEPS).find((k) => k * x.step() >= labelWidth) ?? columnOrder.length;
  const ticks = columnTicks(columnOrder, step);

  const fillOf = (stack: string): string => (stack === WITHHELD_KEY ? `url(#${patternId})` : colourOf(stack));
  const tipText = (l: BarLayout): string => columnTip(l, { columnName, stackLabel, format: said });

  // Drawn as Plot would draw these columns (see drawn-axes.ts), without a Plot for them.
  const bottom = height - marginBottom;
  const y = scaleLinear().domain([0, yMax]).range([bottom, marginTop]).nice();
  const plot = plainSvg(doc, width, height, 'chart-svg stacked-columns');
  plot.append(
    ...leftAxis(doc, { y, ticks: y.ticks(tickCount(innerHeight, 50)), format: formatAxis, left: marginLeft, right: width - marginRight, top: marginTop, label: options.valueLabel }),
    ...bottomBandAxis(doc, { x, ticks, format: tickName, bottom }),
    columnPaths(doc, segments, x, y, { fillOf, outlined: x.bandwidth() >= 6 }),
    svg(doc, 'g', { 'aria-label': 'rule', stroke: TEXT_COLOUR, transform: at(0, 0.5) }, svg(doc, 'line', { x1: marginLeft, x2: width - marginRight, y1: y(0), y2: y(0) })),
  );
  if (highlight !== undefined && highlighted) {
    const left = x(highlight)!;
    // Keep the total's label inside the plot near either end.
    const share = (left - marginLeft) / Math.max(1, innerWidth);
    const anchor = share < 0.1 ? 'start' : share > 0.9 ? 'end' : null;
    plot.append(
      svg(
        doc,
        'g',
        { 'aria-label': 'bar', fill: 'none', stroke: TEXT_COLOUR, 'stroke-width': 2 },
        svg(doc, 'rect', { x: left - 1.5, width: x.bandwidth() + 3, y: y(highlightTop) - 1.5, height: y(0) - y(highlightTop) + 3 }),
      ),
      svg(
        doc,
        'g',
        { 'aria-label': 'text', fill: TEXT_COLOUR, 'font-size': FONT_SIZE, 'font-weight': 700, ...(anchor ? { 'text-anchor': anchor } : {}), transform: at(x.bandwidth() / 2 + 0.5, -9.5) },
        svg(doc, 'text', { y: '0.32em', transform: at(left, y(highlightTop)) }, said(highlighted.total)),
      ),
    );
  }
  plot.append(
    pointerTip(doc, plot, {
      points: layouts.map((l) => ({ x: x(l.bar)!, y: y(l.extent) })),
      offsetX: x.bandwidth() / 2,
      text: (i) => tipText(layouts[i]!),
      frame: { width, height, marginTop, marginRight, marginBottom, marginLeft },
      fontSize: FONT_SIZE,
    }),
  );
  if (anyWithheld) plot.prepend(withheldPattern(doc, patternId));

  const legendItems = stackOrder.map((s) => ({ label: stackLabel(s), swatch: { kind: 'fill' as const, colour: colourOf(s) } }));
  const body = html(
    doc,
    'div',
    { class: 'stacked-columns-body' },
    legend({
      items: anyWithheld ? [...legendItems, { label: options.withheldLegend ?? 'Not shown (small numbers)', swatch: { kind: 'hatch' as const } }] : legendItems,
      document: doc,
    }),
    plot,
  );

  const described = highlight ?? columnOrder[columnOrder.length - 1];
  const describedLayout = layouts.find((l) => l.bar === described);
  const first = columnOrder[0];
  const partSaid = (p: { stack: string; value: Count }): string => {
    if (isWithheld(p.value)) return `${stackLabel(p.stack)} ${p.value.withheld}`;
    const segment = describedLayout?.segments.find((s) => s.stack === p.stack);
    return `${stackLabel(p.stack)} ${format(p.value)}${segment?.percent === null || segment === undefined ? '' : ` (${formatPercent(segment.percent)})`}`;
  };
  const description =
    options.description ??
    (described === undefined || first === undefined || !describedLayout
      ? 'Stacked column chart with no data.'
      : `Stacked column chart of ${options.valueLabel.toLowerCase()} for ${columnOrder.length} periods, ${columnName(first)} to ${columnName(columnOrder[columnOrder.length - 1]!)}. ` +
        `${columnName(described)}: ${said(describedLayout.total)} in all; ` +
        `${describedLayout.parts.map(partSaid).join(', ')}.` +
        (anyWithheld ? ' Some counts are not shown, to protect small numbers.' : ''));

  return chartFigure({
    title: options.title,
    subtitle: options.subtitle,
    description,
    source: options.source,
    id,
    document: doc,
    body,
    table: shareTable(asBars, {
      caption: options.title,
      rowOrder: columnOrder,
      rowLabel: options.columnLabel ?? 'Period',
      formatRow: columnName,
      stackOrder,
      ...(options.stackLabels ? { stackLabels: options.stackLabels } : {}),
      formatValue: format,
      ...(options.totals ? { totals: { bars: options.totals } } : {}),
      withheldLabel,
      document: doc,
    }),
  });
}

/**
 * What the tip says about a column: its name, each part's count and share of the column in stack
 * order (words for a withheld one, and no share of a withheld total), then the total.
 */
function columnTip(
  layout: BarLayout,
  words: { columnName: (c: string) => string; stackLabel: (s: string) => string; format: (v: Count) => string },
): string {
  const lines = layout.parts.map((part) => {
    const share = layout.segments.find((s) => s.stack === part.stack)?.percent;
    return `${words.stackLabel(part.stack)}: ${words.format(part.value)}${share === null || share === undefined ? '' : ` (${formatPercent(share)})`}`;
  });
  return [words.columnName(layout.bar), ...lines, `Total: ${words.format(layout.total)}`].join('\n');
}

/**
 * The columns' segments as one path per part (and one for the withheld blocks), each column a
 * rectangle in it. A thin white outline separates the parts where columns are wide enough to keep it
 * from swallowing them.
 */
function columnPaths(
  doc: Document,
  segments: readonly DrawnSegment[],
  x: ScaleBand<string>,
  y: (value: number) => number,
  options: { fillOf: (stack: string) => string; outlined: boolean },
): SVGGElement {
  const width = x.bandwidth();
  const byPart = new Map<string, string[]>();
  for (const s of segments) {
    const left = x(s.bar);
    if (left === undefined || s.x2 <= s.x1) continue;
    // Unrounded, as Plot draws its own marks.
    const parts = byPart.get(s.stack) ?? [];
    parts.push(`M${left},${y(s.x2)}h${width}V${y(s.x1)}h${-width}Z`);
    byPart.set(s.stack, parts);
  }
  const g = svg(doc, 'g', { 'aria-label': 'columns' });
  for (const [part, rectangles] of byPart) {
    g.append(
      svg(doc, 'path', {
        'data-part': part === WITHHELD_KEY ? 'withheld' : part,
        d: rectangles.join(''),
        fill: options.fillOf(part),
        ...(options.outlined ? { stroke: '#FFFFFF', 'stroke-width': 1 } : {}),
      }),
    );
  }
  return g;
}
