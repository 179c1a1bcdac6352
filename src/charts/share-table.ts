/**
 * The data table behind a stacked chart, with each part's count AND its share of the whole bar, so the
 * percentages in the tooltips can be read (and copied) without hovering. Also stackedBarsWithShares:
 * the horizontal stacked bars with this table in place of the counts-only one.
 */

import { dataTable, type DataTableColumn } from './data-table';
import { resolveDocument } from './dom';
import { autoFormat, formatPercent } from './format';
import { stackedBars, type StackedBarRow, type StackedBarsOptions } from './stacked-bars';

export interface ShareTableOptions {
  caption: string;
  /** Table rows from top to bottom (the bars or columns of the chart). */
  rowOrder: readonly string[];
  /** Header of the first column, e.g. "Age band". */
  rowLabel?: string;
  /** Display name of each row. */
  formatRow?: (row: string) => string;
  /** Parts in column order. */
  stackOrder: readonly string[];
  stackLabels?: Readonly<Record<string, string>>;
  /** Adds a last row summing all rows, with this name. */
  totalRow?: string;
  formatValue?: (value: number | null | undefined) => string;
  document?: Document;
}

type TableRow = Record<string, string | number | null>;

/** Count and percent of the row's total for each part, then the row's total. */
export function shareTable(rows: readonly StackedBarRow[], options: ShareTableOptions): HTMLDetailsElement {
  const doc = resolveDocument(options.document);
  const stackLabel = (s: string): string => options.stackLabels?.[s] ?? s;
  const format = options.formatValue ?? autoFormat(rows.map((r) => r.value));
  const valueOf = (bar: string | null, stack: string): number =>
    rows.filter((r) => (bar === null || r.bar === bar) && r.stack === stack).reduce((sum, r) => sum + r.value, 0);

  const tableRow = (bar: string | null, name: string): TableRow => {
    const values = options.stackOrder.map((s) => valueOf(bar, s));
    const total = values.reduce((sum, v) => sum + v, 0);
    const row: TableRow = { row: name, total };
    options.stackOrder.forEach((s, i) => {
      row[`count:${s}`] = values[i]!;
      row[`share:${s}`] = total > 0 ? (100 * values[i]!) / total : null;
    });
    return row;
  };
  const tableRows = options.rowOrder.map((bar) => tableRow(bar, options.formatRow?.(bar) ?? bar));
  if (options.totalRow) tableRows.push(tableRow(null, options.totalRow));

  const columns: DataTableColumn<TableRow>[] = [
    { key: 'row', label: options.rowLabel ?? 'Group' },
    ...options.stackOrder.flatMap((s) => [
      { key: `count:${s}`, label: stackLabel(s), numeric: true, format: (v: number) => format(v) },
      { key: `share:${s}`, label: `${stackLabel(s)} (% of total)`, numeric: true, format: (v: number | null) => formatPercent(v) },
    ]),
    { key: 'total', label: 'Total', numeric: true, format: (v: number) => format(v) },
  ];
  return dataTable({ caption: options.caption, columns, rows: tableRows, document: doc });
}

/** Horizontal stacked bars (see stackedBars) whose data table gives each part's share as well as its count. */
export function stackedBarsWithShares(rows: readonly StackedBarRow[], options: StackedBarsOptions): HTMLElement {
  const figure = stackedBars(rows, options);
  const totalName = typeof options.totalRow === 'string' ? options.totalRow : options.totalRow ? 'All' : undefined;
  const table = shareTable(rows, {
    caption: options.title,
    rowOrder: options.barOrder,
    rowLabel: options.barLabel,
    formatRow: (bar) => options.barLabels?.[bar] ?? bar,
    stackOrder: options.stackOrder,
    ...(options.stackLabels ? { stackLabels: options.stackLabels } : {}),
    ...(totalName ? { totalRow: totalName } : {}),
    ...(options.formatValue ? { formatValue: options.formatValue } : {}),
    ...(options.document ? { document: options.document } : {}),
  });
  figure.querySelector(':scope > details.chart-table-details')?.replaceWith(table);
  return figure;
}
