/**
 * The data behind a chart as it is downloaded: a tidy table (one header row of column names, one row
 * per observation, plain numbers) and what its columns mean. A chart's card declares it (pages/card.ts,
 * `download`), from the same rows the chart is drawn from, with the counts and populations a rate or a
 * share is worked out from beside it, so that anyone can check every figure; export.ts writes it as a
 * CSV in a zip with a README and a Frictionless Data Package descriptor (datapackage.json).
 *
 * The CSV is written for pandas, R and Excel alike: no lines above the header, numbers with a point
 * and no thousands separators, an empty cell where there is no figure (a `status` column says why),
 * CRLF line ends, and plain ASCII where the text allows, so that no byte-order mark is needed (R's
 * read.csv would read one into the first column's name; Excel reads a CSV without one as the local
 * code page, which is only safe for ASCII). Text a spreadsheet would run as a formula is made inert.
 */

export type Cell = string | number | null;

export type ColumnType = 'string' | 'integer' | 'number' | 'yearmonth' | 'year';

export interface DatasetColumn {
  /** The header: lower case, words joined by underscores. */
  name: string;
  type: ColumnType;
  /** What the column holds, in a sentence, for the README and datapackage.json. */
  description: string;
  /** Decimal places a 'number' column is written with. */
  decimals?: number;
}

export interface Dataset {
  columns: readonly DatasetColumn[];
  rows: readonly Readonly<Record<string, Cell>>[];
  /** Sentences a reader of the figures needs (breaks in counting, small numbers). */
  notes?: readonly string[];
}

/** What a download carries beside its rows: the licences of the files its figures came from. */
export interface FigureData {
  dataset: Dataset;
  licences: readonly string[];
}

const provided = new WeakMap<Element, () => FigureData>();

/** Says what a figure's data download holds; asked only when a reader downloads it. */
export function provideFigureData(figure: Element, provider: () => FigureData): void {
  provided.set(figure, provider);
}

/** The data a figure's download holds, or null when nothing declared any. */
export function figureData(figure: Element): FigureData | null {
  return provided.get(figure)?.() ?? null;
}

/** Typographic punctuation and spaces as their ASCII look-alikes, so a CSV of English text stays ASCII. */
const ASCII: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u00a0': ' ',
  '\u2026': '...',
};

/** A value as a CSV field: numbers plain, text made inert where a spreadsheet would run it, quoted as needed. */
export function csvValue(value: Cell, column: DatasetColumn): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    if (column.type === 'number' && column.decimals !== undefined) {
      const fixed = value.toFixed(column.decimals);
      // -0.00 is 0.
      return Number(fixed) === 0 ? (0).toFixed(column.decimals) : fixed;
    }
    return String(value);
  }
  let text = value.replace(/[\u2018\u2019\u201c\u201d\u2013\u2014\u2212\u00a0\u2026]/g, (c) => ASCII[c]!).replace(/\s+/g, ' ').trim();
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return csvField(text);
}

/** Quotes a field when it must be (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The dataset as CSV text: the header row, then the rows; a byte-order mark only if the text is not ASCII. */
export function datasetCsv(dataset: Dataset): string {
  const lines = [dataset.columns.map((c) => csvField(c.name)).join(',')];
  for (const row of dataset.rows) lines.push(dataset.columns.map((c) => csvValue(row[c.name] ?? null, c)).join(','));
  const text = `${lines.join('\r\n')}\r\n`;
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text : `\uFEFF${text}`;
}

/** The first and last month the rows cover, read from their month columns (YYYY-MM), or null. */
export function datasetMonths(dataset: Dataset): { first: string; last: string } | null {
  const columns = dataset.columns.filter((c) => c.type === 'yearmonth').map((c) => c.name);
  let first: string | null = null;
  let last: string | null = null;
  for (const row of dataset.rows) {
    for (const name of columns) {
      const value = row[name];
      if (typeof value !== 'string') continue;
      if (first === null || value < first) first = value;
      if (last === null || value > last) last = value;
    }
  }
  return first !== null && last !== null ? { first, last } : null;
}
