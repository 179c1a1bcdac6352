// @vitest-environment jsdom
/**
 * Chart export (src/charts/export.ts) without a browser's layout: the CSV is read from the figure's own
 * data table, with a header saying what, where, when and whose; values are the table's figures; text a
 * spreadsheet would run is made inert; file names come from titles. Also: every figure carries the
 * download row, and Plot's named parts inside a picture are hidden from assistive technology.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCellValue, csvField, figureCsv, fileNameFor, formatDateTime, tableCells, tableToCsv } from '../../src/charts/export';
import { chartFigure } from '../../src/charts/figure';
import { dataTable } from '../../src/charts/data-table';
import { groupedBars } from '../../src/charts/grouped-bars';
import { stackedBarsWithShares } from '../../src/charts/share-table';

/** The CSV as rows, without the byte-order mark. */
function parse(csv: string): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: false }).data;
  // The file ends with a line break, which PapaParse reads as one more, empty, row.
  expect(rows.at(-1)).toEqual(['']);
  return rows.slice(0, -1);
}

function sampleFigure(): HTMLElement {
  const rows = [
    { borough: 'Croydon', offences: 12345, rate: 3.456, change: -2.5 },
    { borough: 'Lambeth', offences: 987, rate: null, change: 1 },
    { borough: '=HYPERLINK("http://x")', offences: 0, rate: 0, change: 0 },
  ];
  const table = dataTable({
    caption: 'Offences by borough, 12 months to March 2025',
    columns: [
      { key: 'borough', label: 'Borough' },
      { key: 'offences', label: 'Offences', numeric: true },
      { key: 'rate', label: 'Rate per 1,000', numeric: true },
      { key: 'change', label: 'Change (%)', numeric: true },
    ],
    rows,
    document,
  });
  const body = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  return chartFigure({
    title: 'Offences by borough, 12 months to March 2025',
    subtitle: 'Rolling year, "recorded" offences',
    description: 'A chart.',
    source: 'Metropolitan Police Service',
    body,
    table,
    document,
  });
}

describe('CSV values', () => {
  it('writes numbers without separators and with an ASCII minus, and keeps text as it is', () => {
    expect(csvCellValue('12,345')).toBe('12345');
    expect(csvCellValue('\u22122.5')).toBe('-2.5');
    expect(csvCellValue('1,234,567.89')).toBe('1234567.89');
    expect(csvCellValue('0.000')).toBe('0.000');
    expect(csvCellValue('12.5%')).toBe('12.5%');
    expect(csvCellValue('not available')).toBe('not available');
    expect(csvCellValue('  2,000 offences ')).toBe('2,000 offences');
    // Not a number as tables write them: left as written.
    expect(csvCellValue('1,23')).toBe('1,23');
  });

  it('makes text a spreadsheet would run as a formula inert', () => {
    expect(csvCellValue('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCellValue('+44 20')).toBe("'+44 20");
    expect(csvCellValue('@cmd')).toBe("'@cmd");
    expect(csvCellValue('-x')).toBe("'-x");
    expect(csvCellValue('-12')).toBe('-12');
  });

  it('quotes fields that hold commas, quotes, line breaks or edge spaces', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' lead')).toBe('" lead"');
  });
});

