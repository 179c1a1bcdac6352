/**
 * Page 1's queries (src/data/queries/recording.ts) adapted to a finer grain, for the scale
 * benchmark. Population and rates are left out: there are no ward or LSOA populations here, and
 * they are small joins beside the sums that grow with the data.
 *
 * - headline: rolling-year and previous-year offences for London or one borough (headlineFigures);
 * - area values: every area's rolling-year offences, for the map (boroughValues);
 * - trend: monthly offences and rolling-year sums for London and one area (monthlyTrend).
 *
 * Each runs against one of three sources, and all three give the same answers:
 * - 'raw': the app's SQL as it is, on scale_offences (raw rows, as the app's loader leaves a table);
 * - 'tuned': the same SQL on the same rows with two cheap fixes. The month index is cast to
 *   INTEGER where it is bound: a JavaScript number binds as DOUBLE, so `month_index BETWEEN $2 - 11
 *   AND $2` compares every row as a DOUBLE and DuckDB cannot skip row groups by their min/max
 *   month. And the headline also limits its rows to the 24 months it sums (in WHERE, not only in
 *   FILTER clauses), so it no longer joins every month of every row;
 * - 'agg': pre-aggregated tables (see preaggregate) with the same fixes.
 */
import type { DisplayCategory } from '../contract';
import type { Database } from '../database';
import { monthIndex } from '../months';
import { SCALE_AREAS, SCALE_TABLE } from './generate';

export type Source = 'raw' | 'tuned' | 'agg';
export const SOURCES: readonly Source[] = ['raw', 'tuned', 'agg'];

/** Area × display category × month, ordered by month (a rolling-year window reads 12 months' rows). */
export const AGG_AREA_MONTH = 'agg_area_month';
/** The same rows ordered by area (one area's series reads a row group or two). */
export const AGG_AREA_SERIES = 'agg_area_series';
/** Borough × display category × month (about 20,000 rows whatever the grain). */
export const AGG_BOROUGH_MONTH = 'agg_borough_month';

/** The bound month index: as bound (a DOUBLE) for the app's SQL, else cast to INTEGER. */
const monthParam = (source: Source, n: number) => (source === 'raw' ? `$${n}` : `CAST($${n} AS INTEGER)`);

export interface ScaleHeadline {
  category: string;
  current: number;
  previous: number | null;
  percentChange: number | null;
}

const HEADLINE_ORDER = `ORDER BY CASE category WHEN 'domestic_abuse' THEN 1 WHEN 'sexual_offences' THEN 2 ELSE 3 END`;

/** headlineFigures' SQL (raw, tuned), or its equivalent on agg_borough_month. */
export function headline(db: Database, source: Source, area: string, endMonth: string): Promise<ScaleHeadline[]> {
  const e = monthParam(source, 2);
  const sql =
    source === 'agg'
      ? `WITH sums AS (
           SELECT d.display AS category,
             coalesce(sum(a.offences) FILTER (WHERE a.month_index BETWEEN ${e} - 11 AND ${e}), 0)::BIGINT AS current,
             CASE WHEN ${e} - 23 >= (SELECT min(month_index) FROM ${AGG_BOROUGH_MONTH})
               THEN coalesce(sum(a.offences) FILTER (WHERE a.month_index BETWEEN ${e} - 23 AND ${e} - 12), 0)::BIGINT
             END AS previous
           FROM (SELECT DISTINCT display FROM ref_display_category) d
           LEFT JOIN (
             SELECT display, month_index, offences FROM ${AGG_BOROUGH_MONTH}
             WHERE ($1 = 'London' OR borough = $1) AND month_index BETWEEN ${e} - 23 AND ${e}
           ) a ON a.display = d.display
           GROUP BY d.display
         )
         SELECT category, current, previous,
           CASE WHEN previous > 0 THEN (current - previous) * 100.0 / previous END AS "percentChange"
         FROM sums ${HEADLINE_ORDER}`
      : `WITH bounds AS (SELECT min(month_index) AS first_index FROM ${SCALE_TABLE}),
         area_offences AS (
           SELECT d.display AS category, o.month_index, o.offences
           FROM ${SCALE_TABLE} o JOIN ref_display_category d ON d.part = o.category
           WHERE ($1 = 'London' OR o.borough = $1)${source === 'tuned' ? ` AND o.month_index BETWEEN ${e} - 23 AND ${e}` : ''}
         ),
         sums AS (
           SELECT c.display AS category,
             coalesce(sum(a.offences) FILTER (WHERE a.month_index BETWEEN ${e} - 11 AND ${e}), 0)::BIGINT AS current,
             CASE WHEN ${e} - 23 >= (SELECT first_index FROM bounds)
               THEN coalesce(sum(a.offences) FILTER (WHERE a.month_index BETWEEN ${e} - 23 AND ${e} - 12), 0)::BIGINT
             END AS previous
           FROM (SELECT DISTINCT display FROM ref_display_category) c
           LEFT JOIN area_offences a ON a.category = c.display
           GROUP BY c.display
         )
         SELECT category, current, previous,
           CASE WHEN previous > 0 THEN (current - previous) * 100.0 / previous END AS "percentChange"
         FROM sums ${HEADLINE_ORDER}`;
  return db.query<ScaleHeadline>(sql, [area, monthIndex(endMonth)]);
}

