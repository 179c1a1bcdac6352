// @vitest-environment jsdom
/**
 * Chart data downloads (src/charts/dataset.ts, data-package.ts, zip.ts, export.ts) without a browser:
 * the tidy CSV (one header row, plain numbers, text a spreadsheet would run made inert), the zip read
 * back by another reader (fflate), its README and datapackage.json; file names come from titles. Also: every figure carries the
 * download row, and Plot's named parts inside a picture are hidden from assistive technology.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { fileNameFor, figureDataZip, formatDateTime } from '../../src/charts/export';
import { datasetCsv, datasetMonths, provideFigureData, type Dataset, type DatasetColumn } from '../../src/charts/dataset';
import { crc32, zipFiles } from '../../src/charts/zip';
import { chartFigure } from '../../src/charts/figure';
import { dataTable } from '../../src/charts/data-table';
import { groupedBars } from '../../src/charts/grouped-bars';

function sampleFigure(): HTMLElement {
  const table = dataTable({
    caption: 'Offences by borough, 12 months to March 2025',
    columns: [{ key: 'borough', label: 'Borough' }],
    rows: [{ borough: 'Croydon' }],
    document,
  });
  const body = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  return chartFigure({
    title: 'Offences by borough, 12 months to March 2025',
    subtitle: 'Rolling year, "recorded" offences',
    description: 'A chart.',
    source: 'Metropolitan Police Service, file mps.csv (Apr 2024 to Mar 2025)',
    body,
    table,
    document,
  });
}

const COLUMNS: DatasetColumn[] = [
  { name: 'area', type: 'string', description: 'Borough' },
  { name: 'month', type: 'yearmonth', description: 'Month' },
  { name: 'offences', type: 'integer', description: 'Offences' },
  { name: 'population', type: 'integer', description: 'Residents' },
  { name: 'rate_per_1000', type: 'number', decimals: 4, description: 'Offences per 1,000 residents' },
  { name: 'status', type: 'string', description: 'Why a figure is missing' },
];
const DATASET: Dataset = {
  columns: COLUMNS,
  rows: [
    { area: 'Croydon', month: '2025-03', offences: 12345, population: 390000, rate_per_1000: (12345 * 1000) / 390000, status: 'shown' },
    { area: 'Lambeth, "inner"', month: '2024-04', offences: null, population: 317000, rate_per_1000: null, status: 'missing \u2013 no file covers it' },
    { area: '=HYPERLINK("http://x")', month: '2024-10', offences: 0, population: 1, rate_per_1000: -0.00001, status: '@cmd' },
    { area: 'Negative', month: '2024-11', offences: -2, population: 10, rate_per_1000: -2.5, status: '+x' },
  ],
  notes: ['A note.'],
};

describe('dataset CSV', () => {
  it('is one header row of column names, then the rows: plain numbers, empty cells for no figure, CRLF, no byte-order mark', () => {
    const csv = datasetCsv(DATASET);
    expect(csv.startsWith('area,month,offences,population,rate_per_1000,status\r\n')).toBe(true);
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(COLUMNS.map((c) => c.name));
    expect(parsed.data).toEqual([
      { area: 'Croydon', month: '2025-03', offences: '12345', population: '390000', rate_per_1000: '31.6538', status: 'shown' },
      // Typographic dashes become ASCII; quotes and commas are quoted.
      { area: 'Lambeth, "inner"', month: '2024-04', offences: '', population: '317000', rate_per_1000: '', status: 'missing - no file covers it' },
      // Text a spreadsheet would run gets an apostrophe; a number that rounds to zero is 0, not -0.
      { area: `'=HYPERLINK("http://x")`, month: '2024-10', offences: '0', population: '1', rate_per_1000: '0.0000', status: "'@cmd" },
      // Negative numbers stay numbers.
      { area: 'Negative', month: '2024-11', offences: '-2', population: '10', rate_per_1000: '-2.5000', status: "'+x" },
    ]);
    // Only the header row holds column names: no lines above or below it.
    expect(csv.split('\r\n').filter((line) => line.startsWith('area,'))).toHaveLength(1);
  });

  it('adds a byte-order mark only when some text is not ASCII (so Excel reads it as UTF-8)', () => {
    const csv = datasetCsv({ columns: [COLUMNS[0]!], rows: [{ area: 'Caf\u00e9' }] });
    expect(csv).toBe('\uFEFFarea\r\nCaf\u00e9\r\n');
  });

  it('says which months the rows cover', () => {
    expect(datasetMonths(DATASET)).toEqual({ first: '2024-04', last: '2025-03' });
    expect(datasetMonths({ columns: [COLUMNS[0]!], rows: [] })).toBeNull();
  });
});

describe('the data zip', () => {
  it('holds the CSV, a README and a datapackage.json that say what, whose, under what licence, where from and when', async () => {
    const figure = sampleFigure();
    provideFigureData(figure, () => ({ dataset: DATASET, licences: ['Open Government Licence v3.0'] }));
    const date = new Date(2026, 10, 22, 9, 5, 30);
    const { fileName, bytes } = await figureDataZip(figure, { url: 'https://example.org/?borough=Croydon', date });
    expect(fileName).toBe('offences-by-borough-12-months-to-march-2025.zip');
    // Read by an independent zip reader (fflate), not by our own code.
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toEqual(['offences-by-borough-12-months-to-march-2025.csv', 'README.txt', 'datapackage.json']);
    const text = (name: string) => strFromU8(files[name]!);
    expect(text('offences-by-borough-12-months-to-march-2025.csv')).toBe(datasetCsv(DATASET));
    const readme = text('README.txt');
    for (const line of [
      'Offences by borough, 12 months to March 2025',
      'Rolling year, "recorded" offences',
      'Source:     Metropolitan Police Service, file mps.csv (Apr 2024 to Mar 2025)',
      'Licence:    Open Government Licence v3.0',
      'View:       https://example.org/?borough=Croydon',
      'Downloaded: 2026-11-22 09:05',
      'Months:     2024-04 to 2025-03',
      '- A note.',
      '- rate_per_1000 (number, 4 decimal places): Offences per 1,000 residents',
    ]) {
      expect(readme).toContain(line);
    }
    const pkg = JSON.parse(text('datapackage.json'));
    expect(pkg).toMatchObject({
      profile: 'tabular-data-package',
      name: 'offences-by-borough-12-months-to-march-2025',
      title: 'Offences by borough, 12 months to March 2025',
      homepage: 'https://example.org/?borough=Croydon',
      created: date.toISOString(),
      temporalCoverage: { start: '2024-04', end: '2025-03' },
      sources: [{ title: 'Metropolitan Police Service, file mps.csv (Apr 2024 to Mar 2025)' }],
      licenses: [{ title: 'Open Government Licence v3.0' }],
    });
    expect(pkg.resources).toHaveLength(1);
    expect(pkg.resources[0].path).toBe('offences-by-borough-12-months-to-march-2025.csv');
    expect(pkg.resources[0].schema.fields.map((f: { name: string; type: string }) => [f.name, f.type])).toEqual(COLUMNS.map((c) => [c.name, c.type]));
  });

  it('refuses a figure whose card declared no data rather than writing an empty file', async () => {
    await expect(figureDataZip(sampleFigure(), { url: '', date: new Date() })).rejects.toThrow(/no data to download/);
  });
});

describe('zip files', () => {
  it('are read back byte for byte by another reader, compressed or stored, with their date and CRC', async () => {
    const big = 'month,borough,offences\r\n'.concat('2024-01,Croydon,12\r\n'.repeat(2000));
    const tiny = new Uint8Array([0, 255, 1]);
    const bytes = await zipFiles([{ name: 'big.csv', data: big }, { name: 'tiny.bin', data: tiny }, { name: 'caf\u00e9.txt', data: '' }], new Date(2025, 0, 31, 23, 59, 58));
    const files = unzipSync(bytes);
    expect(strFromU8(files['big.csv']!)).toBe(big);
    expect([...files['tiny.bin']!]).toEqual([0, 255, 1]);
    expect(files['caf\u00e9.txt']!.length).toBe(0);
    // The repetitive CSV was compressed (Node has CompressionStream, as browsers do).
    expect(bytes.length).toBeLessThan(big.length / 10);
    expect(crc32(new TextEncoder().encode('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
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
      ['Data (CSV, zip)', 'csv', 'button'],
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
