/**
 * Repeat DA victimisation, simulated victim by victim so that distinct counts are consistent.
 *
 * Victims arrive in a borough each month; each has a number of incidents spread over the following
 * months; a few move to a neighbouring borough part-way through. Incidents are kept in compact typed
 * arrays (victim, month, borough), and the 12-month window figures in repeat_victims.csv are counted
 * from them, so the distinct counts can never contradict the incident counts.
 */
import type { VictimKind } from './calibration';
import { Categorical, Rng } from './random';

/** Incidents of all victims, grouped by victim and in time order within a victim. */
export interface IncidentStore {
  length: number;
  victim: Int32Array;
  /** Month index from the first output month (0 = 2010-04). */
  month: Int16Array;
  borough: Uint8Array;
}

class IncidentBuffer {
  length = 0;
  victim = new Int32Array(1 << 20);
  month = new Int16Array(1 << 20);
  borough = new Uint8Array(1 << 20);

  push(victim: number, month: number, borough: number): void {
    if (this.length === this.victim.length) this.grow();
    this.victim[this.length] = victim;
    this.month[this.length] = month;
    this.borough[this.length] = borough;
    this.length++;
  }

  private grow(): void {
    const size = this.victim.length * 2;
    const victim = new Int32Array(size);
    victim.set(this.victim);
    const month = new Int16Array(size);
    month.set(this.month);
    const borough = new Uint8Array(size);
    borough.set(this.borough);
    this.victim = victim;
    this.month = month;
    this.borough = borough;
  }

  toStore(): IncidentStore {
    return {
      length: this.length,
      victim: this.victim.subarray(0, this.length),
      month: this.month.subarray(0, this.length),
      borough: this.borough.subarray(0, this.length),
    };
  }
}

/**
 * Expected incidents at each lag (months after the first incident) per new victim, for a mix of
 * victim kinds. Lag 0 includes the first incident itself.
 */
export function lagProfile(kinds: readonly VictimKind[], maxLag: number): Float64Array {
  const total = kinds.reduce((s, k) => s + k.share, 0);
  const profile = new Float64Array(maxLag + 1);
  for (const kind of kinds) {
    const weight = kind.share / total;
    const stay = kind.extraMean / (1 + kind.extraMean);
    const gapStay = kind.gapMean / (1 + kind.gapMean);
    const gap = new Float64Array(maxLag + 1).map((_, d) => (1 - gapStay) * gapStay ** d);
    // position[d]: probability that incident number j (0-based) happens at lag d.
    let position = new Float64Array(maxLag + 1);
    position[0] = 1;
    for (let j = 0; ; j++) {
      const hasIncident = j < kind.minIncidents ? 1 : stay ** (j - kind.minIncidents + 1);
      if (hasIncident < 1e-12) break;
      for (let d = 0; d <= maxLag; d++) profile[d] = (profile[d] ?? 0) + weight * hasIncident * (position[d] ?? 0);
      const next = new Float64Array(maxLag + 1);
      for (let d = 0; d <= maxLag; d++) {
        const p = position[d] ?? 0;
        if (p === 0) continue;
        for (let g = 0; d + g <= maxLag; g++) next[d + g] = (next[d + g] ?? 0) + p * (gap[g] ?? 0);
      }
      position = next;
    }
  }
  return profile;
}

/**
 * New victims needed each month so that expected incidents match the target: target(t) =
 * Σ_d arrivals(t − d) · lag(d), solved forwards from a steady state before the first month.
 * Stable because lag(0) outweighs the rest of the profile.
 */
export function arrivalsFor(target: Float64Array, lag: Float64Array): Float64Array {
  const lagTotal = lag.reduce((s, w) => s + w, 0);
  const steady = (target[0] ?? 0) / lagTotal;
  const arrivals = new Float64Array(target.length);
  for (let t = 0; t < target.length; t++) {
    let earlier = 0;
    for (let d = 1; d < lag.length; d++) earlier += (t - d >= 0 ? (arrivals[t - d] ?? 0) : steady) * (lag[d] ?? 0);
    arrivals[t] = Math.max(0, ((target[t] ?? 0) - earlier) / (lag[0] ?? 1));
  }
  return arrivals;
}

export interface VictimSimulationInput {
  boroughCount: number;
  /** Months simulated before the first output month, so that early windows hold long-running victims. */
  burnInMonths: number;
  /** Output months: 0 … monthCount − 1. */
  monthCount: number;
  /** Expected incidents recorded in borough b, output month m (m may be negative during burn-in). */
  expectedIncidents(borough: number, month: number): number;
  /** Probability that an incident is recorded at all in month m (below 1 before CONNECT). */
  recordedShare(month: number): number;
  kinds: readonly VictimKind[];
  moverShare: number;
  neighbours: readonly (readonly number[])[];
  seed: string;
}

