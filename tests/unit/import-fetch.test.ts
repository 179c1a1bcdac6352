/**
 * `npm run data:fetch` against the Datastore stand-in (tests/helpers/datastore-stand-in.ts): a
 * real HTTP server on 127.0.0.1 publishing the real files of ../shared/data/real, and our
 * fixtures where no real copy exists, at Datastore-shaped addresses with the datasets' API. fetch
 * is not mocked, and no other address is contacted. data:fetch must find each file through its
 * dataset's API, fall back to the fixed address (saying why) when the API cannot say, and leave
 * the data folder untouched whenever a download fails or the data do not import.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/data/contract';
import { downloadPublished, fetchData, PUBLISHED_FILES, type PublishedFile } from '../../scripts/fetch-data';
import { needRealData, REAL_DATA as REAL_FOLDER } from '../helpers/real-data';
import { startDatastoreStandIn, type DatastoreStandIn } from '../helpers/datastore-stand-in';
import { loadFolder, parseCsv, REPO_ROOT } from './helpers/fixtures';
import { startNodeDatabase } from './helpers/node-database';

const CURRENT = '2026-11';

/** The two entries our fixtures stand for (no ../shared needed): the dashboard's DA file, then population. */
const DASHBOARD = PUBLISHED_FILES.find((f) => f.dataset === 'e5n6w')!;
const POPULATION = PUBLISHED_FILES.find((f) => f.dataset === 'e1zp8')!;
const FIXTURE_FILES: readonly PublishedFile[] = [DASHBOARD, POPULATION];

let standIn: DatastoreStandIn;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dsv-fetch-test-'));
  standIn = await startDatastoreStandIn();
});
afterEach(() => standIn.reset());
afterAll(async () => {
  await standIn.close();
  await rm(dir, { recursive: true, force: true });
});

/** A data folder as the sample leaves it, and its contents, to show it is untouched. */
async function existingData(name: string): Promise<{ out: string; before: Record<string, string> }> {
  const out = path.join(dir, name);
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'manifest.json'), '{"sample": true, "files": []}\n');
  await writeFile(path.join(out, 'offences.csv'), 'month,borough,category,offences\n2020-01,Barnet,rape,1\n');
  return { out, before: await contents(out) };
}

async function contents(folder: string): Promise<Record<string, string>> {
  const names = (await readdir(folder)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(path.join(folder, n), 'utf8')] as const)));
}

const quiet = { log: () => undefined, currentMonth: CURRENT } as const;
const downloads = () => standIn.requests.filter((r) => r.startsWith('/download/'));
const apiCalls = () => standIn.requests.filter((r) => r.startsWith('/api/'));

/**
 * Finds and downloads the files as data:fetch does, without importing them (an import takes the
 * app's loader several seconds); returns the report and each saved file's name and text.
 */
async function downloadOnly(files: readonly PublishedFile[] = FIXTURE_FILES, base = standIn.url): Promise<{ report: string; saved: Record<string, string> }> {
  const folder = await mkdtemp(path.join(dir, 'download-'));
  const lines: string[] = [];
  const saved = await downloadPublished({ base, files, folder, say: (l) => lines.push(l) });
  expect(saved, lines.join('\n')).not.toBeNull();
  return { report: lines.join('\n'), saved: await contents(folder) };
}

const fixture = (name: string) => readFile(path.join(REPO_ROOT, 'tests/fixtures/import', name), 'utf8');

/** Runs data:fetch against the stand-in; expects it to fail, leaving `out` as it was; returns the report. */
async function failedFetch(name: string, files: readonly PublishedFile[] = FIXTURE_FILES): Promise<string> {
  const { out, before } = await existingData(name);
  const result = await fetchData({ base: standIn.url, out, files, ...quiet });
  expect(result.ok, result.report.join('\n')).toBe(false);
  expect(await contents(out)).toEqual(before);
  return result.report.join('\n');
}

