/**
 * Synthetic offences-like data at grains finer than the borough, for the scale benchmark
 * (scripts/bench-scale.ts): about 680 wards or 5,000 LSOAs, each inside one of the 32 boroughs the
 * Metropolitan Police Service covers, with monthly counts for the four contract categories from
 * April 2010 on. It is NOT sample data for the dashboard and never official statistics: it exists
 * to measure what the data layer costs at a million or ten million rows.
 *
 * The rows are generated inside DuckDB by one SQL statement over range(N) (no file, no JavaScript
 * loop), and the same rows can be written as CSV by `csvChunks` (to time the app's CSV path). Both
 * use the integer hash below, so the two agree exactly; tests/unit/scale-generate.test.ts checks it.
 *
 * Row layout (month-major, as monthly published files are appended): for row i,
 *   part = i % P, category = (i / P) % 4, area = (i / 4P) % A, month = i / 4PA  (integer division).
 * P is 1, 3 (victim's sex) or 21 (sex × age band): the fewest splits that fit the rows asked for
 * into April 2010 – October 2026, since areas × 4 categories × 199 months alone is 541,000 rows for
 * wards and 4 million for LSOAs. Page queries sum over the split, so it changes only the row count.
 */
import { AGE_BANDS, OFFENCE_CATEGORIES, SEXES } from '../contract';
import { BOROUGHS } from '../boroughs';
import type { Database } from '../database';
import { literal } from '../sql';
import { monthFromIndex, monthIndex } from '../months';

export type Grain = 'ward' | 'lsoa';
export type Split = 'none' | 'sex' | 'sex_age';

/** The 32 boroughs the MPS covers (not the City of London, which has its own police force). */
export const MPS_BOROUGHS: readonly string[] = BOROUGHS.filter((b) => b.code !== 'E09000001').map((b) => b.name);

export const AREA_COUNT: Record<Grain, number> = { ward: 680, lsoa: 5000 };
export const FIRST_MONTH = '2010-04';
/** The last month the generator may use: the built-in sample data's latest month. */
export const LAST_MONTH = '2026-10';
const MAX_MONTHS = monthIndex(LAST_MONTH) - monthIndex(FIRST_MONTH) + 1;

const SPLIT_PARTS: Record<Split, number> = { none: 1, sex: SEXES.length, sex_age: SEXES.length * AGE_BANDS.length };

/** Rough London totals per month (synthetic magnitudes; only their order matters here). */
const LONDON_MONTHLY: Record<(typeof OFFENCE_CATEGORIES)[number], number> = {
  domestic_abuse: 7500,
  rape: 650,
  other_sexual: 1000,
  stalking_harassment: 3000,
};

export interface ScaleSpec {
  /** e.g. "ward-1M": used in file and result names. */
  id: string;
  grain: Grain;
  areas: number;
  split: Split;
  /** Rows per area, month and category: 1, 3 or 21. */
  parts: number;
  months: number;
  firstMonth: string;
  lastMonth: string;
  rows: number;
  seed: number;
}

/** A dataset of exactly these dimensions (areas defaults to the grain's). */
export function scaleSpec(grain: Grain, months: number, split: Split, options: { areas?: number; seed?: number } = {}): ScaleSpec {
  const areas = options.areas ?? AREA_COUNT[grain];
  if (!Number.isInteger(months) || months < 1 || months > MAX_MONTHS) throw new Error(`months must be 1–${MAX_MONTHS}`);
  if (!Number.isInteger(areas) || areas < MPS_BOROUGHS.length) throw new Error(`at least ${MPS_BOROUGHS.length} areas (one per borough)`);
  const parts = SPLIT_PARTS[split];
  const rows = months * areas * OFFENCE_CATEGORIES.length * parts;
  const label = rows >= 1e6 ? `${+(rows / 1e6).toFixed(rows >= 1e7 ? 0 : 1)}M` : `${Math.round(rows / 1e3)}k`;
  return {
    id: `${grain}-${label}`,
    grain,
    areas,
    split,
    parts,
    months,
    firstMonth: FIRST_MONTH,
    lastMonth: monthFromIndex(monthIndex(FIRST_MONTH) + months - 1),
    rows,
    seed: options.seed ?? 1,
  };
}

/** About `target` rows: the fewest splits whose month count fits April 2010 – October 2026. */
export function specForRows(grain: Grain, target: number, options: { seed?: number } = {}): ScaleSpec {
  const areas = AREA_COUNT[grain];
  for (const split of ['none', 'sex', 'sex_age'] as const) {
    const months = Math.round(target / (areas * OFFENCE_CATEGORIES.length * SPLIT_PARTS[split]));
    if (months <= MAX_MONTHS) return scaleSpec(grain, Math.max(1, months), split, options);
  }
  throw new Error(`${target} rows do not fit ${grain}s × 4 categories × 21 splits × ${MAX_MONTHS} months`);
}

