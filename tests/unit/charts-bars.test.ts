// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { groupedBars, type GroupedBarRow } from '../../src/charts/grouped-bars';
import { stackedBars, stackSegments, type StackedBarRow } from '../../src/charts/stacked-bars';
import { formatCount, formatRate } from '../../src/charts/format';
import { tableRows } from './helpers/tables';

const YEARS = ['2015/16', '2016/17', '2017/18', '2018/19', '2019/20', '2020/21', '2021/22', '2022/23', '2023/24'];

function rateRows(): GroupedBarRow[] {
  return YEARS.flatMap((group, i) => [
    { group, series: 'london', value: 8 + i * 0.43 },
    { group, series: 'england_wales', value: 6.5 + i * 0.61 },
  ]);
}

function renderGrouped(width = 720): HTMLElement {
  const figure = groupedBars(rateRows(), {
    title: 'Domestic abuse offences per 1,000 residents, London and England and Wales, 2015/16 to 2023/24',
    source: 'Metropolitan Police Service; Home Office',
    yLabel: 'Offences per 1,000 residents',
    seriesOrder: ['london', 'england_wales'],
    seriesLabels: { london: 'London', england_wales: 'England and Wales' },
    groupLabel: 'Financial year',
    width,
    document,
  });
  document.body.replaceChildren(figure);
  return figure;
}

