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
  /** Offences in the 12 months ending endMonth; null unless the data covers all 12 months. */
  current: number | null;
  /** Offences in the 12 months before those; null unless the data covers all 12 of them. */
  previous: number | null;
  /** London's offences not allocated to a borough, and London's total, in each year (for notes and changes). */
  unallocatedCurrent: number | null;
  londonCurrent: number | null;
  unallocatedPrevious: number | null;
  londonPrevious: number | null;
}

/**
 * Headline figures for the rolling year ending `endMonth`, and the year before, for London or one
 * borough. A year the data does not cover in all 12 months has no figure (null): summary_offence_months
 * holds null for months no file covers, and count() counts only the months with a figure.
 */
export async function headlineFigures(db: Database, area: string, endMonth: string): Promise<HeadlineFigure[]> {
  // Month indexes are cast to INTEGER: a JavaScript number is bound as a DOUBLE, and comparing
  // month_index with a DOUBLE compares every row as one.
  return db.query<HeadlineFigure>(
    `WITH years AS (
       SELECT area, display,
         CASE WHEN count(offences) FILTER (WHERE month_index > CAST($2 AS INTEGER) - 12) = 12
           THEN sum(offences) FILTER (WHERE month_index > CAST($2 AS INTEGER) - 12) END::BIGINT AS current,
         CASE WHEN count(offences) FILTER (WHERE month_index <= CAST($2 AS INTEGER) - 12) = 12
           THEN sum(offences) FILTER (WHERE month_index <= CAST($2 AS INTEGER) - 12) END::BIGINT AS previous,
         CASE WHEN count(unallocated) FILTER (WHERE month_index > CAST($2 AS INTEGER) - 12) = 12
           THEN sum(unallocated) FILTER (WHERE month_index > CAST($2 AS INTEGER) - 12) END::BIGINT AS unallocated_current,
         CASE WHEN count(unallocated) FILTER (WHERE month_index <= CAST($2 AS INTEGER) - 12) = 12
           THEN sum(unallocated) FILTER (WHERE month_index <= CAST($2 AS INTEGER) - 12) END::BIGINT AS unallocated_previous
       FROM summary_offence_months
       WHERE (area = $1 OR area = 'London') AND month_index BETWEEN CAST($2 AS INTEGER) - 23 AND CAST($2 AS INTEGER)
       GROUP BY area, display
     )
     SELECT c.display AS category, a.current, a.previous,
       l.unallocated_current AS "unallocatedCurrent", l.current AS "londonCurrent",
       l.unallocated_previous AS "unallocatedPrevious", l.previous AS "londonPrevious"
     FROM (SELECT DISTINCT display FROM ref_display_category) c
     LEFT JOIN years a ON a.display = c.display AND a.area = $1
     LEFT JOIN years l ON l.display = c.display AND l.area = 'London'
     ORDER BY CASE c.display WHEN 'domestic_abuse' THEN 1 WHEN 'sexual_offences' THEN 2 ELSE 3 END`,
    [area, monthIndex(endMonth)],
  );
}

export interface BoroughValue {
  borough: string;
  code: string;
  /** Offences in the rolling year; null when the borough has no MPS data, or the data does not cover the year. */
  offences: number | null;
  population: number | null;
  /** The mid-year estimate the population is (the year whose 30 June falls in the period, or the nearest held). */
  populationYear: number | null;
  /** Offences per 1,000 residents, or null. */
  rate: number | null;
}

/** One row per London authority (all 33) for the map: rolling-year offences and rate. */
export async function boroughValues(db: Database, category: DisplayCategory, endMonth: string): Promise<BoroughValue[]> {
  return db.query<BoroughValue>(
    `WITH window_offences AS (
       SELECT area AS borough,
         CASE WHEN count(offences) = 12 THEN sum(offences) END::BIGINT AS offences
       FROM summary_offence_months
       WHERE display = $1 AND area <> 'London' AND month_index BETWEEN CAST($2 AS INTEGER) - 11 AND CAST($2 AS INTEGER)
       GROUP BY area
     ),
     pop AS (
       SELECT area AS borough, population, year FROM summary_area_population
       WHERE area <> 'London' AND year = ${clampedPopulationYear(rollingYearPopulationYear('CAST($2 AS INTEGER)'))}
     )
     SELECT b.name AS borough, b.code, w.offences, p.population, p.year::INTEGER AS "populationYear",
       CASE WHEN p.population > 0 THEN w.offences * 1000.0 / p.population END AS rate
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
  /** The mid-year estimate the population is (the month's year, or the nearest the data holds). */
  populationYear: number | null;
  /** Offences per 100,000 residents in that month (a month's rate per 1,000 would be a fraction). */
  rate: number | null;
  /** Mean of the monthly rates (per 100,000) over the 12 months ending this month; null for the first 11 months. */
  rollingRate: number | null;
  /** Offences in the 12 months ending this month; null for the first 11 months. */
  rollingOffences: number | null;
}

/** Monthly series over the whole data for London and (when chosen) one borough. */
export async function monthlyTrend(db: Database, area: string, category: DisplayCategory): Promise<TrendPoint[]> {
  return db.query<TrendPoint>(
    `SELECT area AS series, month, offences, population, population_year AS "populationYear", rate,
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
  /** London: the mid-year estimate used (the year the financial year starts in, or the nearest held); England and Wales: null (the population is the one given with the national figures). */
  populationYear: number | null;
  rate: number;
}

/**
 * Offences per 1,000 residents by financial year: London (years the data covers from April to March)
 * and England and Wales (the years its table holds), for the years both have.
 */
export async function londonVsEnglandWales(db: Database, category: DisplayCategory): Promise<NationalComparison[]> {
  return db.query<NationalComparison>(
    `WITH london AS (
       SELECT CASE WHEN month_index % 12 + 1 >= 4 THEN month_index // 12 ELSE month_index // 12 - 1 END AS fy_start,
         sum(offences)::BIGINT AS offences, count(offences) AS months
       FROM summary_offence_months
       WHERE area = 'London' AND display = $1
       GROUP BY ALL
     ),
     national AS (
       SELECT fy_start, sum(offences)::BIGINT AS offences, max(population)::BIGINT AS population
       FROM england_wales
       WHERE category IN (SELECT part FROM ref_display_category WHERE display = $1)
       GROUP BY fy_start
       HAVING count(DISTINCT category) = (SELECT count(*) FROM ref_display_category WHERE display = $1)
     ),
     rows AS (
       SELECT l.fy_start, 'London' AS series, l.offences, p.population, p.year AS population_year
       FROM london l
       JOIN summary_area_population p ON p.area = 'London' AND p.year = ${clampedPopulationYear('l.fy_start')}
       WHERE l.months = 12 AND l.fy_start IN (SELECT fy_start FROM national)
       UNION ALL
       SELECT fy_start, 'England and Wales', offences, population, NULL FROM national
       WHERE fy_start IN (SELECT fy_start FROM london WHERE months = 12)
     )
     SELECT printf('%d/%02d', fy_start, (fy_start + 1) % 100) AS "financialYear", series, offences, population,
       population_year::INTEGER AS "populationYear", offences * 1000.0 / population AS rate
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
