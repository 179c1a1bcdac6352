/**
 * Problems found while importing published files. They name file, line and column like the
 * app's own validator (validate.ts), plus a severity: an `error` stops the import (nothing is
 * written), a `warning` is something the reader of the report should know, a `note` is a plain
 * account of what was left out and why.
 */
import { describeProblem, type LoadProblem } from '../validate';

export type Severity = 'error' | 'warning' | 'note';

export interface ImportProblem extends LoadProblem {
  severity: Severity;
}

/** "error: offences.csv, line 5, column 4 (Count): …" */
export function describeImportProblem(p: ImportProblem): string {
  return `${p.severity}: ${describeProblem(p)}`;
}

export function hasErrors(problems: readonly ImportProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** At most this many errors are listed per file; the rest are counted, so a broken 200 MB file cannot flood the report. */
export const MAX_ERRORS_PER_FILE = 30;

/** Longest quoted value, and longest message, a problem keeps. */
const QUOTED_LIMIT = 100;
const MESSAGE_LIMIT = 1000;

/**
 * A message as it is listed: quoted values and the whole message shortened, since a broken file
 * may have a cell (or a header) of megabytes, which the report and the page would otherwise echo.
 */
export function shortened(message: string): string {
  // Quotes pair up left to right: "value" is not …, "other value".
  const quoted = message.replace(/"([^"]*)"/g, (whole, inner: string) => (inner.length > QUOTED_LIMIT ? `"${inner.slice(0, QUOTED_LIMIT)}…"` : whole));
  return quoted.length > MESSAGE_LIMIT ? `${quoted.slice(0, MESSAGE_LIMIT)}…` : quoted;
}

/**
 * Collects one file's problems, capping errors and folding repeats of the same message
 * (e.g. one unknown borough on 400 lines) into one entry that says how many more lines have it.
 */
export class ProblemList {
  readonly items: ImportProblem[] = [];
  private errors = 0;
  private unlisted = 0;
  private readonly repeats = new Map<string, { problem: ImportProblem; more: number }>();

  constructor(readonly file: string) {}

  add(severity: Severity, message: string, where: { line?: number; column?: number; columnName?: string } = {}, repeatKey?: string): void {
    // The same message as an error and as a warning are different problems.
    if (repeatKey !== undefined) repeatKey = `${severity}:${repeatKey}`;
    if (repeatKey !== undefined) {
      const seen = this.repeats.get(repeatKey);
      if (seen) {
        seen.more++;
        return;
      }
    }
    if (severity === 'error' && ++this.errors > MAX_ERRORS_PER_FILE) {
      this.unlisted++;
      return;
    }
    const columnName = where.columnName !== undefined && where.columnName.length > QUOTED_LIMIT ? `${where.columnName.slice(0, QUOTED_LIMIT)}…` : where.columnName;
    const problem: ImportProblem = { file: this.file, ...where, ...(columnName !== undefined ? { columnName } : {}), message: shortened(message), severity };
    this.items.push(problem);
    if (repeatKey !== undefined) this.repeats.set(repeatKey, { problem, more: 0 });
  }

  error(message: string, where?: { line?: number; column?: number; columnName?: string }, repeatKey?: string): void {
    this.add('error', message, where, repeatKey);
  }

  warning(message: string, where?: { line?: number; column?: number; columnName?: string }, repeatKey?: string): void {
    this.add('warning', message, where, repeatKey);
  }

  note(message: string): void {
    this.add('note', message);
  }

  get hasErrors(): boolean {
    return this.errors > 0;
  }

  /** The final list: repeats say how many more lines had them, and unlisted errors are counted. */
  finish(): ImportProblem[] {
    for (const { problem, more } of this.repeats.values()) {
      if (more > 0) problem.message += ` (and on ${more} more ${more === 1 ? 'line' : 'lines'})`;
    }
    this.repeats.clear();
    if (this.unlisted > 0) {
      this.items.push({ file: this.file, severity: 'error', message: `and ${this.unlisted} more errors (only the first ${MAX_ERRORS_PER_FILE} are listed)` });
      this.unlisted = 0;
    }
    return this.items;
  }
}