describe('groupedBars', () => {
  it('draws one bar per row, coloured by series, with a tooltip naming series, group and value', () => {
    const figure = renderGrouped();
    const bars = [...figure.querySelectorAll('svg.chart-svg g[aria-label="bar"] rect')];
    expect(bars).toHaveLength(rateRows().length);
    const titles = bars.map((b) => b.querySelector('title')?.textContent);
    for (const row of rateRows()) {
      const name = row.series === 'london' ? 'London' : 'England and Wales';
      expect(titles).toContain(`${name}, ${row.group}: ${formatRate(row.value, 1)}`);
    }
    const fills = new Set(bars.map((b) => b.getAttribute('fill')));
    expect(fills).toEqual(new Set(['#12436D', '#28A197']));
  });

  it('has a legend and a table with a column per series', () => {
    const figure = renderGrouped();
    expect([...figure.querySelectorAll('.chart-legend-item')].map((li) => li.textContent)).toEqual(['London', 'England and Wales']);
    expect([...figure.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual(['Financial year', 'London', 'England and Wales']);
    const body = tableRows(figure);
    expect(body).toHaveLength(YEARS.length);
    body.forEach((tr, i) => {
      const cells = [...tr.children].map((c) => c.textContent);
      const london = rateRows().find((r) => r.group === YEARS[i] && r.series === 'london')!;
      const ew = rateRows().find((r) => r.group === YEARS[i] && r.series === 'england_wales')!;
      expect(cells).toEqual([YEARS[i], formatRate(london.value, 1), formatRate(ew.value, 1)]);
    });
  });

  it('names every year on a wide screen but thins the year labels on a phone', () => {
    const labels = (figure: HTMLElement): string[] =>
      [...figure.querySelectorAll('g[aria-label="fx-axis tick label"] text')].map((t) => t.textContent ?? '');
    expect(labels(renderGrouped(1280))).toEqual(YEARS);
    const phone = labels(renderGrouped(360));
    expect(phone.length).toBeLessThan(YEARS.length);
    expect(phone).toContain('2023/24');
  });

  it('prints values above bars only when they fit', () => {
    expect(renderGrouped(1280).querySelectorAll('g[aria-label="text"] text').length).toBe(rateRows().length);
    expect(renderGrouped(360).querySelectorAll('g[aria-label="text"] text').length).toBe(0);
  });
});

const AGE_BANDS = ['0-17', '18-24', '25-34', '35-44', '45-64', '65+', 'unknown'];
const SEXES = ['female', 'male', 'unknown'];

function victimRows(): StackedBarRow[] {
  return AGE_BANDS.flatMap((bar, i) =>
    SEXES.map((stack, j) => ({ bar, stack, value: [[900, 250, 20], [2100, 600, 40], [3900, 1100, 55], [3000, 950, 35], [2500, 800, 30], [600, 210, 8], [150, 90, 400]][i]![j]! })),
  );
}

function renderStacked(width = 720, totalRow: boolean | string = false): HTMLElement {
  const figure = stackedBars(victimRows(), {
    title: 'Victims of domestic abuse by sex and age, London, 2024',
    source: 'Metropolitan Police Service',
    barOrder: AGE_BANDS,
    stackOrder: SEXES,
    stackLabels: { female: 'Female', male: 'Male', unknown: 'Not known' },
    barLabels: { unknown: 'Age not known' },
    valueLabel: 'Victims',
    barLabel: 'Age band',
    totalRow,
    width,
    document,
  });
  document.body.replaceChildren(figure);
  return figure;
}

describe('stackedBars', () => {
  it('draws one segment per row, separated by white strokes', () => {
    const figure = renderStacked();
    const segments = [...figure.querySelectorAll('svg.chart-svg g[aria-label="bar"] rect')];
    expect(segments).toHaveLength(victimRows().length);
    const group = figure.querySelector('svg.chart-svg g[aria-label="bar"]')!;
    expect(group.getAttribute('stroke')).toBe('#FFFFFF');
  });

  it('gives each segment a tooltip with its count and its share of the bar', () => {
    const figure = renderStacked();
    const titles = [...figure.querySelectorAll('svg.chart-svg g[aria-label="bar"] rect title')].map((t) => t.textContent);
    const labels: Record<string, string> = { female: 'Female', male: 'Male', unknown: 'Not known' };
    for (const row of victimRows()) {
      const barTotal = victimRows()
        .filter((r) => r.bar === row.bar)
        .reduce((sum, r) => sum + r.value, 0);
      const percent = ((100 * row.value) / barTotal).toFixed(1);
      const bar = row.bar === 'unknown' ? 'Age not known' : row.bar;
      expect(titles).toContain(`${bar}, ${labels[row.stack]}: ${formatCount(row.value)} (${percent}% of ${bar})`);
    }
    // 25-34 female: 3,900 of 5,055.
    expect(titles).toContain('25-34, Female: 3,900 (77.2% of 25-34)');
  });

  it('labels wide segments inside with their percentage and leaves narrow ones unlabelled', () => {
    const figure = renderStacked(720);
    const inside = [...figure.querySelectorAll('svg.chart-svg g[aria-label="text"] text')].map((t) => t.textContent);
    expect(inside).toContain('77%'); // 25-34 female
    expect(inside).not.toContain('1%'); // 25-34 not known: far too narrow
    const phone = renderStacked(320).querySelectorAll('svg.chart-svg g[aria-label="text"] text').length;
    expect(phone).toBeLessThan(inside.length);
  });

  it('stacks segments end to end in stack order', () => {
    const segments = stackSegments(victimRows(), AGE_BANDS, SEXES);
    const band = segments.filter((s) => s.bar === '18-24');
    expect(band.map((s) => [s.stack, s.x1, s.x2])).toEqual([
      ['female', 0, 2100],
      ['male', 2100, 2700],
      ['unknown', 2700, 2740],
    ]);
    expect(band.reduce((sum, s) => sum + s.percent, 0)).toBeCloseTo(100, 10);
  });

  it('has a legend and a table with a column per part plus the total', () => {
    const figure = renderStacked();
    expect([...figure.querySelectorAll('.chart-legend-item')].map((li) => li.textContent)).toEqual(['Female', 'Male', 'Not known']);
    expect([...figure.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual(['Age band', 'Female', 'Male', 'Not known', 'Total']);
    const body = tableRows(figure);
    expect(body).toHaveLength(AGE_BANDS.length);
    const first = [...body[0]!.children].map((c) => c.textContent);
    expect(first).toEqual(['0-17', '900', '250', '20', '1,170']);
  });

  it('adds the overall split as a separate full-width strip on top when asked', () => {
    const figure = renderStacked(720, 'All ages');
    const strip = figure.querySelector('svg.stacked-bars-total')!;
    const main = figure.querySelector('svg.chart-svg')!;
    expect(strip.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // The main chart keeps one bar per age band; the total does not stretch its scale.
    expect(main.querySelectorAll('g[aria-label="bar"] rect')).toHaveLength(victimRows().length);
    const parts = [...strip.querySelectorAll('g[aria-label="bar"] rect')];
    expect(parts).toHaveLength(SEXES.length);
    const grand = victimRows().reduce((s, r) => s + r.value, 0);
    const female = victimRows().filter((r) => r.stack === 'female').reduce((s, r) => s + r.value, 0);
    expect(parts[0]!.querySelector('title')?.textContent).toBe(`All ages, Female: ${formatCount(female)} (${((100 * female) / grand).toFixed(1)}% of All ages)`);
    expect(strip.getAttribute('role')).toBe('img');
    expect(strip.getAttribute('aria-label')).toMatch(/^All ages: Female \d+\.\d%, Male \d+\.\d%, Not known \d+\.\d%$/);
    const tableTotal = tableRows(figure).at(-1)!;
    expect(tableTotal.firstElementChild?.textContent).toBe('All ages');
    expect(tableTotal.lastElementChild?.textContent).toBe(formatCount(grand));
  });
});
