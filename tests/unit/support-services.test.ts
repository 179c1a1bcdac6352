/**
 * The support list's validator (src/data/support/services.ts), which the build runs before anything
 * is built and the Get support page runs again on what it bundles: the real file passes, and each
 * kind of bad value is caught with the file, line and column a person fixing it needs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { readNumbers } from '../../src/data/support/phone';
import { readCheckedDate, readServices, readSupportList, SUPPORT_COLUMNS, SUPPORT_CSV, SUPPORT_SOURCES } from '../../src/data/support/services';
import { describeProblem } from '../../src/data/validate';

const CSV = readFileSync(path.resolve(SUPPORT_CSV), 'utf8');
const SOURCES = readFileSync(path.resolve(SUPPORT_SOURCES), 'utf8');

/** A good row to spoil one field of: the file's own first entry, as the file's CSV parser reads it. */
const REAL_ROWS = Papa.parse<Record<string, string>>(CSV, { header: true, skipEmptyLines: true }).data;
const GOOD = REAL_ROWS[0]!;

/** CSV text of a header and rows (given as column → value), every value quoted. */
function csvOf(rows: readonly Record<string, string>[], newline = '\n'): string {
  const line = (values: readonly string[]) => values.map((v) => `"${v.replace(/"/g, '""')}"`).join(',');
  return [line(SUPPORT_COLUMNS), ...rows.map((row) => line(SUPPORT_COLUMNS.map((c) => row[c] ?? '')))].join(newline) + newline;
}

/** The file with a good row, then a row whose `column` is `value`: its one problem. */
function problemWith(column: (typeof SUPPORT_COLUMNS)[number], value: string) {
  const { problems, services } = readServices(csvOf([GOOD, { ...GOOD, name: 'Second', [column]: value }]));
  expect(services.map((s) => s.name), `${column} = ${value}`).toEqual([GOOD.name]);
  expect(problems, `${column} = ${value}`).toHaveLength(1);
  return problems[0]!;
}

