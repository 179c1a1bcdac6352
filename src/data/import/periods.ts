/**
 * Dates as publishers write them, turned into the contract's periods: months `YYYY-MM`,
 * calendar years, financial years `YYYY/YY`.
 */
import { isMonth } from '../months';

const MONTH_ABBREVIATIONS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function twoDigitYear(yy: string): number {
  // The MPS dashboard writes `01.06.21`; its data start in 2010s, so 00–69 are 20xx.
  const n = Number(yy);
  return n < 70 ? 2000 + n : 1900 + n;
}

function month(year: number, monthNumber: number): string | null {
  if (!Number.isInteger(year) || monthNumber < 1 || monthNumber > 12 || year < 1900 || year > 2999) return null;
  return `${year}-${String(monthNumber).padStart(2, '0')}`;
}

/**
 * A long file's month cell: `01.06.21` and `01/06/2021` (day first, as the MPS dashboard writes
 * it), `2021-06`, `2021-06-01`, `202106`, `Jun-21`, `June 2021`. Null when unreadable.
 */
export function parseMonthCell(raw: string): string | null {
  const text = raw.trim();
  let m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$/.exec(text);
  if (m) return month(m[3]!.length === 2 ? twoDigitYear(m[3]!) : Number(m[3]), Number(m[2]));
  m = /^(\d{4})-?(\d{2})(?:-(\d{2}))?(?:[T ].*)?$/.exec(text);
  if (m) return month(Number(m[1]), Number(m[2]));
  m = /^([a-z]{3})[a-z]*[-\s']+(\d{2}|\d{4})$/i.exec(text);
  if (m) {
    const index = MONTH_ABBREVIATIONS.indexOf(m[1]!.toLowerCase());
    if (index >= 0) return month(m[2]!.length === 2 ? twoDigitYear(m[2]!) : Number(m[2]), index + 1);
  }
  return null;
}

/** `2023/24`, `2023-24`, `2023/2024`, `FY2023/24`, `2023-2024` → `2023/24`; null when unreadable or the years do not follow. */
export function parseFinancialYear(raw: string): string | null {
  const m = /^(?:fy\s*)?(\d{4})\s*[-/]\s*(\d{2}|\d{4})$/i.exec(raw.trim());
  if (!m) return null;
  const start = Number(m[1]);
  const end = m[2]!.length === 4 ? Number(m[2]) : Number(m[2]);
  const follows = m[2]!.length === 4 ? end === start + 1 : end === (start + 1) % 100;
  return follows ? `${start}/${String((start + 1) % 100).padStart(2, '0')}` : null;
}

/** The current calendar month of a date (local time): months after it are "in the future". */
export function monthOf(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

export function isFutureMonth(monthText: string, currentMonth: string): boolean {
  return isMonth(monthText) && monthText > currentMonth;
}

/** `2010-04` … `2011-02` as "2010-04 to 2011-02"; gaps make separate ranges. */
export function monthRanges(months: Iterable<string>): string {
  return ranges([...months].sort(), (a, b) => nextMonth(a) === b).join(', ');
}

/** Consecutive years or financial years as ranges: "2011 to 2022", "2013/14 to 2016/17". */
export function periodRanges(periods: Iterable<string>): string {
  const sorted = [...periods].sort();
  if (sorted.every(isMonth)) return monthRanges(sorted);
  return ranges(sorted, (a, b) => Number(b.slice(0, 4)) === Number(a.slice(0, 4)) + 1).join(', ');
}

function nextMonth(m: string): string {
  const y = Number(m.slice(0, 4));
  const mo = Number(m.slice(5, 7));
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}

function ranges(sorted: readonly string[], follows: (a: string, b: string) => boolean): string[] {
  const out: string[] = [];
  let first: string | undefined;
  let last: string | undefined;
  for (const p of sorted) {
    if (first !== undefined && last !== undefined && follows(last, p)) {
      last = p;
      continue;
    }
    if (first !== undefined) out.push(first === last ? first : `${first} to ${last}`);
    first = last = p;
  }
  if (first !== undefined) out.push(first === last ? first : `${first} to ${last}`);
  return out;
}
