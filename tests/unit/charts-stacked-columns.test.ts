// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { columnTicks, stackedColumns, type StackedColumnRow } from '../../src/charts/stacked-columns';
import { shareTable, stackedBarsWithShares } from '../../src/charts/share-table';
import { formatCount } from '../../src/charts/format';
import { tableRows } from './helpers/tables';

const OUTCOMES = ['charge', 'caution', 'other_sanction'];
const LABELS = { charge: 'Charge', caution: 'Caution', other_sanction: 'Other sanction' };

/** 24 monthly columns, Nov 2024 to Oct 2026. */
const MONTHS = Array.from({ length: 24 }, (_, i) => {
  const index = 2024 * 12 + 10 + i;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
});

function outcomeRows(): StackedColumnRow[] {
  return MONTHS.flatMap((column, i) => [
    { column, stack: 'charge', value: 1000 + 10 * i },
    { column, stack: 'caution', value: 300 + (i % 5) * 7 },
    { column, stack: 'other_sanction', value: i === 3 ? 0 : 150 + i },
  ]);
}

function render(width = 720, highlight: string | null = '2026-10'): HTMLElement {
  const figure = stackedColumns(outcomeRows(), {
    title: 'People proceeded against for domestic abuse by outcome: Croydon, 12-month totals, November 2024 to October 2026',
    source: 'Ministry of Justice',
    columnOrder: MONTHS,
    formatColumn: (m) => `12 months to ${m}`,
    formatTick: (m) => m,
    columnLabel: 'Rolling year',
    stackOrder: OUTCOMES,
    stackLabels: LABELS,
    valueLabel: 'People proceeded against',
    ...(highlight ? { highlight } : {}),
    width,
    document,
  });
  document.body.replaceChildren(figure);
  return figure;
}

const total = (column: string) => outcomeRows().filter((r) => r.column === column).reduce((s, r) => s + r.value, 0);

