/**
 * The scale benchmark's generator and pre-aggregation (src/data/scale/), in DuckDB-WASM's Node build
 * at a small size: the SQL generator gives the stated row counts and exactly the rows the TypeScript
 * formula gives (which the CSV path writes), and the pre-aggregated tables and the queries on them
 * give the same sums as the raw rows and as plain TypeScript sums.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { OFFENCE_CATEGORIES } from '../../src/data/contract';
import type { Database } from '../../src/data/database';
import { monthFromIndex, monthIndex } from '../../src/data/months';
import { createReferenceTables } from '../../src/data/reference';
import { loadScaleCsv } from '../../src/data/scale/csv-load';
import {
  AREA_COUNT,
  csvChunks,
  generateScaleTables,
  MPS_BOROUGHS,
  offencesOf,
  scaleAreas,
  scaleSpec,
  specForRows,
  type ScaleSpec,
} from '../../src/data/scale/generate';
import { AGG_AREA_MONTH, AGG_AREA_SERIES, AGG_BOROUGH_MONTH, areaTrend, areaValues, headline, preaggregate } from '../../src/data/scale/queries';
import { startNodeDatabase } from './helpers/node-database';

describe('dataset sizes', () => {
  it('sizes about 1M and 10M rows at each grain with the fewest splits that fit April 2010 – October 2026', () => {
    const sized = (grain: 'ward' | 'lsoa', rows: number) => {
      const s = specForRows(grain, rows);
      return [s.id, s.rows, s.split, s.months, s.lastMonth];
    };
    expect(sized('ward', 1e6)).toEqual(['ward-1M', 1_003_680, 'sex', 123, '2020-06']);
    expect(sized('lsoa', 1e6)).toEqual(['lsoa-1M', 1_000_000, 'none', 50, '2014-05']);
    expect(sized('ward', 1e7)).toEqual(['ward-10M', 9_996_000, 'sex_age', 175, '2024-10']);
    expect(sized('lsoa', 1e7)).toEqual(['lsoa-10M', 10_020_000, 'sex', 167, '2024-02']);
    expect(() => specForRows('ward', 1e8)).toThrow(/do not fit/);
  });

  it('names about 680 wards and 5,000 LSOAs, each in one of the 32 MPS boroughs', () => {
    for (const grain of ['ward', 'lsoa'] as const) {
      const areas = scaleAreas({ grain, areas: AREA_COUNT[grain] });
      expect(areas).toHaveLength(AREA_COUNT[grain]);
      expect(new Set(areas.map((a) => a.name)).size).toBe(areas.length);
      expect(new Set(areas.map((a) => a.code)).size).toBe(areas.length);
      const perBorough = MPS_BOROUGHS.map((b) => areas.filter((a) => a.borough === b).length);
      expect(Math.max(...perBorough) - Math.min(...perBorough)).toBeLessThanOrEqual(1);
      expect(areas.every((a) => a.name.startsWith(`${a.borough} `))).toBe(true);
    }
    expect(MPS_BOROUGHS).toHaveLength(32);
    expect(MPS_BOROUGHS).not.toContain('City of London');
    const wards = scaleAreas({ grain: 'ward', areas: 680 });
    expect(wards.find((a) => a.name === 'Croydon ward 07')?.code).toMatch(/^E05\d{6}$/);
    expect(scaleAreas({ grain: 'lsoa', areas: 5000 }).find((a) => a.name === 'Croydon 012A')?.code).toMatch(/^E01\d{6}$/);
  });
});

interface RawRow {
  month: string;
  month_index: number;
  borough: string;
  area: string;
  category: string;
  offences: number;
}

describe.each([
  // 340 wards × 4 categories × 3 sexes × 13 months (53,040 rows); 400 LSOAs × 4 categories × 25 months (40,000).
  ['ward, split by sex', scaleSpec('ward', 13, 'sex', { areas: 340 })],
  ['LSOA, no split', scaleSpec('lsoa', 25, 'none', { areas: 400 })],
])('%s', (_label, spec: ScaleSpec) => {
  let db: Database;
  let rows: RawRow[];
  const last = spec.lastMonth;
  const inWindow = (r: RawRow, end: string, back = 0) =>
    r.month_index >= monthIndex(end) - 11 - back && r.month_index <= monthIndex(end) - back;
  const sexual = (r: RawRow) => r.category === 'rape' || r.category === 'other_sexual';

  beforeAll(async () => {
    db = await startNodeDatabase();
    await createReferenceTables(db);
    expect(await generateScaleTables(db, spec)).toBe(spec.rows);
    rows = await db.query<RawRow>('SELECT month, month_index, borough, area, category, offences FROM scale_offences');
    await preaggregate(db);
  }, 120_000);

  it('generates exactly areas × 4 categories × splits × months rows, in that layout, with the TypeScript formula', () => {
    expect(rows).toHaveLength(spec.areas * 4 * spec.parts * spec.months);
    const areas = scaleAreas(spec);
    rows.forEach((r, i) => {
      const a = areas[Math.floor(i / (spec.parts * 4)) % spec.areas]!;
      if (r.area !== a.name || r.borough !== a.borough || r.category !== OFFENCE_CATEGORIES[Math.floor(i / spec.parts) % 4] || r.offences !== offencesOf(spec, i)) {
        throw new Error(`row ${i} differs: ${JSON.stringify(r)}`);
      }
    });
    expect(rows[0]!.month).toBe('2010-04');
    expect(rows.at(-1)!.month).toBe(last);
    // Mostly small counts, some zeros, London's domestic abuse per month in the thousands.
    const daPerMonth = rows.filter((r) => r.category === 'domestic_abuse').reduce((s, r) => s + r.offences, 0) / spec.months;
    expect(daPerMonth).toBeGreaterThan(5000);
    expect(daPerMonth).toBeLessThan(10000);
    expect(rows.some((r) => r.offences === 0)).toBe(true);
  });

  it('the CSV of the same dataset loads by the app\'s steps into the same table', async () => {
    const csv = [...csvChunks(spec, 5000)].join('');
    expect(csv.split('\n')[0]).toBe(spec.split === 'sex' ? 'month,borough,area,category,sex,offences' : 'month,borough,area,category,offences');
    const other = await startNodeDatabase();
    await createReferenceTables(other);
    const result = await loadScaleCsv(other, spec, new TextEncoder().encode(csv), '2026-10');
    expect(result.problems).toEqual([]);
    expect(result.rows).toBe(spec.rows);
    const loaded = await other.query<RawRow>('SELECT month, month_index, borough, area, category, offences FROM scale_offences');
    expect(loaded).toEqual(rows);
    // Validation is real: an unknown area (line 2) and a repeated row (appended) are reported by line.
    const lines = csv.split('\n');
    lines[1] = lines[1]!.replace(/^([^,]+,[^,]+,)[^,]+/, '$1Nowhere');
    const bad = `${lines.join('\n')}${lines[2]}\n`;
    const rejected = await loadScaleCsv(other, spec, new TextEncoder().encode(bad), '2026-10');
    expect(rejected.problems.map((p) => `${p.line} ${p.columnName}`)).toEqual(
      expect.arrayContaining(['2 area', `${spec.rows + 2} month`]),
    );
  }, 120_000);

  it('pre-aggregated tables hold the same sums as the raw rows', async () => {
    const raw = `SELECT o.area, a.borough, d.display, o.month_index, o.offences
                 FROM scale_offences o JOIN ref_display_category d ON d.part = o.category JOIN scale_areas a ON a.name = o.area`;
    const [check] = await db.query<Record<string, number>>(
      `SELECT
         (SELECT count(*) FROM (
            SELECT area, display, month_index, sum(offences) FROM (${raw}) GROUP BY ALL
            EXCEPT SELECT area, display, month_index, offences FROM ${AGG_AREA_MONTH})) AS area_diff,
         (SELECT count(*) FROM (
            SELECT * FROM ${AGG_AREA_MONTH} EXCEPT SELECT * FROM ${AGG_AREA_SERIES})) AS series_diff,
         (SELECT count(*) FROM (
            SELECT borough, display, month_index, sum(offences) FROM (${raw}) GROUP BY ALL
            EXCEPT SELECT borough, display, month_index, offences FROM ${AGG_BOROUGH_MONTH})) AS borough_diff,
         (SELECT count(*) FROM scale_offences o JOIN scale_areas a ON a.name = o.area WHERE a.borough <> o.borough) AS wrong_borough,
         (SELECT count(*) FROM ${AGG_AREA_MONTH}) AS area_rows,
         (SELECT count(*) FROM ${AGG_AREA_SERIES}) AS series_rows,
         (SELECT count(*) FROM ${AGG_BOROUGH_MONTH}) AS borough_rows,
         (SELECT sum(offences)::BIGINT FROM ${AGG_BOROUGH_MONTH} WHERE display = 'domestic_abuse') AS da`,
    );
    expect(check).toEqual({
      area_diff: 0,
      series_diff: 0,
      borough_diff: 0,
      wrong_borough: 0,
      // Three display categories: domestic_abuse, sexual_offences (rape + other_sexual), rape.
      area_rows: spec.areas * 3 * spec.months,
      series_rows: spec.areas * 3 * spec.months,
      borough_rows: 32 * 3 * spec.months,
      da: rows.filter((r) => r.category === 'domestic_abuse').reduce((s, r) => s + r.offences, 0),
    });
    const sexual = await db.query<{ s: number }>(`SELECT sum(offences)::BIGINT AS s FROM ${AGG_AREA_MONTH} WHERE display = 'sexual_offences'`);
    expect(sexual[0]!.s).toBe(rows.filter((r) => r.category === 'rape' || r.category === 'other_sexual').reduce((s, r) => s + r.offences, 0));
  });

  it('page queries give the same answers from the raw rows (app and tuned SQL) and the pre-aggregated tables, equal to plain sums', async () => {
    const areas = scaleAreas(spec);
    for (const [borough, area, end] of [
      ['Croydon', areas[100]!.name, last],
      ['Westminster', areas.at(-1)!.name, monthFromIndex(monthIndex(last) - 5)],
    ] as const) {
      for (const who of [borough, 'London']) {
        const raw = await headline(db, 'raw', who, end);
        expect(await headline(db, 'tuned', who, end)).toEqual(raw);
        expect(await headline(db, 'agg', who, end)).toEqual(raw);
        const mine = (r: RawRow) => who === 'London' || r.borough === who;
        const sum = (f: (r: RawRow) => boolean) => rows.filter((r) => mine(r) && f(r)).reduce((s, r) => s + r.offences, 0);
        const da = raw.find((h) => h.category === 'domestic_abuse')!;
        expect(da.current).toBe(sum((r) => r.category === 'domestic_abuse' && inWindow(r, end)));
        const previousCovered = monthIndex(end) - 23 >= monthIndex(spec.firstMonth);
        expect(da.previous).toBe(previousCovered ? sum((r) => r.category === 'domestic_abuse' && inWindow(r, end, 12)) : null);
        expect(raw.find((h) => h.category === 'sexual_offences')!.current).toBe(sum((r) => sexual(r) && inWindow(r, end)));
      }
      const map = await areaValues(db, 'raw', 'sexual_offences', end);
      expect(await areaValues(db, 'tuned', 'sexual_offences', end)).toEqual(map);
      expect(await areaValues(db, 'agg', 'sexual_offences', end)).toEqual(map);
      expect(map).toHaveLength(spec.areas);
      const one = map.find((m) => m.area === area)!;
      expect(one.offences).toBe(rows.filter((r) => r.area === area && sexual(r) && inWindow(r, end)).reduce((s, r) => s + r.offences, 0));

      const trend = await areaTrend(db, 'raw', area, 'domestic_abuse');
      expect(await areaTrend(db, 'tuned', area, 'domestic_abuse')).toEqual(trend);
      expect(await areaTrend(db, 'agg', area, 'domestic_abuse')).toEqual(trend);
      expect(await areaTrend(db, 'agg', 'London', 'sexual_offences')).toEqual(await areaTrend(db, 'raw', 'London', 'sexual_offences'));
      expect(trend).toHaveLength(2 * spec.months);
      const lastPoint = trend.find((p) => p.series === area && p.month === last)!;
      expect(lastPoint.rollingOffences).toBe(
        rows.filter((r) => r.area === area && r.category === 'domestic_abuse' && inWindow(r, last)).reduce((s, r) => s + r.offences, 0),
      );
    }
  });
});
