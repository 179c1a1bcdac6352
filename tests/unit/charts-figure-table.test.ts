// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { chartFigure } from '../../src/charts/figure';
import { buildAllTableRows, dataTable } from '../../src/charts/data-table';
import { formatCount } from '../../src/charts/format';
import { tableRows } from './helpers/tables';

interface Row {
  borough: string;
  offences: number;
}

const ROWS: Row[] = [
  { borough: 'Croydon', offences: 12345 },
  { borough: 'Bromley', offences: 987 },
  { borough: 'Barnet', offences: 1000000 },
];

function table(): HTMLDetailsElement {
  return dataTable<Row>({
    caption: 'Domestic abuse offences by borough, 2024',
    columns: [
      { key: 'borough', label: 'Borough' },
      { key: 'offences', label: 'Offences', numeric: true, format: (v: number) => formatCount(v) },
    ],
    rows: ROWS,
    document,
  });
}

describe('dataTable', () => {
  it('is a closed details element whose summary names the chart', () => {
    const details = table();
    expect(details.localName).toBe('details');
    expect(details.open).toBe(false);
    const summary = details.querySelector('summary')!;
    expect(summary.textContent).toBe('Show data table (Table: Domestic abuse offences by borough, 2024)');
    expect(summary.querySelector('.visually-hidden')).not.toBeNull();
  });

  it('is a real table with a caption, column headers and row headers', () => {
    const details = table();
    buildAllTableRows(details);
    const t = details.querySelector('table')!;
    expect(t.caption?.textContent).toBe('Domestic abuse offences by borough, 2024');
    const heads = [...t.querySelectorAll('thead th')];
    expect(heads.map((th) => [th.textContent, th.getAttribute('scope')])).toEqual([
      ['Borough', 'col'],
      ['Offences', 'col'],
    ]);
    expect(t.querySelectorAll('tbody th[scope="row"]')).toHaveLength(3);
  });

  it('has one row per input row, numbers formatted and right-aligned', () => {
    const rows = tableRows(table());
    expect(rows).toHaveLength(ROWS.length);
    rows.forEach((tr, i) => {
      const cell = tr.querySelector('td')!;
      expect(tr.querySelector('th')!.textContent).toBe(ROWS[i]!.borough);
      expect(cell.textContent).toBe(formatCount(ROWS[i]!.offences));
      expect(cell.className).toBe('numeric');
    });
    expect(rows[2]!.querySelector('td')!.textContent).toBe('1,000,000');
    expect(table().querySelector('thead th:last-child')!.className).toBe('numeric');
  });

  it('formats numbers with en-GB separators and says when a value is missing, without a formatter', () => {
    const details = dataTable<{ name: string; value: number | null }>({
      caption: 'Test',
      columns: [
        { key: 'name', label: 'Name' },
        { key: 'value', label: 'Value', numeric: true },
      ],
      rows: [
        { name: 'a', value: 1234.5 },
        { name: 'b', value: null },
      ],
      document,
    });
    expect(tableRows(details).map((tr) => tr.querySelector('td')!).map((td) => td.textContent)).toEqual(['1,234.5', 'not available']);
  });

  it('shows text from the data as text: markup in a name is never parsed', () => {
    const hostile = ['<img src=x onerror="alert(1)">', 'Tom & Jerry <b>bold</b>', '"quoted" \'single\' &amp;'];
    const details = dataTable<{ name: string; value: number }>({
      caption: 'Test',
      columns: [
        { key: 'name', label: 'Name' },
        { key: 'value', label: 'Value', numeric: true, format: () => '<i>1</i> & 2' },
      ],
      rows: hostile.map((name, i) => ({ name, value: i })),
      document,
    });
    const rows = tableRows(details);
    expect(rows.map((tr) => tr.querySelector('th')!.textContent)).toEqual(hostile);
    expect(rows.map((tr) => tr.querySelector('td')!.textContent)).toEqual(hostile.map(() => '<i>1</i> & 2'));
    expect(details.querySelector('tbody img, tbody b, tbody i')).toBeNull();
  });

  it('builds its rows when first wanted: a click on its summary, opening it, or the page falling idle', async () => {
    const clicked = table();
    document.body.append(clicked);
    expect(clicked.querySelectorAll('tbody tr')).toHaveLength(0);
    clicked.querySelector('summary')!.click();
    expect(clicked.querySelectorAll('tbody tr')).toHaveLength(ROWS.length);

    const opened = dataTable<Row>({ caption: 'Opened', columns: [{ key: 'borough', label: 'Borough' }], rows: ROWS, open: true, document });
    expect(opened.querySelectorAll('tbody tr')).toHaveLength(ROWS.length);

    const idle = table();
    const detached = table();
    document.body.append(idle);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(idle.querySelectorAll('tbody tr')).toHaveLength(ROWS.length);
    // A drawing no longer on the page (replaced by a newer one) is not built for nothing.
    expect(detached.querySelectorAll('tbody tr')).toHaveLength(0);
    buildAllTableRows(detached);
    expect(detached.querySelectorAll('tbody tr')).toHaveLength(ROWS.length);
    clicked.remove();
    idle.remove();
  });
});

describe('chartFigure', () => {
  function figure(): HTMLElement {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    return chartFigure({
      title: 'Rape offences, Lambeth, 2020 to 2024',
      subtitle: 'Recorded by the Metropolitan Police',
      description: 'Rape offences in Lambeth rose from 400 to 520.',
      source: 'Metropolitan Police Service',
      body: svg,
      table: table(),
      document,
    });
  }

  it('puts the title in an h3 inside the figure caption, with the subtitle', () => {
    const f = figure();
    expect(f.localName).toBe('figure');
    expect(f.querySelector('figcaption h3')?.textContent).toBe('Rape offences, Lambeth, 2020 to 2024');
    expect(f.querySelector('figcaption .chart-subtitle')?.textContent).toBe('Recorded by the Metropolitan Police');
    expect(f.getAttribute('aria-labelledby')).toBe(f.querySelector('h3')!.id);
  });

  it('makes the chart an image labelled by the title and described by a hidden summary', () => {
    const f = figure();
    document.body.replaceChildren(f);
    const svg = f.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Rape offences, Lambeth, 2020 to 2024');
    const description = document.getElementById(svg.getAttribute('aria-describedby')!)!;
    expect(description.textContent).toBe('Rape offences in Lambeth rose from 400 to 520.');
    expect(description.className).toBe('visually-hidden');
  });

  it('shows the source and includes the table', () => {
    const f = figure();
    expect(f.querySelector('.chart-source')?.textContent).toBe('Source: Metropolitan Police Service');
    expect(f.querySelector('details table')).not.toBeNull();
  });
});

describe('charts index', () => {
  it('exports the chart functions the pages call', async () => {
    const charts = await import('../../src/charts');
    for (const name of ['chartFigure', 'dataTable', 'boroughMap', 'focusBorough', 'trendChart', 'groupedBars', 'stackedBars', 'formatCount', 'formatRate', 'formatPercentChange']) {
      expect(typeof (charts as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