describe('stackedColumns', () => {
  it('draws one segment per row, stacked from zero in stack order', () => {
    const figure = render();
    const rects = [...figure.querySelectorAll('svg.chart-svg g[aria-label="bar"]')[0]!.querySelectorAll('rect')];
    expect(rects).toHaveLength(outcomeRows().length);
    const fills = new Set(rects.map((r) => r.getAttribute('fill')));
    expect(fills).toEqual(new Set(['#12436D', '#28A197', '#801650']));
    // Within a column, charge sits at the bottom: its rect's top is lowest on screen (largest y).
    const [charge, caution, other] = rects.slice(0, 3).map((r) => Number(r.getAttribute('y')));
    expect(charge!).toBeGreaterThan(caution!);
    expect(caution!).toBeGreaterThan(other!);
  });

  it('gives every segment a tooltip with its count and its share of the column', () => {
    const figure = render();
    const titles = [...figure.querySelectorAll('svg.chart-svg g[aria-label="bar"] rect title')].map((t) => t.textContent);
    for (const row of outcomeRows()) {
      const percent = ((100 * row.value) / total(row.column)).toFixed(1);
      expect(titles).toContain(
        `12 months to ${row.column}, ${LABELS[row.stack as keyof typeof LABELS]}: ${formatCount(row.value)} (${percent}% of ${formatCount(total(row.column))})`,
      );
    }
  });

  it('outlines the highlighted column and prints its total above it', () => {
    const figure = render();
    const texts = [...figure.querySelectorAll('svg.chart-svg g[aria-label="text"] text')].map((t) => t.textContent);
    expect(texts).toEqual([formatCount(total('2026-10'))]);
    const outlines = figure.querySelectorAll('svg.chart-svg g[aria-label="bar"]')[1]!.querySelectorAll('rect');
    expect(outlines).toHaveLength(1);
    expect(render(720, null).querySelectorAll('svg.chart-svg g[aria-label="text"] text')).toHaveLength(0);
  });

  it('names columns on the axis every few columns, always including the last, fewer on a phone', () => {
    const labels = (figure: HTMLElement) => [...figure.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent ?? '');
    const wide = labels(render(1280));
    const phone = labels(render(360));
    expect(wide.at(-1)).toBe('2026-10');
    expect(phone.at(-1)).toBe('2026-10');
    expect(phone.length).toBeLessThan(wide.length);
    expect(columnTicks(MONTHS, 12)).toEqual(['2025-10', '2026-10']);
  });

  it('has a legend and a data table with counts, shares of each column and totals', () => {
    const figure = render();
    expect([...figure.querySelectorAll('.chart-legend-item')].map((li) => li.textContent)).toEqual(['Charge', 'Caution', 'Other sanction']);
    expect([...figure.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual([
      'Rolling year',
      'Charge', 'Charge (% of total)',
      'Caution', 'Caution (% of total)',
      'Other sanction', 'Other sanction (% of total)',
      'Total',
    ]);
    const body = tableRows(figure);
    expect(body).toHaveLength(MONTHS.length);
    const last = [...body.at(-1)!.children].map((c) => c.textContent);
    const sum = total('2026-10');
    expect(last).toEqual([
      '12 months to 2026-10',
      '1,230', `${((100 * 1230) / sum).toFixed(1)}%`,
      '321', `${((100 * 321) / sum).toFixed(1)}%`,
      '173', `${((100 * 173) / sum).toFixed(1)}%`,
      formatCount(sum),
    ]);
    expect(figure.querySelector('.chart-title')!.textContent).toMatch(/^People proceeded against for domestic abuse by outcome: Croydon/);
    expect(figure.querySelector('.chart-source')!.textContent).toBe('Source: Ministry of Justice');
  });

  it('fits its width: the SVG is as wide as asked at 360 and 1920 px', () => {
    for (const width of [360, 1920]) {
      expect(render(width).querySelector('svg.chart-svg')!.getAttribute('width')).toBe(String(width));
    }
  });
});

describe('shareTable and stackedBarsWithShares', () => {
  const rows = [
    { bar: '18-24', stack: 'female', value: 30 },
    { bar: '18-24', stack: 'male', value: 90 },
    { bar: '25-34', stack: 'female', value: 0 },
    { bar: '25-34', stack: 'male', value: 0 },
  ];

  it('gives each part its count and percent of the row, "not available" for an empty row, and an optional total row', () => {
    const details = shareTable(rows, { caption: 'People by sex and age', rowOrder: ['18-24', '25-34'], rowLabel: 'Age band', stackOrder: ['female', 'male'], stackLabels: { female: 'Female', male: 'Male' }, totalRow: 'All ages', document });
    const cells = tableRows(details).map((tr) => [...tr.children].map((c) => c.textContent));
    expect(cells).toEqual([
      ['18-24', '30', '25.0%', '90', '75.0%', '120'],
      ['25-34', '0', 'not available', '0', 'not available', '0'],
      ['All ages', '30', '25.0%', '90', '75.0%', '120'],
    ]);
  });

  it('replaces the stacked bars’ table with the one with shares, and keeps the tooltips', () => {
    const figure = stackedBarsWithShares(rows, {
      title: 'People proceeded against by sex and age: London, 12 months to October 2026',
      source: 'Ministry of Justice',
      barOrder: ['18-24', '25-34'],
      stackOrder: ['female', 'male'],
      stackLabels: { female: 'Female', male: 'Male' },
      valueLabel: 'People',
      barLabel: 'Age band',
      totalRow: 'All ages',
      document,
    });
    expect(figure.querySelectorAll('details.chart-table-details')).toHaveLength(1);
    expect([...figure.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual(['Age band', 'Female', 'Female (% of total)', 'Male', 'Male (% of total)', 'Total']);
    expect(tableRows(figure).at(-1)!.querySelector('th')!.textContent).toBe('All ages');
    const titles = [...figure.querySelectorAll('svg.chart-svg rect title')].map((t) => t.textContent);
    expect(titles).toContain('18-24, Male: 90 (75.0% of 18-24)');
  });
});
