/**
 * Page 1's queries (src/data/queries/recording.ts) adapted to a finer grain, for the scale
 * benchmark: the same SQL shapes, on scale_offences (raw rows, as the app's loader leaves a table)
 * or on pre-aggregated tables. Population and rates are left out: there are no ward or LSOA
 * populations here, and they are small joins beside the sums that grow with the data.
 *
 * - headline: rolling-year and previous-year offences for London or one borough (headlineFigures);
 * - area values: every area's rolling-year offences, for the map (boroughValues);
 * - trend: monthly offences and rolling-year sums for London and one area (monthlyTrend).
 */
import type { DisplayCategory } from '../contract';
import type { Database } from '../database';
import { monthIndex } from '../months';
import { SCALE_AREAS, SCALE_TABLE } from './generate';

/** Where the page queries read: the raw rows, or the pre-aggregated tables. */
export type Source = 'raw' | 'agg';

export const AGG_BOROUGH_MONTH = 'agg_borough_month';
export const AGG_AREA_MONTH = 'agg_area_month';

/** Tables each query reads, by source: borough-level sums, area-level sums. */
const TABLES: Record<Source, { borough: string; area: string }> = {
  raw: { borough: SCALE_TABLE, area: SCALE_TABLE },
  agg: { borough: AGG_BOROUGH_MONTH, area: AGG_AREA_MONTH },
};

export interface ScaleHeadline {
  category: string;
  current: number;
  previous: number | null;
  percentChange: number | null;
}

/** headlineFigures' SQL, reading borough-level sums from `source`. */
export function headline(db: Database, source: Source, area: string, endMonth: string): Promise<ScaleHeadline[]> {
  const table = TABLES[source].borough;
  return db.query<ScaleHeadline>(
    `WITH bounds AS (SELECT min(month_index) AS first_index FROM ${table}),
     area_offences AS (
       SELECT d.display AS category, o.month_index, o.offences
       FROM ${table} o JOIN ref_display_category d ON d.part = o.category
       WHERE $1 = 'London' OR o.borough = $1
     ),
     sums AS (
       SELECT c.display AS category,
         coalesce(sum(a.offences) FILTER (WHERE a.month_index BETWEEN $2 - 11 AND $2), 0)::BIGINT AS current,
         CASE WHEN $2 - 23 >= (SELECT first_index FROM bounds)
           THEN coalesce(sum(a.offences) FILTER (WHERE a.month_index BETWEEN $2 - 23 AND $2 - 12), 0)::BIGINT
         END AS previous
       FROM (SELECT DISTINCT display FROM ref_display_category) c
       LEFT JOIN area_offences a ON a.category = c.display
       GROUP BY c.display
     )
     SELECT category, current, previous,
       CASE WHEN previous > 0 THEN (current - previous) * 100.0 / previous END AS "percentChange"
     FROM sums
     ORDER BY CASE category WHEN 'domestic_abuse' THEN 1 WHEN 'sexual_offences' THEN 2 ELSE 3 END`,
    [area, monthIndex(endMonth)],
  );
}

export interface ScaleAreaValue {
  area: string;
  code: string;
  borough: string;
  offences: number;
}

/** boroughValues' SQL at the finer grain: one row per area (all of them), rolling-year offences. */
export function areaValues(db: Database, source: Source, category: DisplayCategory, endMonth: string): Promise<ScaleAreaValue[]> {
  const table = TABLES[source].area;
  return db.query<ScaleAreaValue>(
    `WITH window_offences AS (
       SELECT area, sum(offences)::BIGINT AS offences FROM ${table}
       WHERE category IN (SELECT part FROM ref_display_category WHERE display = $1)
         AND month_index BETWEEN $2 - 11 AND $2
       GROUP BY area
     )
     SELECT a.name AS area, a.code, a.borough, coalesce(w.offences, 0)::BIGINT AS offences
     FROM ${SCALE_AREAS} a
     LEFT JOIN window_offences w ON w.area = a.name
     ORDER BY a.code`,
    [category, monthIndex(endMonth)],
  );
}

export interface ScaleTrendPoint {
  series: string;
  month: string;
  offences: number;
  rollingOffences: number | null;
}

/** monthlyTrend's SQL: London (from borough-level sums) and one area, every month, rolling sums. */
export function areaTrend(db: Database, source: Source, area: string, category: DisplayCategory): Promise<ScaleTrendPoint[]> {
  const { borough: londonTable, area: areaTable } = TABLES[source];
  return db.query<ScaleTrendPoint>(
    `WITH bounds AS (SELECT min(month_index) AS lo, max(month_index) AS hi FROM ${londonTable}),
     calendar AS (SELECT unnest(range(lo, hi + 1)) AS month_index FROM bounds),
     chosen AS (SELECT 'London' AS series UNION ALL SELECT $1 WHERE $1 <> 'London'),
     counts AS (
       SELECT 'London' AS series, month_index, sum(offences)::BIGINT AS offences FROM ${londonTable}
       WHERE category IN (SELECT part FROM ref_display_category WHERE display = $2)
       GROUP BY ALL
       UNION ALL
       SELECT area, month_index, sum(offences)::BIGINT FROM ${areaTable}
       WHERE $1 <> 'London' AND area = $1 AND category IN (SELECT part FROM ref_display_category WHERE display = $2)
       GROUP BY ALL
     ),
     monthly AS (
       SELECT ch.series, c.month_index, coalesce(sum(n.offences), 0)::BIGINT AS offences
       FROM chosen ch CROSS JOIN calendar c
       LEFT JOIN counts n ON n.series = ch.series AND n.month_index = c.month_index
       GROUP BY ALL
     )
     SELECT series,
       printf('%04d-%02d', month_index // 12, month_index % 12 + 1) AS month,
       offences,
       CASE WHEN count(*) OVER w = 12 THEN (sum(offences) OVER w)::BIGINT END AS "rollingOffences"
     FROM monthly
     WINDOW w AS (PARTITION BY series ORDER BY month_index ROWS BETWEEN 11 PRECEDING AND CURRENT ROW)
     ORDER BY series, month_index`,
    [area, category],
  );
}

export interface PreaggregateResult {
  table: string;
  rows: number;
  ms: number;
}

/**
 * Builds the pre-aggregated tables from scale_offences: area × category × month (with the area's
 * borough; the split by sex or age band summed away), ordered by month so that a rolling-year filter skips whole row groups,
 * then borough × category × month from that (about 25,000 rows whatever the grain).
 */
export async function preaggregate(db: Database): Promise<PreaggregateResult[]> {
  const out: PreaggregateResult[] = [];
  const step = async (table: string, sql: string) => {
    const t = performance.now();
    await db.query(sql);
    const ms = performance.now() - t;
    const [{ n } = { n: 0 }] = await db.query<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${table}`);
    out.push({ table, rows: Number(n), ms });
  };
  await step(
    AGG_AREA_MONTH,
    `CREATE OR REPLACE TABLE ${AGG_AREA_MONTH} AS
     SELECT area, borough, category, month_index, sum(offences)::BIGINT AS offences
     FROM ${SCALE_TABLE} GROUP BY ALL ORDER BY month_index, area, category`,
  );
  await step(
    AGG_BOROUGH_MONTH,
    `CREATE OR REPLACE TABLE ${AGG_BOROUGH_MONTH} AS
     SELECT borough, category, month_index, sum(offences)::BIGINT AS offences
     FROM ${AGG_AREA_MONTH} GROUP BY ALL ORDER BY month_index, borough, category`,
  );
  return out;
}
