/**
 * The data table behind every chart (GOV.UK: "a data table behind every chart"). Collapsed in a native
 * <details>, which keyboards and screen readers can open without any script.
 */

import { html, resolveDocument } from './dom';

export interface DataTableColumn<Row> {
  key: keyof Row & string;
  label: string;
  /**
   * Formats the cell value; defaults to en-GB numbers with thousands separators and text as given.
   * The value is loosely typed because one columns array mixes keys of different types; use `row` when
   * you want the checked type.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  format?: (value: any, row: Row) => string;
  /** Right-aligns the column (numbers line up by place value). */
  numeric?: boolean;
}

export interface DataTableOptions<Row> {
  /** Names the table; also used in the summary so screen reader users know which chart it belongs to. */
  caption: string;
  columns: readonly DataTableColumn<Row>[];
  rows: readonly Row[];
  /** Visible text of the toggle. */
  summary?: string;
  /** Opens the table from the start (e.g. for analysts who asked for it). */
  open?: boolean;
  document?: Document;
}

const defaultNumber = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

function defaultFormat(value: unknown): string {
  if (value === null || value === undefined) return 'not available';
  if (typeof value === 'number') return defaultNumber.format(value).replace(/^-/, '\u2212');
  return String(value);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]!);
}

export function dataTable<Row>(options: DataTableOptions<Row>): HTMLDetailsElement {
  const doc = resolveDocument(options.document);
  const { caption, columns, rows } = options;

  const headRow = html(doc, 'tr');
  for (const column of columns) {
    headRow.append(html(doc, 'th', { scope: 'col', class: column.numeric ? 'numeric' : null }, column.label));
  }

  // Built as one string and parsed at once: a table has hundreds of cells, and creating them one by
  // one was a third of the time it takes to draw a trend chart on a borough switch.
  const body = html(doc, 'tbody');
  body.innerHTML = rows
    .map((row) => {
      const cells = columns.map((column, index) => {
        const value = row[column.key];
        const text = escapeHtml(column.format ? column.format(value, row) : defaultFormat(value));
        const numeric = column.numeric ? ' class="numeric"' : '';
        // The first column names the row (a month, a borough), so it is a row header for screen readers.
        return index === 0 ? `<th scope="row"${numeric}>${text}</th>` : `<td${numeric}>${text}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('');

  const table = html(doc, 'table', { class: 'chart-table' }, html(doc, 'caption', {}, caption), html(doc, 'thead', {}, headRow), body);

  const summary = html(
    doc,
    'summary',
    { class: 'chart-table-summary' },
    options.summary ?? 'Show data table',
    // Several tables on a page would otherwise all be announced as "Show data table".
    html(doc, 'span', { class: 'visually-hidden' }, ` (Table: ${caption})`),
  );
  return html(
    doc,
    'details',
    { class: 'chart-table-details', open: options.open ?? false },
    summary,
    // Wide tables scroll inside their own box on a phone instead of widening the page.
    html(doc, 'div', { class: 'chart-table-scroll', tabindex: 0, role: 'region', 'aria-label': `Table: ${caption}` }, table),
  );
}
