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

  const body = html(doc, 'tbody');
  const table = html(doc, 'table', { class: 'chart-table' }, html(doc, 'caption', {}, caption), html(doc, 'thead', {}, headRow), body);

  const summary = html(
    doc,
    'summary',
    { class: 'chart-table-summary' },
    options.summary ?? 'Show data table',
    // Several tables on a page would otherwise all be announced as "Show data table".
    html(doc, 'span', { class: 'visually-hidden' }, ` (Table: ${caption})`),
  );
  const details = html(
    doc,
    'details',
    { class: 'chart-table-details', open: options.open ?? false },
    summary,
    // Wide tables scroll inside their own box on a phone instead of widening the page.
    html(doc, 'div', { class: 'chart-table-scroll', tabindex: 0, role: 'region', 'aria-label': `Table: ${caption}` }, table),
  );

  // The rows wait until the table is wanted: on a borough switch every chart is drawn again, and
  // building hundreds of cells nobody has opened was a third of a trend chart's time. They are
  // built when the table opens (a click on its summary runs before the table shows), when something
  // reads it (buildTableRows), and otherwise as soon as the page is idle, so find-in-page sees them.
  // data-rows says so on the page, for tests that read tables as they stand.
  details.dataset.rows = 'later';
  pendingRows.set(details, () => {
    pendingRows.delete(details);
    body.innerHTML = rowsHtml(rows, columns);
    delete details.dataset.rows;
  });
  if (details.open) buildTableRows(details);
  summary.addEventListener('click', () => buildTableRows(details));
  details.addEventListener('toggle', () => buildTableRows(details));
  buildRowsWhenIdle(doc);
  return details;
}

/** Documents that have asked for their tables' rows to be built when idle, and not had it yet. */
const idleBuildAsked = new WeakSet<Document>();

/**
 * Builds, when the browser is idle, the rows of every table then on the page. One request per
 * document, holding no table: a drawing replaced meanwhile (a quick run of switches) is neither built
 * nor kept from the garbage collector until then.
 */
function buildRowsWhenIdle(doc: Document): void {
  if (idleBuildAsked.has(doc)) return;
  idleBuildAsked.add(doc);
  whenIdle(doc, () => {
    idleBuildAsked.delete(doc);
    buildAllTableRows(doc);
  });
}

/** Tables drawn whose rows are not built yet, and how to build them. */
const pendingRows = new WeakMap<Element, () => void>();

/** Builds the rows of a data table (its <details>) now, if they are not built yet. */
export function buildTableRows(details: Element): void {
  pendingRows.get(details)?.();
}

/** Builds the rows of every data table in `root` (itself one, or under it) that does not have them yet. */
export function buildAllTableRows(root: ParentNode): void {
  if (root instanceof Element) buildTableRows(root);
  root.querySelectorAll('details.chart-table-details').forEach(buildTableRows);
}

/**
 * The body's rows as one string, parsed at once rather than created cell by cell (a table has hundreds
 * of cells). Every text is escaped, so data is never markup.
 */
function rowsHtml<Row>(rows: readonly Row[], columns: readonly DataTableColumn<Row>[]): string {
  return rows
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
}

/** Runs `task` when the browser is idle (within a second at most), or on the next turn where it has no idle callbacks. */
function whenIdle(doc: Document, task: () => void): void {
  const view = doc.defaultView;
  if (view && typeof view.requestIdleCallback === 'function') view.requestIdleCallback(task, { timeout: 1000 });
  else setTimeout(task, 0);
}
