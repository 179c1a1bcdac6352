/**
 * How data:fetch reads the Datastore's answers and picks a file: both APIs' JSON shapes, the
 * patterns of its list against the names the Datastore has really used, which file is newest,
 * and that downloads stay on the base.
 */
import { describe, expect, it } from 'vitest';
import { isCsv, matching, newest, readResources, type DatastoreFile } from '../../scripts/fetch/datastore-api';
import { PUBLISHED_FILES } from '../../scripts/fetch/published-files';
import { DATASTORE_ROOT, onBase } from '../../scripts/fetch/resolve';

const API = new URL('https://data.london.gov.uk/api/dataset/exy3m');

describe('reading the API', () => {
  it("reads the Datastore's own answer: resources keyed by id (as the GLA's client ldndatar2 reads it)", () => {
    const files = readResources(
      {
        id: 'exy3m',
        title: 'MPS Recorded Crime: Geographic Breakdown',
        sharing: 'public',
        shares: [],
        readonly: [],
        resources: {
          'f3c80ea8-c2d6': {
            title: 'MPS Borough Level Crime (most recent 24 months).csv',
            url: 'https://data.london.gov.uk/download/exy3m/f3c80ea8-c2d6/MPS%20Borough%20Level%20Crime%20%28most%20recent%2024%20months%29.csv',
            format: 'csv',
            order: 1,
            check_timestamp: '2025-04-01T09:00:00.000Z',
            temporal_coverage_to: '2025-02-28',
          },
          hkc: { title: 'Ward file', url: '/download/exy3m/hkc/ward.xlsx', order: 2 },
        },
      },
      API,
    );
    expect(files).toHaveLength(2);
    const [a, b] = files!;
    expect(a).toMatchObject({ resource: 'f3c80ea8-c2d6', fileName: 'MPS Borough Level Crime (most recent 24 months).csv', format: 'csv', position: 0 });
    expect(a!.coverageEnd).toBe(Date.parse('2025-02-28'));
    expect(a!.checked).toBe(Date.parse('2025-04-01T09:00:00.000Z'));
    expect(a!.uploaded).toBeNull();
    // A relative address is resolved against the API's; the format comes from the extension.
    expect(b!.url.href).toBe('https://data.london.gov.uk/download/exy3m/hkc/ward.xlsx');
    expect(b!.format).toBe('xlsx');
  });

  it("reads the CKAN answer: result.resources, a list with name, url, format, last_modified", () => {
    const files = readResources(
      {
        success: true,
        result: {
          id: 'e5n6w',
          resources: [
            { id: 'qbc', name: 'M1045_MonthlyCrimeDashboard_OtherCrimeData.csv', url: 'https://data.london.gov.uk/download/e5n6w/qbc/M1045_MonthlyCrimeDashboard_OtherCrimeData.csv', format: 'CSV', last_modified: '2026-10-06T08:00:00' },
          ],
        },
      },
      API,
    );
    expect(files).toEqual([
      expect.objectContaining({ resource: 'qbc', title: 'M1045_MonthlyCrimeDashboard_OtherCrimeData.csv', format: 'csv', uploaded: Date.parse('2026-10-06T08:00:00') }),
    ]);
  });

  it('finds no list in an answer of another shape, or a CKAN failure', () => {
    expect(readResources({ success: false, result: { resources: [] }, error: { message: 'Not found' } }, API)).toBeNull();
    expect(readResources({ datasets: [] }, API)).toBeNull();
    expect(readResources([], API)).toBeNull();
    expect(readResources('<html>', API)).toBeNull();
  });
});

function file(name: string, dates: Partial<Pick<DatastoreFile, 'coverageEnd' | 'uploaded' | 'checked'>> = {}, position = 0): DatastoreFile {
  return {
    resource: name,
    title: name,
    fileName: name,
    url: new URL(`https://data.london.gov.uk/download/x/${position}/${encodeURIComponent(name)}`),
    format: name.split('.').at(-1)!.toLowerCase(),
    coverageEnd: null,
    uploaded: null,
    checked: null,
    position,
    ...dates,
  };
}

