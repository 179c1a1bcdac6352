/** Month arithmetic shared by the data layer and pages. Months are `YYYY-MM` strings. */

const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

export function isMonth(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** `YYYY-MM` → months since year 0, so that windows are integer ranges (matches MONTH_INDEX_SQL). */
export function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export function monthFromIndex(index: number): string {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addMonths(month: string, delta: number): string {
  return monthFromIndex(monthIndex(month) + delta);
}

/** "October 2026" */
export function monthLabel(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** "Oct 2026" */
export function shortMonthLabel(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]!.slice(0, 3)} ${month.slice(0, 4)}`;
}

/** "12 months to October 2026" — how every rolling-year figure is described on screen. */
export function rollingYearLabel(endMonth: string): string {
  return `12 months to ${monthLabel(endMonth)}`;
}

/** The month before the one containing `date`: the latest month that can be complete. */
export function latestFullMonth(date: Date): string {
  return addMonths(`${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`, -1);
}

/** The MPS moved to a new recording system (CONNECT) in February 2024: DA figures either side differ. */
export const RECORDING_BREAK_MONTH = '2024-02';
