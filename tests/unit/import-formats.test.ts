/**
 * Format detection by header meaning, and each converter on samples in the published layouts:
 * the MPS wide file in its header variants and quirks, the MPS dashboard (OtherCrimeData, with
 * domestic abuse), ONS mid-year estimates and Home Office police recorded crime (fixtures written
 * by us in the published formats).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertBytes, convertStream, convertText, detectFormat, mergeResults, type FileResult } from '../../src/data/import';
import { FIXTURES } from './helpers/fixtures';

const HERE = path.join(FIXTURES, 'import');
const CURRENT = '2026-11';

function fixture(name: string): FileResult {
  return convertBytes(name, new Uint8Array(readFileSync(path.join(HERE, name))), { currentMonth: CURRENT });
}

/** offences rows of one file as month|borough|category → count. */
function offences(result: FileResult): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of result.series.filter((x) => x.table === 'offences')) {
    for (const [month, rows] of s.byPeriod) for (const [borough, n] of rows) out.set(`${month}|${borough}|${s.series}`, n);
  }
  return out;
}

const errors = (r: FileResult) => r.problems.filter((p) => p.severity === 'error');

describe('detecting the format from the header', () => {
  it.each([
    ['Borough,Major Category,Minor Category,200801,200802', 'mps-borough-level-crime'],
    ['MajorText,MinorText,LookUp_BoroughName,201004,201005', 'mps-borough-level-crime'],
    ['MajorText,MinorText,BoroughName,202303', 'mps-borough-level-crime'],
    ['Offence Group,Offence Subgroup,Borough Name,202303', 'mps-borough-level-crime'],
    ['Month_Year,Area Type,Borough_SNT,Area name,Area code,Offence Group,Offence Subgroup,Measure,Financial Year,FY_FYIndex,Count,Refresh Date', 'mps-monthly-crime-dashboard'],
    ['Month_Year,Area Type,Borough_SNT,Area name,Area code,Crime Type,Crime Subtype,Measure,Financial Year,Count', 'mps-monthly-crime-dashboard'],
    ['ladcode23,laname23,country,sex,age,population_2011,population_2012', 'ons-mid-year-estimates'],
    ['Code,Area name,Inner/ Outer London,2011_Population,2012_Population', 'gla-borough-population'],
    ['Code,Name,Year,Source,Population,Inland_Area _Hectares,Total_Area_Hectares', 'gla-population-density'],
    ['GeographyCode,KS101EW0001,KS101EW0002,KS101EW0003', 'ons-census-2011-ks101ew'],
    ['Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences', 'home-office-police-recorded-crime'],
  ])('%s', (header, id) => {
    const detection = detectFormat(header.split(','));
    expect(detection.ok && detection.format.info.id).toBe(id);
  });

  it('names the missing column of a header that looks like a known format', () => {
    const detection = detectFormat(['MajorText', 'Place', '202401']);
    expect(detection.ok).toBe(false);
    if (!detection.ok) {
      expect(detection.message).toContain('looks like MPS Borough Level Crime but lacks');
      expect(detection.message).toContain('minor category column (looked for: MinorText, Minor Category, Offence Subgroup)');
      expect(detection.message).toContain('borough column');
    }
  });

  it('lists every known format for a header like none of them', () => {
    const detection = detectFormat(['foo', 'bar']);
    expect(detection.ok).toBe(false);
    if (!detection.ok) {
      for (const label of ['MPS Borough Level Crime', 'MPS Monthly Crime Dashboard Data', 'ONS mid-year population estimates', 'Home Office police recorded crime open data']) {
        expect(detection.message).toContain(label);
      }
    }
  });
});

