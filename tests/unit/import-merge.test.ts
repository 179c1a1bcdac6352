/** Overlapping files: one file supplies each month (for files that allocate alike, the newest by its latest month), never a sum; the output says where each month came from. */
import { describe, expect, it } from 'vitest';
import { buildOutput, convertText, formatReport, mergeResults, OGL_ATTRIBUTION } from '../../src/data/import';

const CURRENT = '2026-11';
const wide = (name: string, months: string[], rows: string[]) =>
  convertText(name, `MajorText,MinorText,BoroughName,${months.join(',')}\n${rows.join('\n')}\n`, { currentMonth: CURRENT });

// An older vintage (to 2024-02) and a newer one (to 2024-04) that revises 2024-02.
const older = wide('older.csv', ['202401', '202402'], ['SEXUAL OFFENCES,RAPE,Barnet,10,20', 'SEXUAL OFFENCES,OTHER SEXUAL OFFENCES,Barnet,1,2']);
const newer = wide('newer.csv', ['202402', '202403', '202404'], ['SEXUAL OFFENCES,RAPE,Barnet,21,30,40']);

function rows(merged: ReturnType<typeof mergeResults>) {
  return merged.tables.offences!.map((r) => r.join(','));
}

describe('merging overlapping files', () => {
  it('takes each month from the newest file that has it, whatever order the files come in, and never adds vintages', () => {
    for (const order of [[older, newer], [newer, older]]) {
      const merged = mergeResults(order);
      expect(rows(merged)).toEqual([
        '2024-01,Barnet,other_sexual,1',
        '2024-01,Barnet,rape,10',
        '2024-02,Barnet,other_sexual,2',
        '2024-02,Barnet,rape,21',
        '2024-03,Barnet,rape,30',
        '2024-04,Barnet,rape,40',
      ]);
    }
  });

  it('judges per category: a newer file without a category does not erase it', () => {
    // newer.csv has no OTHER SEXUAL OFFENCES row at all, so older.csv still supplies 2024-02 other_sexual.
    const merged = mergeResults([older, newer]);
    const otherSexual = merged.provenance.filter((p) => p.series === 'other_sexual');
    expect(otherSexual).toEqual([{ table: 'offences', series: 'other_sexual', file: 'older.csv', periods: ['2024-01', '2024-02'], superseded: [] }]);
  });

  it('reports which months came from which file', () => {
    const merged = mergeResults([older, newer]);
    expect(merged.provenance.filter((p) => p.series === 'rape')).toEqual([
      { table: 'offences', series: 'rape', file: 'older.csv', periods: ['2024-01'], superseded: ['2024-02'] },
      { table: 'offences', series: 'rape', file: 'newer.csv', periods: ['2024-02', '2024-03', '2024-04'], superseded: [] },
    ]);
    const report = formatReport([older, newer], merged).join('\n');
    expect(report).toContain('  offences rape:\n    2024-01 from older.csv\n    2024-02 to 2024-04 from newer.csv\n    supplied instead by other files: older.csv 2024-02');
    expect(report).toContain('Latest month: 2024-04');
  });

  it('breaks a tie in latest month in favour of the file given later', () => {
    const a = wide('a.csv', ['202401'], ['SEXUAL OFFENCES,RAPE,Barnet,1']);
    const b = wide('b.csv', ['202401'], ['SEXUAL OFFENCES,RAPE,Barnet,2']);
    expect(rows(mergeResults([a, b]))).toEqual(['2024-01,Barnet,rape,2']);
    expect(rows(mergeResults([b, a]))).toEqual(['2024-01,Barnet,rape,1']);
  });
});

describe('the files written', () => {
  it('contract CSVs and a manifest that says official data, with each source and the OGL attribution', () => {
    const merged = mergeResults([older, newer]);
    const { files, manifest } = buildOutput(merged, { generated: '2026-11-22' });
    expect(files.map((f) => f.name)).toEqual(['offences.csv', 'manifest.json']);
    expect(files[0]!.text.split('\n')[0]).toBe('month,borough,category,offences');
    expect(manifest).toMatchObject({
      sample: false,
      generated: '2026-11-22',
      files: [{ table: 'offences', path: 'offences.csv', source: 'Metropolitan Police Service, MPS Borough Level Crime (London Datastore)', licence: OGL_ATTRIBUTION }],
    });
    expect(OGL_ATTRIBUTION).toBe('Contains public sector information licensed under the Open Government Licence v3.0');
    expect(manifest.provenance).toContainEqual({ table: 'offences', series: 'rape', file: 'older.csv', periods: '2024-01', superseded: '2024-02' });
  });
});
