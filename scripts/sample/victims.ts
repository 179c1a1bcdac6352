/**
 * Victims of recorded offences by sex and age band (victims.csv): about one per offence, split by
 * category-specific profiles. DA victims are mostly women aged 25–44; rape victims are mostly
 * women and girls, skewed young; victims of unknown sex are mostly of unknown age too.
 */
import { AGE_BANDS, OFFENCE_CATEGORIES, SEXES, type AgeBand, type OffenceCategory, type Sex } from '../../src/data/contract';
import { VICTIMS_PER_OFFENCE } from './calibration';
import type { OffenceCounts } from './offences';
import { Categorical, Rng } from './random';

/** Age weights in AGE_BANDS order: 0-17, 18-24, 25-34, 35-44, 45-64, 65+, unknown. */
type AgeWeights = readonly [number, number, number, number, number, number, number];

export interface SexAgeProfile {
  sex: Record<Sex, number>;
  age: Record<Sex, AgeWeights>;
}

const UNKNOWN_SEX_AGES: AgeWeights = [0.05, 0.04, 0.06, 0.05, 0.05, 0.01, 0.74];

export const VICTIM_PROFILES: Record<OffenceCategory, SexAgeProfile> = {
  domestic_abuse: {
    sex: { female: 0.73, male: 0.255, unknown: 0.015 },
    age: {
      female: [0.05, 0.17, 0.32, 0.24, 0.18, 0.03, 0.01],
      male: [0.06, 0.12, 0.27, 0.24, 0.25, 0.05, 0.01],
      unknown: UNKNOWN_SEX_AGES,
    },
  },
  rape: {
    sex: { female: 0.88, male: 0.1, unknown: 0.02 },
    age: {
      female: [0.3, 0.24, 0.22, 0.12, 0.09, 0.01, 0.02],
      male: [0.45, 0.14, 0.16, 0.11, 0.1, 0.02, 0.02],
      unknown: UNKNOWN_SEX_AGES,
    },
  },
  other_sexual: {
    sex: { female: 0.8, male: 0.17, unknown: 0.03 },
    age: {
      female: [0.35, 0.2, 0.19, 0.11, 0.11, 0.02, 0.02],
      male: [0.42, 0.14, 0.15, 0.11, 0.13, 0.03, 0.02],
      unknown: UNKNOWN_SEX_AGES,
    },
  },
  stalking_harassment: {
    sex: { female: 0.62, male: 0.35, unknown: 0.03 },
    age: {
      female: [0.06, 0.15, 0.28, 0.23, 0.23, 0.04, 0.01],
      male: [0.06, 0.12, 0.25, 0.23, 0.27, 0.06, 0.01],
      unknown: UNKNOWN_SEX_AGES,
    },
  },
};

export interface SexAgeCell {
  sex: Sex;
  ageBand: AgeBand;
}

/** The 21 sex × age cells, sex-major, in contract order. */
export const SEX_AGE_CELLS: readonly SexAgeCell[] = SEXES.flatMap((sex) => AGE_BANDS.map((ageBand) => ({ sex, ageBand })));

export function sexAgeWeights(profile: SexAgeProfile): number[] {
  return SEXES.flatMap((sex) => {
    const ages = profile.age[sex];
    const ageTotal = ages.reduce((s, w) => s + w, 0);
    return ages.map((w) => (profile.sex[sex] * w) / ageTotal);
  });
}

export interface VictimRow extends SexAgeCell {
  monthIndex: number;
  area: number;
  category: OffenceCategory;
  victims: number;
}

/** Victims for every area, category and month from `firstIndex` on; zero cells are left out. */
export function generateVictims(offences: OffenceCounts, firstIndex: number): VictimRow[] {
  const rng = new Rng('victims');
  const pickers = OFFENCE_CATEGORIES.map((c) => new Categorical(sexAgeWeights(VICTIM_PROFILES[c])));
  const rows: VictimRow[] = [];
  for (let i = firstIndex; i < offences.monthCount; i++) {
    offences.areas.forEach((_, a) => {
      OFFENCE_CATEGORIES.forEach((category, c) => {
        const victims = rng.binomial(offences.get(a, c, i), VICTIMS_PER_OFFENCE);
        const counts = (pickers[c] as Categorical).split(rng, victims);
        SEX_AGE_CELLS.forEach((cell, k) => {
          const n = counts[k] ?? 0;
          if (n > 0) rows.push({ monthIndex: i, area: a, category, ...cell, victims: n });
        });
      });
    });
  }
  return rows;
}