describe('MPS Borough Level Crime (wide)', () => {
  it('reads the 2019-scheme Title Case variant with CRLF, a BOM, quoted commas, names cut at 50 characters and the airports', () => {
    const text =
      '\uFEFFMajorText,MinorText,LookUp_BoroughName,202201,202202\r\n' +
      'Miscellaneous Crimes Against Society,"Disclosure, Obstruction, False or Misleading State",Barnet,1,2\r\n' +
      'Public Order Offences,"Racially or Religiously Aggravated Public Fear, Al",Barnet,3,4\r\n' +
      'Sexual Offences,Other Sexual Offences,Barnet,10,11\r\n' +
      'Sexual Offences,Rape,Barnet,5,6\r\n' +
      'Sexual Offences,Rape,London Heathrow and London City Airports,1,0\r\n';
    const result = convertText('a3.csv', text, { currentMonth: CURRENT });
    expect(result.problems).toEqual([]);
    expect(result.format?.id).toBe('mps-borough-level-crime');
    expect(Object.fromEntries(offences(result))).toEqual({
      '2022-01|Barnet|rape': 5,
      '2022-02|Barnet|rape': 6,
      '2022-01|London Heathrow and London City Airports|rape': 1,
      '2022-02|London Heathrow and London City Airports|rape': 0,
      '2022-01|Barnet|other_sexual': 10,
      '2022-02|Barnet|other_sexual': 11,
    });
    expect(result.leftOut.map((l) => l.label)).toEqual([
      'Miscellaneous Crimes Against Society / Disclosure, Obstruction, False or Misleading State',
      'Public Order Offences / Racially or Religiously Aggravated Public Fear, Al',
    ]);
  });

  it('reads the pre-2019 variant (Borough first, Title Case) and the UPPER CASE variant with "Unknown"', () => {
    const old = convertText('a1.csv', 'Borough,Major Category,Minor Category,200801\nBarnet,Sexual Offences,Rape,4\nBarnet,Sexual Offences,Other Sexual,9\nBarnet,Violence Against the Person,Harassment,30\n', { currentMonth: CURRENT });
    expect(Object.fromEntries(offences(old))).toEqual({ '2008-01|Barnet|rape': 4, '2008-01|Barnet|other_sexual': 9, '2008-01|Barnet|stalking_harassment': 30 });
    const upper = convertText('a6.csv', 'MajorText,MinorText,BoroughName,202303\nSEXUAL OFFENCES,RAPE,KINGSTON UPON THAMES,3\nSEXUAL OFFENCES,RAPE,Unknown,2\n', { currentMonth: CURRENT });
    expect(Object.fromEntries(offences(upper))).toEqual({ '2023-03|Kingston upon Thames|rape': 3, '2023-03|Unknown|rape': 2 });
  });

  it('treats a series absent from the file as zero throughout: the file still covers that category in every month', () => {
    const result = convertText('sparse.csv', 'MajorText,MinorText,BoroughName,202301,202302,202303\nSEXUAL OFFENCES,RAPE,Barnet,0,1,0\n', { currentMonth: CURRENT });
    const rape = result.series.find((s) => s.series === 'rape')!;
    expect([...rape.byPeriod.keys()]).toEqual(['2023-01', '2023-02', '2023-03']);
    // Camden has no row at all: it is simply not in the output, which the dashboard reads as none.
    expect([...offences(result).keys()].some((k) => k.includes('Camden'))).toBe(false);
  });
});

