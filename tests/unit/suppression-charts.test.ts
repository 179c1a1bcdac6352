// @vitest-environment jsdom
/**
 * Charts with withheld counts: nothing withheld is drawn at its own size, named with a number, or
 * given a share; the tables print the words instead.
 */
import { describe, expect, it } from 'vitest';
import { shareTable, stackedBarsWithShares } from '../../src/charts/share-table';
import { stackedBars, type Count, type StackedCountRow } from '../../src/charts/stacked-bars';
import { stackedColumns } from '../../src/charts/stacked-columns';
import { tableRows } from './helpers/tables';
import { columnRectangles, tipAt } from './helpers/columns';

const few: Count = { withheld: 'fewer than 10' };
const hid: Count = { withheld: 'not shown' };

// Truth: 18-24 = [120, 4, 0] (124), 25-34 = [80, 31, 2] (113), 65+ = [3, 2, 0] (5).
const rows: StackedCountRow[] = [
  { bar: '18-24', stack: 'female', value: 120 },
  { bar: '18-24', stack: 'male', value: few },
  { bar: '18-24', stack: 'unknown', value: 0 },
  { bar: '25-34', stack: 'female', value: 80 },
  { bar: '25-34', stack: 'male', value: hid },
  { bar: '25-34', stack: 'unknown', value: few },
  { bar: '65+', stack: 'female', value: few },
  { bar: '65+', stack: 'male', value: few },
  { bar: '65+', stack: 'unknown', value: 0 },
];
const totals = {
  bars: { '18-24': 124, '25-34': 113, '65+': few },
  stacks: { female: 203, male: hid, unknown: few },
  all: 242,
};
const LABELS = { female: 'Female', male: 'Male', unknown: 'Not known' };

function render(width = 720) {
  const figure = stackedBars(rows, {
    title: 'Victims by sex and age: Test, 2026',
    source: 'Test',
    barOrder: ['18-24', '25-34', '65+'],
    stackOrder: ['female', 'male', 'unknown'],
    stackLabels: LABELS,
    valueLabel: 'Victims',
    barLabel: 'Age band',
    totalRow: 'All ages',
    totals,
    width,
    document,
  });
  document.body.replaceChildren(figure);
  return figure;
}

const rectWidth = (r: Element) => Number(r.getAttribute('width'));
const titleOf = (r: Element) => r.querySelector('title')?.textContent ?? '';

