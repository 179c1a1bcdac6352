/** The importer's building blocks: CSV records from chunks, header meaning, periods, counts, names, decoding. */
import { describe, expect, it } from 'vitest';
import { areaLikeness, levenshtein, nearestAreaName, resolveArea } from '../../src/data/import/areas';
import { mapCategory } from '../../src/data/import/categories';
import { readCount } from '../../src/data/import/cells';
import { CsvSplitter, type CsvRecord } from '../../src/data/import/csv';
import { headerKey, monthColumn, populationYearColumn } from '../../src/data/import/header';
import { monthRanges, parseFinancialYear, parseMonthCell } from '../../src/data/import/periods';
import { ChunkDecoder, decodeBytes, decodeWindows1252, NotUtf8Error } from '../../src/data/import/text';

function split(chunks: readonly string[]): { records: CsvRecord[]; unclosed?: number } {
  const splitter = new CsvSplitter();
  const records: CsvRecord[] = [];
  for (const c of chunks) splitter.push(c, (r) => records.push(r));
  const end = splitter.end((r) => records.push(r));
  return { records, ...(end.unclosedQuoteLine !== undefined ? { unclosed: end.unclosedQuoteLine } : {}) };
}

describe('CSV records from chunks', () => {
  const text =
    '\uFEFFMajorText,MinorText,LookUp_BoroughName,202202\r\n' +
    'Miscellaneous Crimes Against Society,"Disclosure, Obstruction, False or Misleading State",Barnet,3\r\n' +
    '\r\n' +
    'Public Order Offences,"Say ""hello""\nover two lines",Camden,4\r\n' +
    'Sexual Offences,Rape,Westminster,5';

  it('reads quoted commas, doubled quotes, line breaks inside quotes, CRLF, a BOM and a missing final line break', () => {
    const { records } = split([text]);
    expect(records.map((r) => r.fields)).toEqual([
      ['MajorText', 'MinorText', 'LookUp_BoroughName', '202202'],
      ['Miscellaneous Crimes Against Society', 'Disclosure, Obstruction, False or Misleading State', 'Barnet', '3'],
      ['Public Order Offences', 'Say "hello"\nover two lines', 'Camden', '4'],
      ['Sexual Offences', 'Rape', 'Westminster', '5'],
    ]);
    // Lines as an editor shows them: the blank line 3 is skipped, the quoted break makes line 5 part of record 4.
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 6]);
  });

  it('gives the same records however the text is cut into chunks', () => {
    const whole = split([text]).records;
    for (const size of [1, 2, 3, 7, 16, 50]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(split(chunks).records).toEqual(whole);
    }
  });

  it('reports a quoted value that is never closed, with the line it starts on', () => {
    expect(split(['a,b\n1,2\n3,"4\n5,6\n']).unclosed).toBe(3);
  });
});

