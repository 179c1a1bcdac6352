/**
 * Months as plain integers (year × 12 + month − 1), so that month arithmetic is addition and
 * arrays can be indexed by month.
 */

export type MonthNumber = number;

export function monthNumber(year: number, month: number): MonthNumber {
  return year * 12 + (month - 1);
}

/** `YYYY-MM` → month number; throws on anything else. */
export function parseMonth(text: string): MonthNumber {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  const month = match ? Number(match[2]) : 0;
  if (!match || month < 1 || month > 12) throw new Error(`Not a YYYY-MM month: ${text}`);
  return monthNumber(Number(match[1]), month);
}

export function formatMonth(m: MonthNumber): string {
  return `${yearOf(m)}-${String(calendarMonthOf(m)).padStart(2, '0')}`;
}

export function yearOf(m: MonthNumber): number {
  return Math.floor(m / 12);
}

/** 1 = January … 12 = December. */
export function calendarMonthOf(m: MonthNumber): number {
  return (m % 12) + 1;
}

/** The year in which the April–March financial year containing this month starts. */
export function financialYearStartOf(m: MonthNumber): number {
  return calendarMonthOf(m) >= 4 ? yearOf(m) : yearOf(m) - 1;
}

/** `2020/21` for the financial year that starts in April 2020. */
export function financialYearLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}

export function daysInMonth(m: MonthNumber): number {
  const year = yearOf(m);
  const month = calendarMonthOf(m);
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Middle of the month as a fractional year (2019-07 → 2019.54), for interpolating yearly figures. */
export function fractionalYear(m: MonthNumber): number {
  return yearOf(m) + (calendarMonthOf(m) - 0.5) / 12;
}

/** Inclusive range of month numbers. */
export function monthRange(first: MonthNumber, last: MonthNumber): MonthNumber[] {
  const months: MonthNumber[] = [];
  for (let m = first; m <= last; m++) months.push(m);
  return months;
}

/**
 * Piecewise-linear interpolation through (x, y) anchors sorted by x, flat beyond the first and
 * last anchor.
 */
export function interpolate(anchors: readonly (readonly [number, number])[], x: number): number {
  const first = anchors[0];
  const last = anchors[anchors.length - 1];
  if (!first || !last) throw new Error('interpolate needs at least one anchor');
  if (x <= first[0]) return first[1];
  if (x >= last[0]) return last[1];
  for (let i = 1; i < anchors.length; i++) {
    const [x1, y1] = anchors[i] ?? last;
    if (x <= x1) {
      const [x0, y0] = anchors[i - 1] ?? first;
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return last[1];
}
