/**
 * Columns found by what they hold (issue 15, point 4): the MPS wide file's borough and category
 * columns under names never seen, in any order, blank or in odd casing; the same for the MPS
 * dashboard's long file; and a clear refusal, naming the columns and what they hold, when the
 * columns cannot be told apart. The real files in ../shared/data/real are re-headed and
 * re-ordered and must convert exactly as they do under their own headers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { convertText, describeImportProblem, type FileResult } from '../../src/data/import';
import { haveRealData, needRealData, REAL_DATA as REAL } from '../helpers/real-data';
import { FIXTURES } from './helpers/fixtures';

const CURRENT = '2026-11';
const IMPORT_FIXTURES = path.join(FIXTURES, 'import');

const convert = (name: string, text: string) => convertText(name, text, { currentMonth: CURRENT });

/** offences rows of one file as month|borough|category → count. */
function offences(result: FileResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of result.series.filter((x) => x.table === 'offences')) {
    for (const [month, rows] of s.byPeriod) for (const [borough, n] of rows) out[`${month}|${borough}|${s.series}`] = n;
  }
  return out;
}

const errors = (r: FileResult) => r.problems.filter((p) => p.severity === 'error').map(describeImportProblem);

function toCsv(rows: readonly (readonly string[])[]): string {
  return `${rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n')}\n`;
}

/** A CSV read plainly (PapaParse), header first. */
function parse(text: string): string[][] {
  return Papa.parse<string[]>(text.replace(/^\uFEFF/, '').trim(), { skipEmptyLines: true }).data;
}

/**
 * The same table with its columns in another order and under other names: `order` lists the
 * original column of each new position; `rename` gives new names by original column.
 */
