// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { horizontalGroupedBars, type HorizontalBarRow } from '../../src/charts/horizontal-grouped-bars';
import { formatCount, formatRate } from '../../src/charts/format';
import { tableRows } from './helpers/tables';

const CATEGORIES = ['domestic_abuse', 'rape', 'other_sexual', 'stalking_harassment'];
const NAMES = { domestic_abuse: 'Domestic abuse', rape: 'Rape', other_sexual: 'Other sexual offences', stalking_harassment: 'Stalking and harassment' };
const FIGURES: Record<string, [number, number | null]> = {
  domestic_abuse: [94633, 16197],
  rape: [8529, 380],
  other_sexual: [15660, 1642],
  stalking_harassment: [57045, null],
};

function rows(): HorizontalBarRow[] {
  return CATEGORIES.flatMap((group) => [
    { group, series: 'offences', value: FIGURES[group]![0] },
    { group, series: 'people', value: FIGURES[group]![1] },
  ]);
}

function render(width = 720): HTMLElement {
  const figure = horizontalGroupedBars(rows(), {
    title: 'People proceeded against and recorded offences by category: London, 12 months to October 2026',
    source: 'Metropolitan Police Service; Ministry of Justice',
    valueLabel: 'People or offences',
    groupOrder: CATEGORIES,
    groupLabels: NAMES,
    seriesOrder: ['offences', 'people'],
    seriesLabels: { offences: 'Recorded offences', people: 'People proceeded against' },
    groupLabel: 'Category',
    extraColumns: [
      {
        label: 'People per 100 offences',
        values: Object.fromEntries(CATEGORIES.map((c) => [c, FIGURES[c]![1] === null ? null : (100 * FIGURES[c]![1]!) / FIGURES[c]![0]])),
        format: (v) => formatRate(v, 1),
      },
    ],
    width,
    document,
  });
  document.body.replaceChildren(figure);
  return figure;
}

describe('horizontalGroupedBars', () => {
  it('draws a bar for every value, coloured by series, with a tooltip naming group, series and value', () => {
    const figure = render();
    const bars = [...figure.querySelectorAll('svg.chart-svg g[aria-label="bar"] rect')];
    expect(bars).toHaveLength(7); // one value is missing
    expect(new Set(bars.map((b) => b.getAttribute('fill')))).toEqual(new Set(['#12436D', '#28A197']));
    const titles = bars.map((b) => b.querySelector('title')?.textContent);
    expect(titles).toContain('Domestic abuse, People proceeded against: 16,197');
    expect(titles).toContain('Rape, Recorded offences: 8,529');
  });

  it('prints every value at its bar end, "not available" where there is none, and each group’s name above its bars', () => {
    const figure = render();
    const texts = [...figure.querySelectorAll('svg.chart-svg g[aria-label="text"] text')].map((t) => t.textContent);
    for (const group of CATEGORIES) {
      expect(texts).toContain(NAMES[group as keyof typeof NAMES]);
      expect(texts).toContain(formatCount(FIGURES[group]![0]));
    }
    expect(texts).toContain('16,197');
    expect(texts).toContain('not available');
    // Series are named beside their bars (not by colour alone).
    const ticks = [...figure.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent).filter(Boolean);
    expect(ticks.filter((t) => t === 'Recorded offences')).toHaveLength(4);
  });

  it('keeps the longest bar and its value inside the chart at phone and projector widths', () => {
    for (const width of [360, 1920]) {
      const figure = render(width);
      const svg = figure.querySelector('svg.chart-svg')!;
      expect(svg.getAttribute('width')).toBe(String(width));
      const widest = Math.max(...[...svg.querySelectorAll('g[aria-label="bar"] rect')].map((r) => Number(r.getAttribute('x')) + Number(r.getAttribute('width'))));
      // The value label (about 6 characters) still fits to the right of the longest bar.
      expect(widest + 6 * 13 * 0.6).toBeLessThanOrEqual(width);
    }
  });

  it('has a data table with a column per series and the extra columns', () => {
    const figure = render();
    expect([...figure.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual([
      'Category', 'Recorded offences', 'People proceeded against', 'People per 100 offences',
    ]);
    const cells = tableRows(figure).map((tr) => [...tr.children].map((c) => c.textContent));
    expect(cells[0]).toEqual(['Domestic abuse', '94,633', '16,197', formatRate((100 * 16197) / 94633, 1)]);
    expect(cells[3]).toEqual(['Stalking and harassment', '57,045', 'not available', 'not available']);
  });
});