describe('header meaning', () => {
  it('folds spelling so that renamed headers compare equal', () => {
    expect(headerKey('LookUp_BoroughName')).toBe('lookupboroughname');
    expect(headerKey('\uFEFFInner/ Outer London')).toBe('innerouterlondon');
  });

  it('reads month columns in the spellings seen, and flags impossible months', () => {
    expect(monthColumn('201004')).toEqual({ month: '2010-04', valid: true });
    expect(monthColumn('X201004')).toEqual({ month: '2010-04', valid: true });
    expect(monthColumn('2010-04')).toEqual({ month: '2010-04', valid: true });
    expect(monthColumn('201313')).toEqual({ month: '2013-13', valid: false });
    expect(monthColumn('MajorText')).toBeNull();
  });

  it.each([
    ['2024-03', '2024-03'],
    ['2024_03', '2024-03'],
    ['2024/03', '2024-03'],
    ['2024-03-01', '2024-03'],
    ['2024-03-31', '2024-03'],
    ['2024-03-01T00:00:00', '2024-03'],
    ['2024-03-01 00:00:00', '2024-03'],
    ['X2024.03.01', '2024-03'],
    ['X2024.03', '2024-03'],
    ['Mar-24', '2024-03'],
    ['Mar 2024', '2024-03'],
    ['March 2024', '2024-03'],
    ['march-2024', '2024-03'],
    ['Sept 2024', '2024-09'],
    ['Mar.24', '2024-03'],
    ['01/03/2024', '2024-03'],
    ['01.03.24', '2024-03'],
    ['1/3/2024', '2024-03'],
  ])('reads the month column %s as %s (spellings a spreadsheet or script may leave)', (header, month) => {
    expect(monthColumn(header)).toEqual({ month, valid: true });
  });

  it.each(['03/01/2024', '15/03/2024', 'Ma-24', 'Mayday 24', 'Category 1', 'Borough_Name_2025', '2011_Population', 'Group', 'BOCU', '', 'FY23-24'])(
    'does not take %j for a month column',
    (header) => {
      expect(monthColumn(header)).toBeNull();
    },
  );

  it('flags impossible months in any spelling with digits, so that the column is reported rather than ignored', () => {
    expect(monthColumn('2024-13-01')).toEqual({ month: '2024-13', valid: false });
    expect(monthColumn('2024-03-32')).toEqual({ month: '2024-03', valid: false });
    expect(monthColumn('1850-03')).toEqual({ month: '1850-03', valid: false });
  });

  it('reads population year columns', () => {
    expect(populationYearColumn('population_2023')).toBe(2023);
    expect(populationYearColumn('2011_Population')).toBe(2011);
    expect(populationYearColumn('laname23')).toBeNull();
  });
});

describe('periods', () => {
  it('reads the dashboard month (day first, two-digit year) and other spellings', () => {
    expect(parseMonthCell('01.06.21')).toBe('2021-06');
    expect(parseMonthCell('01/06/2021')).toBe('2021-06');
    expect(parseMonthCell('2021-06-01')).toBe('2021-06');
    expect(parseMonthCell('Jun-21')).toBe('2021-06');
    expect(parseMonthCell('June 2021')).toBe('2021-06');
    expect(parseMonthCell('01.13.21')).toBeNull();
    expect(parseMonthCell('soon')).toBeNull();
  });

  it('reads financial years and rejects years that do not follow', () => {
    expect(parseFinancialYear('2023/24')).toBe('2023/24');
    expect(parseFinancialYear('2023-2024')).toBe('2023/24');
    expect(parseFinancialYear('FY1999/00')).toBe('1999/00');
    expect(parseFinancialYear('2023/25')).toBeNull();
  });

  it('describes months as ranges', () => {
    expect(monthRanges(['2024-02', '2023-12', '2024-01', '2024-05'])).toBe('2023-12 to 2024-02, 2024-05');
  });
});

describe('counts', () => {
  it('accepts whole numbers of 0 or more, and says what is wrong with anything else', () => {
    expect(readCount('0')).toBe(0);
    expect(readCount('1234')).toBe(1234);
    expect(readCount(' 12 ')).toBe(12);
    expect(readCount('1,234')).toBe(1234);
    expect(readCount('12.0')).toBe(12);
    expect(readCount('')).toEqual({ problem: expect.stringContaining('is empty') });
    expect(readCount('-3')).toEqual({ problem: expect.stringContaining('is negative') });
    expect(readCount('12.5')).toEqual({ problem: expect.stringContaining('is not a whole number') });
    expect(readCount('abc')).toEqual({ problem: expect.stringContaining('is not a whole number') });
  });
});

