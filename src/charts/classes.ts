/**
 * Classing values for the choropleth. Quantile classes: each class holds about the same number of
 * boroughs, so one outlier (Westminster's day-time population inflates its rates) cannot push every
 * other borough into the lightest colour. Each class is labelled with the lowest and highest value
 * actually in it, so the legend states exactly which figures share a colour and together covers
 * the whole range from the minimum to the maximum.
 */

export interface ValueClass {
  /** Smallest value in the class. */
  lower: number;
  /** Largest value in the class. */
  upper: number;
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
  const classes: ValueClass[] = [];
  let start = 0;
  for (let i = 1; i <= k && start < sorted.length; i++) {
    let end = Math.round((i * sorted.length) / k); // exclusive
    if (i === k) end = sorted.length;
    if (end <= start) continue;
    // Keep ties together: extend the class over any run of values equal to its last one.
    while (end < sorted.length && sorted[end] === sorted[end - 1]) end++;
    classes.push({ lower: sorted[start]!, upper: sorted[end - 1]!, count: end - start });
    start = end;
  }
  return classes;
}

/** Index of the class a value falls in, or -1 for a missing value. */
export function classIndex(classes: readonly ValueClass[], value: number | null | undefined): number {
  if (value === null || value === undefined || !Number.isFinite(value)) return -1;
  for (let i = 0; i < classes.length; i++) if (value <= classes[i]!.upper) return i;
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