describe('MPS Monthly Crime Dashboard Data (OtherCrimeData)', () => {
  const result = fixture('mps_monthly_crime_dashboard_othercrimedata.csv');

  it('takes domestic abuse offences for boroughs, leaving out wards, positive outcomes and other groups', () => {
    expect(errors(result)).toEqual([]);
    expect(result.format?.id).toBe('mps-monthly-crime-dashboard');
    const rows = offences(result);
    const text = readFileSync(path.join(HERE, 'mps_monthly_crime_dashboard_othercrimedata.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
    // Independently: every Borough / Domestic Abuse / Offences row, summed per month.
    const expected = new Map<string, number>();
    for (const r of text) {
      if (r[1] === 'Borough' && r[5] === 'Domestic Abuse' && r[7] === 'Offences') {
        const month = `20${r[0]!.slice(6, 8)}-${r[0]!.slice(3, 5)}`;
        expected.set(month, (expected.get(month) ?? 0) + Number(r[10]));
      }
    }
    const got = new Map<string, number>();
    for (const [key, n] of rows) {
      const [month, , category] = key.split('|');
      expect(category).toBe('domestic_abuse');
      got.set(month!, (got.get(month!) ?? 0) + n);
    }
    expect(got).toEqual(expected);
    expect(rows.get('2024-01|Aviation Security|domestic_abuse')).toBe(2);
    expect(result.leftOut.map((l) => l.label)).toEqual(
      expect.arrayContaining([expect.stringContaining('Area Type SNT'), expect.stringContaining('Measure Positive Outcomes'), 'Hate Crime / Racist and Religious Hate Crime']),
    );
  });

  it('reads the older header (Crime Type / Crime Subtype)', () => {
    const older = convertText(
      'old.csv',
      'Month_Year,Area Type,Borough_SNT,Area name,Area code,Crime Type,Crime Subtype,Measure,Financial Year,Count\n01.04.18,Borough,Camden,Camden,E09000007,Domestic Abuse,Domestic Abuse,Offences,2018-19,250\n',
      { currentMonth: CURRENT },
    );
    expect(Object.fromEntries(offences(older))).toEqual({ '2018-04|Camden|domestic_abuse': 250 });
  });
});

describe('ONS mid-year estimates', () => {
  const result = fixture('ons_mid_year_estimates.csv');

  it('sums single years of age into the contract age bands, by sex, for London boroughs only', () => {
    expect(errors(result)).toEqual([]);
    const population = result.series.find((s) => s.table === 'population')!;
    const lines = readFileSync(path.join(HERE, 'ons_mid_year_estimates.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const barnetFemale1824 = lines.filter((r) => r[0] === 'E09000003' && r[3] === '2' && Number(r[4]) >= 18 && Number(r[4]) <= 24).reduce((s, r) => s + Number(r[6]), 0);
    expect(population.byPeriod.get('2023')!.get('Barnet|female|18-24')).toBe(barnetFemale1824);
    const boroughs = new Set([...population.byPeriod.get('2023')!.keys()].map((k) => k.split('|')[0]));
    expect([...boroughs].sort()).toEqual(['Barnet', 'Camden', 'Kingston upon Thames', 'Westminster']);
  });

  it('gives the population of England and Wales (every local authority in the file), with a warning that the fixture has only a few', () => {
    const ew = result.series.find((s) => s.table === 'ew_population')!;
    const lines = readFileSync(path.join(HERE, 'ons_mid_year_estimates.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(ew.byPeriod.get('2022')!.get('')).toBe(lines.reduce((s, r) => s + Number(r[5]), 0));
    expect(result.problems.some((p) => p.severity === 'warning' && p.message.includes('only 6 local authorities'))).toBe(true);
  });
});

describe('Home Office police recorded crime', () => {
  const prc = fixture('home_office_police_recorded_crime.csv');
  const mye = fixture('ons_mid_year_estimates.csv');

  it('sums forces and quarters per financial year, leaves out a year without four quarters, and joins the population of England and Wales', () => {
    expect(errors(prc)).toEqual([]);
    expect(prc.problems.some((p) => p.message.includes('without all four quarters are left out: 2024/25'))).toBe(true);
    const merged = mergeResults([prc, mye]);
    const lines = readFileSync(path.join(HERE, 'home_office_police_recorded_crime.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const rape2023 = lines.filter((r) => r[0] === '2023/24' && r[5] === 'Rape').reduce((s, r) => s + Number(r[7]), 0);
    const ew2023 = mye.series.find((s) => s.table === 'ew_population')!.byPeriod.get('2023')!.get('')!;
    expect(merged.tables.england_wales).toContainEqual(['2023/24', 'rape', String(rape2023), String(ew2023)]);
    expect(merged.tables.england_wales!.map((r) => `${r[0]} ${r[1]}`)).toEqual([
      '2022/23 other_sexual', '2022/23 rape', '2022/23 stalking_harassment',
      '2023/24 other_sexual', '2023/24 rape', '2023/24 stalking_harassment',
    ]);
  });

  it('leaves out financial years with no population of England and Wales, and says so', () => {
    const merged = mergeResults([prc]);
    expect(merged.tables.england_wales).toBeUndefined();
    expect(merged.problems[0]!.message).toContain('2022/23, 2023/24 are left out: no population of England and Wales');
  });
});

describe('GLA land area and population density (housing-density-borough.csv)', () => {
  const result = fixture('housing_density_borough.csv');

  it('takes boroughs only, prefers the ONS estimate where a year has both, and leaves out years after this one', () => {
    expect(errors(result)).toEqual([]);
    const population = result.series.find((s) => s.table === 'population')!;
    expect([...population.byPeriod.keys()].sort()).toEqual(['2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026']);
    expect([...population.byPeriod.get('2023')!.keys()].sort()).toEqual([
      'Barnet|unknown|unknown', 'Camden|unknown|unknown', 'City of London|unknown|unknown', 'Westminster|unknown|unknown',
    ]);
    expect(population.byPeriod.get('2023')!.get('Barnet|unknown|unknown')).toBe(Math.trunc(319000 * 1.04));
    expect(result.leftOut.map((l) => l.label)).toEqual(['areas other than London boroughs', 'years after 2026 (projections)']);
  });
});

describe('reading a ReadableStream, as File.stream() gives in the browser', () => {
  it('converts chunk by chunk with progress, and stops reading at a header nobody knows', async () => {
    const bytes = readFileSync(path.join(HERE, 'mps_monthly_crime_dashboard_othercrimedata.csv'));
    const stream = (data: Uint8Array, pulls: { n: number }) => () =>
      new ReadableStream<Uint8Array>({
        start() {
          pulls.n = 0;
        },
        pull(controller) {
          const at = pulls.n++ * 1000;
          if (at >= data.length) controller.close();
          else controller.enqueue(data.subarray(at, at + 1000));
        },
      });
    const seen: number[] = [];
    const pulls = { n: 0 };
    const result = await convertStream('other.csv', stream(new Uint8Array(bytes), pulls), { currentMonth: CURRENT, totalBytes: bytes.length, onProgress: (p) => seen.push(p.bytesRead) });
    expect(offences(result)).toEqual(offences(fixture('mps_monthly_crime_dashboard_othercrimedata.csv')));
    expect(seen.at(-1)).toBe(bytes.length);
    expect(seen.length).toBe(Math.ceil(bytes.length / 1000));

    const unknown = new TextEncoder().encode(`foo,bar\n${'1,2\n'.repeat(5000)}`);
    const stopped = await convertStream('unknown.csv', stream(unknown, pulls), { currentMonth: CURRENT });
    expect(stopped.problems[0]!.message).toContain('matches no format');
    expect(pulls.n).toBeLessThan(5);
  });
});
