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
 * - summary_offence_months(area, display, month_index, month, offences, unallocated, population, population_year, rate,
 *   rolling_rate, rolling_offences, rolling_unallocated): every month from the first to the latest in
 *   offences, for 'London' (every row, including those not allocated to a borough: `unallocated` says how
 *   many) and each borough the MPS reports on, for each display category the data covers at all. A
 *   covered month with no rows is 0; a month the data does not cover (data_coverage) is null. population
 *   and rate (offences per 100,000 residents, in the month) use the mid-year estimate of the month's
 *   calendar year (population_year: the nearest year the population table holds); rolling_* cover the
 *   12 months ending that month, and are null unless all 12 are covered;
 * - summary_offence_parts(area, category, month_index, offences): offences by stored category, for
 *   'London' (every row) and each borough with rows, only where there are rows;
 * - summary_proceedings_months(area, category, outcome, month_index, people): people proceeded
 *   against, likewise for 'London' (every row) and each borough with rows, only where there are rows;
 * - summary_justice_categories: for every month proceedings covers (as the end of a rolling year),
 *   'London' and each London authority, each category proceedings holds: people proceeded against by
 *   outcome and recorded offences in the 12 months to it (queries/justice.ts, categoryFigures, says
 *   when each is null);
 * - summary_outcome_rolling: for each area with proceedings rows and each display category, people
 *   proceeded against by outcome in the 12 months to every month from proceedings' 12th on.
 */
import { OFFENCE_CATEGORIES, OUTCOMES, type TableName } from './contract';
import type { Database } from './database';
import { clampedPopulationYear } from './queries/common';
import { orderedValues } from './sql';

interface Summary {
  name: string;
  /** Contract tables and earlier summaries it reads: it is rebuilt when any of them is. */
  reads: readonly string[];
  /** The contract table its rows come from: while that is empty, so is the summary. */
  drivenBy: TableName;
  sql: string;
}

/**
 * SQL: a CTE named `name` of (display, month_index) for every month of `calendar` in which the table
 * covers every part of the display category (sexual offences: rape and other sexual offences both).
 */
function DISPLAY_COVERED_CTE(table: TableName, name: string): string {
  return `${name} AS (
        SELECT x.display, x.month_index FROM (
          SELECT r.display, c.month_index, count(DISTINCT r.part) AS parts
          FROM ref_display_category r
          JOIN data_coverage v ON v.table_name = '${table}' AND v.series = r.part
          JOIN calendar c ON c.month_index BETWEEN v.first_index AND v.last_index
          GROUP BY ALL
        ) x
        JOIN (SELECT display, count(*) AS parts FROM ref_display_category GROUP BY display) n ON n.display = x.display
        WHERE x.parts = n.parts
      )`;
}

