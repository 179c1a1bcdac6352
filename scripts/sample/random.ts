/**
 * A tiny seeded pseudo-random number generator, so that the sample data is byte-for-byte reproducible.
 *
 * sfc32 (Chris Doty-Humphrey's "small fast counting" generator) seeded by the cyrb128 string hash.
 * Each part of the generator takes its own named stream (`new Rng('offences')`), so changing how one
 * table is drawn does not reshuffle every other table.
 */

/** A 128-bit hash of a string, as four unsigned 32-bit words (cyrb128). */
export function hashSeed(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044769);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044769);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const TWO_POW_32 = 4294967296;

/**
 * mulberry32: a plain stream of numbers in [0, 1) from one 32-bit seed, the same on every machine,
 * for generated files and test inputs that need no named streams.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  };
}

/** log(k!) exactly (by table) for small k, by Stirling's series beyond. */
const LOG_FACTORIAL_TABLE: number[] = [0];
for (let k = 1; k < 32; k++) LOG_FACTORIAL_TABLE.push((LOG_FACTORIAL_TABLE[k - 1] ?? 0) + Math.log(k));

export function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL_TABLE.length) return LOG_FACTORIAL_TABLE[k] ?? 0;
  const inv = 1 / k;
  const inv2 = inv * inv;
  return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = hashSeed(seed);
    // Discard the first outputs: sfc32 mixes poorly for a few rounds after seeding.
    for (let i = 0; i < 16; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t0 = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    const t = (t0 + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform on [0, 1). */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform on (0, 1): safe to take the logarithm of. */
  nextOpen(): number {
    return (this.nextUint32() + 0.5) / TWO_POW_32;
  }

  /** Uniform on [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** A whole number in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Failures before the first success, with the given mean (0, 1, 2, …). */
  geometric(mean: number): number {
    if (mean <= 0) return 0;
    const stay = mean / (1 + mean);
    return Math.floor(Math.log(this.nextOpen()) / Math.log(stay));
  }

  /** Poisson with mean lambda: inversion for small means, Hörmann's PTRS rejection for large ones. */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda < 30) {
      let k = 0;
      let p = Math.exp(-lambda);
      let cumulative = p;
      const u = this.next();
      while (u > cumulative && k < 1000) {
        k++;
        p *= lambda / k;
        cumulative += p;
      }
      return k;
    }
    return this.poissonPtrs(lambda);
  }

  private poissonPtrs(lambda: number): number {
    // W. Hörmann (1993), "The transformed rejection method for generating Poisson random variables".
    const sqrtLambda = Math.sqrt(lambda);
    const logLambda = Math.log(lambda);
    const b = 0.931 + 2.53 * sqrtLambda;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.nextOpen();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -lambda + k * logLambda - logFactorial(k)) {
        return k;
      }
    }
  }

  /** Binomial(n, p) by counting successes: every n here is at most a few thousand. */
  binomial(n: number, p: number): number {
    if (p <= 0 || n <= 0) return 0;
    if (p >= 1) return n;
    let successes = 0;
    for (let i = 0; i < n; i++) if (this.next() < p) successes++;
    return successes;
  }
}

/** Draws indices 0..k-1 with fixed probabilities (weights need not sum to 1). */
export class Categorical {
  private readonly cumulative: Float64Array;

  constructor(weights: readonly number[]) {
    const total = weights.reduce((s, w) => s + w, 0);
    if (!(total > 0)) throw new Error('Categorical needs a positive total weight');
    this.cumulative = new Float64Array(weights.length);
    let running = 0;
    weights.forEach((w, i) => {
      if (w < 0) throw new Error('Categorical weights must be non-negative');
      running += w / total;
      this.cumulative[i] = running;
    });
    this.cumulative[weights.length - 1] = 1;
  }

  get size(): number {
    return this.cumulative.length;
  }

  draw(rng: Rng): number {
    const u = rng.next();
    const c = this.cumulative;
    for (let i = 0; i < c.length; i++) if (u < (c[i] ?? 1)) return i;
    return c.length - 1;
  }

  /** Splits n individuals among the categories: one multinomial draw. */
  split(rng: Rng, n: number): Int32Array {
    const counts = new Int32Array(this.cumulative.length);
    for (let i = 0; i < n; i++) {
      const k = this.draw(rng);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    return counts;
  }
}
