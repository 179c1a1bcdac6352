/**
 * Converting one published file: text (or bytes, or a stream of bytes) in, a FileResult out.
 * The header and the first data rows decide the format and which column is which (formats.ts):
 * up to SAMPLE_ROWS records are held back until then, because a column's name may be new but
 * its values say what it is. Rows then stream through that format's converter one at a time, so
 * a file of any size is read in constant memory. Pure: no fs, no DOM, so the command line and
 * the browser's "Use your own data" share it.
 */
import { checkBoundaries } from './boundaries';
import { SAMPLE_ROWS } from './columns';
import { CsvSplitter, type CsvRecord } from './csv';
import type { Converter } from './format';
import { BOUNDARY_FORMAT, detectFormat } from './formats';
import { monthOf } from './periods';
import { ProblemList } from './problems';
import { Collector, type FileResult, type FormatInfo } from './result';
import { ChunkDecoder, decodeBytes, NotUtf8Error, type Encoding } from './text';
import { detectUtf16, UTF16_MESSAGE } from '../encoding';

export interface ConvertOptions {
  /** `YYYY-MM`; months after it are in the future (an error). Default: this month. */
  currentMonth?: string;
}

export interface Progress {
  file: string;
  bytesRead: number;
  /** When known (a file's size). */
  totalBytes?: number;
  /** Data rows read so far. */
  rows: number;
}

export interface StreamOptions extends ConvertOptions {
  totalBytes?: number;
  /** Called after every chunk read. */
  onProgress?: (progress: Progress) => void;
}

/** Opens the file's bytes from the start (called again to re-read a file that is not UTF-8). */
export type ByteSource = () => AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

/** Boundary files are JSON, read whole; this is far above any real one (the GLA file is 2 MB). */
const MAX_JSON_CHARS = 64 * 1024 * 1024;

/** One file being converted: push text in order, then end(). */
export class FileImport {
  private readonly splitter = new CsvSplitter();
  private readonly problems: ProblemList;
  private readonly out = new Collector();
  private readonly currentMonth: string;
  private mode: 'start' | 'csv' | 'json' | 'stopped' = 'start';
  private startText = '';
  private json: string[] = [];
  private jsonLength = 0;
  private header: string[] | null = null;
  /** Data records read before the format is decided (the sample). */
  private held: CsvRecord[] = [];
  private detected = false;
  private converter: Converter | null = null;
  private format: FormatInfo | null = null;
  private readonly onRecord = (record: CsvRecord) => this.record(record);
  rows = 0;

  constructor(readonly file: string, options: ConvertOptions = {}) {
    this.problems = new ProblemList(file);
    this.currentMonth = options.currentMonth ?? monthOf(new Date());
  }

  /** False once the file cannot be converted (unknown header, wrong delimiter): reading more is pointless. */
  get wantsMore(): boolean {
    return this.mode !== 'stopped';
  }

  push(text: string): void {
    if (this.mode === 'start') {
      // JSON or CSV is decided by the first character that is not a space or a byte-order mark.
      this.startText += text;
      const first = /[^\s\uFEFF]/.exec(this.startText);
      if (!first) return;
      this.mode = first[0] === '{' || first[0] === '[' ? 'json' : 'csv';
      text = this.startText;
      this.startText = '';
    }
    if (this.mode === 'csv') this.splitter.push(text, this.onRecord);
    else if (this.mode === 'json') this.pushJson(text);
  }

  private pushJson(text: string): void {
    this.jsonLength += text.length;
    if (this.jsonLength > MAX_JSON_CHARS) {
      this.problems.error(`is a JSON file larger than ${MAX_JSON_CHARS / 1024 / 1024} MB; boundary files are far smaller`);
      this.stop();
      return;
    }
    this.json.push(text);
  }

  /** Refuses the file before any of it is read (it is saved as UTF-16): one error, at line 1. */
  refuseAsUtf16(): void {
    this.problems.error(UTF16_MESSAGE, { line: 1 });
    this.stop();
  }

  private stop(): void {
    this.mode = 'stopped';
    this.json = [];
  }

  private record(record: CsvRecord): void {
    if (this.mode === 'stopped') return;
    if (this.header === null) {
      this.readHeader(record);
      return;
    }
    if (record.fields.every((f) => f.trim() === '')) return;
    this.rows++;
    if (!this.detected) {
      this.held.push(record);
      if (this.held.length >= SAMPLE_ROWS) this.detect();
      return;
    }
    this.converter?.row(record.fields, record.line);
  }

  private readHeader(record: CsvRecord): void {
    this.header = record.fields;
    if (record.fields.length === 1) {
      const only = record.fields[0]!;
      const other = ([[';', 'semicolons (;)'], ['\t', 'tabs'], ['|', 'vertical bars (|)']] as const).find(([d]) => only.includes(d));
      if (other) {
        this.problems.error(`separates columns with ${other[1]}; the published files use commas (,). Save it as "CSV (comma delimited)" and import it again`, { line: 1 });
        this.stop();
      }
    }
  }

