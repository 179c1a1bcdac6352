/**
 * Recorded offences per area, category and month (offences.csv).
 *
 * DA in the boroughs is the crimed share of the simulated DA incidents (repeat.ts), so incidents and
 * offences agree; every other series is a Poisson draw around its expected share of London.
 */
import { OFFENCE_CATEGORIES, type OffenceCategory } from '../../src/data/contract';
import type { AreaShares } from './areas';
import type { MonthNumber } from './months';
import { Rng } from './random';
import type { LondonExpectations } from './trend';

/** Counts indexed [area][category][month]: flat, in MPS_AREAS × OFFENCE_CATEGORIES × months order. */
export class OffenceCounts {
  readonly counts: Int32Array;

  constructor(
    readonly areas: readonly string[],
    readonly firstMonth: MonthNumber,
    readonly monthCount: number,
  ) {
    this.counts = new Int32Array(areas.length * OFFENCE_CATEGORIES.length * monthCount);
  }

  private index(area: number, category: number, month: number): number {
    return (area * OFFENCE_CATEGORIES.length + category) * this.monthCount + month;
  }

  get(area: number, category: number, month: number): number {
    return this.counts[this.index(area, category, month)] ?? 0;
  }

  set(area: number, category: number, month: number, value: number): void {
    this.counts[this.index(area, category, month)] = value;
  }
}

export interface OffenceInput {
  areas: readonly string[];
  firstMonth: MonthNumber;
  monthCount: number;
  london: LondonExpectations;
  shares: AreaShares;
  /** Simulated DA incidents, [borough × monthCount + month], for the first `boroughCount` areas. */
  daIncidents: Int32Array;
  boroughCount: number;
  /** DA incidents per DA offence, per borough. */
  incidentsPerOffence: readonly number[];
}

export function generateOffences(input: OffenceInput): OffenceCounts {
  const rng = new Rng('offences');
  const out = new OffenceCounts(input.areas, input.firstMonth, input.monthCount);
  input.areas.forEach((area, a) => {
    OFFENCE_CATEGORIES.forEach((category: OffenceCategory, c) => {
      for (let i = 0; i < input.monthCount; i++) {
        const m = input.firstMonth + i;
        if (category === 'domestic_abuse' && a < input.boroughCount) {
          const incidents = input.daIncidents[a * input.monthCount + i] ?? 0;
          out.set(a, c, i, rng.binomial(incidents, 1 / (input.incidentsPerOffence[a] ?? 1.75)));
        } else {
          out.set(a, c, i, rng.poisson(input.london.recorded(category, m) * input.shares.share(area, category, m)));
        }
      }
    });
  });
  return out;
}