// ---------------------------------------------------------------------------------------------
// The hash: a 32-bit integer mixer written so that TypeScript (Math.imul) and DuckDB (BIGINT
// arithmetic, never overflowing) compute the same numbers.

const MIX = 0x45d9f3b;
const GOLDEN = 0x9e3779b1;
const TWO32 = 4294967296;

function mix1(x: number): number {
  return Math.imul(((x >>> 16) ^ x) >>> 0, MIX) >>> 0;
}
export function mix(x: number): number {
  const y = mix1(mix1(x >>> 0));
  return ((y >>> 16) ^ y) >>> 0;
}
const mix1Sql = (x: string) => `((xor((${x}) >> 16, ${x}) * ${MIX}) % ${TWO32})`;
/** SQL for mix(x) where x is a BIGINT in [0, 2^32); `step` names the intermediate columns. */
function mixSteps(x: string, step: string): string[] {
  return [`${mix1Sql(x)} AS ${step}_1`, `${mix1Sql(`${step}_1`)} AS ${step}_2`, `xor(${step}_2 >> 16, ${step}_2) AS ${step}`];
}

/** Milli-offences per row at 100% area weight, per category. */
function milliMeans(spec: ScaleSpec): number[] {
  return OFFENCE_CATEGORIES.map((c) => Math.round((1000 * LONDON_MONTHLY[c]) / (spec.areas * spec.parts)));
}

/** Weight of area a in percent, 50–150. */
function areaWeight(a: number): number {
  return 50 + (mix(a ^ 0x27d4eb2f) % 101);
}

/** The offences count of row i (the same formula as the SQL in generateScaleTables). */
export function offencesOf(spec: ScaleSpec, i: number): number {
  const c = Math.floor(i / spec.parts) % 4;
  const a = Math.floor(i / (spec.parts * 4)) % spec.areas;
  const h1 = mix((Math.imul(i, GOLDEN) + spec.seed) >>> 0);
  const h2 = mix((h1 ^ 0x5bd1e995) >>> 0);
  const m = milliMeans(spec)[c]!;
  return Math.floor((Math.floor(((h1 % (2 * m + 1)) * areaWeight(a)) / 100) + (h2 % 1000)) / 1000);
}

// ---------------------------------------------------------------------------------------------
// Areas: contiguous blocks of area ids per borough, so each borough has 21–22 wards or 156–157 LSOAs.

export interface ScaleArea {
  id: number;
  code: string;
  name: string;
  borough: string;
}

export function boroughIndexOf(spec: Pick<ScaleSpec, 'areas'>, a: number): number {
  return Math.floor((a * MPS_BOROUGHS.length) / spec.areas);
}

