/**
 * Bad input, one fixture each (tests/fixtures/import/bad/): every problem is reported with file,
 * line and column where there is one, in words that say what to fix, and an error stops the import.
 */
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertBytes, convertStream, describeImportProblem, hasErrors, type FileResult } from '../../src/data/import';
import { FIXTURES } from './helpers/fixtures';

const BAD = path.join(FIXTURES, 'import', 'bad');
const CURRENT = '2026-11';

function convert(name: string): FileResult {
  return convertBytes(name, new Uint8Array(readFileSync(path.join(BAD, name))), { currentMonth: CURRENT });
}

/** Problems as one line each, as the command line prints them. */
function lines(result: FileResult, severity = 'error'): string[] {
  return result.problems.filter((p) => p.severity === severity).map(describeImportProblem);
}

describe('bad input', () => {
  it('empty file', () => {
    const result = convert('empty.csv');
    expect(lines(result)).toEqual(['error: empty.csv: is empty (it needs a header row and data rows)']);
  });

  it('header only', () => {
    expect(lines(convert('header-only.csv'))).toEqual(['error: header-only.csv, line 2: has a header but no data rows']);
  });

  it('wrong delimiter', () => {
    const [line] = lines(convert('semicolon.csv'));
    expect(line).toMatch(/^error: semicolon\.csv, line 1: separates columns with semicolons \(;\); the published files use commas/);
  });

  it('missing column: says which one, and the spellings looked for', () => {
    const [line] = lines(convert('missing-column.csv'));
    expect(line).toContain('missing-column.csv, line 1: looks like MPS Borough Level Crime but lacks a minor category column (looked for: MinorText, Minor Category, Offence Subgroup)');
  });

  it('extra column: left out with a warning, the rest imports', () => {
    const result = convert('extra-column.csv');
    expect(hasErrors(result.problems)).toBe(false);
    expect(lines(result, 'warning')).toEqual(['warning: extra-column.csv, line 1, column 4 (Notes): "Notes" is neither a key column nor a YYYYMM month, so it is left out']);
    expect(result.rowsUsed).toBe(2);
  });

  it('renamed columns: matched by meaning', () => {
    const result = convert('renamed-columns.csv');
    expect(result.problems).toEqual([]);
    expect(result.series.map((s) => s.series)).toEqual(['rape']);
  });

  it('a borough column under a name never seen: found by its values', () => {
    const result = convert('renamed-borough-column.csv');
    expect(result.problems).toEqual([]);
    expect(Object.fromEntries(result.series.find((s) => s.series === 'rape')!.byPeriod)).toEqual({
      '2024-01': new Map([['Barnet', 5]]),
      '2024-02': new Map([['Barnet', 6]]),
      '2024-03': new Map([['Barnet', 7]]),
    });
  });

  it('no column of borough names: says so, with the header and what each column holds', () => {
    const [line, ...rest] = lines(convert('no-borough-column.csv'));
    expect(rest).toEqual([]);
    expect(line).toContain('error: no-borough-column.csv, line 1: looks like MPS Borough Level Crime but lacks a borough column');
    expect(line).toContain('No column holds London borough names');
    expect(line).toContain('"MajorText" (e.g. "SEXUAL OFFENCES"); "MinorText" (e.g. "RAPE", "OTHER SEXUAL OFFENCES"); "Place" (e.g. "North", "South"); 3 month columns (202401 to 202403)');
  });

  it('non-integer counts, with line and column', () => {
    expect(lines(convert('non-integer.csv'))).toEqual([
      'error: non-integer.csv, line 2, column 5 (202402): "12.5" is not a whole number',
      'error: non-integer.csv, line 3, column 4 (202401): "abc" is not a whole number',
      'error: non-integer.csv, line 3, column 6 (202403): is empty (expected a whole number of 0 or more)',
    ]);
  });

  it('negative counts', () => {
    expect(lines(convert('negative.csv'))).toEqual(['error: negative.csv, line 2, column 5 (202402): "-3" is negative (counts are 0 or more)']);
  });

  it('unknown borough: suggests the nearest known name, once per name', () => {
    expect(lines(convert('unknown-borough.csv'))).toEqual([
      'error: unknown-borough.csv, line 2, column 3 (BoroughName): "Barnett" is not a London borough the dashboard knows (nearest known name: "Barnet") (and on 1 more line)',
      'error: unknown-borough.csv, line 4, column 3 (BoroughName): "Kingston-upon-Thame" is not a London borough the dashboard knows (nearest known name: "Kingston upon Thames")',
    ]);
  });

  it('duplicate keys, even when spelled differently', () => {
    expect(lines(convert('duplicate-keys.csv'))).toEqual([
      'error: duplicate-keys.csv, line 4: repeats the row on line 2 (same borough, major and minor category: Sexual Offences / Rape, Barnet)',
    ]);
  });

  it('months in the future', () => {
    expect(lines(convert('future-month.csv'))).toEqual([
      'error: future-month.csv, line 1, column 6 (209901): the month 2099-01 is in the future (the latest possible month is 2026-11)',
    ]);
  });

  it('an unknown header lists the formats the importer knows', () => {
    const [line] = lines(convert('unknown-format.csv'));
    expect(line).toContain('matches no format the importer knows');
    expect(line).toContain('MPS Borough Level Crime: MajorText,MinorText,BoroughName');
    expect(line).toContain('Home Office police recorded crime open data: Financial Year');
  });

  it('a quote that is never closed, and a row too short', () => {
    expect(lines(convert('unclosed-quote.csv'))).toEqual(['error: unclosed-quote.csv, line 3: has a quoted value that is never closed (a " with no matching ")']);
    expect(lines(convert('short-row.csv'))).toEqual(['error: short-row.csv, line 2: has 5 values where the header has 6 columns']);
  });

  it('Windows-1252 text: read correctly, with a warning', () => {
    const result = convert('windows-1252.csv');
    expect(result.encoding).toBe('windows-1252');
    expect(hasErrors(result.problems)).toBe(false);
    expect(lines(result, 'warning')[0]).toContain('is not valid UTF-8, so it was read as Windows-1252');
    expect(result.leftOut.map((l) => l.label)).toEqual(['VIOLENCE AGAINST THE PERSON / ASSAULT – CAFÉ TEST']);
    expect(result.rowsUsed).toBe(1);
  });

  it('Windows-1252 text read as a stream starts again in the right encoding', async () => {
    const file = path.join(BAD, 'windows-1252.csv');
    // Tiny chunks, so the first bad byte arrives after good ones have been converted.
    const result = await convertStream('windows-1252.csv', () => createReadStream(file, { highWaterMark: 16 }), { currentMonth: CURRENT });
    expect(result.encoding).toBe('windows-1252');
    expect(result.leftOut.map((l) => l.label)).toEqual(['VIOLENCE AGAINST THE PERSON / ASSAULT – CAFÉ TEST']);
    expect(result.rows).toBe(2);
  });
});
