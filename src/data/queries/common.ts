/**
 * SQL shared by the page query modules: coverage of a table, and the population that rates are
 * divided by. All user-facing values are bound parameters; these fragments hold only our constants.
 *
 * Rates per 1,000 residents (DESIGN.md), or per 100,000 for a single month (the trend):
 * - a single month uses the mid-year estimate of its calendar year;
 * - a rolling year (12 months ending month E) uses the mid-year estimate whose 30 June falls inside
 *   it: E's year when E is June or later, otherwise the year before;
 * - a financial year uses the estimate of the year it starts in (30 June falls inside it).
 * Years outside the population table use its nearest year. London's population is that of the
 * boroughs the MPS reports on (those with any row in offences), so that the City of London, which
 * the City of London Police covers, is in neither the numerator nor the denominator.
 */
import type { Database } from '../database';
import type { TableName } from '../contract';
import { monthFromIndex } from '../months';

export interface MonthRange {
  first: string;
  latest: string;
}

/** First and latest month a table holds, or null when it is empty. */
export async function monthRange(db: Database, table: Extract<TableName, 'offences' | 'victims' | 'incidents' | 'repeat_victims' | 'proceedings'>): Promise<MonthRange | null> {
  const [row] = await db.query<{ lo: number | null; hi: number | null }>(
    `SELECT min(month_index) AS lo, max(month_index) AS hi FROM ${table}`,
  );
  if (!row || row.lo === null || row.hi === null) return null;
  return { first: monthFromIndex(row.lo), latest: monthFromIndex(row.hi) };
}

/** SQL: the population year for the rolling year ending at month index `endIndexSql`. */
export function rollingYearPopulationYear(endIndexSql: string): string {
  return `CASE WHEN (${endIndexSql}) % 12 + 1 >= 6 THEN (${endIndexSql}) // 12 ELSE (${endIndexSql}) // 12 - 1 END`;
}

/** SQL: a year clamped to the years the population table holds. */
export function clampedPopulationYear(yearSql: string): string {
  return `greatest(least(${yearSql}, (SELECT max(year) FROM population)), (SELECT min(year) FROM population))`;
}
