/**
 * DuckDB's CSV reader errors in plain words. Its message names the line (worth keeping) and quotes
 * the offending line whole, which may be megabytes of someone's data, in the engine's own terms; so
 * its text is never shown, only the reason told from it. (It goes to the console for developers.)
 */
export function csvErrorLine(error: unknown): number | undefined {
  const line = /CSV Error on Line: (\d+)/.exec(error instanceof Error ? error.message : String(error))?.[1];
  return line === undefined ? undefined : Number(line);
}

export function csvErrorReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/maximum line size/i.test(text)) return 'a line is longer than this browser can read';
  if (/unterminated quote/i.test(text)) return 'a quote (") opens and never closes';
  if (/Expected Number of Columns/i.test(text)) return 'a row has a different number of values from the header';
  if (/unicode|utf-?8|encod/i.test(text)) return 'its text is not in an encoding this browser can read (save it as CSV UTF-8)';
  return 'it is not laid out as CSV (one row per line, values separated by commas)';
}