describe('npm run data:fetch finds each file through its dataset', () => {
  it('asks each dataset once, downloads the newest matching file of each, imports them, and the folder loads', async (ctx) => {
    needRealData(ctx);
    const { out } = await existingData('fetched');
    const result = await fetchData({ base: standIn.url, out, ...quiet });
    expect(result.ok, result.report.join('\n')).toBe(true);
    // One question per dataset (exy3m has two of the files), to the Datastore's own API.
    expect(apiCalls()).toEqual(['/api/dataset/exy3m', '/api/dataset/e5n6w', '/api/dataset/e1zp8']);
    // The newest upload of each: not the older historical and 24-month files, not the pre-CONNECT
    // dashboard file, not the archive uploaded after it.
    expect(downloads()).toEqual([
      '/download/exy3m/6b725bdf-f863-4a7c-a1b4-c2bc15d547e1/MPS%20Borough%20Level%20Crime%20(Historical).csv',
      '/download/exy3m/f3c80ea8-c2d6-4920-80ab-6a5a478e59e7/MPS%20Borough%20Level%20Crime%20(most%20recent%2024%20months).csv',
      '/download/e5n6w/m1045-other/M1045_MonthlyCrimeDashboard_OtherCrimeData.csv',
      '/download/e1zp8/77e9257d-ad9d-47aa-aeed-59a00741f301/housing-density-borough.csv',
    ]);
    const report = result.report.join('\n');
    expect(report).toContain(`MPS Borough Level Crime (Historical).csv: dataset exy3m's API (${standIn.url}api/dataset/exy3m) lists it as "MPS Borough Level Crime (Historical).csv" (resource 6b725bdf-f863-4a7c-a1b4-c2bc15d547e1, covering to 2023-02-28, the newest of 3 matching files).`);
    expect(report).not.toContain('fixed address');
    // Saved and imported under the name it is published under now.
    expect(report).toContain('2024-06 to 2024-08 from M1045_MonthlyCrimeDashboard_OtherCrimeData.csv');
    expect(report).toContain('2023-03 to 2025-02 from MPS Borough Level Crime (most recent 24 months).csv');

    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.sample).toBe(false);
    expect(manifest.files.map((f) => f.table)).toEqual(['offences', 'population']);
    const categories = new Set((await parseCsv(path.join(out, 'offences.csv'))).map((r) => r.category));
    expect([...categories].sort()).toEqual(['domestic_abuse', 'other_sexual', 'rape']);
    // The written folder loads in the app's own loader, with no problem.
    const db = await startNodeDatabase();
    const loaded = await loadFolder(db, out, CURRENT);
    expect(loaded.problems).toEqual([]);
    expect(loaded.tables.filter((t) => t.loaded).map((t) => t.table).sort()).toEqual(['offences', 'population']);
  }, 120_000);

  it('takes a monthly refresh uploaded as a new resource, and leaves a newer spreadsheet of the same file alone', async () => {
    const dashboard = path.join(REPO_ROOT, 'tests/fixtures/import/mps_monthly_crime_dashboard_connect.csv');
    standIn.addResource('e5n6w', { id: 'x7q', title: 'M1045_MonthlyCrimeDashboard_OtherCrimeData.csv', source: dashboard, uploaded: '2024-10-06T09:00:00.000Z' });
    standIn.addResource('e5n6w', { id: 'x8r', title: 'M1045_MonthlyCrimeDashboard_OtherCrimeData.xlsx', source: dashboard, uploaded: '2024-11-06T09:00:00.000Z' });
    const { report } = await downloadOnly();
    expect(downloads()[0]).toBe('/download/e5n6w/x7q/M1045_MonthlyCrimeDashboard_OtherCrimeData.csv');
    expect(report).toContain('(resource x7q, link checked 2024-10-06, the newest of 3 matching files)');
  });

  it('finds a file whose name changed a little, and saves it under its new name', async (ctx) => {
    needRealData(ctx);
    standIn.rename('MPS Borough Level Crime (most recent 24 months).csv', 'MPS_Borough_Level_Crime_most_recent_24_months.csv');
    const { saved } = await downloadOnly([PUBLISHED_FILES[1]!]);
    expect(downloads()).toEqual(['/download/exy3m/f3c80ea8-c2d6-4920-80ab-6a5a478e59e7/MPS_Borough_Level_Crime_most_recent_24_months.csv']);
    expect(saved).toEqual({ 'MPS_Borough_Level_Crime_most_recent_24_months.csv': await readFile(path.join(REAL_FOLDER, 'mps_borough_crime_2023-03_2025-02_24m.csv'), 'utf8') });
  });

  it("asks the CKAN API when the Datastore's own is gone", async () => {
    standIn.setApi('ckan-only');
    const { report, saved } = await downloadOnly();
    expect(apiCalls()).toEqual(['/api/dataset/e5n6w', '/api/action/package_show?id=e5n6w', '/api/dataset/e1zp8', '/api/action/package_show?id=e1zp8']);
    expect(report).toContain(`dataset e5n6w's API (${standIn.url}api/action/package_show?id=e5n6w) lists it as "M1045_MonthlyCrimeDashboard_OtherCrimeData.csv"`);
    expect(downloads()[0]).toBe('/download/e5n6w/m1045-other/M1045_MonthlyCrimeDashboard_OtherCrimeData.csv');
    expect(saved['M1045_MonthlyCrimeDashboard_OtherCrimeData.csv']).toBe(await fixture('mps_monthly_crime_dashboard_connect.csv'));
  });

  it('takes a --base that names the download folder (as it once had to) to mean the site above it, and says so', async () => {
    const { report } = await downloadOnly(FIXTURE_FILES, `${standIn.url}download/`);
    expect(report.split('\n')[0]).toBe(`--base ${standIn.url}download/ names a download folder; using ${standIn.url} for the datasets' API and the downloads.`);
    expect(apiCalls()).toEqual(['/api/dataset/e5n6w', '/api/dataset/e1zp8']);
    expect(downloads()).toHaveLength(2);
  });

  it("keeps to the base when the API gives the Datastore's own addresses (a mirror of its API)", async () => {
    const mirror = await startDatastoreStandIn({ addresses: 'datastore' });
    try {
      const listed = (await (await fetch(`${mirror.url}api/dataset/e1zp8`)).json()) as { resources: Record<string, { url: string }> };
      expect(Object.values(listed.resources)[0]!.url).toMatch(/^https:\/\/data\.london\.gov\.uk\/download\//);
      const { report, saved } = await downloadOnly(FIXTURE_FILES, mirror.url);
      expect(mirror.requests.filter((r) => r.startsWith('/download/'))).toEqual([
        '/download/e5n6w/m1045-other/M1045_MonthlyCrimeDashboard_OtherCrimeData.csv',
        '/download/e1zp8/77e9257d-ad9d-47aa-aeed-59a00741f301/housing-density-borough.csv',
      ]);
      expect(report).toContain(`Downloaded housing-density-borough.csv (0.0 MB) from ${mirror.url}download/e1zp8/`);
      expect(saved['housing-density-borough.csv']).toBe(await fixture('housing_density_borough.csv'));
    } finally {
      await mirror.close();
    }
  });
});

