/**
 * A small incremental CSV reader: text goes in chunk by chunk, records come out with the line
 * they start on. It never holds more than one unfinished record, so a 200 MB file streams
 * through in constant memory, and the same code runs in Node and in the browser.
 *
 * RFC 4180 quoting: fields may be quoted, quotes inside are doubled, and a quoted field may
 * contain commas (MPS minor categories such as "Disclosure, Obstruction, False or Misleading
 * State") or even line breaks. CRLF and LF line ends are both accepted; a leading byte-order
 * mark is dropped.
 */

export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts (the header is line 1). */
  line: number;
}

const QUOTE = 34; // "
const CR = 13;

/** Splits one record's text (no line end) into fields. */
export function parseRecord(text: string, delimiter = ','): string[] {
  if (text.indexOf('"') === -1) return text.split(delimiter);
  const fields: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text.charCodeAt(i + 1) === QUOTE) {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        field += c;
      }
    } else if (c === '"' && field === '') {
      inQuotes = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}

export class CsvSplitter {
  /** Text of the record not yet finished. */
  private pending = '';
  /** How far into `pending` quotes have been counted, how many were found, and line breaks passed inside quotes. */
  private scanned = 0;
  private quotes = 0;
  private innerBreaks = 0;
  /** The line `pending` starts on. */
  private line = 1;
  private started = false;

  constructor(private readonly delimiter = ',') {}

  /** Feeds text; calls `emit` for each complete record. */
  push(chunk: string, emit: (record: CsvRecord) => void): void {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const buf = this.pending + chunk;
    let start = 0;
    let scan = this.scanned;
    let quotes = this.quotes;
    let innerBreaks = this.innerBreaks;
    let nl: number;
    // The next quote at or after `scan`, found once and reused, so that a file with few quotes is not searched to its end on every line.
    let q = buf.indexOf('"', scan);
    while ((nl = buf.indexOf('\n', scan)) !== -1) {
      while (q !== -1 && q < nl) {
        quotes++;
        q = buf.indexOf('"', q + 1);
      }
      if (quotes % 2 === 1) {
        // The line break is inside a quoted field: the record goes on.
        scan = nl + 1;
        innerBreaks++;
        continue;
      }
      const end = nl > start && buf.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
      if (end > start) emit({ fields: parseRecord(buf.slice(start, end), this.delimiter), line: this.line });
      this.line += 1 + innerBreaks;
      innerBreaks = 0;
      start = scan = nl + 1;
      quotes = 0;
    }
    this.pending = buf.slice(start);
    this.scanned = scan - start;
    this.quotes = quotes;
    this.innerBreaks = innerBreaks;
  }

  /**
   * Flushes the last record (a file need not end with a line break). Returns the line of a
   * quoted field that is never closed, if any.
   */
  end(emit: (record: CsvRecord) => void): { unclosedQuoteLine?: number } {
    const text = this.pending.endsWith('\r') ? this.pending.slice(0, -1) : this.pending;
    const quotes = this.quotes + countQuotes(this.pending, this.scanned);
    this.pending = '';
    this.scanned = 0;
    if (quotes % 2 === 1) return { unclosedQuoteLine: this.line };
    if (text.length > 0) emit({ fields: parseRecord(text, this.delimiter), line: this.line });
    return {};
  }
}

function countQuotes(text: string, from: number): number {
  let n = 0;
  for (let q = text.indexOf('"', from); q !== -1; q = text.indexOf('"', q + 1)) n++;
  return n;
}