/** In dependency order: later ones read earlier ones. */
export const SUMMARIES: readonly Summary[] = [
  {
    name: 'summary_policed_boroughs',
    reads: ['offences'],
    drivenBy: 'offences',
    sql: `CREATE OR REPLACE TABLE summary_policed_boroughs AS
      SELECT DISTINCT borough FROM offences WHERE borough IN (SELECT name FROM ref_boroughs) ORDER BY borough`,
  },
  {
    name: 'summary_area_population',
    reads: ['population', 'summary_policed_boroughs'],
    drivenBy: 'population',
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
    name: 'summary_offence_months',
    reads: ['offences', 'population', 'summary_area_population', 'summary_policed_boroughs'],
    drivenBy: 'offences',
    sql: `CREATE OR REPLACE TABLE summary_offence_months AS
      WITH bounds AS (SELECT min(month_index) AS lo, max(month_index) AS hi FROM offences),
      calendar AS (SELECT unnest(range(lo, hi + 1)) AS month_index FROM bounds),
      areas AS (SELECT 'London' AS area UNION ALL SELECT borough FROM summary_policed_boroughs),
      ${DISPLAY_COVERED_CTE('offences', 'covered')},
      displays AS (SELECT DISTINCT display FROM covered),
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
      unallocated AS (
        SELECT d.display, o.month_index, sum(o.offences)::BIGINT AS offences
        FROM offences o JOIN ref_display_category d ON d.part = o.category
        WHERE o.borough NOT IN (SELECT name FROM ref_boroughs)
        GROUP BY ALL
      ),
      -- A month no file covers has no figure (null), never 0; in a covered month a missing row is 0.
      monthly AS (
        SELECT a.area, d.display, c.month_index,
          CASE WHEN v.display IS NOT NULL THEN coalesce(n.offences, 0) END::BIGINT AS offences,
          CASE WHEN v.display IS NOT NULL AND a.area = 'London' THEN coalesce(u.offences, 0) END::BIGINT AS unallocated
        FROM areas a CROSS JOIN displays d CROSS JOIN calendar c
        LEFT JOIN covered v ON v.display = d.display AND v.month_index = c.month_index
        LEFT JOIN counts n ON n.area = a.area AND n.display = d.display AND n.month_index = c.month_index
        LEFT JOIN unallocated u ON u.display = d.display AND u.month_index = c.month_index
      ),
      with_rates AS (
        -- Per 100,000 residents: a month's offences per 1,000 are a fraction (0.8), hard to read at a glance.
        SELECT m.*, p.population, p.year AS population_year, m.offences * 100000.0 / nullif(p.population, 0) AS rate
        FROM monthly m
        LEFT JOIN summary_area_population p ON p.area = m.area
          AND p.year = ${clampedPopulationYear('m.month_index // 12')}
      )
      SELECT area, display, month_index::INTEGER AS month_index,
        printf('%04d-%02d', month_index // 12, month_index % 12 + 1) AS month,
        offences, unallocated, population, population_year::INTEGER AS population_year, rate,
        CASE WHEN count(rate) OVER w = 12 THEN avg(rate) OVER w END AS rolling_rate,
        CASE WHEN count(offences) OVER w = 12 THEN (sum(offences) OVER w)::BIGINT END AS rolling_offences,
        CASE WHEN count(unallocated) OVER w = 12 THEN (sum(unallocated) OVER w)::BIGINT END AS rolling_unallocated
      FROM with_rates
      WINDOW w AS (PARTITION BY area, display ORDER BY month_index ROWS BETWEEN 11 PRECEDING AND CURRENT ROW)
      ORDER BY area, display, month_index`,
  },
  {
    name: 'summary_offence_parts',
    reads: ['offences'],
    drivenBy: 'offences',
    sql: `CREATE OR REPLACE TABLE summary_offence_parts AS
      SELECT 'London' AS area, category, month_index, sum(offences)::BIGINT AS offences FROM offences GROUP BY ALL
      UNION ALL
      SELECT borough, category, month_index, sum(offences)::BIGINT FROM offences
      WHERE borough IN (SELECT name FROM ref_boroughs) GROUP BY ALL
      ORDER BY area, category, month_index`,
  },
  {
    name: 'summary_proceedings_months',
    reads: ['proceedings'],
    drivenBy: 'proceedings',
    sql: `CREATE OR REPLACE TABLE summary_proceedings_months AS
      SELECT 'London' AS area, category, outcome, month_index, sum(people)::BIGINT AS people FROM proceedings GROUP BY ALL
      UNION ALL
      SELECT borough, category, outcome, month_index, sum(people)::BIGINT FROM proceedings
      WHERE borough IN (SELECT name FROM ref_boroughs) GROUP BY ALL
      ORDER BY area, category, outcome, month_index`,
  },
  {
    name: 'summary_justice_categories',
    reads: ['offences', 'proceedings', 'summary_offence_parts', 'summary_proceedings_months', 'summary_policed_boroughs'],
    drivenBy: 'proceedings',
    sql: `CREATE OR REPLACE TABLE summary_justice_categories AS
      WITH bounds AS (SELECT min(month_index) AS lo, max(month_index) AS hi FROM proceedings),
      ends AS (SELECT unnest(range(lo, hi + 1))::INTEGER AS end_index FROM bounds),
      categories AS (
        SELECT * FROM (VALUES ${orderedValues(OFFENCE_CATEGORIES)}) AS c(category, ord)
        WHERE category IN (SELECT DISTINCT category FROM proceedings)
      ),
      -- An area without rows in a table has no figure from it (null), which is not 0.
      areas AS (
        SELECT 'London' AS area, 1 AS ord, true AS has_people, EXISTS (SELECT 1 FROM offences) AS has_offences
        UNION ALL
        SELECT name, 2,
          name IN (SELECT DISTINCT borough FROM proceedings),
          name IN (SELECT DISTINCT borough FROM offences)
        FROM ref_boroughs
      ),
      people AS (
        SELECT s.area, s.category, e.end_index,
          sum(s.people) AS people,
          sum(s.people) FILTER (WHERE s.outcome = 'charge') AS charge,
          sum(s.people) FILTER (WHERE s.outcome = 'caution') AS caution,
          sum(s.people) FILTER (WHERE s.outcome = 'other_sanction') AS other_sanction
        FROM ends e JOIN summary_proceedings_months s ON s.month_index BETWEEN e.end_index - 11 AND e.end_index
        GROUP BY ALL
      ),
      -- A figure counts only for a rolling year its table covers in all 12 months, in that category
      -- (data_coverage): otherwise it is missing (null), not 0.
      coverage_months AS (
        SELECT v.table_name, v.series AS category, m.month_index
        FROM data_coverage v
        JOIN (SELECT unnest(range((SELECT min(first_index) FROM data_coverage), (SELECT max(last_index) FROM data_coverage) + 1)) AS month_index) m
          ON m.month_index BETWEEN v.first_index AND v.last_index
        WHERE v.table_name IN ('offences', 'proceedings')
      ),
      covered_years AS (
        SELECT cm.table_name, cm.category, e.end_index
        FROM ends e JOIN coverage_months cm ON cm.month_index BETWEEN e.end_index - 11 AND e.end_index
        GROUP BY ALL HAVING count(DISTINCT cm.month_index) = 12
      ),
      recorded AS (
        SELECT s.area, s.category, e.end_index, sum(s.offences) AS offences
        FROM ends e JOIN summary_offence_parts s ON s.month_index BETWEEN e.end_index - 11 AND e.end_index
        GROUP BY ALL
      ),
      figures AS (
        SELECT a.area, a.ord AS area_ord, c.category, c.ord AS category_ord, e.end_index,
          CASE WHEN a.has_people AND py.end_index IS NOT NULL THEN coalesce(p.people, 0) END AS people,
          CASE WHEN a.has_people AND py.end_index IS NOT NULL THEN coalesce(p.charge, 0) END AS charge,
          CASE WHEN a.has_people AND py.end_index IS NOT NULL THEN coalesce(p.caution, 0) END AS caution,
          CASE WHEN a.has_people AND py.end_index IS NOT NULL THEN coalesce(p.other_sanction, 0) END AS other_sanction,
          CASE WHEN a.has_offences AND oy.end_index IS NOT NULL THEN coalesce(r.offences, 0) END AS offences
        FROM areas a CROSS JOIN categories c CROSS JOIN ends e
        LEFT JOIN covered_years py ON py.table_name = 'proceedings' AND py.category = c.category AND py.end_index = e.end_index
        LEFT JOIN covered_years oy ON oy.table_name = 'offences' AND oy.category = c.category AND oy.end_index = e.end_index
        LEFT JOIN people p ON p.area = a.area AND p.category = c.category AND p.end_index = e.end_index
        LEFT JOIN recorded r ON r.area = a.area AND r.category = c.category AND r.end_index = e.end_index
      )
      SELECT area, area_ord, category, category_ord, end_index,
        people::BIGINT AS people, charge::BIGINT AS charge, caution::BIGINT AS caution,
        other_sanction::BIGINT AS other_sanction, offences::BIGINT AS offences,
        CASE WHEN offences > 0 THEN people * 100.0 / offences END AS per100
      FROM figures
      ORDER BY end_index, area, category_ord`,
  },
  {
    name: 'summary_outcome_rolling',
    reads: ['proceedings', 'summary_proceedings_months'],
    drivenBy: 'proceedings',
    sql: `CREATE OR REPLACE TABLE summary_outcome_rolling AS
      WITH bounds AS (SELECT min(month_index) AS lo, max(month_index) AS hi FROM proceedings),
      calendar AS (SELECT unnest(range(lo, hi + 1)) AS month_index FROM bounds),
      outcomes AS (SELECT * FROM (VALUES ${orderedValues(OUTCOMES)}) AS o(outcome, ord)),
      areas AS (SELECT DISTINCT area FROM summary_proceedings_months),
      ${DISPLAY_COVERED_CTE('proceedings', 'covered')},
      displays AS (SELECT DISTINCT display FROM covered),
      monthly AS (
        SELECT s.area, d.display, s.month_index, s.outcome, sum(s.people) AS people
        FROM summary_proceedings_months s JOIN ref_display_category d ON d.part = s.category
        GROUP BY ALL
      ),
      filled AS (
        SELECT a.area, d.display, c.month_index, o.outcome, o.ord,
          CASE WHEN v.display IS NOT NULL THEN coalesce(m.people, 0) END AS people
        FROM areas a CROSS JOIN displays d CROSS JOIN calendar c CROSS JOIN outcomes o
        LEFT JOIN covered v ON v.display = d.display AND v.month_index = c.month_index
        LEFT JOIN monthly m ON m.area = a.area AND m.display = d.display AND m.month_index = c.month_index AND m.outcome = o.outcome
      ),
      rolling AS (
        SELECT area, display, month_index, outcome, ord,
          CASE WHEN count(people) OVER w = 12 THEN sum(people) OVER w END AS people
        FROM filled
        WINDOW w AS (PARTITION BY area, display, outcome ORDER BY month_index RANGE BETWEEN 11 PRECEDING AND CURRENT ROW)
      ),
      totals AS (SELECT *, sum(people) OVER (PARTITION BY area, display, month_index) AS total FROM rolling)
      SELECT area, display, month_index::INTEGER AS month_index,
        printf('%04d-%02d', month_index // 12, month_index % 12 + 1) AS month,
        outcome, ord AS outcome_ord, people::BIGINT AS people, total::BIGINT AS total,
        CASE WHEN total > 0 THEN people * 100.0 / total END AS percent
      FROM totals, bounds
      WHERE month_index >= lo + 11 AND people IS NOT NULL
      ORDER BY area, display, month_index, outcome_ord`,
  },
];

