/**
 * Queries for page 3, Justice: people proceeded against (proceedings.csv) beside recorded offences
 * (offences.csv). Every figure the page shows comes from one of these.
 * `area` is 'London' or a borough's ONS name; months are `YYYY-MM`; all are bound parameters.
 *
 * - A rolling year is the 12 months ending month E: month_index BETWEEN E - 11 AND E.
 * - London is every row, including non-borough rows ("Unknown"); a borough is its own rows only.
 * - An area with no rows at all in a table (the City of London, which the City of London Police
 *   covers) has no figure (null), which is not the same as a count of 0.
 */
import { OUTCOMES, type DisplayCategory, type OffenceCategory } from '../contract';
import type { Database } from '../database';
import { addMonths, monthIndex } from '../months';

import { monthRange, type MonthRange } from './common';

export type Outcome = (typeof OUTCOMES)[number];


export interface JusticeCoverage {
  /** First and latest month of proceedings. */
  proceedings: MonthRange;
  /** First and latest month of offences, or null when there are none. */
  offences: MonthRange | null;
  /** The first rolling year proceedings covers ends here: its first month + 11. */
  earliestEnd: string;
  /** Latest month both proceedings and offences have (else proceedings' latest): the default period. */
  defaultEnd: string;
}

/**
 * The rolling years the page can show, from the months each table covers: null when proceedings
 * does not hold 12 months. Pure, so that it can be tested without a database.
 */
export function justicePeriods(proceedings: MonthRange | null, offences: MonthRange | null): JusticeCoverage | null {
  if (!proceedings) return null;
  const earliestEnd = addMonths(proceedings.first, 11);
  if (monthIndex(earliestEnd) > monthIndex(proceedings.latest)) return null;
  let defaultEnd = proceedings.latest;
  if (offences && monthIndex(offences.latest) < monthIndex(defaultEnd) && monthIndex(offences.latest) >= monthIndex(earliestEnd)) {
    defaultEnd = offences.latest;
  }
  return { proceedings, offences, earliestEnd, defaultEnd };
}

export async function justiceCoverage(db: Database): Promise<JusticeCoverage | null> {
  const [proceedings, offences] = await Promise.all([monthRange(db, 'proceedings'), monthRange(db, 'offences')]);
  return justicePeriods(proceedings, offences);
}

/** Whether the rolling year ending `endMonth` is one the page can show. */
export function coversPeriod(coverage: JusticeCoverage, endMonth: string): boolean {
  const end = monthIndex(endMonth);
  return end >= monthIndex(coverage.earliestEnd) && end <= monthIndex(coverage.defaultEnd);
}

export interface CategoryFigure {
  /** 'London' or the borough's name. */
  area: string;
  category: OffenceCategory;
  /** People proceeded against in the rolling year; null when the area has no proceedings rows at all. */
  people: number | null;
  charge: number | null;
  caution: number | null;
  otherSanction: number | null;
  /**
   * Recorded offences in the same rolling year; null when the area or the category has no offences
   * rows at all, or when the offences table does not cover all 12 months.
   */
  offences: number | null;
  /** People proceeded against per 100 recorded offences; null when offences is null or 0. */
  per100: number | null;
}

/**
 * For each category proceedings holds (in the order domestic abuse, rape, other sexual offences,
 * stalking and harassment), people proceeded against by outcome and recorded offences over the rolling
 * year ending `endMonth`: London first, then the borough when one is chosen.
 */
export async function categoryFigures(db: Database, area: string, endMonth: string): Promise<CategoryFigure[]> {
  // Worked out for every area and month when the data loaded (summaries.ts, summary_justice_categories).
  return db.query<CategoryFigure>(
    `SELECT area, category, people, charge, caution, other_sanction AS "otherSanction", offences, per100
     FROM summary_justice_categories
     WHERE end_index = CAST($2 AS INTEGER) AND (area = 'London' OR area = $1)
     ORDER BY area_ord, category_ord`,
    [area, monthIndex(endMonth)],
  );
}

export interface OutcomePoint {
  /** Last month of the rolling year. */
  month: string;
  outcome: Outcome;
  /** People proceeded against with this outcome in the 12 months ending `month`. */
  people: number;
  /** All people proceeded against in those 12 months. */
  total: number;
  /** people as a percentage of total; null when total is 0. */
  percent: number | null;
}

/**
 * Rolling-year totals by outcome, month by month, for every rolling year proceedings covers (from its
 * first month + 11 to its latest), for London or a borough. Empty when the borough has no
 * proceedings rows at all.
 */
export async function outcomeTrend(db: Database, area: string, category: DisplayCategory): Promise<OutcomePoint[]> {
  // Worked out for every area and category when the data loaded (summaries.ts, summary_outcome_rolling).
  return db.query<OutcomePoint>(
    `SELECT month, outcome, people, total, percent
     FROM summary_outcome_rolling
     WHERE area = $1 AND display = $2
     ORDER BY month_index, outcome_ord`,
    [area, category],
  );
}

export interface PeopleCount {
  sex: string;
  ageBand: string;
  people: number;
}

/** People proceeded against in the rolling year ending `endMonth`, by sex and age band. */
export async function peopleBySexAndAge(
  db: Database,
  area: string,
  category: DisplayCategory,
  endMonth: string,
): Promise<PeopleCount[]> {
  return db.query<PeopleCount>(
    `SELECT sex, age_band AS "ageBand", sum(people)::BIGINT AS people
     FROM proceedings
     WHERE ($1 = 'London' OR borough = $1)
       AND category IN (SELECT part FROM ref_display_category WHERE display = $2)
       AND month_index BETWEEN CAST($3 AS INTEGER) - 11 AND CAST($3 AS INTEGER)
     GROUP BY sex, age_band
     ORDER BY sex, "ageBand"`,
    [area, category, monthIndex(endMonth)],
  );
}