describe("the list's patterns against names the Datastore has used", () => {
  // Names from public code: the exy3m files (fenneh/london-crime-data, HammerThunderr/LONDON_OPEN_DATA,
  // RuSaBin/LondonCrime) and every file of e5n6w listed in Micheal-Slade/sol-targets
  // (mps_monthly_crim_dashboard_data_urls.csv), with the M1045 names of June 2024 on.
  const names = [
    'MPS Borough Level Crime (Historical).csv',
    'MPS_Borough_Level_Crime_Historic.csv',
    'MPS Borough Level Crime (most recent 24 months).csv',
    'MPS Ward Level Crime (Historical).csv',
    'MPS Ward Level Crime (most recent 24 months).csv',
    'MPS LSOA Level Crime (Historical).csv',
    'MPS LSOA Level Crime (most recent 24 months).csv',
    'MPS_MonthlyCrimeDashboard_TNOCrimeData.csv',
    'MPS_MonthlyCrimeDashboard_OtherCrimeData.csv',
    'MPS_MonthlyCrimeDashboard_OtherCrimeDatafy23-24_07.csv',
    'MPS_BoroughSNT_OtherCrimeDatafy23-24_04.csv',
    'MPS Monthly Crime Dashboard_BoroughSNT_OtherCrimeDatafy22-23_03.csv',
    'MPS_BoroughSNT_OtherCrimeData_202210.csv',
    'Monthly Crime New Cats Borough Level Offs Type.csv',
    'M1045_MonthlyCrimeDashboard_TNOCrimeData.csv',
    'M1045_MonthlyCrimeDashboard_TNOCrimeData_202406.xlsx',
    'M1045_MonthlyCrimeDashboard_KnifeCrimeData.csv',
    'M1045_MonthlyCrimeDashboard_OtherCrimeData.csv',
    'M1045_MonthlyCrimeDashboard_OtherCrimeData_202606.csv',
    'housing-density-borough.csv',
    'housing-density-ward.csv',
  ].map((n, i) => file(n, {}, i));
  const matched = (name: string) => matching(names, PUBLISHED_FILES.find((f) => f.name === name)!.pattern!).map((f) => f.fileName);

  it('the historical borough file, under both its names, and nothing else', () => {
    expect(matched('MPS Borough Level Crime (Historical).csv')).toEqual(['MPS Borough Level Crime (Historical).csv', 'MPS_Borough_Level_Crime_Historic.csv']);
  });

  it('the borough file of the latest 24 months, and neither the historical nor the ward or LSOA files', () => {
    expect(matched('MPS Borough Level Crime (most recent 24 months).csv')).toEqual(['MPS Borough Level Crime (most recent 24 months).csv']);
  });

  it("the dashboard's rolling OtherCrimeData file, before and after CONNECT, dated or not, and none of the archives", () => {
    expect(matched('MPS_MonthlyCrimeDashboard_OtherCrimeData.csv')).toEqual([
      'MPS_MonthlyCrimeDashboard_OtherCrimeData.csv',
      'M1045_MonthlyCrimeDashboard_OtherCrimeData.csv',
      'M1045_MonthlyCrimeDashboard_OtherCrimeData_202606.csv',
    ]);
  });

  it('the borough population file, not the ward one', () => {
    expect(matched('housing-density-borough.csv')).toEqual(['housing-density-borough.csv']);
  });

  it('tolerates small renames: underscores for spaces, another case', () => {
    const renamed = [file('MPS_Borough_Level_Crime_most_recent_24_months.csv'), file('mps borough level crime (HISTORICAL).CSV')];
    expect(matching(renamed, PUBLISHED_FILES[1]!.pattern!).map((f) => f.fileName)).toEqual(['MPS_Borough_Level_Crime_most_recent_24_months.csv']);
    expect(matching(renamed, PUBLISHED_FILES[0]!.pattern!).map((f) => f.fileName)).toEqual(['mps borough level crime (HISTORICAL).CSV']);
  });

  it('a spreadsheet is not a CSV, whatever its name', () => {
    expect(isCsv(file('M1045_MonthlyCrimeDashboard_TNOCrimeData_202406.xlsx'))).toBe(false);
    expect(isCsv({ ...file('export'), format: 'csv' })).toBe(true);
  });
});

describe('the newest file', () => {
  const day = (d: string) => Date.parse(d);
  it('the one covering the latest period, whatever the upload dates', () => {
    const old = file('a.csv', { coverageEnd: day('2024-01-31'), uploaded: day('2025-06-01') }, 0);
    const recent = file('b.csv', { coverageEnd: day('2025-02-28'), uploaded: day('2025-03-01') }, 1);
    expect(newest([old, recent])).toBe(recent);
    expect(newest([recent, old])).toBe(recent);
  });

  it('by upload date when not both say what they cover, then by the last link check', () => {
    const a = file('a.csv', { coverageEnd: day('2025-02-28'), uploaded: day('2025-03-01') }, 0);
    const b = file('b.csv', { uploaded: day('2025-04-01') }, 1);
    expect(newest([a, b])).toBe(b);
    const c = file('c.csv', { checked: day('2026-01-01') }, 0);
    const d = file('d.csv', { checked: day('2026-02-01') }, 1);
    expect(newest([c, d])).toBe(d);
  });

  it('with nothing to tell them apart, the one listed first; none of none', () => {
    const a = file('a.csv', {}, 0);
    const b = file('b.csv', {}, 1);
    expect(newest([b, a])).toBe(a);
    expect(newest([])).toBeNull();
  });
});

describe('downloads stay on the base', () => {
  const standIn = new URL('http://127.0.0.1:8123/');
  it("the Datastore's own addresses are moved to the base, keeping the path", () => {
    const given = new URL('https://data.london.gov.uk/download/exy3m/abc/MPS%20Borough.csv');
    expect(onBase(given, standIn)!.href).toBe('http://127.0.0.1:8123/download/exy3m/abc/MPS%20Borough.csv');
    expect(onBase(given, new URL('http://127.0.0.1:8123/mirror/'))!.href).toBe('http://127.0.0.1:8123/mirror/download/exy3m/abc/MPS%20Borough.csv');
    expect(onBase(given, new URL(DATASTORE_ROOT))!.href).toBe(given.href);
  });

  it("another host is used with the Datastore as base, and refused with another base", () => {
    const elsewhere = new URL('https://files.example.org/london/x.csv');
    expect(onBase(elsewhere, new URL(DATASTORE_ROOT))).toBe(elsewhere);
    expect(onBase(elsewhere, standIn)).toBeNull();
    expect(onBase(new URL('http://127.0.0.1:8123/download/x/y/z.csv'), standIn)!.href).toBe('http://127.0.0.1:8123/download/x/y/z.csv');
  });
});
