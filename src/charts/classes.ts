/**
 * Classing values for the choropleth. Quantile classes: each class holds about the same number of
 * boroughs, so one outlier (Westminster's day-time population inflates its rates) cannot push every
 * other borough into the lightest colour. The classes meet, with no gaps between them: each runs from
 * the lowest value in it up to (not including) the lowest value in the next, and the last up to the
 * highest value, so the legend says which colour any figure would take ("7.28 to 8.20" then "8.20 to
 * 9.43" left a reader to wonder about 7.5), and together they cover the minimum to the maximum.
 */

export interface ValueClass {
  /** The lowest value in the class: its lower bound (included). */
  lower: number;
  /**
   * Its upper bound: the next class's lower bound (not included), or for the last class the highest
   * value (included). A class's upper is always the next one's lower.
   */
  upper: number;
  /** Whether `upper` itself is in the class: the last class only. */
  upperIncluded: boolean;
  /** How many values fall in it. */
  count: number;
}

/**
 * Splits the values into at most `k` quantile classes, returned in ascending order. Equal values always
 * share a class (a class boundary never separates two boroughs with the same figure), so there can be
 * fewer than `k` classes when values repeat.
 */
export function quantileClasses(values: readonly number[], k = 5): ValueClass[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const runs: { start: number; end: number }[] = [];
  let start = 0;
  for (let i = 1; i <= k && start < sorted.length; i++) {
    let end = Math.round((i * sorted.length) / k); // exclusive
    if (i === k) end = sorted.length;
    if (end <= start) continue;
    // Keep ties together: extend the class over any run of values equal to its last one.
    while (end < sorted.length && sorted[end] === sorted[end - 1]) end++;
    runs.push({ start, end });
    start = end;
  }
  return runs.map(({ start, end }, i) => {
    const last = i === runs.length - 1;
    return { lower: sorted[start]!, upper: last ? sorted[end - 1]! : sorted[end]!, upperIncluded: last, count: end - start };
  });
}

/** Index of the class a value falls in, or -1 for a missing value. */
export function classIndex(classes: readonly ValueClass[], value: number | null | undefined): number {
  if (value === null || value === undefined || !Number.isFinite(value)) return -1;
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i]!;
    if (value < c.upper || (c.upperIncluded && value <= c.upper)) return i;
  }
  return classes.length - 1;
}

/**
 * The colours for n classes drawn from a ramp: spread across the whole ramp so that three classes use
 * light, middle and dark rather than the three lightest.
 */
export function rampForClasses(ramp: readonly string[], n: number): string[] {
  if (n <= 0) return [];
  if (n === 1) return [ramp[Math.floor(ramp.length / 2)]!];
  return Array.from({ length: n }, (_, i) => ramp[Math.round((i * (ramp.length - 1)) / (n - 1))]!);
}
