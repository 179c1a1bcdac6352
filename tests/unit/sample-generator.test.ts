/** The sample generator's building blocks: random draws, trend fitting, rounding and repeat counting. */
import { describe, expect, it } from 'vitest';
import { fitMonthlyExpectation } from '../../scripts/sample/trend';
import { monthNumber } from '../../scripts/sample/months';
import { apportion } from '../../scripts/sample/population';
import { Categorical, Rng } from '../../scripts/sample/random';
import {
  arrivalsFor,
  countRepeatWindows,
  lagProfile,
  monthlyIncidents,
  simulateVictims,
  type IncidentStore,
} from '../../scripts/sample/repeat';

function meanAndVariance(draw: () => number, n: number): [number, number] {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return [mean, sumSq / n - mean * mean];
}

describe('Rng', () => {
  it('repeats a stream for the same seed and differs for another', () => {
    const a = new Rng('seed');
    const b = new Rng('seed');
    const c = new Rng('other seed');
    const xs = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('draws Poisson counts with mean and variance lambda, small and large', () => {
    for (const lambda of [0.4, 3, 29, 45, 400]) {
      const rng = new Rng(`poisson ${lambda}`);
      const [mean, variance] = meanAndVariance(() => rng.poisson(lambda), 40_000);
      expect(Math.abs(mean - lambda), `mean for ${lambda}`).toBeLessThan(5 * Math.sqrt(lambda / 40_000));
      expect(variance / lambda, `variance for ${lambda}`).toBeGreaterThan(0.95);
      expect(variance / lambda, `variance for ${lambda}`).toBeLessThan(1.05);
    }
    expect(new Rng('zero').poisson(0)).toBe(0);
  });

  it('draws binomial and geometric counts with the right means', () => {
    const rng = new Rng('binomial');
    const [binomialMean] = meanAndVariance(() => rng.binomial(50, 0.3), 20_000);
    expect(binomialMean).toBeCloseTo(15, 1);
    const [geometricMean] = meanAndVariance(() => rng.geometric(2.5), 40_000);
    expect(geometricMean).toBeCloseTo(2.5, 1);
  });

  it('splits individuals among categories in proportion to the weights', () => {
    const counts = new Categorical([1, 0, 3]).split(new Rng('split'), 40_000);
    expect(counts.reduce((s, n) => s + n, 0)).toBe(40_000);
    expect(counts[1]).toBe(0);
    expect((counts[2] ?? 0) / 40_000).toBeCloseTo(0.75, 2);
  });
});

describe('fitMonthlyExpectation', () => {
  it('makes every 12-month period add up to its total, with a smooth level', () => {
    const periods = [
      { startYear: 2011, startMonth: 1, total: 46_000 },
      { startYear: 2012, startMonth: 1, total: 50_000 },
      { startYear: 2013, startMonth: 1, total: 61_000 },
      { startYear: 2014, startMonth: 1, total: 59_000 },
    ];
    const seasonal = (m: number) => 1 + 0.1 * Math.sin((2 * Math.PI * m) / 12);
    const expected = fitMonthlyExpectation(periods, seasonal);
    for (const p of periods) {
      let sum = 0;
      for (let m = monthNumber(p.startYear, 1); m < monthNumber(p.startYear + 1, 1); m++) sum += expected(m);
      expect(sum / p.total).toBeCloseTo(1, 6);
    }
    // Without seasonality, neighbouring months never differ by more than a few percent.
    for (let m = monthNumber(2011, 1); m < monthNumber(2015, 1); m++) {
      const step = expected(m + 1) / seasonal(m + 1) / (expected(m) / seasonal(m));
      expect(Math.abs(step - 1)).toBeLessThan(0.05);
    }
  });
});

describe('apportion', () => {
  it('rounds parts so that they add up to the whole exactly', () => {
    const parts = apportion(1000, [1, 1, 1]);
    expect(parts.reduce((s, p) => s + p, 0)).toBe(1000);
    expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
    // 3.5, 1.75, 1.75: the two largest remainders (0.75 each) take the two units left over.
    expect(apportion(7, [0.5, 0.25, 0.25])).toEqual([3, 2, 2]);
    expect(apportion(8, [0.5, 0.25, 0.25])).toEqual([4, 2, 2]);
  });
});

describe('repeat victimisation', () => {
  const kinds = [
    { share: 0.7, minIncidents: 1, extraMean: 0, gapMean: 0 },
    { share: 0.3, minIncidents: 2, extraMean: 2, gapMean: 1.5 },
  ];

  it('expects as many incidents per victim, over all lags, as the kinds imply', () => {
    const lag = lagProfile(kinds, 200);
    const perVictim = 0.7 * 1 + 0.3 * (2 + 2);
    expect(lag.reduce((s, w) => s + w, 0)).toBeCloseTo(perVictim, 6);
    expect(lag[0]).toBeGreaterThan(1);
  });

  it('finds arrivals whose incidents reproduce the target month by month', () => {
    const lag = lagProfile(kinds, 60);
    const target = Float64Array.from({ length: 120 }, (_, t) => 100 + 30 * Math.sin(t / 2) + t);
    const arrivals = arrivalsFor(target, lag);
    const steady = (target[0] ?? 0) / lag.reduce((s, w) => s + w, 0);
    for (let t = 0; t < target.length; t++) {
      let incidents = 0;
      for (let d = 0; d < lag.length; d++) incidents += (t - d >= 0 ? (arrivals[t - d] ?? 0) : steady) * (lag[d] ?? 0);
      expect(incidents / (target[t] ?? 1)).toBeCloseTo(1, 6);
    }
  });

  /** Counts windows the slow, obvious way: every window, every victim. */
  function bruteForce(store: IncidentStore, boroughCount: number, monthCount: number) {
    const victims = new Int32Array((boroughCount + 1) * monthCount);
    const repeat = new Int32Array(victims.length);
    const incidents = new Int32Array(victims.length);
    for (let end = 0; end < monthCount; end++) {
      for (let area = 0; area <= boroughCount; area++) {
        const perVictim = new Map<number, number>();
        for (let i = 0; i < store.length; i++) {
          const m = store.month[i] ?? -1;
          const inArea = area === boroughCount || store.borough[i] === area;
          if (inArea && m <= end && m > end - 12) perVictim.set(store.victim[i] ?? 0, (perVictim.get(store.victim[i] ?? 0) ?? 0) + 1);
        }
        const cell = area * monthCount + end;
        victims[cell] = perVictim.size;
        repeat[cell] = [...perVictim.values()].filter((n) => n >= 2).length;
        incidents[cell] = [...perVictim.values()].reduce((s, n) => s + n, 0);
      }
    }
    return { victims, repeat, incidents };
  }

  it('counts distinct and repeat victims in 12-month windows exactly', () => {
    const boroughCount = 3;
    const monthCount = 30;
    const store = simulateVictims({
      boroughCount,
      burnInMonths: 6,
      monthCount,
      expectedIncidents: () => 8,
      recordedShare: (m) => (m < 15 ? 0.9 : 1),
      kinds,
      moverShare: 0.3,
      neighbours: [[1], [0, 2], [1]],
      seed: 'small simulation',
    });
    expect(store.length).toBeGreaterThan(100);
    // Grouped by victim, in time order, inside the output months.
    for (let i = 1; i < store.length; i++) {
      if (store.victim[i] === store.victim[i - 1]) expect(store.month[i]).toBeGreaterThanOrEqual(store.month[i - 1] ?? 0);
      else expect(store.victim[i]).toBeGreaterThan(store.victim[i - 1] ?? 0);
    }
    expect(Math.min(...store.month)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...store.month)).toBeLessThan(monthCount);

    const fast = countRepeatWindows(store, boroughCount, monthCount);
    const slow = bruteForce(store, boroughCount, monthCount);
    expect([...fast.victims]).toEqual([...slow.victims]);
    expect([...fast.repeatVictims]).toEqual([...slow.repeat]);
    expect([...fast.incidents]).toEqual([...slow.incidents]);

    const monthly = monthlyIncidents(store, boroughCount, monthCount);
    expect(monthly.reduce((s, n) => s + n, 0)).toBe(store.length);
  });
});