/**
 * Rebuilds the summaries that read `table` (every summary when none is named), and those built on
 * them. Called after every write of a contract table (load.ts), so a summary never outlives its data.
 */
/**
 * `fromSnapshot`: reads a summary as the build wrote it, where its inputs are the build's
 * (snapshot.ts), and says whether it did; where it did not, the summary's SQL runs.
 */
export async function refreshSummaries(
  db: Database,
  table?: TableName,
  fromSnapshot: (summary: string) => Promise<boolean> = async () => false,
): Promise<void> {
  const changed = new Set<string>(table ? [table] : []);
  for (const summary of SUMMARIES) {
    if (table !== undefined && !summary.reads.some((name) => changed.has(name))) continue;
    if (!(await fromSnapshot(summary.name))) {
      // While its source table is empty a summary is empty too (a unit test checks each): one that
      // already is (a page's table not loaded yet) is as it would be built.
      if (table !== undefined && (await bothEmpty(db, summary.drivenBy, summary.name))) continue;
      await db.query(summary.sql);
    }
    changed.add(summary.name);
  }
}

async function bothEmpty(db: Database, source: TableName, summary: string): Promise<boolean> {
  const [row] = await db.query<{ rows: number }>(
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM ${source} LIMIT 1)) + (SELECT count(*) FROM (SELECT 1 FROM ${summary} LIMIT 1)) AS rows`,
  );
  return Number(row?.rows) === 0;
}