/** Simulates every victim's incidents. Deterministic for a given input. */
export function simulateVictims(input: VictimSimulationInput): IncidentStore {
  const rng = new Rng(input.seed);
  const maxLag = 120;
  const lag = lagProfile(input.kinds, maxLag);
  const kindPicker = new Categorical(input.kinds.map((k) => k.share));
  const buffer = new IncidentBuffer();
  const simMonths = input.burnInMonths + input.monthCount;
  const months = new Int32Array(4096);
  const boroughs = new Uint8Array(4096);
  let victimId = 0;

  for (let b = 0; b < input.boroughCount; b++) {
    const target = new Float64Array(simMonths);
    for (let t = 0; t < simMonths; t++) target[t] = input.expectedIncidents(b, t - input.burnInMonths);
    const arrivals = arrivalsFor(target, lag);
    for (let t = 0; t < simMonths; t++) {
      const newVictims = rng.poisson(arrivals[t] ?? 0);
      for (let v = 0; v < newVictims; v++) {
        const kind = input.kinds[kindPicker.draw(rng)];
        if (!kind) continue;
        const count = Math.min(months.length, kind.minIncidents + rng.geometric(kind.extraMean));
        const movesAt = count > 1 && rng.bernoulli(input.moverShare) ? 1 + rng.int(count - 1) : count;
        const nextDoor = input.neighbours[b] ?? [];
        const movedTo = nextDoor.length > 0 ? (nextDoor[rng.int(nextDoor.length)] ?? b) : b;
        let month = t - input.burnInMonths;
        let kept = 0;
        for (let i = 0; i < count; i++) {
          if (i > 0) month += rng.geometric(kind.gapMean);
          if (month >= input.monthCount) break;
          const recorded = rng.bernoulli(input.recordedShare(month));
          if (month < 0 || !recorded) continue;
          months[kept] = month;
          boroughs[kept] = i >= movesAt ? movedTo : b;
          kept++;
        }
        for (let i = 0; i < kept; i++) buffer.push(victimId, months[i] ?? 0, boroughs[i] ?? 0);
        victimId++;
      }
    }
  }
  return buffer.toStore();
}

/** Incidents per borough (rows) and month (columns): incidents.csv. */
export function monthlyIncidents(store: IncidentStore, boroughCount: number, monthCount: number): Int32Array {
  const counts = new Int32Array(boroughCount * monthCount);
  for (let i = 0; i < store.length; i++) {
    const cell = (store.borough[i] ?? 0) * monthCount + (store.month[i] ?? 0);
    counts[cell] = (counts[cell] ?? 0) + 1;
  }
  return counts;
}

/** 12-month window figures, indexed [area × monthCount + window end]; area = boroughCount is London. */
export interface RepeatWindows {
  victims: Int32Array;
  repeatVictims: Int32Array;
  incidents: Int32Array;
}

export const WINDOW_MONTHS = 12;

/**
 * For every window of 12 months ending in each month: distinct victims with an incident in the
 * area, those with two or more there, and all their incidents there. A victim with incidents in
 * two boroughs counts once in each borough and once in London.
 */
export function countRepeatWindows(store: IncidentStore, boroughCount: number, monthCount: number): RepeatWindows {
  const size = (boroughCount + 1) * monthCount;
  const windows: RepeatWindows = {
    victims: new Int32Array(size),
    repeatVictims: new Int32Array(size),
    incidents: new Int32Array(size),
  };
  const scratch = new Int32Array(4096);
  const addVictim = (months: Int32Array, n: number, area: number): void => {
    const row = area * monthCount;
    const lastEnd = Math.min(monthCount - 1, (months[n - 1] ?? 0) + WINDOW_MONTHS - 1);
    let upTo = 0; // incidents with month ≤ window end
    let before = 0; // incidents with month < window start
    for (let end = months[0] ?? 0; end <= lastEnd; end++) {
      while (upTo < n && (months[upTo] ?? 0) <= end) upTo++;
      while (before < n && (months[before] ?? 0) <= end - WINDOW_MONTHS) before++;
      const inWindow = upTo - before;
      if (inWindow === 0) continue;
      windows.victims[row + end] = (windows.victims[row + end] ?? 0) + 1;
      if (inWindow >= 2) windows.repeatVictims[row + end] = (windows.repeatVictims[row + end] ?? 0) + 1;
      windows.incidents[row + end] = (windows.incidents[row + end] ?? 0) + inWindow;
    }
  };

  let start = 0;
  while (start < store.length) {
    const id = store.victim[start];
    let stop = start;
    while (stop < store.length && store.victim[stop] === id) stop++;
    const n = stop - start;
    for (let i = 0; i < n; i++) scratch[i] = store.month[start + i] ?? 0;
    addVictim(scratch, n, boroughCount);
    const home = store.borough[start] ?? 0;
    let oneBorough = true;
    for (let i = start; i < stop; i++) if (store.borough[i] !== home) oneBorough = false;
    if (oneBorough) {
      addVictim(scratch, n, home);
    } else {
      const seen = new Set<number>();
      for (let i = start; i < stop; i++) seen.add(store.borough[i] ?? 0);
      for (const borough of seen) {
        let k = 0;
        for (let i = start; i < stop; i++) if (store.borough[i] === borough) scratch[k++] = store.month[i] ?? 0;
        addVictim(scratch, k, borough);
      }
    }
    start = stop;
  }
  return windows;
}