describe('stackedBars with withheld counts', () => {
  it('draws known parts, then one hatched block for the withheld ones only where the bar’s total is printed', () => {
    const figure = render();
    const rects = [...figure.querySelectorAll('svg.stacked-bars g[aria-label="bar"] rect')];
    // Known parts first (a zero draws nothing), then the block; the 65+ total is withheld, so no block.
    expect(rects.map(titleOf)).toEqual([
      '18-24, Female: 120 (96.8% of 18-24)',
      '18-24, Not known: 0 (0.0% of 18-24)',
      '18-24, Male fewer than 10',
      '25-34, Female: 80 (70.8% of 25-34)',
      '25-34, Male not shown, Not known fewer than 10',
      '65+, Not known: 0',
    ]);
    // The block is the bar's total less its known parts: 124 − 120 = 4 and 113 − 80 = 33, on one scale.
    const perUnit = rectWidth(rects[0]!) / 120;
    expect(rectWidth(rects[2]!)).toBeCloseTo(4 * perUnit, 6);
    expect(rectWidth(rects[4]!)).toBeCloseTo(33 * perUnit, 6);
    expect(rects[2]!.getAttribute('fill')).toMatch(/^url\(#.*-withheld\)$/);
    expect(figure.querySelector('svg.stacked-bars pattern')).not.toBeNull();
    // 65+ (total withheld) draws nothing, and says so.
    expect([...figure.querySelectorAll('svg.stacked-bars g[aria-label="text"] text')].map((t) => t.textContent)).toContain('fewer than 10');
    expect([...figure.querySelectorAll('.chart-legend-item')].map((li) => li.textContent)).toContain('Not shown (small numbers)');
  });

  it('prints the words in the table, and no number that is withheld', () => {
    const figure = render();
    const cells = tableRows(figure).map((tr) => [...tr.children].map((c) => c.textContent));
    expect(cells).toEqual([
      ['18-24', '120', 'fewer than 10', '0', '124'],
      ['25-34', '80', 'not shown', 'fewer than 10', '113'],
      ['65+', 'fewer than 10', 'fewer than 10', '0', 'fewer than 10'],
      ['All ages', '203', 'not shown', 'fewer than 10', '242'],
    ]);
    const text = figure.textContent ?? '';
    for (const secret of ['31', '33']) expect(text).not.toContain(secret);
  });

  it('gives shares only of printed parts of printed totals', () => {
    const figure = render();
    const strip = figure.querySelector('svg.stacked-bars-total')!;
    expect(strip.getAttribute('aria-label')).toBe('All ages: Female 83.9%, Male not shown, Not known fewer than 10');
    const labels = [...figure.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent ?? '');
    expect(labels.filter((l) => l.endsWith('%')).sort()).toEqual(['71%', '84%', '97%']);
    const description = figure.querySelector('.chart-description, [id$="-description"]')?.textContent ?? figure.textContent ?? '';
    expect(description).toMatch(/Some counts are not shown, to protect small numbers\./);
  });

  it('with nothing withheld, draws exactly as before (no hatching, no extra legend entry)', () => {
    const plain = stackedBars(
      [
        { bar: 'a', stack: 'x', value: 10 },
        { bar: 'a', stack: 'y', value: 30 },
      ],
      { title: 'Plain', source: 'Test', barOrder: ['a'], stackOrder: ['x', 'y'], valueLabel: 'People', document },
    );
    expect(plain.querySelector('pattern')).toBeNull();
    expect([...plain.querySelectorAll('.chart-legend-item')]).toHaveLength(2);
  });

  it('the table with shares says "not shown" for the share of a withheld count or of a withheld total', () => {
    const figure = stackedBarsWithShares(rows, {
      title: 'People by sex and age: Test, 2026',
      source: 'Test',
      barOrder: ['18-24', '25-34', '65+'],
      stackOrder: ['female', 'male', 'unknown'],
      stackLabels: LABELS,
      valueLabel: 'People',
      barLabel: 'Age band',
      totalRow: 'All ages',
      totals,
      document,
    });
    const cells = tableRows(figure).map((tr) => [...tr.children].map((c) => c.textContent));
    expect(cells[0]).toEqual(['18-24', '120', '96.8%', 'fewer than 10', 'not shown', '0', '0.0%', '124']);
    expect(cells[2]).toEqual(['65+', 'fewer than 10', 'not shown', 'fewer than 10', 'not shown', '0', 'not shown', 'fewer than 10']);
    expect(cells[3]).toEqual(['All ages', '203', '83.9%', 'not shown', 'not shown', 'fewer than 10', 'not shown', '242']);
  });

  it('shareTable alone sums known rows and withholds any sum with a withheld count in it', () => {
    const details = shareTable(
      [
        { bar: 'a', stack: 'x', value: 12 },
        { bar: 'a', stack: 'y', value: few },
      ],
      { caption: 'T', rowOrder: ['a'], stackOrder: ['x', 'y'], totalRow: 'All', document },
    );
    const cells = tableRows(details).map((tr) => [...tr.children].map((c) => c.textContent));
    expect(cells).toEqual([
      ['a', '12', 'not shown', 'fewer than 10', 'not shown', 'not shown'],
      ['All', '12', 'not shown', 'not shown', 'not shown', 'not shown'],
    ]);
  });
});

describe('stackedColumns with withheld counts', () => {
  const months = ['2026-08', '2026-09', '2026-10'];
  // Truth: charge 30, 28, 25; caution 4, 5, 12; other 6, 2, 3; totals 40, 35, 40.
  const columnRows = [
    { column: '2026-08', stack: 'charge', value: 30 as Count },
    { column: '2026-08', stack: 'caution', value: few },
    { column: '2026-08', stack: 'other', value: few },
    { column: '2026-09', stack: 'charge', value: hid },
    { column: '2026-09', stack: 'caution', value: few },
    { column: '2026-09', stack: 'other', value: few },
    { column: '2026-10', stack: 'charge', value: 25 as Count },
    { column: '2026-10', stack: 'caution', value: hid },
    { column: '2026-10', stack: 'other', value: few },
  ];
  const render = (columnTotals: Record<string, Count>) =>
    stackedColumns(columnRows, {
      title: 'People by outcome: Test',
      source: 'Test',
      columnOrder: months,
      stackOrder: ['charge', 'caution', 'other'],
      valueLabel: 'People',
      highlight: '2026-10',
      totals: columnTotals,
      document,
    });

  /** Rectangles drawn per column (left to right), and the tip over each column. */
  const seen = (figure: HTMLElement) => {
    const drawn = columnRectangles(figure);
    const xs = [...new Set(drawn.map((r) => r.x))].sort((a, b) => a - b);
    const svg = figure.querySelector<SVGSVGElement>('svg.stacked-columns')!;
    return xs.map((x) => {
      const own = drawn.filter((r) => r.x === x);
      return { parts: own.map((r) => r.part), heights: own.map((r) => r.height), tip: tipAt(svg, x + own[0]!.width / 2) };
    });
  };

  it('stacks known parts from zero and one block for the rest; the outline and label use the printed total', () => {
    const figure = render({ '2026-08': 40, '2026-09': 35, '2026-10': 40 });
    const columns = seen(figure);
    expect(columns.map((c) => c.tip)).toEqual([
      ['2026-08', 'charge: 30 (75.0%)', 'caution: fewer than 10', 'other: fewer than 10', 'Total: 40'],
      ['2026-09', 'charge: not shown', 'caution: fewer than 10', 'other: fewer than 10', 'Total: 35'],
      ['2026-10', 'charge: 25 (62.5%)', 'caution: not shown', 'other: fewer than 10', 'Total: 40'],
    ]);
    // The hatched block is what the printed total leaves (40 − 30, 35, 40 − 25), on the known parts' scale.
    expect(columns.map((c) => c.parts)).toEqual([['charge', 'withheld'], ['withheld'], ['charge', 'withheld']]);
    const perUnit = columns[0]!.heights[0]! / 30;
    expect(columns.map((c) => c.heights.map((h) => Math.round(h / perUnit)))).toEqual([[30, 10], [35], [25, 15]]);
    expect(figure.querySelector('g[aria-label="columns"] path[data-part="withheld"]')!.getAttribute('fill')).toMatch(/^url\(#.*-withheld\)$/);
    expect([...figure.querySelectorAll('svg.stacked-columns g[aria-label="text"] text')].map((t) => t.textContent)).toEqual(['40']);
    const cells = tableRows(figure).map((tr) => [...tr.children].map((c) => c.textContent));
    expect(cells[1]).toEqual(['2026-09', 'not shown', 'not shown', 'fewer than 10', 'not shown', 'fewer than 10', 'not shown', '35']);
  });

  it('a withheld total draws only known parts, and its label and tip give the words and no share', () => {
    const figure = render({ '2026-08': 40, '2026-09': 35, '2026-10': hid });
    const texts = [...figure.querySelectorAll('svg.stacked-columns g[aria-label="text"] text')].map((t) => t.textContent);
    expect(texts).toEqual(['not shown']);
    const last = seen(figure).at(-1)!;
    expect(last.parts).toEqual(['charge']);
    expect(last.tip).toEqual(['2026-10', 'charge: 25', 'caution: not shown', 'other: fewer than 10', 'Total: not shown']);
  });
});