describe('the real list', () => {
  it('passes, every row read, with the date SOURCES.md gives', () => {
    const list = readSupportList(CSV, SOURCES);
    expect(list.problems.map(describeProblem)).toEqual([]);
    expect(list.services.map((s) => s.name)).toEqual(REAL_ROWS.map((r) => r.name));
    expect(list.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(SOURCES).toContain(`**${list.checked}**`);
  });

  it('reads each number as written, and dials it without spaces', () => {
    const list = readSupportList(CSV, SOURCES);
    for (const [i, service] of list.services.entries()) {
      const row = REAL_ROWS[i]!;
      // Every number's text is in the field as written, and the digits dialled are that text's.
      for (const number of service.phones) {
        expect(row.phone).toContain(`${number.shown}${number.after}`);
        expect(number.dial).toBe(number.shown.replace(/ /g, ''));
        expect(number.dial).toMatch(/^\d{3,11}$/);
      }
      expect(service.phones.length).toBe(row.phone ? row.phone.split(';').length : 0);
      expect(service.texts.length).toBe(row.text ? row.text.split(';').length : 0);
    }
  });
});

describe('each bad value stops the list, naming file, line and column', () => {
  const column = (name: string) => SUPPORT_COLUMNS.indexOf(name as never) + 1;

  it.each([
    ['phone', '+1 212 555 0100', /not a UK number/],
    ['phone', '0808 200 024', /not a UK phone number/],
    ['phone', '12345', /not a UK phone number/],
    ['phone', '020 399 1599', /not a UK phone number/],
    ['phone', 'call the office', /not written as a number/],
    ['phone', '0808 2000 247 ext 5', /not written as a number/],
    ['phone', '0808 2000 247; 0800 12', /"0800 12" is not a UK phone number/],
    ['text', '1234', /not a UK number for texts/],
    ['website', 'http://www.example.org.uk', /does not start with https:\/\//],
    ['website', 'www.example.org.uk', /is not a web address/],
    ['website', 'javascript:alert(1)', /does not start with https:\/\//],
    ['website', 'https://user:pass@example.org.uk', /is not a web address/],
    ['area', 'Narnia', /is not National, London or the ONS name of a London borough$/],
    ['area', 'Kingston', /write the ONS name "Kingston upon Thames"/],
    ['area', 'national', /is not National, London/],
    ['serves', 'domestic_abuse;housing', /"housing" is not one of: domestic_abuse, /],
    ['serves', 'Domestic abuse', /is not one of/],
    ['kind', 'charity', /"charity" is not one of: helpline, /],
    ['name', '', /is empty/],
    ['source_url', '', /is empty/],
    ['source_url', 'ftp://example.org/list', /does not start with https:\/\/ or http:\/\//],
    ['source_seen', '2023-02-30', /is not a date/],
    ['source_seen', 'Feb 2023', /is not a date/],
  ] as const)('%s = "%s"', (name, value, message) => {
    const problem = problemWith(name, value);
    expect(problem).toMatchObject({ file: SUPPORT_CSV, line: 3, column: column(name), columnName: name });
    expect(problem.message).toMatch(message);
    expect(describeProblem(problem)).toBe(`${SUPPORT_CSV}, line 3, column ${column(name)} (${name}): ${problem.message}`);
  });

  it('accepts the forms the list uses: several numbers, instructions, short UK numbers, +44', () => {
    for (const phone of ['116 123', '0800 1111', '999, then press 55', '0808 802 0300 (press 2 for London)', '020 8356 4458; 0800 056 0905', '+44 20 7008 0151', '101']) {
      expect(readServices(csvOf([{ ...GOOD, phone }])).problems, phone).toEqual([]);
    }
    expect(readNumbers('0808 802 0300 (press 2 for London)', 'phone')).toEqual({ numbers: [{ shown: '0808 802 0300', after: ' (press 2 for London)', dial: '08088020300' }] });
    expect(readNumbers('+44 20 7008 0151', 'phone')).toEqual({ numbers: [{ shown: '+44 20 7008 0151', after: '', dial: '+442070080151' }] });
    expect(readNumbers('61016', 'text')).toEqual({ numbers: [{ shown: '61016', after: '', dial: '61016' }] });
  });

  it('counts lines as an editor does, past a quoted value that spans lines, with CRLF endings', () => {
    const text = csvOf([{ ...GOOD, notes: 'first line\r\nsecond line' }, GOOD, { ...GOOD, name: 'Third', website: 'http://x.example.org' }], '\r\n');
    const { problems } = readServices(text);
    // Header 1, the two-line entry 2–3, the repeat 4, the bad website 5.
    expect(problems.map((p) => [p.line, p.columnName])).toEqual([
      [4, 'name'],
      [5, 'website'],
    ]);
    expect(problems[0]!.message).toBe('repeats the entry on line 2 (same name and area)');
  });

  it('names a row with the wrong number of values, an unterminated quote, and header faults', () => {
    const good = csvOf([GOOD]);
    expect(readServices(`${good}only,three,values\n`).problems).toMatchObject([{ line: 3, message: expect.stringMatching(/has 3 values; the header has 12/) }]);
    expect(readServices(`${good}"unterminated,${'x,'.repeat(11)}\n`).problems).toMatchObject([{ line: 3, message: expect.stringMatching(/cannot be read as CSV/) }]);
    const header = good.split('\n')[0]!;
    expect(readServices(good.replace(header, header.replace('"serves"', '"needs"'))).problems).toMatchObject([
      { line: 1, column: 3, message: expect.stringMatching(/"needs" is not a column/) },
      { line: 1, message: 'has no column "serves"' },
    ]);
    expect(readServices('').problems).toMatchObject([{ file: SUPPORT_CSV, message: expect.stringMatching(/is empty/) }]);
  });
});

describe('when the list was checked', () => {
  it('is the latest "compiled on" or "checked on" date of SOURCES.md, and its absence is a problem', () => {
    expect(readCheckedDate('Compiled on **2026-12-04** for …\nLast checked on **2027-03-01** before release.').checked).toBe('2027-03-01');
    const missing = readCheckedDate('Compiled in December.');
    expect(missing.checked).toBeNull();
    expect(describeProblem(missing.problems[0]!)).toMatch(/^data\/support\/SOURCES\.md: does not say when the list was checked/);
  });
});
