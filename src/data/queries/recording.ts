/**
 * Queries for page 1, Recording: every figure the page shows comes from one of these.
 * `area` is 'London' or a borough's ONS name; months are `YYYY-MM`; all are bound parameters.
 */
import type { DisplayCategory } from '../contract';
import type { Database } from '../database';
import { monthIndex } from '../months';
import { clampedPopulationYear, rollingYearPopulationYear } from './common';

export type HeadlineCategory = DisplayCategory | 'rape';

export interface HeadlineFigure {
  category: HeadlineCategory;
  /** Offences in the 12 months ending endMonth. */
  current: number;
  /** Offences in the 12 months before those, or null when the data does not reach back that far. */
  previous: number | null;
  /** Percent change from previous to current, or null when not computable. */
  percentChange: number | null;
}

/** Headline figures for the rolling year ending `endMonth`, for London or one borough. */
export async function headlineFigures(db: Database, area: string, endMonth: string): Promise<HeadlineFigure[]> {
  // Month indexes are cast to INTEGER: a JavaScript number is bound as a DOUBLE, and comparing
  // month_index with a DOUBLE compares every row as one.
  return db.query<HeadlineFigure>(
    `WITH area_months AS (
       SELECT display, month_index, offences FROM summary_offence_months
       WHERE area = $1 AND month_index BETWEEN CAST($2 AS INTEGER) - 23 AND CAST($2 AS INTEGER)
     ),
     sums AS (
       SELECT c.display AS category,
         coalesce(sum(a.offences) FILTER (WHERE a.month_index >= CAST($2 AS INTEGER) - 11), 0)::BIGINT AS current,
         CASE WHEN CAST($2 AS INTEGER) - 23 >= (SELECT min(month_index) FROM summary_offence_months)
           THEN coalesce(sum(a.offences) FILTER (WHERE a.month_index <= CAST($2 AS INTEGER) - 12), 0)::BIGINT
         END AS previous
       FROM (SELECT DISTINCT display FROM ref_display_category) c
       LEFT JOIN area_months a ON a.display = c.display
       GROUP BY c.display
     )
     SELECT category, current, previous,
       CASE WHEN previous > 0 THEN (current - previous) * 100.0 / previous END AS "percentChange"
     FROM sums
     ORDER BY CASE category WHEN 'domestic_abuse' THEN 1 WHEN 'sexual_offences' THEN 2 ELSE 3 END`,
    [area, monthIndex(endMonth)],
  );
}

export interface BoroughValue {
  borough: string;
  code: string;
  /** Offences in the rolling year, or null when the borough has no MPS data at all. */
  offences: number | null;
  population: number | null;
  /** Offences per 1,000 residents, or null. */
  rate: number | null;
}

/** One row per London authority (all 33) for the map: rolling-year offences and rate. */
export async function boroughValues(db: Database, category: DisplayCategory, endMonth: string): Promise<BoroughValue[]> {
  return db.query<BoroughValue>(
    `WITH window_offences AS (
       SELECT borough, sum(offences)::BIGINT AS offences FROM offences
       WHERE category IN (SELECT part FROM ref_display_category WHERE display = $1)
         AND month_index BETWEEN CAST($2 AS INTEGER) - 11 AND CAST($2 AS INTEGER)
       GROUP BY borough
     ),
     pop AS (
       SELECT area AS borough, population FROM summary_area_population
       WHERE area <> 'London' AND year = ${clampedPopulationYear(rollingYearPopulationYear('CAST($2 AS INTEGER)'))}
     )
     SELECT b.name AS borough, b.code,
       CASE WHEN b.name IN (SELECT borough FROM summary_policed_boroughs) THEN coalesce(w.offences, 0) END AS offences,
       p.population,
       CASE WHEN b.name IN (SELECT borough FROM summary_policed_boroughs) AND p.population > 0
         THEN coalesce(w.offences, 0) * 1000.0 / p.population END AS rate
     FROM ref_boroughs b
     LEFT JOIN window_offences w ON w.borough = b.name
     LEFT JOIN pop p ON p.borough = b.name
     ORDER BY b.name`,
    [category, monthIndex(endMonth)],
  );
}