/** "Croydon ward 07" (E05…) or "Croydon 012A" (E01…, as LSOAs are named: MSOA number and letter). */
export function scaleAreas(spec: Pick<ScaleSpec, 'areas' | 'grain'>): ScaleArea[] {
  const out: ScaleArea[] = [];
  for (let a = 0; a < spec.areas; a += 1) {
    const b = boroughIndexOf(spec, a);
    const k = a - Math.floor((b * spec.areas + MPS_BOROUGHS.length - 1) / MPS_BOROUGHS.length) + 1;
    const borough = MPS_BOROUGHS[b]!;
    const name =
      spec.grain === 'ward'
        ? `${borough} ward ${String(k).padStart(2, '0')}`
        : `${borough} ${String(Math.ceil(k / 5)).padStart(3, '0')}${'ABCDE'[(k - 1) % 5]}`;
    const code = `${spec.grain === 'ward' ? 'E05' : 'E01'}${String(900000 + a)}`;
    out.push({ id: a, code, name, borough });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// In DuckDB.

/** Tables the scale benchmark creates: raw rows and the area registry. */
export const SCALE_TABLE = 'scale_offences';
export const SCALE_AREAS = 'scale_areas';

/** The columns a dataset's rows carry, in CSV order (sex and age band only where it splits by them). */
export function scaleColumns(spec: Pick<ScaleSpec, 'split'>): string[] {
  return ['month', 'borough', 'area', 'category', ...(spec.split === 'none' ? [] : ['sex']), ...(spec.split === 'sex_age' ? ['age_band'] : []), 'offences'];
}

/** SQL lists of our own constants. */
const listSql = (values: readonly string[]) => `[${values.map(literal).join(', ')}]`;

/** Creates scale_areas (id, code, name, borough) from the same names as scaleAreas(). */
export async function createScaleAreas(db: Database, spec: ScaleSpec): Promise<void> {
  const rows = scaleAreas(spec).map((a) => `(${a.id}, ${literal(a.code)}, ${literal(a.name)}, ${literal(a.borough)})`);
  await db.query(`CREATE OR REPLACE TABLE ${SCALE_AREAS} (id INTEGER, code VARCHAR, name VARCHAR, borough VARCHAR)`);
  for (let i = 0; i < rows.length; i += 1000) {
    await db.query(`INSERT INTO ${SCALE_AREAS} VALUES ${rows.slice(i, i + 1000).join(', ')}`);
  }
}

/**
 * SQL that creates scale_offences with the column types the app's loader gives a contract table
 * (month VARCHAR plus month_index INTEGER, names and categories VARCHAR, counts BIGINT), rows in
 * range() order. Needs scale_areas.
 */
export function scaleTableSql(spec: ScaleSpec): string {
  const P = spec.parts;
  const A = spec.areas;
  const means = milliMeans(spec);
  const first = monthIndex(spec.firstMonth);
  const extra = [
    ...(spec.split === 'sex' ? [`${listSql(SEXES)}[p + 1] AS sex`] : []),
    ...(spec.split === 'sex_age' ? [`${listSql(SEXES)}[p // ${AGE_BANDS.length} + 1] AS sex`, `${listSql(AGE_BANDS)}[p % ${AGE_BANDS.length} + 1] AS age_band`] : []),
  ];
  return `CREATE OR REPLACE TABLE ${SCALE_TABLE} AS
    WITH names AS (SELECT list(name ORDER BY id) AS area_names, list(borough ORDER BY id) AS area_boroughs,
                          list(50 + (w % 101) ORDER BY id) AS weights
                   FROM (SELECT id, name, borough, ${mixSteps('xor(id::BIGINT, 668265263)', 'w').join(', ')} FROM ${SCALE_AREAS})),
    keys AS (
      SELECT i, i % ${P} AS p, (i // ${P}) % 4 AS c, (i // ${P * 4}) % ${A} AS a, ${first} + i // ${P * 4 * A} AS mi,
        ((i * ${GOLDEN}) % ${TWO32} + ${spec.seed}) % ${TWO32} AS k
      FROM range(${spec.rows}) r(i)
    ),
    h1 AS (SELECT *, ${mixSteps('k', 'h1').join(', ')} FROM keys),
    h2 AS (SELECT *, ${mixSteps('xor(h1, 1540483477)', 'h2').join(', ')} FROM h1)
    SELECT printf('%04d-%02d', mi // 12, mi % 12 + 1) AS month, mi::INTEGER AS month_index,
      names.area_boroughs[a + 1] AS borough, names.area_names[a + 1] AS area,
      ${listSql(OFFENCE_CATEGORIES)}[c + 1] AS category,
      ${extra.map((e) => `${e}, `).join('')}
      ((((h1 % (2 * [${means.join(', ')}][c + 1] + 1)) * names.weights[a + 1]) // 100 + h2 % 1000) // 1000)::BIGINT AS offences
    FROM h2, names`;
}

/** Creates scale_areas and scale_offences for the spec; returns the row count DuckDB reports. */
export async function generateScaleTables(db: Database, spec: ScaleSpec): Promise<number> {
  await createScaleAreas(db, spec);
  await db.query(scaleTableSql(spec));
  const [{ n } = { n: 0 }] = await db.query<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${SCALE_TABLE}`);
  return Number(n);
}

// ---------------------------------------------------------------------------------------------
// As CSV (the app's path: a file read by read_csv and validated).

/** The dataset as CSV text in chunks of `rowsPerChunk` rows (header first), without holding it all. */
export function* csvChunks(spec: ScaleSpec, rowsPerChunk = 100_000): Generator<string> {
  const areas = scaleAreas(spec);
  const P = spec.parts;
  const first = monthIndex(spec.firstMonth);
  const months: string[] = [];
  for (let m = 0; m < spec.months; m += 1) months.push(monthFromIndex(first + m));
  const partText: string[] = [];
  for (let p = 0; p < P; p += 1) {
    if (spec.split === 'sex') partText.push(`,${SEXES[p]}`);
    else if (spec.split === 'sex_age') partText.push(`,${SEXES[Math.floor(p / AGE_BANDS.length)]},${AGE_BANDS[p % AGE_BANDS.length]}`);
    else partText.push('');
  }
  // Area names never contain commas or quotes, so no field needs quoting.
  const prefix = areas.map((a) => `,${a.borough},${a.name},`);
  let out = `${scaleColumns(spec).join(',')}\n`;
  let inChunk = 0;
  for (let i = 0; i < spec.rows; i += 1) {
    const p = i % P;
    const c = Math.floor(i / P) % 4;
    const a = Math.floor(i / (P * 4)) % spec.areas;
    const m = Math.floor(i / (P * 4 * spec.areas));
    out += `${months[m]}${prefix[a]}${OFFENCE_CATEGORIES[c]}${partText[p]},${offencesOf(spec, i)}\n`;
    inChunk += 1;
    if (inChunk === rowsPerChunk) {
      yield out;
      out = '';
      inChunk = 0;
    }
  }
  if (out) yield out;
}
