/**
 * Mid-year population estimates by authority, sex and age band: the denominators for rates per 1,000.
 * All 33 authorities, the City of London included (it has residents even though the MPS does not
 * police it).
 */
import { BOROUGHS } from '../../src/data/boroughs';
import { AGE_BANDS, type AgeBand } from '../../src/data/contract';
import {
  AGE_PROFILE,
  BOROUGH_POPULATION_ANCHORS,
  FEMALE_SHARE_BY_AGE,
  LONDON_POPULATION_TOTALS,
  POPULATION_ANCHOR_YEARS,
} from './calibration';
import { Rng } from './random';

export type ResidentAgeBand = Exclude<AgeBand, 'unknown'>;
export const RESIDENT_AGE_BANDS = AGE_BANDS.filter((a): a is ResidentAgeBand => a !== 'unknown');
export const RESIDENT_SEXES = ['female', 'male'] as const;

/** Linear through the anchors, continuing the first and last segments' slopes beyond them. */
export function extendedLine(anchors: readonly (readonly [number, number])[], x: number): number {
  if (anchors.length < 2) throw new Error('extendedLine needs at least two anchors');
  let i = 1;
  while (i < anchors.length - 1 && x > (anchors[i]?.[0] ?? Infinity)) i++;
  const [x0, y0] = anchors[i - 1] ?? [0, 0];
  const [x1, y1] = anchors[i] ?? [1, 0];
  return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
}

const anchorsFor = (values: readonly number[]): [number, number][] =>
  POPULATION_ANCHOR_YEARS.map((year, i) => [year, values[i] ?? 0]);

const glaLondonTotals = POPULATION_ANCHOR_YEARS.map((_, i) =>
  Object.values(BOROUGH_POPULATION_ANCHORS).reduce((sum, values) => sum + (values[i] ?? 0), 0),
);

/** An authority's mid-year population in a (possibly fractional) year. */
export function boroughPopulation(name: string, year: number): number {
  const anchors = BOROUGH_POPULATION_ANCHORS[name];
  if (!anchors) throw new Error(`No population anchors for ${name}`);
  const glaBorough = extendedLine(anchorsFor(anchors), year);
  const glaLondon = extendedLine(anchorsFor(glaLondonTotals), year);
  return (glaBorough * extendedLine(LONDON_POPULATION_TOTALS, year)) / glaLondon;
}

/** Rounds shares of a whole number so that the parts add up to it exactly (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((s, p) => s + p, 0);
  const order = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

export interface PopulationRow {
  year: number;
  borough: string;
  sex: (typeof RESIDENT_SEXES)[number];
  ageBand: ResidentAgeBand;
  population: number;
}

export function populationRows(firstYear: number, lastYear: number): PopulationRow[] {
  const rng = new Rng('population-profile');
  const rows: PopulationRow[] = [];
  // Each authority's age profile differs a little from its inner/outer type, and stays so.
  const tweaks = new Map(BOROUGHS.map((b) => [b.name, RESIDENT_AGE_BANDS.map(() => rng.uniform(0.93, 1.07))]));
  for (let year = firstYear; year <= lastYear; year++) {
    for (const borough of BOROUGHS) {
      const profile = AGE_PROFILE[borough.name === 'City of London' ? 'city' : borough.inner ? 'inner' : 'outer'];
      const tweak = tweaks.get(borough.name) ?? [];
      // London is ageing slowly: the 65+ share grows by about 1% a year relative to itself.
      const weights: number[] = [];
      RESIDENT_AGE_BANDS.forEach((age, i) => {
        const ageing = age === '65+' ? 1 + 0.01 * (year - 2011) : 1;
        const share = profile[age] * (tweak[i] ?? 1) * ageing;
        weights.push(share * FEMALE_SHARE_BY_AGE[age], share * (1 - FEMALE_SHARE_BY_AGE[age]));
      });
      const cells = apportion(Math.round(boroughPopulation(borough.name, year + 0.5)), weights);
      RESIDENT_SEXES.forEach((sex, s) => {
        RESIDENT_AGE_BANDS.forEach((ageBand, i) => {
          rows.push({ year, borough: borough.name, sex, ageBand, population: cells[2 * i + s] ?? 0 });
        });
      });
    }
  }
  return rows;
}
