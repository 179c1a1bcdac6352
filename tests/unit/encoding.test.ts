/**
 * Files saved as UTF-16 (src/data/encoding.ts): recognised by their byte-order mark or, without one,
 * by a NUL in every other byte, and refused at line 1 with a message that says how to save them
 * instead, by the published-format importers and by analyst mode's extract loader, rather than
 * being read as garble. UTF-8 (with or without its own mark), Windows-1252 and binary that is not
 * text are not taken for UTF-16.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/data/database';
import { detectUtf16, utf16Problem, UTF16_MESSAGE } from '../../src/data/encoding';
import { loadIncidentExtract } from '../../src/data/extract';
import { convertBytes, convertStream, describeImportProblem } from '../../src/data/import';
import { describeProblem } from '../../src/data/validate';
import { FIXTURES } from './helpers/fixtures';
import { startNodeDatabase } from './helpers/node-database';

const CSV = 'month,borough,category,offences\n2024-01,Croydon,domestic_abuse,12\n2024-01,Barnet,rape,3\n';
const BOM_LE = Uint8Array.of(0xff, 0xfe);
const BOM_BE = Uint8Array.of(0xfe, 0xff);

const utf16le = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le'));
/** Big-endian: each little-endian pair swapped. */
function utf16be(text: string): Uint8Array {
  const le = utf16le(text);
  const be = new Uint8Array(le.length);
  for (let i = 0; i + 1 < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1]!, le[i]!];
  return be;
}
const join = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

describe('detectUtf16', () => {
  it('knows UTF-16 by its byte-order mark, little- and big-endian', () => {
    expect(detectUtf16(join(BOM_LE, utf16le(CSV)))).toBe('utf-16le');
    expect(detectUtf16(join(BOM_BE, utf16be(CSV)))).toBe('utf-16be');
    // The mark alone (an empty file Excel saved as Unicode Text) is still UTF-16.
    expect(detectUtf16(BOM_LE)).toBe('utf-16le');
  });

  it('knows UTF-16 without a mark by the NUL beside each ASCII character', () => {
    expect(detectUtf16(utf16le(CSV))).toBe('utf-16le');
    expect(detectUtf16(utf16be(CSV))).toBe('utf-16be');
    // Names with accents and curly quotes (not ASCII) among the ASCII still leave the pattern clear.
    expect(detectUtf16(utf16le('month,borough\n2024-01,Bromley – “Café” Ōkubo\n'))).toBe('utf-16le');
  });

  it('takes UTF-8 (with or without its mark), Windows-1252 and an empty file for what they are', () => {
    const encoder = new TextEncoder();
    expect(detectUtf16(encoder.encode(CSV))).toBeNull();
    expect(detectUtf16(join(Uint8Array.of(0xef, 0xbb, 0xbf), encoder.encode(CSV)))).toBeNull();
    expect(detectUtf16(encoder.encode('month,borough\n2024-01,Bromley – “Café”\n'))).toBeNull();
    expect(detectUtf16(Uint8Array.of(0x6d, 0x6f, 0x6e, 0x74, 0x68, 0x2c, 0x93, 0x43, 0x61, 0x66, 0xe9, 0x94))).toBeNull();
    expect(detectUtf16(new Uint8Array(0))).toBeNull();
    expect(detectUtf16(Uint8Array.of(0x61))).toBeNull();
  });

  it('does not call binary with NULs on both sides UTF-16, nor a UTF-8 file with one stray NUL', () => {
    // The start of a zip (an .xlsx chosen by mistake): NULs, but not one beside each character.
    const zip = Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);
    expect(detectUtf16(zip)).toBeNull();
    const stray = new TextEncoder().encode(CSV.repeat(10));
    stray[40] = 0;
    expect(detectUtf16(stray)).toBeNull();
  });
});

describe('utf16Problem', () => {
  it('is one problem at line 1 of the named file, saying how to save it instead', () => {
    const problem = utf16Problem('offences.csv', join(BOM_LE, utf16le(CSV)));
    expect(problem).toEqual({ file: 'offences.csv', line: 1, message: UTF16_MESSAGE });
    expect(describeProblem(problem!)).toBe(
      'offences.csv, line 1: this file is saved as UTF-16; save it as UTF-8 (CSV UTF-8 in Excel) and try again',
    );
    expect(utf16Problem('offences.csv', new TextEncoder().encode(CSV))).toBeNull();
  });
});

describe('the published-format importers', () => {
  // A real published format, saved again as UTF-16 the way Excel's "Unicode Text" does.
  const published = readFileSync(path.join(FIXTURES, 'import', 'home_office_police_recorded_crime.csv'), 'utf8');

  it('the fixture imports as UTF-8, so a refusal below is about the encoding alone', () => {
    const result = convertBytes('home_office.csv', new TextEncoder().encode(published), { currentMonth: '2026-11' });
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.format).not.toBeNull();
  });

  for (const [name, bytes] of [
    ['UTF-16LE with its mark', join(BOM_LE, utf16le(published))],
    ['UTF-16BE with its mark', join(BOM_BE, utf16be(published))],
    ['UTF-16LE without a mark', utf16le(published)],
  ] as const) {
    it(`convertBytes refuses ${name} at line 1, with nothing read`, () => {
      const result = convertBytes('home_office.csv', bytes, { currentMonth: '2026-11' });
      expect(result.problems.map(describeImportProblem)).toEqual([
        'error: home_office.csv, line 1: this file is saved as UTF-16; save it as UTF-8 (CSV UTF-8 in Excel) and try again',
      ]);
      expect(result.format).toBeNull();
      expect(result.rows).toBe(0);
    });

    it(`convertStream refuses ${name} at line 1, from its first chunk`, async () => {
      let chunksRead = 0;
      const open = () =>
        Readable.from(
          (function* () {
            for (let i = 0; i < bytes.length; i += 64) {
              chunksRead++;
              yield bytes.subarray(i, i + 64);
            }
          })(),
        );
      const result = await convertStream('home_office.csv', open, { currentMonth: '2026-11' });
      expect(result.problems.map(describeImportProblem)).toEqual([
        'error: home_office.csv, line 1: this file is saved as UTF-16; save it as UTF-8 (CSV UTF-8 in Excel) and try again',
      ]);
      expect(result.rows).toBe(0);
      // Refused once, on sight: not read through, nor read again as Windows-1252.
      expect(chunksRead).toBeLessThanOrEqual(2);
    });
  }
});

describe("analyst mode's incident extract", () => {
  let db: Database;
  beforeAll(async () => {
    db = await startNodeDatabase();
  });

  it('refuses a UTF-16 extract at line 1 and keeps nothing', async () => {
    const csv = 'incident_id,victim_id,date,borough\n1,A,2024-01-05,Croydon\n2,A,2024-02-05,Croydon\n';
    const result = await loadIncidentExtract(db, 'extract.csv', join(BOM_LE, utf16le(csv)), { today: '2026-11-01' });
    expect(result.problems.map(describeProblem)).toEqual([
      'extract.csv, line 1: this file is saved as UTF-16; save it as UTF-8 (CSV UTF-8 in Excel) and try again',
    ]);
    expect(result.rowsUsed).toBe(0);
    const [row] = await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM extract_incidents');
    expect(row?.n).toBe(0);
    // The same file in UTF-8 loads, so the refusal is about the encoding alone.
    const good = await loadIncidentExtract(db, 'extract.csv', new TextEncoder().encode(csv), { today: '2026-11-01' });
    expect(good.problems).toEqual([]);
    expect(good.rowsUsed).toBe(2);
  });
});