function rearrange(table: readonly (readonly string[])[], order: readonly number[], rename: (name: string, index: number) => string): string[][] {
  const [header, ...rows] = table;
  return [order.map((i) => rename(header![i]!, i)), ...rows.map((r) => order.map((i) => r[i]!))];
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** 202403 in other spellings a month column may come back in. */
const MONTH_SPELLINGS: Record<string, (yyyymm: string) => string> = {
  YYYYMM: (m) => m,
  'YYYY-MM-01': (m) => `${m.slice(0, 4)}-${m.slice(4)}-01`,
  'Mon-YY': (m) => `${MONTH_NAMES[Number(m.slice(4)) - 1]}-${m.slice(2, 4)}`,
  'Mon YYYY': (m) => `${MONTH_NAMES[Number(m.slice(4)) - 1]} ${m.slice(0, 4)}`,
};

/** Invented names for the key columns, by role, as a publisher might rename them next. */
const NAME_SETS: Record<string, { borough: string; major: string; minor: string }> = {
  invented: { borough: 'Borough_Name_2025', major: 'Offence Group Name', minor: 'Offence Sub-Category' },
  numbered: { borough: 'Area', major: 'Category 1', minor: 'Category 2' },
  blank: { borough: '', major: '', minor: '' },
  'Welsh, odd casing': { borough: 'bWRDEISTREF', major: 'PRIF GATEGORI', minor: 'is-gategori' },
};

describe('MPS wide file: key columns found by what they hold', () => {
  const REAL_WIDE = haveRealData() ? readdirSync(REAL).filter((f) => f.startsWith('mps_borough_crime_') && f.endsWith('.csv')).sort() : [];
  // The tests below are listed from ../shared: without it, this one stands for them (skipped, or failed under CI).
  if (REAL_WIDE.length === 0) it('every published wide file, re-headed and re-ordered', (ctx) => needRealData(ctx));

  describe.each(REAL_WIDE)('%s, re-headed and re-ordered', (file) => {
    // The first 300 rows: enough for borough changes and every category, quick enough for 24 variants.
    const table = parse(readFileSync(path.join(REAL, file), 'utf8')).slice(0, 301);
    const header = table[0]!;
    const monthIndexes = header.flatMap((h, i) => (/^\d{6}$/.test(h) ? [i] : []));
    // Which original column is which, read plainly from the published names (SOURCES.md).
    const roleOf = (i: number) => (/borough/i.test(header[i]!) ? 'borough' : /minor/i.test(header[i]!) ? 'minor' : 'major');
    const keys = header.map((_, i) => i).filter((i) => !monthIndexes.includes(i));
    const original = convert(file, toCsv(table));

    it('converts under its own header without problems', () => {
      expect(original.problems).toEqual([]);
      expect(Object.keys(offences(original)).length).toBeGreaterThan(0);
    });

    it.each(Object.entries(NAME_SETS))('every order of the key columns, named %s, gives the same figures', (_, names) => {
      for (const [n, order] of permutations(keys).entries()) {
        const spelling = Object.values(MONTH_SPELLINGS)[n % 4]!;
        const text = toCsv(rearrange(table, [...order, ...monthIndexes], (name, i) => (monthIndexes.includes(i) ? spelling(name) : names[roleOf(i)])));
        const result = convert(file, text);
        const label = `order ${order.join(',')}, header ${text.slice(0, 80)}`;
        expect(result.problems, label).toEqual([]);
        expect(offences(result), label).toEqual(offences(original));
        expect(result.leftOut, label).toEqual(original.leftOut);
      }
    });
  });

  it('reads the header the Datastore uses today (Group,SubGroup,BOCU), with "Aviation Policing" outside the boroughs', () => {
    // Fixture written by us with the header seen in code that reads today's file
    // (HammerThunderr/LONDON_OPEN_DATA, scrapers/crime.py: "Group,SubGroup,BOCU,202406,…").
    const text = readFileSync(path.join(IMPORT_FIXTURES, 'mps_borough_level_crime_group_subgroup_bocu.csv'), 'utf8');
    const result = convert('current.csv', text);
    expect(result.problems).toEqual([]);
    expect(result.format?.id).toBe('mps-borough-level-crime');
    // Independently: every RAPE row, by month and borough, straight from the text.
    const [head, ...rows] = parse(text);
    const expected: Record<string, number> = {};
    for (const r of rows) {
      if (r[1] !== 'RAPE') continue;
      const borough = r[2] === 'Aviation Policing' ? 'Aviation Security' : r[2]!;
      head!.slice(3).forEach((m, i) => (expected[`${m.slice(0, 4)}-${m.slice(4)}|${borough}|rape`] = Number(r[3 + i])));
    }
    const rape = Object.fromEntries(Object.entries(offences(result)).filter(([k]) => k.endsWith('|rape')));
    expect(rape).toEqual(expected);
    expect(Object.keys(expected)).toContain('2024-06|Aviation Security|rape');
  });

  it('tells the categories apart by which rows are categories it knows, when every major shows one minor', () => {
    // One row per major category: the hierarchy cannot show, but "SEXUAL OFFENCES / RAPE" is a category and "RAPE / SEXUAL OFFENCES" is not.
    const result = convert('one.csv', 'Category 2,Area,Category 1,202401\nRAPE,Barnet,SEXUAL OFFENCES,5\nARSON,Camden,ARSON AND CRIMINAL DAMAGE,2\n');
    expect(result.problems).toEqual([]);
    expect(offences(result)).toEqual({ '2024-01|Barnet|rape': 5 });
  });

  it('falls back on the header names, then the order, only when the values cannot tell', () => {
    // Neither row is a category the dashboard knows, and each major shows one minor.
    const named = convert('named.csv', 'Minor Category,Borough,Major Category,202401\nARSON,Barnet,ARSON AND CRIMINAL DAMAGE,5\n');
    expect(errors(named)).toEqual([]);
    expect(named.leftOut.map((l) => l.label)).toEqual(['ARSON AND CRIMINAL DAMAGE / ARSON']);
    const ordered = convert('ordered.csv', 'Category 1,Borough,Category 2,202401\nARSON AND CRIMINAL DAMAGE,Barnet,ARSON,5\n');
    expect(ordered.leftOut.map((l) => l.label)).toEqual(['ARSON AND CRIMINAL DAMAGE / ARSON']);
  });

  it('refuses a file whose later rows show the categories were read the wrong way round', () => {
    // 60 rows in which each major shows one minor (and none is a known category), minor column
    // first under uninformative names: taken by position, wrongly. Later rows show the truth.
    const early = Array.from({ length: 60 }, (_, i) => [`PART ${i}`, 'Barnet', `GROUP ${i}`, '1']);
    const later = [['RAPE', 'Barnet', 'SEXUAL OFFENCES', '4'], ['OTHER SEXUAL OFFENCES', 'Barnet', 'SEXUAL OFFENCES', '3']];
    const text = toCsv([['Category A', 'Place', 'Category B', '202401'], ...early, ...later]);
    const result = convert('swapped.csv', text);
    expect(errors(result)).toEqual([
      expect.stringMatching(/^error: swapped\.csv, line 1, column 1 \(Category A\): "Category A" was taken as the major category and "Category B" as the minor one by their order .* but the whole file shows the opposite/),
    ]);
    // The same rows with the major category first import, and the rape row is there.
    const fixed = convert('fixed.csv', toCsv(rearrange(parse(text), [2, 1, 0, 3], (n) => n)));
    expect(fixed.problems).toEqual([]);
    expect(offences(fixed)['2024-01|Barnet|rape']).toBe(4);
  });

  it('takes a column of borough codes naming the same boroughs as the names for the same column said twice, and leaves it out', () => {
    const result = convert('codes.csv', 'Code,MajorText,MinorText,Borough,202401\nE09000003,SEXUAL OFFENCES,RAPE,Barnet,5\nE09000007,SEXUAL OFFENCES,RAPE,Camden,2\n');
    expect(result.problems.map(describeImportProblem)).toEqual(['warning: codes.csv, line 1, column 1 (Code): "Code" names the same borough as "Borough" in every row read, so it is left out']);
    expect(offences(result)).toEqual({ '2024-01|Barnet|rape': 5, '2024-01|Camden|rape': 2 });
  });
});

describe('MPS wide file: columns that cannot be told apart are refused, saying what was found', () => {
  it('two columns of borough names that disagree', () => {
    const [line, ...rest] = errors(convert('two.csv', 'Borough,Home borough,MajorText,MinorText,202401\nBarnet,Camden,SEXUAL OFFENCES,RAPE,5\nCroydon,Croydon,SEXUAL OFFENCES,RAPE,1\n'));
    expect(rest).toEqual([]);
    expect(line).toContain('two.csv, line 1, column 2 (Home borough): looks like MPS Borough Level Crime but has 2 columns of London borough names ("Borough", "Home borough") that name different boroughs in the same row');
    expect(line).toContain('"Borough" (e.g. "Barnet", "Croydon"); "Home borough" (e.g. "Camden", "Croydon")');
  });

  it('no column of borough names', () => {
    const [line] = errors(convert('none.csv', 'MajorText,MinorText,Place,202401,202402\nSEXUAL OFFENCES,RAPE,North,5,6\nSEXUAL OFFENCES,OTHER SEXUAL OFFENCES,South,1,2\n'));
    expect(line).toContain('none.csv, line 1: looks like MPS Borough Level Crime but lacks a borough column');
    expect(line).toContain('No column holds London borough names');
    expect(line).toContain('"Place" (e.g. "North", "South"); 2 month columns (202401 to 202402)');
  });

  it('three columns of words where two categories were expected', () => {
    const [line] = errors(convert('three.csv', 'A,B,C,Area,202401\nx,y,z,Barnet,5\nx,y,w,Camden,5\n'));
    expect(line).toContain('three.csv, line 1, column 3 (C): looks like MPS Borough Level Crime but has 3 columns of words ("A", "B", "C") where two category columns were expected');
    expect(line).toContain('"C" (e.g. "z", "w"); "Area" (e.g. "Barnet", "Camden")');
  });

  it('a single column of words', () => {
    const [line] = errors(convert('one.csv', 'Offences,Area,202401\nRAPE,Barnet,5\n'));
    expect(line).toContain('lacks a minor category column');
    expect(line).toContain('two columns of words (the major and minor categories, filled in most rows) were expected; one was found');
  });

  it('a header with no data rows is read by its names, as before', () => {
    expect(errors(convert('header.csv', 'Group,SubGroup,BOCU,202406\n'))).toEqual(['error: header.csv, line 2: has a header but no data rows']);
  });
});

describe('MPS Monthly Crime Dashboard file: columns found by what they hold', () => {
  const fixtureText = readFileSync(path.join(IMPORT_FIXTURES, 'mps_monthly_crime_dashboard_othercrimedata.csv'), 'utf8');
  const table = parse(fixtureText);
  const original = convert('othercrimedata.csv', fixtureText);

  /** Invented names for its twelve columns, in its order. */
  const INVENTED = ['When', 'Kind of area', 'Parent borough', 'Place', 'Place code', 'Offence family', 'Offence', 'What is counted', 'Year (April to March)', 'Year index', 'Number', 'As of'];

  it('reads the fixture under its own header without errors', () => {
    expect(errors(original)).toEqual([]);
    expect(Object.keys(offences(original)).length).toBeGreaterThan(10);
  });

  it.each([
    ['invented names', (_: string, i: number) => INVENTED[i]!],
    ['blank names', () => ''],
    ['upper case', (name: string) => name.toUpperCase()],
  ])('%s, columns in several orders, give the same figures', (_, rename) => {
    const orders = [
      [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
      [3, 0, 6, 1, 10, 5, 7, 11, 2, 9, 4, 8],
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0],
    ];
    for (const order of orders) {
      const result = convert('othercrimedata.csv', toCsv(rearrange(table, order, rename)));
      const label = `order ${order.join(',')}`;
      expect(errors(result), label).toEqual([]);
      expect(offences(result), label).toEqual(offences(original));
      expect(result.leftOut, label).toEqual(original.leftOut);
    }
  });

  it('reads the CONNECT-era file: ISO dates, other casings, "Other / NK" and "Aviation Policing" as borough rows', () => {
    // Written by us in the layout seen in code reading today's file (stanford-chris/london-index,
    // london_index_harvest.py: 'Area Name', 'offence group', months read as YYYY-MM-…).
    const text = readFileSync(path.join(IMPORT_FIXTURES, 'mps_monthly_crime_dashboard_connect.csv'), 'utf8');
    const result = convert('M1045_MonthlyCrimeDashboard_OtherCrimeData.csv', text);
    expect(errors(result)).toEqual([]);
    const [head, ...rows] = parse(text);
    const col = (name: string) => head!.indexOf(name);
    const expected: Record<string, number> = {};
    for (const r of rows) {
      if (r[col('Area Type')] !== 'Borough' || r[col('Measure')] !== 'Offences' || r[col('offence subgroup')] !== 'Domestic Abuse') continue;
      const name = r[col('Area Name')]!;
      const borough = name === 'Other / NK' ? 'Unknown' : name === 'Aviation Policing' ? 'Aviation Security' : name;
      const key = `${r[col('Month_Year')]!.slice(0, 7)}|${borough}|domestic_abuse`;
      expected[key] = (expected[key] ?? 0) + Number(r[col('Count')]);
    }
    expect(offences(result)).toEqual(expected);
    expect(Object.keys(expected).some((k) => k.includes('|Unknown|'))).toBe(true);
  });

  it('takes the month as the date never later than the other (the refresh date), whatever their names and order', () => {
    const rows = [
      ['Date B', 'Area Type', 'Area', 'Group', 'Subgroup', 'Measure', 'Count', 'Date A'],
      ['01.08.24', 'Borough', 'Barnet', 'Domestic Abuse', 'Domestic Abuse', 'Offences', '10', '01.01.24'],
      ['01.08.24', 'Borough', 'Barnet', 'Domestic Abuse', 'Domestic Abuse', 'Offences', '12', '01.02.24'],
    ];
    expect(offences(convert('dates.csv', toCsv(rows)))).toEqual({ '2024-01|Barnet|domestic_abuse': 10, '2024-02|Barnet|domestic_abuse': 12 });
  });

  it('refuses a file whose later rows show the month was the wrong date column', () => {
    // In the first 60 rows both dates are equal and the names say nothing: the first is taken. Later rows show it is the refresh date.
    const head = ['Date A', 'Area Type', 'Area', 'Group', 'Subgroup', 'Measure', 'Count', 'Date B'];
    const early = Array.from({ length: 60 }, (_, i) => ['01.08.24', 'Borough', 'Barnet', `Group ${i}`, `Part ${i}`, 'Offences', '10', '01.08.24']);
    const later = [['01.08.24', 'Borough', 'Barnet', 'Domestic Abuse', 'Domestic Abuse', 'Offences', '10', '01.07.24']];
    const [line, ...rest] = errors(convert('dates.csv', toCsv([head, ...early, ...later])));
    expect(rest).toEqual([]);
    expect(line).toMatch(/^error: dates\.csv, line 1, column 1 \(Date A\): "Date A" was taken as the month and "Date B" as the date the file was refreshed by their order .* but "Date A" holds one date throughout and "Date B" several/);
  });

  it('refuses two columns of whole numbers it cannot tell apart, naming them and their values', () => {
    const rows = [
      ['Month', 'Area Type', 'Area', 'Group', 'Subgroup', 'Measure', 'Offences A', 'Offences B'],
      ['01.01.24', 'Borough', 'Barnet', 'Domestic Abuse', 'Domestic Abuse', 'Offences', '10', '11'],
    ];
    const [line] = errors(convert('counts.csv', toCsv(rows)));
    expect(line).toContain('counts.csv, line 1, column 8 (Offences B): looks like MPS Monthly Crime Dashboard Data but has 2 columns of whole numbers ("Offences A", "Offences B")');
    expect(line).toContain('"Offences A" (e.g. "10"); "Offences B" (e.g. "11")');
  });

  it('says what is missing when there is no column of measures', () => {
    const rows = [
      ['Month', 'Area Type', 'Area', 'Group', 'Subgroup', 'Count'],
      ['01.01.24', 'Borough', 'Barnet', 'Domestic Abuse', 'Domestic Abuse', '10'],
    ];
    const [line] = errors(convert('nomeasure.csv', toCsv(rows)));
    expect(line).toContain('looks like MPS Monthly Crime Dashboard Data but lacks a measure column (looked for: Measure)');
    expect(line).toContain('"Area Type" (e.g. "Borough")');
  });
});
