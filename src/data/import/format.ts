/**
 * What every published format provides: how to recognise its header, and a converter that turns
 * its rows into contract counts. Formats live one per file (mps-borough.ts, mps-dashboard.ts,
 * population.ts, home-office.ts); formats.ts lists them and detects which one a header is.
 */
import type { Sample } from './columns';
import type { Role } from './header';
import type { ProblemList } from './problems';
import type { Collector, FormatInfo } from './result';

export interface ConverterContext {
  file: string;
  header: readonly string[];
  problems: ProblemList;
  out: Collector;
  /** `YYYY-MM`: months after it are in the future, an error. */
  currentMonth: string;
}

export interface Converter {
  /** One data record; `line` is where it starts in the file (header = line 1). */
  row(fields: readonly string[], line: number): void;
  /** After the last record: move anything held back (e.g. incomplete years) into the output. */
  finish(): void;
}

export interface FormatMatch {
  /** Required columns the file lacks; empty when it is complete. */
  missing: Role[];
  /**
   * Why the file's columns cannot be told apart (two columns of borough names that disagree, …),
   * when the format is recognised but cannot be read: the file is then refused with this.
   */
  ambiguity?: string;
  /** The column an ambiguity is about (0-based), for the message's where. */
  column?: number;
  /** What the header and first rows hold, for the message (default: the header's names). */
  found?: string;
  /** How strongly the file says "this format" (columns recognised); the best match wins. */
  score: number;
  /** Only called on a complete match (nothing missing, no ambiguity). */
  create(context: ConverterContext): Converter;
}

export interface FormatDefinition {
  info: FormatInfo;
  /** The header this format has, for the message about a header nobody knows. */
  expects: string;
  /**
   * Null when the file does not look like this format at all. `sample` is the first data rows
   * (up to SAMPLE_ROWS; none for a file that has only a header), so that columns can be found by
   * what they hold; formats whose headers are stable may ignore it.
   */
  match(header: readonly string[], sample: Sample): FormatMatch | null;
}

/** The create() of a match that is not complete: detection never calls it. */
export function incomplete(): never {
  throw new Error('create() called on an incomplete format match');
}

/**
 * Checks a record has as many values as the header. Extra values that are all empty are
 * tolerated (spreadsheets often leave trailing commas); otherwise it is an error.
 */
export function checkWidth(fields: readonly string[], width: number, line: number, problems: ProblemList): boolean {
  if (fields.length === width) return true;
  if (fields.length > width && fields.slice(width).every((f) => f.trim() === '')) return true;
  problems.error(`has ${fields.length} values where the header has ${width} columns`, { line }, `width:${fields.length}`);
  return false;
}

/** "column 3 (MinorText)" as a where-clause for problems. */
export function at(header: readonly string[], index: number, line: number): { line: number; column: number; columnName: string } {
  return { line, column: index + 1, columnName: header[index]?.trim() ?? '' };
}
