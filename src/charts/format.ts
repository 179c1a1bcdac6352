/**
 * Number formatting for chart labels and data tables. One locale (en-GB) everywhere so that a figure
 * reads the same in a tooltip, an axis and a table.
 */

/** Shown wherever a value is missing, in words rather than a dash, so screen readers say something useful. */
export const NOT_AVAILABLE = 'not available';

/** The real minus sign (U+2212): a hyphen is read as "hyphen" by some screen readers and looks too short. */
export const MINUS = '\u2212';

function isMissing(n: number | null | undefined): n is null | undefined {
  return n === null || n === undefined || !Number.isFinite(n);
}

const countFormats = new Map<number, Intl.NumberFormat>();
function fixedFormat(digits: number): Intl.NumberFormat {
  let format = countFormats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    countFormats.set(digits, format);
  }
  return format;
}

/** Replaces the hyphen-minus Intl gives negative numbers with a real minus sign. */
function withMinus(text: string): string {
  return text.replace(/^-/, MINUS);
}

/** A whole-number count with thousands separators: 12345 → "12,345". */
export function formatCount(n: number | null | undefined): string {
  if (isMissing(n)) return NOT_AVAILABLE;
  return withMinus(fixedFormat(0).format(n));
}

/** A rate with a fixed number of decimal places: formatRate(3.456, 1) → "3.5". */
export function formatRate(n: number | null | undefined, digits = 1): string {
  if (isMissing(n)) return NOT_AVAILABLE;
  return withMinus(fixedFormat(digits).format(n));
}

/** A share already expressed in percent: formatPercent(45.63) → "45.6%". */
export function formatPercent(n: number | null | undefined, digits = 1): string {
  if (isMissing(n)) return NOT_AVAILABLE;
  return `${formatRate(n, digits)}%`;
}

/**
 * A change expressed in percent (4.2 means a rise of 4.2%): "+4.2%", "−3.1%", "no change", "not available".
 * A change that rounds to zero at the displayed precision is "no change", because "+0.0%" would claim a
 * direction the reader cannot see.
 */
export function formatPercentChange(n: number | null | undefined, digits = 1): string {
  if (isMissing(n)) return NOT_AVAILABLE;
  const rounded = Number(n.toFixed(digits));
  if (rounded === 0) return 'no change';
  const magnitude = fixedFormat(digits).format(Math.abs(rounded));
  return `${rounded > 0 ? '+' : MINUS}${magnitude}%`;
}

/** "2024-02" → "Feb 2024" (short month names are fine in axes and tables). */
export function formatMonth(month: string): string {
  const [year, mm] = month.split('-');
  const index = Number(mm) - 1;
  const name = MONTH_NAMES[index];
  if (!year || name === undefined) return month;
  return `${name} ${year}`;
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "2024-02" → Date at midnight UTC on the first of the month (Plot's time scales are UTC). The same
 * Date is handed out for a month each time (no one changes them): charts ask for hundreds on every
 * borough switch, and making them afresh was a tenth of a chart's drawing.
 */
export function monthToDate(month: string): Date {
  let date = monthDates.get(month);
  if (!date) {
    const [year, mm] = month.split('-').map(Number);
    date = new Date(Date.UTC(year ?? 1970, (mm ?? 1) - 1, 1));
    if (monthDates.size >= 5000) monthDates.clear();
    monthDates.set(month, date);
  }
  return date;
}
const monthDates = new Map<string, Date>();

/**
 * A formatter suited to a set of values: whole numbers get thousands separators, fractional values get
 * one decimal place (two when every value is below 10, e.g. incidents per victim).
 */
export function autoFormat(values: readonly (number | null | undefined)[]): (n: number | null | undefined) => string {
  const present = values.filter((v): v is number => !isMissing(v));
  if (present.every((v) => Number.isInteger(v))) return formatCount;
  const digits = present.every((v) => Math.abs(v) < 10) ? 2 : 1;
  return (n) => formatRate(n, digits);
}

const tickNumber = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** Axis tick labels: as many decimals as the tick needs (0, 0.5, 1 …), thousands separators, real minus. */
export function formatTick(n: number): string {
  return withMinus(tickNumber.format(n));
}
