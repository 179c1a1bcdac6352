/**
 * A change from the year before (src/data/changes.ts, compareYears) in the sentence a headline shows
 * under its figure. One sentence for every page, so that a change withheld across a counting break,
 * or flagged for small counts, reads the same wherever it is.
 */
import { formatCount, formatPercentChange } from '../charts';
import type { Change } from '../data/changes';

/** `before`: "12 months to October 2025"; `format` writes the year before's figure. */
export function changeText(change: Change, before: string, format: (n: number) => string = formatCount): string {
  switch (change.kind) {
    case 'change':
      return `${formatPercentChange(change.percent)} on the ${before} (${format(change.previous)})`;
    case 'withheld':
      return `${change.previous === null ? 'No figure' : format(change.previous)} in the ${before}: no change is given. ${change.reason}`;
    case 'unreliable':
      return `${format(change.previous)} in the ${before}: no change is given. ${change.reason}`;
    case 'none':
      return change.reason;
  }
}
