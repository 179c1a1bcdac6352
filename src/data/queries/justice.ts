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
import { OFFENCE_CATEGORIES, OUTCOMES, type DisplayCategory, type OffenceCategory } from '../contract';
import type { Database } from '../database';
import { addMonths, monthIndex } from '../months';
import { literal } from '../sql';
import { monthRange, type MonthRange } from './common';

export type Outcome = (typeof OUTCOMES)[number];

/** SQL VALUES list of (name, ord) from our own constants, so results keep a fixed order. */
function orderedValues(values: readonly string[]): string {
  return values.map((value, i) => `(${literal(value)}, ${i + 1})`).join(', ');
}
const CATEGORY_VALUES = orderedValues(OFFENCE_CATEGORIES);
const OUTCOME_VALUES = orderedValues(OUTCOMES);

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
  // Read from the summaries worked out when the data loaded (summaries.ts): 'London' there is every
  // row, a borough its own rows, and an area without rows has none.
  return db.query<CategoryFigure>(
    `WITH params AS (SELECT CAST($2 AS INTEGER) AS end_index),
     categories AS (
       SELECT * FROM (VALUES ${CATEGORY_VALUES}) AS c(category, ord)
       WHERE category IN (SELECT DISTINCT category FROM summary_proceedings_months WHERE area = 'London')
     ),
     areas AS (
       SELECT 'London' AS area, 1 AS ord,
         true AS has_people,
         EXISTS (SELECT 1 FROM summary_offence_parts) AS has_offences
       UNION ALL
       SELECT $1, 2,
         EXISTS (SELECT 1 FROM summary_proceedings_months WHERE area = $1),
         EXISTS (SELECT 1 FROM summary_offence_parts WHERE area = $1)
       WHERE $1 <> 'London'
     ),
     people AS (
       SELECT area, category,
         sum(people) AS people,
         sum(people) FILTER (WHERE outcome = 'charge') AS charge,
         sum(people) FILTER (WHERE outcome = 'caution') AS caution,
         sum(people) FILTER (WHERE outcome = 'other_sanction') AS other_sanction
       FROM summary_proceedings_months, params
       WHERE area IN ('London', $1) AND month_index BETWEEN end_index - 11 AND end_index
       GROUP BY area, category
     ),
     offence_cover AS (
       SELECT min(month_index) <= end_index - 11 AND max(month_index) >= end_index AS covered
       FROM summary_offence_parts, params WHERE area = 'London' GROUP BY end_index
     ),
     offence_categories AS (SELECT DISTINCT category FROM summary_offence_parts WHERE area = 'London'),
     recorded AS (
       SELECT area, category, sum(offences) AS offences
       FROM summary_offence_parts, params
       WHERE area IN ('London', $1) AND month_index BETWEEN end_index - 11 AND end_index
       GROUP BY area, category
     ),
     figures AS (
       SELECT a.area, a.ord AS area_ord, c.category, c.ord AS category_ord,
         CASE WHEN a.has_people THEN coalesce(p.people, 0) END AS people,
         CASE WHEN a.has_people THEN coalesce(p.charge, 0) END AS charge,
         CASE WHEN a.has_people THEN coalesce(p.caution, 0) END AS caution,
         CASE WHEN a.has_people THEN coalesce(p.other_sanction, 0) END AS other_sanction,
         CASE WHEN a.has_offences AND coalesce((SELECT covered FROM offence_cover), false)
             AND c.category IN (SELECT category FROM offence_categories)
           THEN coalesce(r.offences, 0) END AS offences
       FROM areas a CROSS JOIN categories c
       LEFT JOIN people p ON p.area = a.area AND p.category = c.category
       LEFT JOIN recorded r ON r.area = a.area AND r.category = c.category
     )
     SELECT area, category,
       people::BIGINT AS people, charge::BIGINT AS charge, caution::BIGINT AS caution,
       other_sanction::BIGINT AS "otherSanction", offences::BIGINT AS offences,
       CASE WHEN offences > 0 THEN people * 100.0 / offences END AS per100
     FROM figures
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
  return db.query<OutcomePoint>(
    `WITH bounds AS (SELECT min(month_index) AS lo, max(month_index) AS hi FROM summary_proceedings_months WHERE area = 'London'),
     calendar AS (SELECT unnest(range(lo, hi + 1)) AS month_index FROM bounds),
     outcomes AS (SELECT * FROM (VALUES ${OUTCOME_VALUES}) AS o(outcome, ord)),
     monthly AS (
       SELECT month_index, outcome, sum(people) AS people FROM summary_proceedings_months
       WHERE area = $1
         AND category IN (SELECT part FROM ref_display_category WHERE display = $2)
       GROUP BY month_index, outcome
     ),
     filled AS (
       SELECT c.month_index, o.outcome, o.ord, coalesce(m.people, 0) AS people
       FROM calendar c CROSS JOIN outcomes o
       LEFT JOIN monthly m ON m.month_index = c.month_index AND m.outcome = o.outcome
     ),
     rolling AS (
       SELECT month_index, outcome, ord,
         sum(people) OVER (PARTITION BY outcome ORDER BY month_index RANGE BETWEEN 11 PRECEDING AND CURRENT ROW) AS people
       FROM filled
     ),
     totals AS (
       SELECT *, sum(people) OVER (PARTITION BY month_index) AS total FROM rolling
     )
     SELECT printf('%04d-%02d', month_index // 12, month_index % 12 + 1) AS month, outcome,
       people::BIGINT AS people, total::BIGINT AS total,
       CASE WHEN total > 0 THEN people * 100.0 / total END AS percent
     FROM totals, bounds
     WHERE month_index >= lo + 11
       AND EXISTS (SELECT 1 FROM summary_proceedings_months WHERE area = $1)
     ORDER BY month_index, ord`,
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
