// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { columnTicks, stackedColumns, type StackedColumnRow } from '../../src/charts/stacked-columns';
import { shareTable, stackedBarsWithShares } from '../../src/charts/share-table';
import { formatCount } from '../../src/charts/format';
import { tableRows } from './helpers/tables';
import { columnRectangles, tipAt } from './helpers/columns';

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
  it('draws each part as one path, a rectangle per column, stacked from zero in stack order on one scale', () => {
    const figure = render();
    const drawn = columnRectangles(figure);
    // Every non-zero count is one rectangle (a zero draws nothing), its part's colour.
    const nonZero = outcomeRows().filter((r) => r.value > 0);
    expect(drawn).toHaveLength(nonZero.length);
    expect(new Map(drawn.map((r) => [r.part, r.fill]))).toEqual(new Map([['charge', '#12436D'], ['caution', '#28A197'], ['other_sanction', '#801650']]));
    // Heights are the counts on one scale, and within a column each part starts where the last ended.
    const perUnit = drawn[0]!.height / outcomeRows()[0]!.value;
    const columns = [...new Set(drawn.map((r) => r.x))].sort((a, b) => a - b);
    expect(columns).toHaveLength(MONTHS.length);
    columns.forEach((x, i) => {
      const own = OUTCOMES.map((stack) => drawn.find((r) => r.x === x && r.part === stack));
      const values = OUTCOMES.map((stack) => outcomeRows().find((r) => r.column === MONTHS[i] && r.stack === stack)!.value);
      own.forEach((r, j) => {
        if (values[j] === 0) return expect(r).toBeUndefined();
        expect(r!.height).toBeCloseTo(values[j]! * perUnit, 1);
      });
      const [charge, caution] = own;
      expect(caution!.y + caution!.height).toBeCloseTo(charge!.y, 5);
    });
  });

  it('gives a tip over every column with each part’s count and share of the column, and the total', () => {
    const figure = render();
    const svg = figure.querySelector<SVGSVGElement>('svg.chart-svg')!;
    const columns = [...new Set(columnRectangles(figure).map((r) => r.x + r.width / 2))].sort((a, b) => a - b);
    columns.forEach((x, i) => {
      const column = MONTHS[i]!;
      const share = (stack: string) => {
        const value = outcomeRows().find((r) => r.column === column && r.stack === stack)!.value;
        return `${LABELS[stack as keyof typeof LABELS]}: ${formatCount(value)} (${((100 * value) / total(column)).toFixed(1)}%)`;
      };
      expect(tipAt(svg, x)).toEqual([`12 months to ${column}`, ...OUTCOMES.map(share), `Total: ${formatCount(total(column))}`]);
    });
  });

  it('keeps the tip where a click pins it, drops it when the mouse leaves, and shows none far from a column', async () => {
    const figure = render();
    const svg = figure.querySelector<SVGSVGElement>('svg.chart-svg')!;
    const middles = [...new Set(columnRectangles(figure).map((r) => r.x + r.width / 2))].sort((a, b) => a - b);
    const pointer = (type: string, x: number, y = 100) => svg.dispatchEvent(new PointerEvent(type, { clientX: x, clientY: y, pointerType: 'mouse', bubbles: true }));
    const tipTitle = () => svg.querySelector('g[aria-label="tip"] tspan')?.textContent?.replace(/\u200b/g, '') ?? null;

    expect(tipAt(svg, middles[2]!)[0]).toBe(`12 months to ${MONTHS[2]}`);
    pointer('pointerdown', middles[2]!);
    pointer('pointermove', middles[10]!);
    pointer('pointerleave', middles[10]!);
    expect(tipTitle()).toBe(`12 months to ${MONTHS[2]}`);
    // A second click lets it go; then it follows the pointer again, and leaves with it.
    pointer('pointerdown', middles[10]!);
    expect(tipTitle()).toBeNull();
    pointer('pointermove', middles[10]!);
    expect(tipTitle()).toBe(`12 months to ${MONTHS[10]}`);
    pointer('pointerleave', middles[10]!);
    expect(tipTitle()).toBeNull();
    // Past the last column by more than 40px: no tip.
    pointer('pointermove', middles.at(-1)! + 41);
    expect(tipTitle()).toBeNull();

    // Placed once measured (jsdom measures nothing: a 150 × 20 box stands in), hidden until then:
    // at the last column the box opens to the left, so it stays inside; in the middle it sits above.
    const proto = window.SVGElement.prototype as unknown as { getBBox: () => DOMRect };
    const measure = proto.getBBox;
    proto.getBBox = () => ({ x: 0, y: 0, width: 150, height: 20 }) as DOMRect;
    try {
      const tip = svg.querySelector('g[aria-label="tip"]')!;
      pointer('pointermove', middles.at(-1)!);
      expect(tip.getAttribute('visibility')).toBe('hidden');
      await Promise.resolve();
      expect(tip.hasAttribute('visibility')).toBe(false);
      expect(tip.querySelector('path')!.getAttribute('d')).toBe('M0,0l-6,-6v-12h-166v36h166v-12z');
      pointer('pointermove', middles[12]!);
      await Promise.resolve();
      expect(tip.querySelector('path')!.getAttribute('d')).toBe('M0,0l6,-6h77v-36h-166v36h77z');
    } finally {
      proto.getBBox = measure;
    }
  });

  it('outlines the highlighted column and prints its total above it', () => {
    const figure = render();
    const texts = [...figure.querySelectorAll('svg.chart-svg g[aria-label="text"] text')].map((t) => t.textContent);
    expect(texts).toEqual([formatCount(total('2026-10'))]);
    // The columns are paths; the only bar mark is the outline.
    const outlines = figure.querySelectorAll('svg.chart-svg g[aria-label="bar"] rect');
    expect(outlines).toHaveLength(1);
    expect(outlines[0]!.closest('g')!.getAttribute('fill')).toBe('none');
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