describe('npm run data:fetch falls back to the fixed address, and says why', () => {
  it('when the API cannot be reached: downloads from the fixed addresses and imports', async () => {
    const { out } = await existingData('api-down');
    standIn.setApi('unreachable');
    const result = await fetchData({ base: standIn.url, out, files: FIXTURE_FILES, ...quiet });
    expect(result.ok, result.report.join('\n')).toBe(true);
    expect(downloads()).toEqual([
      `/download/${DASHBOARD.path}`,
      `/download/${POPULATION.path}`,
    ]);
    const report = result.report.join('\n');
    expect(report).toContain(
      `MPS_MonthlyCrimeDashboard_OtherCrimeData.csv: using the fixed address in data:fetch's list, which may be out of date, because the Datastore's API for dataset e5n6w could not be used (${standIn.url}api/dataset/e5n6w could not be reached`,
    );
    expect(report).toContain(`housing-density-borough.csv: using the fixed address in data:fetch's list, which may be out of date, because the Datastore's API for dataset e1zp8 could not be used`);
    // The fixed address of the dashboard file is the pre-CONNECT one, and the report says which file it was.
    expect(report).toContain('2024-01 to 2024-06 from MPS_MonthlyCrimeDashboard_OtherCrimeData.csv');
  });

  it('when the API cannot be reached, for the whole list too', async (ctx) => {
    needRealData(ctx);
    standIn.setApi('unreachable');
    await downloadOnly(PUBLISHED_FILES);
    expect(downloads()).toEqual(PUBLISHED_FILES.map((f) => `/download/${f.path}`));
  });

  it('when the API answers with a web page instead of JSON', async () => {
    standIn.setApi('html');
    const { report } = await downloadOnly();
    expect(downloads()).toEqual([`/download/${DASHBOARD.path}`, `/download/${POPULATION.path}`]);
    expect(report).toContain(`${standIn.url}api/dataset/e1zp8 answered with a web page, not JSON; ${standIn.url}api/action/package_show?id=e1zp8 answered with a web page, not JSON`);
  });
});

