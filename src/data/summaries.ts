/**
 * Summary tables, worked out once from the contract tables whenever one of them is (re)loaded, so that
 * the questions a page asks on every borough switch read a few hundred prepared rows instead of
 * aggregating the whole table again. DuckDB-WASM runs one query at a time in its worker; a switch
 * was mostly spent there (#6).
 *
 * They hold exactly what the page queries computed before (the same SQL, run for every area at once):
 * - summary_policed_boroughs(borough): boroughs the MPS reports on (any row in offences);
 * - summary_area_population(area, year, population): each borough, and 'London' as the boroughs the
 *   MPS reports on (the City of London, policed by the City of London Police, is in neither the
 *   numerator nor the denominator: see queries/common.ts);
 * - summary_offence_months(area, display, month_index, month, offences, population, rate,
 *   rolling_rate, rolling_offences): every month from the first to the latest in offences, for
 *   'London' (every row, including those not assigned to a borough) and each London authority, for
 *   each display category; months with no rows are 0. population and rate use the mid-year estimate of
 *   the month's calendar year; rolling_* cover the 12 months ending that month (null for the first 11);
 * - summary_offence_parts(area, category, month_index, offences): offences by stored category, for
 *   'London' (every row) and each borough with rows, only where there are rows;
 * - summary_proceedings_months(area, category, outcome, month_index, people): people proceeded
 *   against, likewise for 'London' (every row) and each borough with rows, only where there are rows.
 */
import type { TableName } from './contract';
import type { Database } from './database';
import { clampedPopulationYear } from './queries/common';

interface Summary {
  /** Contract tables it reads: it is rebuilt when any of them is loaded. */
  reads: readonly TableName[];
  sql: string;
}

/** In dependency order: later ones read earlier ones. */
const SUMMARIES: readonly Summary[] = [
  {
    reads: ['offences'],
    sql: `CREATE OR REPLACE TABLE summary_policed_boroughs AS
      SELECT DISTINCT borough FROM offences WHERE borough IN (SELECT name FROM ref_boroughs) ORDER BY borough`,
  },
  {
    reads: ['offences', 'population'],
    sql: `CREATE OR REPLACE TABLE summary_area_population AS
      WITH borough_population AS (
        SELECT borough, year, sum(population)::BIGINT AS population FROM population GROUP BY borough, year
      )
      SELECT borough AS area, year, population FROM borough_population
      UNION ALL
      SELECT 'London' AS area, year, sum(population)::BIGINT FROM borough_population
      WHERE borough IN (SELECT borough FROM summary_policed_boroughs) GROUP BY year
      ORDER BY area, year`,
  },
  {
    reads: ['offences', 'population'],
    sql: `CREATE OR REPLACE TABLE summary_offence_months AS
      WITH bounds AS (SELECT min(month_index) AS lo, max(month_index) AS hi FROM offences),
      calendar AS (SELECT unnest(range(lo, hi + 1)) AS month_index FROM bounds),
      areas AS (SELECT 'London' AS area UNION ALL SELECT name FROM ref_boroughs),
      displays AS (SELECT DISTINCT display FROM ref_display_category),
      counts AS (
        SELECT 'London' AS area, d.display, o.month_index, sum(o.offences)::BIGINT AS offences
        FROM offences o JOIN ref_display_category d ON d.part = o.category
        GROUP BY ALL
        UNION ALL
        SELECT o.borough, d.display, o.month_index, sum(o.offences)::BIGINT
        FROM offences o JOIN ref_display_category d ON d.part = o.category
        WHERE o.borough IN (SELECT name FROM ref_boroughs)
        GROUP BY ALL
      ),
      monthly AS (
        SELECT a.area, d.display, c.month_index, coalesce(n.offences, 0)::BIGINT AS offences
        FROM areas a CROSS JOIN displays d CROSS JOIN calendar c
        LEFT JOIN counts n ON n.area = a.area AND n.display = d.display AND n.month_index = c.month_index
      ),
      with_rates AS (
        SELECT m.*, p.population, m.offences * 1000.0 / nullif(p.population, 0) AS rate
        FROM monthly m
        LEFT JOIN summary_area_population p ON p.area = m.area
          AND p.year = ${clampedPopulationYear('m.month_index // 12')}
      )
      SELECT area, display, month_index::INTEGER AS month_index,
        printf('%04d-%02d', month_index // 12, month_index % 12 + 1) AS month,
        offences, population, rate,
        CASE WHEN count(*) OVER w = 12 THEN avg(rate) OVER w END AS rolling_rate,
        CASE WHEN count(*) OVER w = 12 THEN (sum(offences) OVER w)::BIGINT END AS rolling_offences
      FROM with_rates
      WINDOW w AS (PARTITION BY area, display ORDER BY month_index ROWS BETWEEN 11 PRECEDING AND CURRENT ROW)
      ORDER BY area, display, month_index`,
  },
  {
    reads: ['offences'],
    sql: `CREATE OR REPLACE TABLE summary_offence_parts AS
      SELECT 'London' AS area, category, month_index, sum(offences)::BIGINT AS offences FROM offences GROUP BY ALL
      UNION ALL
      SELECT borough, category, month_index, sum(offences)::BIGINT FROM offences
      WHERE borough IN (SELECT name FROM ref_boroughs) GROUP BY ALL
      ORDER BY area, category, month_index`,
  },
  {
    reads: ['proceedings'],
    sql: `CREATE OR REPLACE TABLE summary_proceedings_months AS
      SELECT 'London' AS area, category, outcome, month_index, sum(people)::BIGINT AS people FROM proceedings GROUP BY ALL
      UNION ALL
      SELECT borough, category, outcome, month_index, sum(people)::BIGINT FROM proceedings
      WHERE borough IN (SELECT name FROM ref_boroughs) GROUP BY ALL
      ORDER BY area, category, outcome, month_index`,
  },
];

/**
 * Rebuilds the summaries that read `table` (every summary when none is named), and those built on
 * them. Called after every write of a contract table (load.ts), so a summary never outlives its data.
 */
export async function refreshSummaries(db: Database, table?: TableName): Promise<void> {
  let stale = false;
  for (const summary of SUMMARIES) {
    // Once one is rebuilt, every later one is too: they may read it.
    stale ||= table === undefined || summary.reads.includes(table);
    if (stale) await db.query(summary.sql);
  }
}
