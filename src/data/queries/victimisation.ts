/**
 * Queries for page 2, Victimisation: domestic abuse incidents by borough, and the repeat-victimisation
 * measures. Repeat figures are supplied per 12-month window (distinct victims cannot be summed across
 * months or boroughs), so these queries read them as they are and only divide.
 */
import type { Database } from '../database';
import { monthIndex } from '../months';
import { clampedPopulationYear, rollingYearPopulationYear } from './common';

export interface BoroughIncidents {
  borough: string;
  code: string;
  /** DA incidents in the rolling year, or null when the borough has no rows at all. */
  incidents: number | null;
  population: number | null;
  /** The mid-year estimate the population is (the year whose 30 June falls in the 12 months, or the nearest held). */
  populationYear: number | null;
  rate: number | null;
}

/** One row per London authority: DA incidents in the 12 months ending `endMonth`, and per 1,000 residents. */
export async function boroughIncidents(db: Database, endMonth: string): Promise<BoroughIncidents[]> {
  return db.query<BoroughIncidents>(
    `WITH reported AS (SELECT DISTINCT borough FROM incidents),
     window_incidents AS (
       SELECT borough, sum(incidents)::BIGINT AS incidents FROM incidents
       WHERE month_index BETWEEN CAST($1 AS INTEGER) - 11 AND CAST($1 AS INTEGER) GROUP BY borough
     ),
     pop AS (
       SELECT area AS borough, population, year FROM summary_area_population
       WHERE area <> 'London' AND year = ${clampedPopulationYear(rollingYearPopulationYear('CAST($1 AS INTEGER)'))}
     )
     SELECT b.name AS borough, b.code,
       CASE WHEN b.name IN (SELECT borough FROM reported) THEN coalesce(w.incidents, 0) END AS incidents,
       p.population, p.year::INTEGER AS "populationYear",
       CASE WHEN b.name IN (SELECT borough FROM reported) AND p.population > 0
         THEN coalesce(w.incidents, 0) * 1000.0 / p.population END AS rate
     FROM ref_boroughs b
     LEFT JOIN window_incidents w ON w.borough = b.name
     LEFT JOIN pop p ON p.borough = b.name
     ORDER BY b.name`,
    [monthIndex(endMonth)],
  );
}

export interface RepeatPoint {
  /** 'London' or a borough. */
  series: string;
  /** Last month of the 12-month window. */
  month: string;
  victims: number;
  repeatVictims: number;
  incidents: number;
  /** Incidents per victim in the window. */
  incidentsPerVictim: number | null;
  /** Percent of victims with two or more incidents in the window. */
  percentRepeat: number | null;
  /** Residents (mid-year estimate for the window, as for every rolling year). */
  population: number | null;
  /** The mid-year estimate the population is. */
  populationYear: number | null;
  /** Repeat victims per 1,000 residents, so a borough and London compare on one axis. */
  repeatPerThousand: number | null;
}

/**
 * Repeat-victimisation measures for London and (when chosen) a borough, every month, from a table of
 * the repeat_victims shape (the published table, or one computed from an analyst's extract).
 */
export async function repeatTrend(
  db: Database,
  area: string,
  table: 'repeat_victims' | 'extract_repeat_victims' = 'repeat_victims',
): Promise<RepeatPoint[]> {
  return db.query<RepeatPoint>(
    `SELECT r.borough AS series, r.month, r.victims::BIGINT AS victims, r.repeat_victims::BIGINT AS "repeatVictims",
       r.incidents::BIGINT AS incidents,
       CASE WHEN r.victims > 0 THEN r.incidents / r.victims END AS "incidentsPerVictim",
       CASE WHEN r.victims > 0 THEN r.repeat_victims * 100.0 / r.victims END AS "percentRepeat",
       p.population, p.year::INTEGER AS "populationYear",
       CASE WHEN p.population > 0 THEN r.repeat_victims * 1000.0 / p.population END AS "repeatPerThousand"
     FROM ${table} r
     LEFT JOIN summary_area_population p ON p.area = r.borough
       AND p.year = ${clampedPopulationYear(rollingYearPopulationYear('r.month_index'))}
     WHERE r.borough = 'London' OR r.borough = $1
     ORDER BY r.borough, r.month_index`,
    [area],
  );
}

export interface IncidentHeadline {
  /** DA incidents in the rolling year ending endMonth (null when there are none in the data). */
  incidents: number | null;
  /** DA incidents in the 12 months before that, or null when the data does not reach back. */
  previousIncidents: number | null;
}

/** DA incidents for London or a borough in the rolling year ending `endMonth`, and the year before. */
export async function incidentHeadline(db: Database, area: string, endMonth: string): Promise<IncidentHeadline> {
  const [row] = await db.query<IncidentHeadline>(
    `WITH bounds AS (SELECT min(month_index) AS first_index FROM incidents),
     area_incidents AS (SELECT month_index, incidents FROM incidents WHERE $1 = 'London' OR borough = $1)
     SELECT
       CASE WHEN count(*) > 0
         THEN coalesce(sum(incidents) FILTER (WHERE month_index BETWEEN CAST($2 AS INTEGER) - 11 AND CAST($2 AS INTEGER)), 0)::BIGINT
       END AS incidents,
       CASE WHEN CAST($2 AS INTEGER) - 23 >= (SELECT first_index FROM bounds)
         THEN coalesce(sum(incidents) FILTER (WHERE month_index BETWEEN CAST($2 AS INTEGER) - 23 AND CAST($2 AS INTEGER) - 12), 0)::BIGINT
       END AS "previousIncidents"
     FROM area_incidents`,
    [area, monthIndex(endMonth)],
  );
  return row ?? { incidents: null, previousIncidents: null };
}
