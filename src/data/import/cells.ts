/** Reading count cells: whole numbers of 0 or more, as the data contract requires. */

export type CountCell = number | { problem: string };

/** The largest count the contract accepts (validate.ts: at most 12 digits). */
const MAX_COUNT = 999_999_999_999;

/**
 * Reads a count. Plain digits take a fast path (most cells of a large file); otherwise surrounding
 * spaces, a thousands separator ("1,234", as Excel writes it) and a zero fraction ("12.0") are
 * accepted, because their meaning is not in doubt. Anything else is a problem to report.
 */
export function readCount(cell: string): CountCell {
  const length = cell.length;
  if (length > 0 && length <= 12) {
    let n = 0;
    let i = 0;
    for (; i < length; i++) {
      const c = cell.charCodeAt(i);
      if (c < 48 || c > 57) break;
      n = n * 10 + (c - 48);
    }
    if (i === length) return n;
  }
  return readCountSlowly(cell);
}

function readCountSlowly(cell: string): CountCell {
  const text = cell.trim();
  const shown = JSON.stringify(cell);
  if (text === '') return { problem: 'is empty (expected a whole number of 0 or more)' };
  if (/^-\s*\d+(\.\d+)?$/.test(text)) return { problem: `${shown} is negative (counts are 0 or more)` };
  const plain = /^\d{1,3}(,\d{3})+$/.test(text) ? text.replace(/,/g, '') : text.replace(/\.0+$/, '');
  if (!/^\d+$/.test(plain)) return { problem: `${shown} is not a whole number` };
  const n = Number(plain);
  if (n > MAX_COUNT) return { problem: `${shown} is too large for a count` };
  return n;
}
