import { describe, expect, it } from 'vitest';
import { classIndex, quantileClasses, rampForClasses } from '../../src/charts/classes';
import { contrastRatio, textColourOn } from '../../src/charts/contrast';
import { autoFormat, formatCount, formatMonth, formatPercent, formatPercentChange, formatRate } from '../../src/charts/format';
import { SEQUENTIAL_BLUES, CATEGORICAL_ORDER } from '../../src/charts/palette';
import { dodge, wrapWords } from '../../src/charts/layout';
import { nearestInDirection } from '../../src/charts/spatial-nav';

describe('number formats', () => {
  it('formats counts with en-GB thousands separators and a real minus sign', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCount(1234567.4)).toBe('1,234,567');
    expect(formatCount(-1200)).toBe('\u22121,200');
    expect(formatCount(null)).toBe('not available');
    expect(formatCount(Number.NaN)).toBe('not available');
  });

  it('formats rates with a fixed number of decimal places', () => {
    expect(formatRate(3.456)).toBe('3.5');
    expect(formatRate(3, 2)).toBe('3.00');
    expect(formatRate(12345.678, 1)).toBe('12,345.7');
    expect(formatRate(undefined)).toBe('not available');
    expect(formatPercent(45.63)).toBe('45.6%');
  });

  it.each([
    [4.2, '+4.2%'],
    [-3.1, '\u22123.1%'],
    [0, 'no change'],
    [0.04, 'no change'],
    [-0.04, 'no change'],
    [1234.56, '+1,234.6%'],
    [null, 'not available'],
    [undefined, 'not available'],
    [Number.POSITIVE_INFINITY, 'not available'],
  ])('formatPercentChange(%s) is %s', (input, expected) => {
    expect(formatPercentChange(input)).toBe(expected);
  });

  it('uses U+2212 rather than a hyphen for falls', () => {
    expect(formatPercentChange(-3.1)).not.toContain('-');
  });

  it('names months for people', () => {
    expect(formatMonth('2024-02')).toBe('Feb 2024');
    expect(formatMonth('2019-12')).toBe('Dec 2019');
  });

  it('picks a formatter to suit the values', () => {
    expect(autoFormat([1, 2000, null])(12345)).toBe('12,345');
    expect(autoFormat([1.25, 2.5])(1.234)).toBe('1.23');
    expect(autoFormat([12.5, 40.1])(12.34)).toBe('12.3');
  });
});

describe('quantile classes', () => {
  it('covers the values from minimum to maximum in ascending classes that meet, with no gap between them', () => {
    const values = [5, 1, 9, 3, 7, 2, 8, 4, 6, 10, 100];
    const classes = quantileClasses(values, 5);
    expect(classes).toHaveLength(5);
    expect(classes[0]!.lower).toBe(1);
    expect(classes[classes.length - 1]!.upper).toBe(100);
    expect(classes.map((c) => c.upperIncluded)).toEqual([false, false, false, false, true]);
    // Each class ends where the next begins: any figure between the minimum and maximum has a class.
    for (let i = 1; i < classes.length; i++) expect(classes[i]!.lower).toBe(classes[i - 1]!.upper);
    expect(classes.reduce((n, c) => n + c.count, 0)).toBe(values.length);
    for (const v of [...values, 2.5, 9.99, 50]) {
      const c = classes[classIndex(classes, v)]!;
      expect(v).toBeGreaterThanOrEqual(c.lower);
      if (c.upperIncluded) expect(v).toBeLessThanOrEqual(c.upper);
      else expect(v).toBeLessThan(c.upper);
    }
    // Each class holds exactly the values from its lower bound to under its upper.
    for (const c of classes) expect(values.filter((v) => v >= c.lower && (c.upperIncluded ? v <= c.upper : v < c.upper))).toHaveLength(c.count);
  });

  it('keeps equal values in one class and copes with too few values', () => {
    expect(quantileClasses([4, 4, 4, 4, 4, 4], 5)).toEqual([{ lower: 4, upper: 4, upperIncluded: true, count: 6 }]);
    expect(quantileClasses([1, 2], 5)).toEqual([
      { lower: 1, upper: 2, upperIncluded: false, count: 1 },
      { lower: 2, upper: 2, upperIncluded: true, count: 1 },
    ]);
    expect(quantileClasses([], 5)).toEqual([]);
    expect(classIndex(quantileClasses([1, 2, 3]), null)).toBe(-1);
  });

  it('spreads fewer classes across the whole ramp', () => {
    expect(rampForClasses(SEQUENTIAL_BLUES, 5)).toEqual(SEQUENTIAL_BLUES);
    expect(rampForClasses(SEQUENTIAL_BLUES, 2)).toEqual([SEQUENTIAL_BLUES[0], SEQUENTIAL_BLUES[4]]);
  });
});

describe('colours', () => {
  it('uses the Analysis Function categorical palette in its order', () => {
    expect(CATEGORICAL_ORDER).toEqual(['#12436D', '#28A197', '#801650', '#F46A25', '#3D3D3D', '#A285D1']);
  });

  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
    expect(contrastRatio('#FFFFFF', '#FFFFFF')).toBeCloseTo(1, 5);
  });

  it('chooses label text that passes AA (4.5:1) on every map class colour', () => {
    for (const fill of SEQUENTIAL_BLUES) expect(contrastRatio(fill, textColourOn(fill))).toBeGreaterThanOrEqual(4.5);
  });

  it('makes the sequential ramp darken steadily from light to dark', () => {
    const againstWhite = SEQUENTIAL_BLUES.map((c) => contrastRatio(c, '#FFFFFF'));
    for (let i = 1; i < againstWhite.length; i++) expect(againstWhite[i]!).toBeGreaterThan(againstWhite[i - 1]!);
    expect(againstWhite[againstWhite.length - 1]!).toBeGreaterThan(7);
  });
});

describe('layout helpers', () => {
  it('wraps words to a line length', () => {
    expect(wrapWords('Kensington and Chelsea', 12)).toEqual(['Kensington', 'and Chelsea']);
    expect(wrapWords('London', 4)).toEqual(['London']);
  });

  it('pushes overlapping labels apart and keeps them inside the frame', () => {
    const placed = dodge([{ y: 100, height: 15 }, { y: 102, height: 15 }, { y: 195, height: 15 }], 0, 200);
    expect(Math.abs(placed[1]! - placed[0]!)).toBeGreaterThanOrEqual(15);
    expect(placed[2]! + 7.5).toBeLessThanOrEqual(200);
  });

  it('moves to the nearest point in the arrow direction', () => {
    const points = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 5, y: 1 },
      { x: 0, y: 10 },
    ];
    expect(nearestInDirection(points, 0, 'right')).toBe(2);
    expect(nearestInDirection(points, 0, 'down')).toBe(3);
    expect(nearestInDirection(points, 0, 'left')).toBe(-1);
    expect(nearestInDirection(points, 2, 'right')).toBe(1);
  });
});
