/**
 * People proceeded against (proceedings.csv): far fewer than offences, mostly men, mostly charged.
 * Rates are people per recorded offence in the same month, falling through the 2010s as charge
 * rates did, most steeply for rape.
 */
import { OFFENCE_CATEGORIES, OUTCOMES, type OffenceCategory } from '../../src/data/contract';
import { fractionalYear, interpolate } from './months';
import type { OffenceCounts } from './offences';
import { Categorical, Rng } from './random';
import { SEX_AGE_CELLS, sexAgeWeights, type SexAgeCell, type SexAgeProfile } from './victims';

export type Outcome = (typeof OUTCOMES)[number];

/** People proceeded against per recorded offence, by year. */
export const PROCEEDED_PER_OFFENCE: Record<OffenceCategory, readonly (readonly [number, number])[]> = {
  domestic_abuse: [
    [2010, 0.24],
    [2016, 0.2],
    [2020, 0.15],
    [2026, 0.17],
  ],
  rape: [
    [2010, 0.09],
    [2016, 0.06],
    [2020, 0.035],
    [2026, 0.05],
  ],
  other_sexual: [
    [2010, 0.15],
    [2020, 0.09],
    [2026, 0.1],
  ],
  stalking_harassment: [
    [2010, 0.12],
    [2020, 0.06],
    [2026, 0.07],
  ],
};

export const OUTCOME_SHARES: Record<OffenceCategory, Record<Outcome, number>> = {
  domestic_abuse: { charge: 0.7, caution: 0.2, other_sanction: 0.1 },
  rape: { charge: 0.93, caution: 0.02, other_sanction: 0.05 },
  other_sexual: { charge: 0.75, caution: 0.15, other_sanction: 0.1 },
  stalking_harassment: { charge: 0.74, caution: 0.16, other_sanction: 0.1 },
};

export const SUSPECT_PROFILES: Record<OffenceCategory, SexAgeProfile> = {
  domestic_abuse: {
    sex: { female: 0.14, male: 0.85, unknown: 0.01 },
    age: {
      female: [0.03, 0.17, 0.34, 0.25, 0.18, 0.02, 0.01],
      male: [0.02, 0.15, 0.34, 0.27, 0.19, 0.02, 0.01],
      unknown: [0.02, 0.1, 0.2, 0.15, 0.1, 0.01, 0.42],
    },
  },
  rape: {
    sex: { female: 0.01, male: 0.985, unknown: 0.005 },
    age: {
      female: [0.2, 0.25, 0.25, 0.15, 0.13, 0.01, 0.01],
      male: [0.12, 0.22, 0.27, 0.18, 0.17, 0.03, 0.01],
      unknown: [0.1, 0.1, 0.1, 0.1, 0.1, 0.0, 0.5],
    },
  },
  other_sexual: {
    sex: { female: 0.03, male: 0.96, unknown: 0.01 },
    age: {
      female: [0.2, 0.2, 0.22, 0.17, 0.18, 0.02, 0.01],
      male: [0.12, 0.17, 0.22, 0.18, 0.24, 0.06, 0.01],
      unknown: [0.1, 0.1, 0.1, 0.1, 0.1, 0.0, 0.5],
    },
  },
  stalking_harassment: {
    sex: { female: 0.21, male: 0.78, unknown: 0.01 },
    age: {
      female: [0.06, 0.17, 0.3, 0.24, 0.2, 0.02, 0.01],
      male: [0.06, 0.17, 0.3, 0.24, 0.2, 0.02, 0.01],
      unknown: [0.05, 0.1, 0.15, 0.1, 0.1, 0.0, 0.5],
    },
  },
};

export interface ProceedingCell extends SexAgeCell {
  outcome: Outcome;
}

/** The 63 outcome × sex × age cells, in contract order. */
export const PROCEEDING_CELLS: readonly ProceedingCell[] = OUTCOMES.flatMap((outcome) =>
  SEX_AGE_CELLS.map((cell) => ({ outcome, ...cell })),
);

export interface ProceedingRow extends ProceedingCell {
  monthIndex: number;
  area: number;
  category: OffenceCategory;
  people: number;
}

export function generateProceedings(offences: OffenceCounts, firstIndex: number): ProceedingRow[] {
  const rng = new Rng('proceedings');
  const pickers = OFFENCE_CATEGORIES.map((category) => {
    const sexAge = sexAgeWeights(SUSPECT_PROFILES[category]);
    return new Categorical(OUTCOMES.flatMap((o) => sexAge.map((w) => w * OUTCOME_SHARES[category][o])));
  });
  const rows: ProceedingRow[] = [];
  for (let i = firstIndex; i < offences.monthCount; i++) {
    const year = fractionalYear(offences.firstMonth + i);
    offences.areas.forEach((_, a) => {
      OFFENCE_CATEGORIES.forEach((category, c) => {
        const expected = offences.get(a, c, i) * interpolate(PROCEEDED_PER_OFFENCE[category], year);
        const counts = (pickers[c] as Categorical).split(rng, rng.poisson(expected));
        PROCEEDING_CELLS.forEach((cell, k) => {
          const n = counts[k] ?? 0;
          if (n > 0) rows.push({ monthIndex: i, area: a, category, ...cell, people: n });
        });
      });
    });
  }
  return rows;
}
