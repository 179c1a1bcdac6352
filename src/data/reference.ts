/**
 * Reference tables built from our own constants (borough registry, display categories), so that
 * queries can join on them instead of splicing lists into SQL.
 */
import { BOROUGHS, LONDON, NON_BOROUGH_AREAS } from './boroughs';
import { CATEGORY_PARTS } from './contract';
import type { Database } from './database';
import { literal } from './sql';

export async function createReferenceTables(db: Database): Promise<void> {
  const boroughRows = BOROUGHS.map(
    (b) => `(${literal(b.name)}, ${literal(b.code)}, ${literal(b.short)}, ${b.inner})`,
  ).join(',\n');
  await db.query(`CREATE OR REPLACE TABLE ref_boroughs (name VARCHAR, code VARCHAR, short VARCHAR, inner_london BOOLEAN)`);
  await db.query(`INSERT INTO ref_boroughs VALUES ${boroughRows}`);

  // Every value a `borough` column may hold, and what kind of area it is.
  const areaRows = [
    ...BOROUGHS.map((b) => `(${literal(b.name)}, 'borough')`),
    ...NON_BOROUGH_AREAS.map((name) => `(${literal(name)}, 'non_borough')`),
    `(${literal(LONDON)}, 'london')`,
  ].join(', ');
  await db.query(`CREATE OR REPLACE TABLE ref_areas (name VARCHAR, kind VARCHAR)`);
  await db.query(`INSERT INTO ref_areas VALUES ${areaRows}`);

  // Which stored categories make up each category a page shows (sexual_offences = rape + other_sexual).
  const categoryRows = Object.entries(CATEGORY_PARTS)
    .flatMap(([display, parts]) => parts.map((part) => `(${literal(display)}, ${literal(part)})`))
    .join(', ');
  await db.query(`CREATE OR REPLACE TABLE ref_display_category (display VARCHAR, part VARCHAR)`);
  await db.query(`INSERT INTO ref_display_category VALUES ${categoryRows}`);
}