export interface TrendPoint {
  /** 'London' or the borough's name. */
  series: string;
  month: string;
  offences: number;
  population: number | null;
  /** Offences per 1,000 residents in that month. */
  rate: number | null;
  /** Mean of the monthly rates over the 12 months ending this month; null for the first 11 months. */
  rollingRate: number | null;
  /** Offences in the 12 months ending this month; null for the first 11 months. */
  rollingOffences: number | null;
}

/** Monthly series over the whole data for London and (when chosen) one borough. */
export async function monthlyTrend(db: Database, area: string, category: DisplayCategory): Promise<TrendPoint[]> {
  return db.query<TrendPoint>(
    `SELECT area AS series, month, offences, population, rate,
       rolling_rate AS "rollingRate", rolling_offences AS "rollingOffences"
     FROM summary_offence_months
     WHERE display = $2 AND (area = 'London' OR area = $1)
     ORDER BY area, month_index`,
    [area, category],
  );
}

export interface NationalComparison {
  financialYear: string;
  series: 'London' | 'England and Wales';
  offences: number;
  population: number;
  rate: number;
}

/** Offences per 1,000 residents by financial year: London (complete years only) and England and Wales. */
export async function londonVsEnglandWales(db: Database, category: DisplayCategory): Promise<NationalComparison[]> {
  return db.query<NationalComparison>(
    `WITH bounds AS (SELECT min(month_index) AS lo, max(month_index) AS hi FROM offences),
     london AS (
       SELECT CASE WHEN month_index % 12 + 1 >= 4 THEN month_index // 12 ELSE month_index // 12 - 1 END AS fy_start,
         sum(offences)::BIGINT AS offences
       FROM offences
       WHERE category IN (SELECT part FROM ref_display_category WHERE display = $1)
       GROUP BY ALL
     ),
     london_complete AS (
       -- only financial years the data covers from April to March
       SELECT l.fy_start, l.offences FROM london l, bounds b
       WHERE l.fy_start * 12 + 3 >= b.lo AND l.fy_start * 12 + 14 <= b.hi
     ),
     national AS (
       SELECT fy_start, sum(offences)::BIGINT AS offences, max(population)::BIGINT AS population
       FROM england_wales
       WHERE category IN (SELECT part FROM ref_display_category WHERE display = $1)
       GROUP BY fy_start
     ),
     rows AS (
       SELECT l.fy_start, 'London' AS series, l.offences, p.population
       FROM london_complete l
       JOIN summary_area_population p ON p.area = 'London' AND p.year = ${clampedPopulationYear('l.fy_start')}
       UNION ALL
       SELECT fy_start, 'England and Wales', offences, population FROM national
       WHERE fy_start IN (SELECT fy_start FROM london_complete)
     )
     SELECT printf('%d/%02d', fy_start, (fy_start + 1) % 100) AS "financialYear", series, offences, population,
       offences * 1000.0 / population AS rate
     FROM rows WHERE population > 0
     ORDER BY fy_start, series DESC`,
    [category],
  );
}

export interface VictimCount {
  sex: string;
  ageBand: string;
  victims: number;
}

/** Victims in the rolling year ending `endMonth`, by sex and age band, for London or a borough. */
export async function victimsBySexAndAge(
  db: Database,
  area: string,
  category: DisplayCategory,
  endMonth: string,
): Promise<VictimCount[]> {
  return db.query<VictimCount>(
    `SELECT sex, age_band AS "ageBand", sum(victims)::BIGINT AS victims
     FROM victims
     WHERE ($1 = 'London' OR borough = $1)
       AND category IN (SELECT part FROM ref_display_category WHERE display = $2)
       AND month_index BETWEEN CAST($3 AS INTEGER) - 11 AND CAST($3 AS INTEGER)
     GROUP BY ALL
     ORDER BY sex, "ageBand"`,
    [area, category, monthIndex(endMonth)],
  );
}
