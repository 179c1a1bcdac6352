// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { trendChart, type TrendRow } from '../../src/charts/trend-chart';
import { formatCount } from '../../src/charts/format';
import { tableRows } from './helpers/tables';

/** 36 months for two series, with the rolling average computed from the monthly values. */
function sampleRows(): TrendRow[] {
  const rows: TrendRow[] = [];
  for (const [series, base] of [['Croydon', 300], ['London', 7000]] as const) {
    const monthly: number[] = [];
    for (let i = 0; i < 36; i++) {
      const month = `${2022 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
      const value = Math.round(base * (1 + 0.1 * Math.sin(i / 2)) + i * 3);
      monthly.push(value);
      const rolling = i >= 11 ? monthly.slice(i - 11, i + 1).reduce((a, b) => a + b, 0) / 12 : null;
      rows.push({ month, series, monthly: value, rolling });
    }
  }
  return rows;
}

function render(width = 720, extra: Partial<Parameters<typeof trendChart>[1]> = {}): HTMLElement {
  const figure = trendChart(sampleRows(), {
    title: 'Domestic abuse offences, Croydon and London, Jan 2022 to Dec 2024',
    source: 'Metropolitan Police Service',
    yLabel: 'Offences',
    seriesOrder: ['Croydon', 'London'],
    breakMonth: '2024-02',
    width,
    document,
    ...extra,
  });
  document.body.replaceChildren(figure);
  return figure;
}

describe('trendChart', () => {
  it('draws a thin monthly and a thick rolling line per series, differing by colour and dash', () => {
    const figure = render();
    const svg = figure.querySelector('svg.chart-svg')!;
    const lines = [...svg.querySelectorAll('g[aria-label="line"]')];
    expect(lines).toHaveLength(4);
    const widths = lines.map((g) => Number(g.getAttribute('stroke-width')));
    expect(widths[0]!).toBeLessThan(widths[1]!);
    expect(widths[2]!).toBeLessThan(widths[3]!);
    const [croydon, london] = [lines[1]!, lines[3]!];
    expect(croydon.getAttribute('stroke')).not.toBe(london.getAttribute('stroke'));
    expect(croydon.getAttribute('stroke-dasharray')).not.toBe(london.getAttribute('stroke-dasharray'));
  });

  it('labels each series at the end of its line', () => {
    const figure = render();
    const labels = [...figure.querySelectorAll('.trend-end-labels text')].map((t) => t.textContent);
    expect(labels).toEqual(['Croydon', 'London']);
  });

  it('draws the recording break as a rule with a label', () => {
    const figure = render();
    const svg = figure.querySelector('svg.chart-svg')!;
    expect(svg.querySelectorAll('g[aria-label="rule"] line').length).toBeGreaterThanOrEqual(1);
    expect(svg.textContent).toContain('Recording system changed');
    expect(svg.textContent).toMatch(/Feb\s2024/);
    const description = document.getElementById(svg.getAttribute('aria-describedby')!)!;
    expect(description.textContent).toContain('not comparable');
  });

  it('uses the caller’s break note when given one', () => {
    const figure = render(720, { breakNote: 'CONNECT introduced' });
    expect(figure.querySelector('svg.chart-svg')!.textContent).toContain('CONNECT introduced');
  });

  it('has a legend naming the series and the two line weights', () => {
    const items = [...render().querySelectorAll('.chart-legend-item')].map((li) => li.textContent);
    expect(items).toEqual(['Croydon', 'London', 'Thin line: each month', 'Thick line: 12-month average']);
  });

  it('draws every legend swatch as a line on the chart is drawn: colour, weight, dash and opacity', () => {
    const figure = render();
    const style = (el: Element) =>
      ['stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity'].map((a) => el.getAttribute(a) ?? '').map((v, i) => (i === 3 && v === '' ? '1' : v)).join('|');
    const drawn = new Set([...figure.querySelectorAll('svg.chart-svg g[aria-label="line"]')].map(style));
    const swatches = [...figure.querySelectorAll('.chart-legend-item')].map((li) => ({ label: li.textContent, style: style(li.querySelector('line')!) }));
    expect(swatches).toHaveLength(4);
    for (const swatch of swatches) expect(drawn, `${swatch.label}: ${swatch.style}`).toContain(swatch.style);
  });

  it('writes axis ticks with only the decimals they need, whatever the values are formatted to', () => {
    const rows = sampleRows().map((r) => ({ ...r, monthly: r.monthly! / 1000, rolling: r.rolling === null ? null : r.rolling / 1000 }));
    const figure = trendChart(rows, { title: 'T', source: 'S', yLabel: 'Rate', seriesOrder: ['Croydon', 'London'], formatValue: (v) => (v == null ? '' : v.toFixed(3)), width: 720, document });
    const ticks = [...figure.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent!);
    expect(ticks.length).toBeGreaterThan(2);
    // "2", "4" and "0.5", never "2.000".
    for (const tick of ticks) expect(tick).toMatch(/^\d+(\.\d{1,2})?$/);
    for (const tick of ticks) expect(tick).not.toMatch(/\.\d*0$/);
  });

  it('has a table with one row per month and formatted monthly and rolling values per series', () => {
    const rows = sampleRows();
    const figure = render();
    const headers = [...figure.querySelectorAll('thead th')].map((th) => th.textContent);
    expect(headers).toEqual(['Month', 'Croydon: month', 'Croydon: 12-month average', 'London: month', 'London: 12-month average']);
    const body = tableRows(figure);
    expect(body).toHaveLength(36);
    const first = [...body[0]!.children].map((c) => c.textContent);
    const row0 = rows.find((r) => r.series === 'Croydon' && r.month === '2022-01')!;
    expect(first[0]).toBe('Jan 2022');
    expect(first[1]).toBe(formatCount(row0.monthly));
    expect(first[2]).toBe('not available');
    const last = [...body[35]!.children].map((c) => c.textContent);
    const londonLast = rows.find((r) => r.series === 'London' && r.month === '2024-12')!;
    expect(last[3]).toBe(formatCount(londonLast.monthly));
    expect(last[4]).toBe(formatCount(londonLast.rolling));
    expect(body[0]!.children[1]!.className).toBe('numeric');
  });

  it('keeps text at 12px or more and thins the time ticks on a phone', () => {
    const wide = render(1280).querySelector('svg.chart-svg')!;
    const wideTicks = wide.querySelectorAll('g[aria-label="x-axis tick label"] text').length;
    const phone = render(360).querySelector('svg.chart-svg')!;
    const phoneTicks = phone.querySelectorAll('g[aria-label="x-axis tick label"] text').length;
    expect(phoneTicks).toBeLessThan(wideTicks);
    expect(phoneTicks).toBeGreaterThanOrEqual(2);
    expect(phone.getAttribute('style')).toContain('font-size: 13px');
    for (const el of phone.querySelectorAll('[font-size]')) expect(Number.parseFloat(el.getAttribute('font-size')!)).toBeGreaterThanOrEqual(12);
  });

  it('is an image to assistive technology, labelled by the title', () => {
    const svg = render().querySelector('svg.chart-svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Domestic abuse offences, Croydon and London, Jan 2022 to Dec 2024');
  });
});
