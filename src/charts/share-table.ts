/**
 * The data table behind a stacked chart, with each part's count AND its share of the whole bar, so the
 * percentages in the tooltips can be read (and copied) without hovering. Also stackedBarsWithShares:
 * the horizontal stacked bars with this table in place of the counts-only one.
 */

import { dataTable, type DataTableColumn } from './data-table';
import { resolveDocument } from './dom';
import { autoFormat, formatPercent } from './format';
import { isWithheld, partCounts, stackedBars, type Count, type StackedBarsOptions, type StackedCountRow, type StackedTotals } from './stacked-bars';

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
  /** Totals to print where counts are withheld (see stackedBars); `bars` are the rows' totals. */
  totals?: StackedTotals;
  /** Words for a total withheld because parts are (default "not shown"); also the share of a withheld count. */
  withheldLabel?: string;
  document?: Document;
}

type TableRow = Record<string, string | number | null | Count>;

/**
 * Count and percent of the row's total for each part, then the row's total. A withheld count is
 * printed as its words; a share is printed only where the count and the row's total both are.
 */
export function shareTable(rows: readonly StackedCountRow[], options: ShareTableOptions): HTMLDetailsElement {
  const doc = resolveDocument(options.document);
  const stackLabel = (s: string): string => options.stackLabels?.[s] ?? s;
  const withheldLabel = options.withheldLabel ?? 'not shown';
  const format = options.formatValue ?? autoFormat(rows.map((r) => r.value).filter((v): v is number => typeof v === 'number'));
  const said = (v: Count): string => (isWithheld(v) ? v.withheld : format(v));
  const sum = (values: readonly Count[]): Count =>
    values.every((v): v is number => typeof v === 'number') ? values.reduce((a, v) => a + v, 0) : { withheld: withheldLabel };
  const valueOf = partCounts(rows);
  const partsOf = (bar: string) => options.stackOrder.map((s) => valueOf(bar, s));

  const tableRow = (name: string, values: readonly Count[], total: Count): TableRow => {
    const row: TableRow = { row: name, total };
    options.stackOrder.forEach((s, i) => {
      const value = values[i]!;
      row[`count:${s}`] = value;
      row[`share:${s}`] = typeof value === 'number' && typeof total === 'number' ? (total > 0 ? (100 * value) / total : null) : withheldLabel;
    });
    return row;
  };
  const tableRows = options.rowOrder.map((bar) => {
    const values = partsOf(bar);
    return tableRow(options.formatRow?.(bar) ?? bar, values, options.totals?.bars?.[bar] ?? sum(values));
  });
  if (options.totalRow) {
    const values = options.stackOrder.map((s) => options.totals?.stacks?.[s] ?? sum(rows.filter((r) => r.stack === s).map((r) => r.value)));
    tableRows.push(tableRow(options.totalRow, values, options.totals?.all ?? sum(values)));
  }

  const columns: DataTableColumn<TableRow>[] = [
    { key: 'row', label: options.rowLabel ?? 'Group' },
    ...options.stackOrder.flatMap((s) => [
      { key: `count:${s}`, label: stackLabel(s), numeric: true, format: (v: Count) => said(v) },
      { key: `share:${s}`, label: `${stackLabel(s)} (% of total)`, numeric: true, format: (v: number | null | string) => (typeof v === 'string' ? v : formatPercent(v)) },
    ]),
    { key: 'total', label: 'Total', numeric: true, format: (v: Count) => said(v) },
  ];
  return dataTable({ caption: options.caption, columns, rows: tableRows, document: doc });
}

/** Horizontal stacked bars (see stackedBars) whose data table gives each part's share as well as its count. */
export function stackedBarsWithShares(rows: readonly StackedCountRow[], options: StackedBarsOptions): HTMLElement {
  const totalName = typeof options.totalRow === 'string' ? options.totalRow : options.totalRow ? 'All' : undefined;
  return stackedBars(rows, options, () =>
    shareTable(rows, {
      caption: options.title,
      rowOrder: options.barOrder,
      rowLabel: options.barLabel,
      formatRow: (bar) => options.barLabels?.[bar] ?? bar,
      stackOrder: options.stackOrder,
      ...(options.stackLabels ? { stackLabels: options.stackLabels } : {}),
      ...(totalName ? { totalRow: totalName } : {}),
      ...(options.formatValue ? { formatValue: options.formatValue } : {}),
      ...(options.totals ? { totals: options.totals } : {}),
      ...(options.withheldLabel ? { withheldLabel: options.withheldLabel } : {}),
      ...(options.document ? { document: options.document } : {}),
    }),
  );
}