describe('figure CSV', () => {
  it('holds a header (title, notes, source, address, date), a blank line, then the table exactly', () => {
    const figure = sampleFigure();
    const csv = figureCsv(figure, { url: 'https://example.org/?borough=Croydon', date: new Date(2026, 10, 22, 9, 5) });
    expect(csv.includes('\r\n')).toBe(true);
    const rows = parse(csv);
    expect(rows.slice(0, 6)).toEqual([
      ['Title', 'Offences by borough, 12 months to March 2025'],
      ['Notes', 'Rolling year, "recorded" offences'],
      ['Source', 'Metropolitan Police Service'],
      ['Web address', 'https://example.org/?borough=Croydon'],
      ['Downloaded', '2026-11-22 09:05'],
      [''],
    ]);
    const table = figure.querySelector('table')!;
    const cells = tableCells(table);
    expect(rows.slice(6)).toEqual(cells.map((r) => r.map(csvCellValue)));
    expect(rows.slice(6)).toEqual([
      ['Borough', 'Offences', 'Rate per 1,000', 'Change (%)'],
      ['Croydon', '12345', '3.46', '-2.5'],
      ['Lambeth', '987', 'not available', '1'],
      ["'=HYPERLINK(\"http://x\")", '0', '0', '0'],
    ]);
  });

  it('reads the table the figure holds when asked, even after a chart swapped it (stackedBarsWithShares)', () => {
    const figure = stackedBarsWithShares(
      [
        { bar: '18-24', stack: 'female', value: 300 },
        { bar: '18-24', stack: 'male', value: 100 },
        { bar: '25-34', stack: 'female', value: 1200 },
        { bar: '25-34', stack: 'male', value: 800 },
      ],
      { title: 'Victims by sex and age: Croydon, 12 months to March 2025', source: 'MPS', barOrder: ['18-24', '25-34'], stackOrder: ['female', 'male'], valueLabel: 'Victims', totalRow: 'All ages', width: 640, document },
    );
    const rows = parse(figureCsv(figure));
    expect(rows[0]).toEqual(['Title', 'Victims by sex and age: Croydon, 12 months to March 2025']);
    const header = rows.find((r) => r[0] === 'Group' || r[0] === 'Age band' || r.includes('Total'))!;
    expect(header).toContain('female (% of total)');
    expect(rows.at(-1)).toEqual(['All ages', '1500', '62.5%', '900', '37.5%', '2400']);
  });

  it('works for a real chart, whose figures equal its table cell for cell', () => {
    const figure = groupedBars(
      [
        { group: '2023/24', series: 'London', value: 10.5 },
        { group: '2023/24', series: 'England and Wales', value: 14.25 },
      ],
      { title: 'Rate: London and England and Wales, 2023/24', source: 'Home Office', yLabel: 'Rate', seriesOrder: ['London', 'England and Wales'], width: 640, document },
    );
    const rows = parse(figureCsv(figure));
    const blank = rows.findIndex((r) => r.length === 1 && r[0] === '');
    expect(rows.slice(blank + 1)).toEqual(tableCells(figure.querySelector('table')!).map((r) => r.map(csvCellValue)));
  });

  it('refuses a figure with no table rather than writing an empty file', () => {
    const figure = document.createElement('figure');
    expect(() => figureCsv(figure)).toThrow(/no data table/);
  });

  it('writes cells of a spanning cell as blanks so columns stay in line', () => {
    const table = document.createElement('table');
    table.innerHTML = '<thead><tr><th colspan="2">Both</th><th>Three</th></tr></thead><tbody><tr><th>a</th><td>1</td><td>2</td></tr></tbody>';
    expect(tableCells(table)).toEqual([
      ['Both', '', 'Three'],
      ['a', '1', '2'],
    ]);
    expect(tableToCsv(table, { title: 'T', source: 'S' })).toBe('\uFEFFTitle,T\r\nSource,S\r\n\r\nBoth,,Three\r\na,1,2\r\n');
  });
});

describe('file names and dates', () => {
  it('names files after the title', () => {
    expect(fileNameFor('Domestic abuse offences per 1,000 residents by borough, 12 months to October 2026', 'png')).toBe(
      'domestic-abuse-offences-per-1-000-residents-by-borough-12-months-to-october-2026.png',
    );
    expect(fileNameFor('Écoles — ½', 'csv')).toBe('ecoles-1-2.csv');
    expect(fileNameFor('', 'svg')).toBe('chart.svg');
    expect(fileNameFor('x'.repeat(300), 'csv').length).toBeLessThanOrEqual(104);
  });

  it('writes dates as YYYY-MM-DD HH:MM', () => {
    expect(formatDateTime(new Date(2026, 0, 2, 3, 4))).toBe('2026-01-02 03:04');
  });
});

describe('the download row on every figure', () => {
  it('offers CSV, PNG and SVG in a group named with the chart title', () => {
    const figure = sampleFigure();
    document.body.replaceChildren(figure);
    const group = figure.querySelector('.chart-export')!;
    expect(group.getAttribute('role')).toBe('group');
    const names = group.getAttribute('aria-labelledby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(names).toEqual(['Download this chart:', 'Offences by borough, 12 months to March 2025']);
    expect([...group.querySelectorAll('button')].map((b) => [b.textContent, b.dataset.export, b.type])).toEqual([
      ['Data (CSV)', 'csv', 'button'],
      ['Image (PNG)', 'png', 'button'],
      ['Image (SVG)', 'svg', 'button'],
    ]);
    expect(group.querySelector('[role="status"]')).not.toBeNull();
  });

  it('hides the named parts of a picture from assistive technology, keeping their names', () => {
    const figure = groupedBars([{ group: 'a', series: 'London', value: 1 }], { title: 'T', source: 'S', yLabel: 'Y', seriesOrder: ['London'], width: 640, document });
    const picture = figure.querySelector('svg[role="img"]')!;
    const named = [...picture.querySelectorAll('[aria-label]')];
    expect(named.length).toBeGreaterThan(0);
    for (const part of named) expect(part.getAttribute('aria-hidden')).toBe('true');
    expect(picture.getAttribute('aria-hidden')).toBeNull();
    expect(picture.getAttribute('aria-label')).toBe('T');
  });
});