describe('borough names', () => {
  it('resolves spellings, codes and pseudo-boroughs', () => {
    expect(resolveArea('KINGSTON UPON THAMES')).toMatchObject({ kind: 'borough', name: 'Kingston upon Thames' });
    expect(resolveArea('Barking & Dagenham')).toMatchObject({ kind: 'borough', name: 'Barking and Dagenham' });
    expect(resolveArea('E09000033')).toMatchObject({ kind: 'borough', name: 'Westminster' });
    expect(resolveArea('London Heathrow and London City Airports')).toEqual({ kind: 'non_borough', name: 'London Heathrow and London City Airports' });
    expect(resolveArea('Aviation Security (SO18)')).toEqual({ kind: 'non_borough', name: 'Aviation Security' });
    expect(resolveArea('unknown')).toEqual({ kind: 'non_borough', name: 'Unknown' });
    // As the CONNECT-era files label them.
    expect(resolveArea('Other / NK')).toEqual({ kind: 'non_borough', name: 'Unknown' });
    expect(resolveArea('Aviation Policing')).toEqual({ kind: 'non_borough', name: 'Aviation Security' });
  });

  it('tells how far a cell looks like an area name: exactly, a typo away, or not at all', () => {
    for (const cell of ['Barnet', 'BARKING & DAGENHAM', 'E09000033', 'Unknown', 'London Heathrow and London City Airports', 'Other / NK']) {
      expect(areaLikeness(cell), cell).toBe('exact');
    }
    for (const cell of ['Barnett', 'Kingston-upon-Thame', 'Hammersmith and Fullham', 'Westmnster']) expect(areaLikeness(cell), cell).toBe('near');
    for (const cell of ['SEXUAL OFFENCES', 'Rape', 'RAPE', 'Theft', 'Burglary', 'Robbery', 'Drugs', 'Harassment', '123', '2024', '', 'Barnet Vale', 'Offences', 'x'.repeat(5000)]) {
      expect(areaLikeness(cell), cell).toBe('no');
    }
  });

  it('suggests the nearest known name for a name nobody knows', () => {
    expect(resolveArea('Barnett')).toEqual({ kind: 'unknown', suggestion: 'Barnet' });
    expect(nearestAreaName('Kingston-upon-Thame')).toBe('Kingston upon Thames');
    expect(nearestAreaName('Hammersmith and Fullham')).toBe('Hammersmith and Fulham');
    expect(levenshtein('kitten', 'sitting')).toBe(3);
  });
});

describe('category mapping', () => {
  it.each([
    ['Sexual Offences', 'Rape', 'rape'],
    ['SEXUAL OFFENCES', 'RAPE', 'rape'],
    ['Sexual Offences', 'Other Sexual', 'other_sexual'],
    ['Sexual Offences', 'Other Sexual Offences', 'other_sexual'],
    ['Violence Against the Person', 'Harassment', 'stalking_harassment'],
    ['Violence against the person', 'Stalking and harassment', 'stalking_harassment'],
    ['Domestic Abuse', 'Domestic Abuse', 'domestic_abuse'],
    ['Domestic Abuse', '', 'domestic_abuse'],
  ] as const)('%s / %s → %s', (major, minor, category) => {
    expect(mapCategory(major, minor)).toBe(category);
  });

  it.each([
    ['Sexual Offences', 'Sexual Offences'],
    ['VIOLENCE AGAINST THE PERSON', 'VIOLENCE WITHOUT INJURY'],
    ['Domestic Abuse', 'Domestic Abuse VAP'],
    ['Public Order Offences', 'Racially or Religiously Aggravated Public Fear, Al'],
  ])('%s / %s is left out', (major, minor) => {
    expect(mapCategory(major, minor)).toBeNull();
  });
});

describe('decoding', () => {
  it('reads UTF-8, and Windows-1252 when the bytes are not UTF-8, with the Windows-1252 table for 0x80–0x9F', () => {
    expect(decodeBytes(new TextEncoder().encode('Café – ok'))).toEqual({ text: 'Café – ok', encoding: 'utf-8' });
    const cp1252 = new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x20, 0x96, 0x20, 0x92, 0x80]);
    expect(decodeBytes(cp1252)).toEqual({ text: 'Café – ’€', encoding: 'windows-1252' });
    expect(decodeWindows1252(new Uint8Array([0x93, 0x94]))).toBe('“”');
  });

  it('decodes UTF-8 split across chunks, and stops at the first byte that is not UTF-8', () => {
    const bytes = new TextEncoder().encode('Café');
    const decoder = new ChunkDecoder('utf-8');
    expect(decoder.decode(bytes.subarray(0, 4)) + decoder.decode(bytes.subarray(4)) + decoder.end()).toBe('Café');
    expect(() => new ChunkDecoder('utf-8').decode(new Uint8Array([0x41, 0xe9, 0x41]))).toThrow(NotUtf8Error);
  });
});
