/**
 * London's expected recorded offences per month, per category: a smooth long-term level, times
 * seasonality and month length, times one-off shocks (lockdowns), fitted so that each 12-month
 * period adds up to its calibration total (calibration.ts).
 */
import type { OffenceCategory } from '../../src/data/contract';
import {
  CONNECT_DA_UPLIFT,
  CONNECT_FIRST_MONTH,
  LONDON_TOTALS,
  MONTH_SHOCKS,
  SEASONALITY,
  type PeriodTotal,
} from './calibration';
import { calendarMonthOf, daysInMonth, formatMonth, monthNumber, type MonthNumber } from './months';

const AVERAGE_DAYS_IN_MONTH = 365.25 / 12;

/** Seasonality × month length × shocks: what multiplies the smooth level in month m. */
export function monthFactor(category: OffenceCategory, m: MonthNumber): number {
  const seasonal = SEASONALITY[category][calendarMonthOf(m) - 1] ?? 1;
  const shock = MONTH_SHOCKS[category][formatMonth(m)] ?? 1;
  return seasonal * (daysInMonth(m) / AVERAGE_DAYS_IN_MONTH) * shock;
}

/**
 * A piecewise-linear level through one knot at the middle of each period, flat beyond the first and
 * last, with knots adjusted until every period's sum of level × factor equals its total. Each
 * knot mostly sets its own period's sum, so simple proportional updates converge quickly.
 */
export function fitMonthlyExpectation(
  periods: readonly PeriodTotal[],
  factor: (m: MonthNumber) => number,
): (m: MonthNumber) => number {
  const sorted = [...periods].sort((a, b) => monthNumber(a.startYear, a.startMonth) - monthNumber(b.startYear, b.startMonth));
  const starts = sorted.map((p) => monthNumber(p.startYear, p.startMonth));
  // The knot sits between the 6th and 7th month of the period.
  const knotAt = starts.map((s) => s + 5.5);
  const knots = sorted.map((p) => p.total / 12);

  const level = (m: MonthNumber): number => {
    const last = knots.length - 1;
    if (m <= (knotAt[0] ?? 0)) return knots[0] ?? 0;
    if (m >= (knotAt[last] ?? 0)) return knots[last] ?? 0;
    let i = 1;
    while ((knotAt[i] ?? Infinity) < m) i++;
    const x0 = knotAt[i - 1] ?? 0;
    const x1 = knotAt[i] ?? 0;
    const y0 = knots[i - 1] ?? 0;
    const y1 = knots[i] ?? 0;
    return y0 + ((y1 - y0) * (m - x0)) / (x1 - x0);
  };
  const expected = (m: MonthNumber): number => level(m) * factor(m);

  for (let iteration = 0; iteration < 200; iteration++) {
    let worst = 0;
    sorted.forEach((p, i) => {
      let sum = 0;
      const start = starts[i] ?? 0;
      for (let m = start; m < start + 12; m++) sum += expected(m);
      const ratio = p.total / sum;
      worst = Math.max(worst, Math.abs(ratio - 1));
      knots[i] = (knots[i] ?? 0) * ratio;
    });
    if (worst < 1e-9) break;
  }
  return expected;
}

/** The DA uplift from the CONNECT recording system, from February 2024. */
export function connectUplift(m: MonthNumber): number {
  return m >= CONNECT_FIRST_MONTH ? CONNECT_DA_UPLIFT : 1;
}

export interface LondonExpectations {
  /** Expected London recorded offences (all rows) in month m, including the DA CONNECT uplift. */
  recorded(category: OffenceCategory, m: MonthNumber): number;
  /** DA as it would be recorded under CONNECT throughout: the level the victim simulation runs at. */
  domesticAbuseUnderConnect(m: MonthNumber): number;
}

export function londonExpectations(): LondonExpectations {
  const fitted = new Map<OffenceCategory, (m: MonthNumber) => number>();
  for (const [category, periods] of Object.entries(LONDON_TOTALS) as [OffenceCategory, PeriodTotal[]][]) {
    fitted.set(category, fitMonthlyExpectation(periods, (m) => monthFactor(category, m)));
  }
  const base = (category: OffenceCategory, m: MonthNumber): number => {
    const f = fitted.get(category);
    if (!f) throw new Error(`No calibration for ${category}`);
    return f(m);
  };
  return {
    recorded: (category, m) => base(category, m) * (category === 'domestic_abuse' ? connectUplift(m) : 1),
    domesticAbuseUnderConnect: (m) => base('domestic_abuse', m) * CONNECT_DA_UPLIFT,
  };
}
