/**
 * The areas MPS tables carry rows for, each area's expected share of London's offences, and which
 * boroughs border which (for victims who move).
 */
import { BOROUGHS, type Borough } from '../../src/data/boroughs';
import type { OffenceCategory } from '../../src/data/contract';
import { BOROUGH_DRIFT_PER_YEAR, BOROUGH_RATE_INDEX, NON_BOROUGH_SHARES } from './calibration';
import { fractionalYear, type MonthNumber } from './months';
import { boroughPopulation } from './population';
import { Rng } from './random';

/** The City of London is policed by the City of London Police, so MPS tables have no rows for it. */
export const NOT_POLICED_BY_MPS = 'City of London';

export const MPS_BOROUGHS: readonly Borough[] = BOROUGHS.filter((b) => b.name !== NOT_POLICED_BY_MPS);

/** Non-borough areas that real MPS files carry a few rows for; they count in London totals. */
export const SAMPLE_NON_BOROUGH_AREAS: readonly string[] = Object.keys(NON_BOROUGH_SHARES);

/** Every area with rows in offences-based tables, in output order: boroughs, then non-borough areas. */
export const MPS_AREAS: readonly string[] = [...MPS_BOROUGHS.map((b) => b.name), ...SAMPLE_NON_BOROUGH_AREAS];

function rateIndex(name: string, category: OffenceCategory): number {
  const index = BOROUGH_RATE_INDEX[name];
  if (!index) throw new Error(`No rate index for ${name}`);
  switch (category) {
    case 'domestic_abuse':
      return index.da;
    case 'rape':
      return index.rape;
    case 'other_sexual':
      return index.otherSexual;
    case 'stalking_harassment':
      // Much stalking and harassment is domestic; the rest follows the pattern of other offences.
      return (index.da + (index.rape + index.otherSexual) / 2) / 2;
  }
}

export interface AreaShares {
  /** Expected share of London's offences of this category recorded against the area in month m. */
  share(area: string, category: OffenceCategory, m: MonthNumber): number;
}

/**
 * Shares follow residents × the borough's rate index × a gentle borough-specific drift, so that
 * boroughs' trends are not all identical; the MPS boroughs share what the non-borough areas leave.
 */
export function areaShares(categories: readonly OffenceCategory[]): AreaShares {
  const rng = new Rng('borough-drift');
  const drift = new Map<string, number>();
  for (const category of categories) {
    for (const b of MPS_BOROUGHS) drift.set(`${b.name}|${category}`, rng.uniform(-1, 1) * BOROUGH_DRIFT_PER_YEAR);
  }
  const cache = new Map<string, Map<string, number>>();
  const boroughShares = (category: OffenceCategory, m: MonthNumber): Map<string, number> => {
    const key = `${category}|${m}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const year = fractionalYear(m);
    const weights = MPS_BOROUGHS.map(
      (b) =>
        boroughPopulation(b.name, year) *
        rateIndex(b.name, category) *
        Math.exp((drift.get(`${b.name}|${category}`) ?? 0) * (year - 2018)),
    );
    const total = weights.reduce((s, w) => s + w, 0);
    const nonBorough = SAMPLE_NON_BOROUGH_AREAS.reduce((s, a) => s + (NON_BOROUGH_SHARES[a]?.[category] ?? 0), 0);
    const shares = new Map(MPS_BOROUGHS.map((b, i) => [b.name, ((weights[i] ?? 0) / total) * (1 - nonBorough)]));
    cache.set(key, shares);
    return shares;
  };
  return {
    share(area, category, m) {
      const nonBorough = NON_BOROUGH_SHARES[area];
      if (nonBorough) return nonBorough[category];
      const share = boroughShares(category, m).get(area);
      if (share === undefined) throw new Error(`${area} is not an MPS area`);
      return share;
    },
  };
}

/** MPS boroughs whose tiles touch on the tile map: a stand-in for "next door". */
export function neighbours(name: string): string[] {
  const self = MPS_BOROUGHS.find((b) => b.name === name);
  if (!self) throw new Error(`${name} is not an MPS borough`);
  const touching = (reach: number) =>
    MPS_BOROUGHS.filter(
      (b) => b !== self && Math.abs(b.col - self.col) <= reach && Math.abs(b.row - self.row) <= reach,
    ).map((b) => b.name);
  const adjacent = touching(1);
  return adjacent.length > 0 ? adjacent : touching(2);
}