describe('npm run data:fetch fails clearly and leaves the data folder untouched', () => {
  it('a renamed file the API no longer lists as such: says what the dataset lists, tries the fixed address, names the dataset page', async () => {
    standIn.rename('housing-density-borough.csv', 'Land area and population, boroughs 2026.csv');
    const report = await failedFetch('renamed');
    expect(report).toContain(`dataset e1zp8 (${standIn.url}api/dataset/e1zp8) lists no file named like /${POPULATION.pattern}/i; it lists "Land area and population, boroughs 2026.csv"`);
    expect(report).toMatch(/Download failed: housing-density-borough\.csv \(borough population .*\) from http:\/\/127\.0\.0\.1:\d+\/download\/land-area-and-population-density-ward-and-borough\/77e9257d-[^ ]+ \(the fixed address in data:fetch's list, used because .*\): the server answered HTTP 404 Not Found\./);
    expect(report).toContain('Its current address is on https://data.london.gov.uk/dataset/land-area-and-population-density-ward-and-borough-e1zp8');
    expect(report.split('\n').at(-1)).toMatch(/^Nothing was imported; .* is unchanged\.$/);
    // The dashboard file was downloaded first; nothing was imported all the same.
    expect(downloads()[0]).toBe('/download/e5n6w/m1045-other/M1045_MonthlyCrimeDashboard_OtherCrimeData.csv');
  });

  it('a missing dataset: both APIs say so, and the fixed address is gone too', async () => {
    standIn.removeDataset('e1zp8');
    const report = await failedFetch('no-dataset');
    expect(report).toContain(
      `because the Datastore's API has no dataset e1zp8 (${standIn.url}api/dataset/e1zp8 answered HTTP 404: no such dataset; ${standIn.url}api/action/package_show?id=e1zp8 answered HTTP 404: no such dataset)`,
    );
    expect(report).toMatch(/Download failed: housing-density-borough\.csv .* the server answered HTTP 404 Not Found\. Its current address is on https:\/\/data\.london\.gov\.uk\/dataset\/land-area-and-population-density-ward-and-borough-e1zp8/);
  });

  it('a download that is a 404', async () => {
    standIn.breakDownload('M1045_MonthlyCrimeDashboard_OtherCrimeData.csv', 'not-found');
    const report = await failedFetch('after-404');
    expect(report).toContain(
      `Download failed: M1045_MonthlyCrimeDashboard_OtherCrimeData.csv (MPS Monthly Crime Dashboard Data, other crime (domestic abuse)) from ${standIn.url}download/e5n6w/m1045-other/M1045_MonthlyCrimeDashboard_OtherCrimeData.csv (the address dataset e5n6w's API gave): the server answered HTTP 404 Not Found. Its current address is on https://data.london.gov.uk/dataset/mps-monthly-crime-dashboard-data-e5n6w`,
    );
  });

  it('a body cut short of its Content-Length', async () => {
    standIn.breakDownload('housing-density-borough.csv', 'truncated');
    const report = await failedFetch('after-cut');
    expect(report).toMatch(/Download failed: housing-density-borough\.csv .*: (the download broke off after 3,161 bytes of 6,323|only 3,161 of 6,323 bytes arrived)/);
  });

  it('an HTML error page instead of the file', async () => {
    standIn.breakDownload('housing-density-borough.csv', 'html');
    const report = await failedFetch('after-html');
    expect(report).toMatch(/Download failed: housing-density-borough\.csv .*: the server sent a web page, not the file \(the address may have changed\)\./);
  });

  it('downloaded data that do not import', async () => {
    const bad = path.join(dir, 'bad.csv');
    await writeFile(bad, 'MajorText,MinorText,BoroughName,202401\nSEXUAL OFFENCES,RAPE,Barnett,5\n');
    standIn.addResource('e1zp8', { id: 'bad', title: 'housing-density-borough.csv', source: bad, uploaded: '2026-06-01T00:00:00.000Z' });
    const report = await failedFetch('after-bad-data');
    expect(report).toContain('(nearest known name: "Barnet")');
  });
});

describe('npm run data:fetch as a command', () => {
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const run = (args: string[]) =>
    promisify(execFile)(tsx, ['scripts/fetch-data.ts', ...args], { cwd: REPO_ROOT }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  it('--base moves the API and the downloads; --list and --out; exit 0', async () => {
    const { out } = await existingData('command-ok');
    const list = path.join(dir, 'list.json');
    await writeFile(list, JSON.stringify(FIXTURE_FILES));
    const done = await run(['--base', standIn.url, '--out', out, '--list', list]);
    expect(done.code, done.stdout).toBe(0);
    expect(apiCalls()).toEqual(['/api/dataset/e5n6w', '/api/dataset/e1zp8']);
    expect(downloads()).toHaveLength(2);
    expect(JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8'))).toMatchObject({ sample: false });
  }, 60_000);

  it('a --list entry without a name, path or what: said in a sentence, exit 2, nothing asked', async () => {
    const list = path.join(dir, 'bad-list.json');
    await writeFile(list, JSON.stringify([{ ...POPULATION, what: undefined }]));
    const failed = await run(['--base', standIn.url, '--out', path.join(dir, 'unused'), '--list', list]);
    expect(failed.code).toBe(2);
    expect('stderr' in failed && failed.stderr).toBe(`${list}, entry 1: needs name, path and what (strings), and optionally dataset, pattern and page (strings)\n`);
    expect(standIn.requests).toEqual([]);
  }, 60_000);

  it('a base that has nothing: every API and the fixed address answer 404; exit 1, folder untouched', async () => {
    const { out, before } = await existingData('command-fail');
    const failed = await run(['--base', `${standIn.url}nowhere/`, '--out', out]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`the Datastore's API has no dataset exy3m`);
    expect(failed.stdout).toContain('HTTP 404');
    expect(standIn.requests.every((r) => r.startsWith('/nowhere/'))).toBe(true);
    expect(await contents(out)).toEqual(before);
  }, 60_000);
});