export interface ScaleAreaValue {
  area: string;
  code: string;
  borough: string;
  offences: number;
}

/** boroughValues' SQL at the finer grain: one row per area (all of them), rolling-year offences. */
export function areaValues(db: Database, source: Source, category: DisplayCategory, endMonth: string): Promise<ScaleAreaValue[]> {
  const e = monthParam(source, 2);
  const windowed =
    source === 'agg'
      ? `SELECT area, sum(offences)::BIGINT AS offences FROM ${AGG_AREA_MONTH}
         WHERE display = $1 AND month_index BETWEEN ${e} - 11 AND ${e}
         GROUP BY area`
      : `SELECT area, sum(offences)::BIGINT AS offences FROM ${SCALE_TABLE}
         WHERE category IN (SELECT part FROM ref_display_category WHERE display = $1)
           AND month_index BETWEEN ${e} - 11 AND ${e}
         GROUP BY area`;
  return db.query<ScaleAreaValue>(
    `WITH window_offences AS (${windowed})
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

/** monthlyTrend's SQL: London and one area, every month, with rolling-year sums (tuned is raw's SQL: no month is bound). */
export function areaTrend(db: Database, source: Source, area: string, category: DisplayCategory): Promise<ScaleTrendPoint[]> {
  const counts =
    source === 'agg'
      ? `SELECT 'London' AS series, month_index, sum(offences)::BIGINT AS offences FROM ${AGG_BOROUGH_MONTH}
         WHERE display = $2
         GROUP BY ALL
         UNION ALL
         SELECT area, month_index, offences FROM ${AGG_AREA_SERIES}
         WHERE $1 <> 'London' AND area = $1 AND display = $2`
      : `SELECT 'London' AS series, month_index, sum(offences)::BIGINT AS offences FROM ${SCALE_TABLE}
         WHERE category IN (SELECT part FROM ref_display_category WHERE display = $2)
         GROUP BY ALL
         UNION ALL
         SELECT area, month_index, sum(offences)::BIGINT FROM ${SCALE_TABLE}
         WHERE $1 <> 'London' AND area = $1 AND category IN (SELECT part FROM ref_display_category WHERE display = $2)
         GROUP BY ALL`;
  const bounds = source === 'agg' ? AGG_BOROUGH_MONTH : SCALE_TABLE;
  return db.query<ScaleTrendPoint>(
    `WITH bounds AS (SELECT min(month_index) AS lo, max(month_index) AS hi FROM ${bounds}),
     calendar AS (SELECT unnest(range(lo, hi + 1)) AS month_index FROM bounds),
     chosen AS (SELECT 'London' AS series UNION ALL SELECT $1 WHERE $1 <> 'London'),
     counts AS (${counts}),
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
 * Builds the pre-aggregated tables from scale_offences, in display categories (domestic_abuse,
 * sexual_offences = rape + other_sexual, rape: what page 1 shows), the split by sex or age band
 * summed away:
 * - agg_area_month: area × display × month, ordered by month, for the map;
 * - agg_area_series: the same rows ordered by area, for one area's trend;
 * - agg_borough_month: borough (from the area registry) × display × month, for headlines and London.
 */
export async function preaggregate(db: Database): Promise<PreaggregateResult[]> {
  const out: PreaggregateResult[] = [];
  const step = async (table: string, sql: string) => {
    const t = performance.now();
    await db.query(`CREATE OR REPLACE TABLE ${table} AS ${sql}`);
    const ms = performance.now() - t;
    const [{ n } = { n: 0 }] = await db.query<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${table}`);
    out.push({ table, rows: Number(n), ms });
  };
  await step(
    AGG_AREA_MONTH,
    `SELECT o.area, d.display, o.month_index, sum(o.offences)::BIGINT AS offences
     FROM ${SCALE_TABLE} o JOIN ref_display_category d ON d.part = o.category
     GROUP BY ALL ORDER BY o.month_index, o.area, d.display`,
  );
  await step(AGG_AREA_SERIES, `SELECT * FROM ${AGG_AREA_MONTH} ORDER BY area, display, month_index`);
  await step(
    AGG_BOROUGH_MONTH,
    `SELECT a.borough, m.display, m.month_index, sum(m.offences)::BIGINT AS offences
     FROM ${AGG_AREA_MONTH} m JOIN ${SCALE_AREAS} a ON a.name = m.area
     GROUP BY ALL ORDER BY m.month_index, a.borough, m.display`,
  );
  return out;
}