  /** Decides the format from the header and the records held back, then converts those records. */
  private detect(): void {
    if (this.detected || this.header === null || this.mode === 'stopped') return;
    this.detected = true;
    const header = this.header;
    const held = this.held;
    this.held = [];
    const detection = detectFormat(header, held.map((r) => r.fields));
    if (!detection.ok) {
      const column = detection.column !== undefined ? { column: detection.column + 1, columnName: header[detection.column]?.trim() ?? '' } : {};
      this.problems.error(detection.message, { line: 1, ...column });
      this.stop();
      return;
    }
    this.format = detection.format.info;
    this.converter = detection.match.create({
      file: this.file,
      header,
      problems: this.problems,
      out: this.out,
      currentMonth: this.currentMonth,
    });
    for (const record of held) this.converter.row(record.fields, record.line);
  }

  end(encoding: Encoding = 'utf-8'): FileResult {
    if (encoding === 'windows-1252') {
      this.problems.warning('is not valid UTF-8, so it was read as Windows-1252 (as Excel on Windows saves CSV files); check any names with accents or curly quotes');
    }
    let boundaries: FileResult['boundaries'];
    if (this.mode === 'csv') {
      const { unclosedQuoteLine } = this.splitter.end(this.onRecord);
      // A file shorter than the sample: decide on what there is (for a header alone, its names).
      this.detect();
      if (unclosedQuoteLine !== undefined) this.problems.error('has a quoted value that is never closed (a " with no matching ")', { line: unclosedQuoteLine });
      if (this.header !== null && this.converter) {
        if (this.rows === 0) this.problems.error('has a header but no data rows', { line: 2 });
        this.converter.finish();
      }
    } else if (this.mode === 'json') {
      const text = this.json.join('');
      this.json = [];
      const check = checkBoundaries(text, this.problems);
      if (check) {
        this.format = BOUNDARY_FORMAT;
        boundaries = { text, features: check.features };
      }
    } else if (this.mode === 'start') {
      this.problems.error('is empty (it needs a header row and data rows)');
    }
    const collected = this.out.results();
    if (this.format && this.converter && this.rows > 0 && collected.rowsUsed === 0 && !this.problems.hasErrors && this.format.id !== 'ons-census-column-descriptions') {
      this.problems.warning('has no rows the dashboard uses (see what was left out)');
    }
    return {
      file: this.file,
      format: this.format,
      header: this.header ?? [],
      encoding,
      rows: this.rows,
      ...collected,
      problems: this.problems.finish(),
      ...(boundaries ? { boundaries } : {}),
    };
  }
}

/** Converts a whole file held as text. */
export function convertText(file: string, text: string, options: ConvertOptions = {}): FileResult {
  const importer = new FileImport(file, options);
  importer.push(text);
  return importer.end('utf-8');
}

/** Converts a whole file held as bytes: UTF-8, or Windows-1252 when the bytes are not UTF-8. */
export function convertBytes(file: string, bytes: Uint8Array, options: ConvertOptions = {}): FileResult {
  const importer = new FileImport(file, options);
  if (detectUtf16(bytes)) {
    importer.refuseAsUtf16();
    return importer.end();
  }
  const { text, encoding } = decodeBytes(bytes);
  importer.push(text);
  return importer.end(encoding);
}

async function* chunksOf(source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  if ('getReader' in source) {
    // ReadableStream (the browser's File.stream()): not every browser can iterate one with for-await yet.
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  } else {
    yield* source;
  }
}

/**
 * Converts a file read chunk by chunk, reporting progress. Reads as UTF-8; at the first byte that
 * is not UTF-8 it starts again from the beginning as Windows-1252 (rather than guess from a
 * sample, which could miss a single accented name near the end).
 */
export async function convertStream(file: string, open: ByteSource, options: StreamOptions = {}): Promise<FileResult> {
  try {
    return await streamOnce(file, open, 'utf-8', options);
  } catch (error) {
    if (!(error instanceof NotUtf8Error)) throw error;
    return streamOnce(file, open, 'windows-1252', options);
  }
}

async function streamOnce(file: string, open: ByteSource, encoding: Encoding, options: StreamOptions): Promise<FileResult> {
  const importer = new FileImport(file, options);
  const decoder = new ChunkDecoder(encoding);
  let bytesRead = 0;
  const report = () =>
    options.onProgress?.({ file, bytesRead, rows: importer.rows, ...(options.totalBytes !== undefined ? { totalBytes: options.totalBytes } : {}) });
  for await (const chunk of chunksOf(open())) {
    if (bytesRead === 0 && detectUtf16(chunk)) {
      // Before decoding: UTF-16's byte-order mark is not UTF-8, and its text would read as garble.
      importer.refuseAsUtf16();
      break;
    }
    bytesRead += chunk.byteLength;
    importer.push(decoder.decode(chunk));
    report();
    if (!importer.wantsMore) break;
  }
  // After an early stop the decoder may hold half a character; that is not a sign of another encoding.
  if (importer.wantsMore) importer.push(decoder.end());
  return importer.end(encoding);
}
