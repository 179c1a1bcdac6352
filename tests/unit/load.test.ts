import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/data/contract';
import type { Database } from '../../src/data/database';
import { loadTable, loadTables, prepareDatabase, replaceTable, sha256 } from '../../src/data/load';
import { describeProblem } from '../../src/data/validate';
import { FIXTURES, loadFolder, parseCsv } from './helpers/fixtures';
import { startNodeDatabase } from './helpers/node-database';

const encoder = new TextEncoder();

/**
 * Loads in-memory files as if they were a data folder. `missing` names files the manifest lists
 * but the server answers 404 for.
 */
async function loadFiles(db: Database, files: Record<string, string>, currentMonth = '2026-11', missing: string[] = []) {
  const manifest: Manifest = {
    sample: true,
    title: 'test',
    generated: '2026-11-01',
    files: [...Object.keys(files), ...missing].map((name) => ({
      table: name.replace('.csv', '') as Manifest['files'][number]['table'],
      path: name,
      source: 'test',
      licence: 'test',
    })),
  };
  return loadTables(db, manifest, async (p) => {
    const text = files[p];
    if (text === undefined) throw new Error(`HTTP 404 for ${p}`);
    return encoder.encode(text);
  }, currentMonth);
}

describe('loading the data folder', () => {
  let db: Database;
  beforeAll(async () => {
    db = await startNodeDatabase();
  });

  it('loads every fixture file into typed tables with the row counts of the CSVs', async () => {
    const result = await loadFolder(db, path.join(FIXTURES, 'basic'));
    expect(result.problems).toEqual([]);
    for (const table of ['offences', 'victims', 'population', 'england_wales'] as const) {
      const csvRows = await parseCsv(path.join(FIXTURES, 'basic', `${table}.csv`));
      const status = result.tables.find((t) => t.table === table)!;
      expect(status.rows).toBe(csvRows.length);
      const [count] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`);
      expect(count!.n).toBe(csvRows.length);
    }
    // Tables the manifest does not list exist, empty, so their queries still run.
    const [repeat] = await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM repeat_victims');
    expect(repeat!.n).toBe(0);
    const types = await db.query<{ column_name: string; column_type: string }>('DESCRIBE offences');
    expect(Object.fromEntries(types.map((t) => [t.column_name, t.column_type]))).toEqual({
      month: 'VARCHAR',
      month_index: 'INTEGER',
      borough: 'VARCHAR',
      category: 'VARCHAR',
      offences: 'BIGINT',
    });
  });

  it('computes month_index so that consecutive months differ by one across a year end', async () => {
    await loadFolder(db, path.join(FIXTURES, 'basic'));
    const rows = await db.query<{ month: string; month_index: number }>(
      `SELECT DISTINCT month, month_index FROM offences WHERE month IN ('2022-12', '2023-01') ORDER BY month`,
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]!.month_index - rows[0]!.month_index).toBe(1);
  });

  it('names the file, line and column of every bad value, and still loads the other files', async () => {
    const result = await loadFiles(db, {
      'offences.csv': [
        'month,borough,category,offences',
        '2024-01,Croydon,domestic_abuse,12',
        '2024-13,Croydon,domestic_abuse,5',
        '2024-02,Kingston,rape,3',
        '2024-03,Croydon,domestic_abuse,-4',
        '2024-01,Croydon,domestic_abuse,7',
        '2024-04,Croydon,burglary,2.5',
        '2027-01,Croydon,rape,1',
      ].join('\n'),
      'incidents.csv': 'month,borough,incidents\n2024-01,Croydon,12\n2024-02,Camden,8\n',
    });
    const lines = result.problems.map(describeProblem);
    expect(lines).toEqual([
      'offences.csv, line 3, column 1 (month): "2024-13" is not a month written YYYY-MM',
      'offences.csv, line 4, column 2 (borough): "Kingston" is not the ONS name of a London borough (did you mean "Kingston upon Thames"?)',
      'offences.csv, line 5, column 4 (offences): "-4" is not a whole number of 0 or more',
      'offences.csv, line 6, column 1 (month): repeats the row on line 2 (same month, borough, category)',
      'offences.csv, line 7, column 3 (category): "burglary" is not one of: domestic_abuse, rape, other_sexual, stalking_harassment',
      'offences.csv, line 7, column 4 (offences): "2.5" is not a whole number of 0 or more',
      'offences.csv, line 8, column 1 (month): "2027-01" is in the future',
    ]);
    // The failed file leaves an empty table; the good one loads.
    expect(result.tables.find((t) => t.table === 'offences')).toMatchObject({ loaded: false, rows: 0 });
    expect(result.tables.find((t) => t.table === 'incidents')).toMatchObject({ loaded: true, rows: 2 });
    const [sum] = await db.query<{ total: number }>('SELECT sum(incidents)::INTEGER AS total FROM incidents');
    expect(sum!.total).toBe(20);
  });

  it('reports a wrong delimiter, a missing column and an extra column against the header line', async () => {
    const result = await loadFiles(db, {
      'incidents.csv': 'month;borough;incidents\n2024-01;Croydon;12\n',
      'offences.csv': 'month,borough,offences,notes\n2024-01,Croydon,3,x\n',
    });
    const lines = result.problems.map(describeProblem);
    expect(lines[0]).toMatch(/^offences\.csv, line 1, column 3 \(category\): the header has no "category" column/);
    expect(lines[1]).toBe('offences.csv, line 1, column 4 (notes): "notes" is not a column of offences.csv in the data contract');
    expect(lines[2]).toMatch(/^incidents\.csv, line 1, column 1 \(month\): the header has no "month" column/);
    expect(result.tables.every((t) => !t.loaded)).toBe(true);
  });

  it('reports an empty file, a header-only file and a file that could not be fetched', async () => {
    const result = await loadFiles(db, { 'offences.csv': '', 'incidents.csv': 'month,borough,incidents\n' }, '2026-11', ['victims.csv']);
    // In contract order (offences, victims, incidents), whatever the manifest's order.
    expect(result.problems.map(describeProblem)).toEqual([
      'offences.csv: the file is empty (it needs a header row and data rows)',
      'victims.csv: could not be loaded: HTTP 404 for victims.csv',
      'incidents.csv, line 2: the file has a header but no data rows',
    ]);
    const victims = result.tables.find((t) => t.table === 'victims');
    expect(victims).toEqual({ table: 'victims', file: 'victims.csv', rows: 0, loaded: false });
  });

  it('reports a ragged row with the line DuckDB names', async () => {
    const result = await loadFiles(db, { 'incidents.csv': 'month,borough,incidents\n2024-01,Croydon,12\n2024-02,Croydon,3,9\n' });
    expect(result.problems).toHaveLength(1);
    expect(describeProblem(result.problems[0]!)).toBe('incidents.csv, line 3: has 4 values where the header has 3 columns');
  });

  it('accepts a byte-order mark and Windows line endings', async () => {
    const result = await loadFiles(db, { 'incidents.csv': '\uFEFFmonth,borough,incidents\r\n2024-01,Croydon,12\r\n2024-02,Camden,8\r\n' });
    expect(result.problems).toEqual([]);
    const rows = await db.query<{ borough: string; incidents: number }>('SELECT borough, incidents FROM incidents ORDER BY month');
    expect(rows).toEqual([{ borough: 'Croydon', incidents: 12 }, { borough: 'Camden', incidents: 8 }]);
  });

  it('refuses a file saved as UTF-16 at line 1, saying how to save it, and keeps the table it had', async () => {
    const before = await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM incidents');
    const bytes = new Uint8Array(Buffer.from('\uFEFFmonth,borough,incidents\r\n2024-01,Croydon,12\r\n', 'utf16le'));
    const result = await replaceTable(db, 'incidents', 'incidents.csv', bytes, '2026-11');
    expect(result.problems.map(describeProblem)).toEqual([
      'incidents.csv, line 1: this file is saved as UTF-16; save it as UTF-8 (CSV UTF-8 in Excel) and try again',
    ]);
    expect(await db.query('SELECT count(*)::INTEGER AS n FROM incidents')).toEqual(before);
  });
});

describe('files the build validated', () => {
  const manifest: Manifest = {
    sample: true,
    title: 'test',
    generated: '2026-11-01',
    files: [{ table: 'offences', path: 'offences.csv', source: 'test', licence: 'test' }],
  };
  const good = 'month,borough,category,offences\n2024-01,Croydon,domestic_abuse,5\r\n2024-02,Croydon,rape,"7"\n';
  const tableRows = (db: Database) => db.query('SELECT * FROM offences ORDER BY month_index, category');
  const coverage = (db: Database) => db.query('SELECT * FROM data_coverage ORDER BY ALL');
  const summary = (db: Database) => db.query('SELECT * FROM summary_offence_months ORDER BY ALL');

  it('load straight into the same typed table, coverage and summaries as when checked', async () => {
    const checked = await startNodeDatabase();
    await prepareDatabase(checked);
    expect((await loadTable(checked, manifest, 'offences', async () => encoder.encode(good), '2026-11')).problems).toEqual([]);
    const trusted = await startNodeDatabase();
    await prepareDatabase(trusted);
    const validated = { 'offences.csv': (await sha256(encoder.encode(good)))! };
    const result = await loadTable(trusted, manifest, 'offences', async () => encoder.encode(good), '2026-11', validated);
    expect(result).toEqual({ status: { table: 'offences', file: 'offences.csv', rows: 2, loaded: true }, problems: [] });
    expect(await tableRows(trusted)).toEqual(await tableRows(checked));
    expect(await coverage(trusted)).toEqual(await coverage(checked));
    expect(await summary(trusted)).toEqual(await summary(checked));
  });

  it('are checked again when their bytes are not the ones the build validated', async () => {
    const db = await startNodeDatabase();
    await prepareDatabase(db);
    const validated = { 'offences.csv': (await sha256(encoder.encode(good)))! };
    const altered = good.replace('2024-02', '2024-13');
    const result = await loadTable(db, manifest, 'offences', async () => encoder.encode(altered), '2026-11', validated);
    expect(result.status.loaded).toBe(false);
    expect(result.problems.map(describeProblem)).toEqual([expect.stringMatching(/offences\.csv.*line 3.*"2024-13" is not a month/)]);
  });
});
