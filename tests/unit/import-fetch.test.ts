/**
 * `npm run data:fetch` against a real HTTP server on 127.0.0.1 serving copies of the published
 * files (the real ones from ../shared/data/real where we have them, our fixtures in the published
 * format where not). fetch is not mocked, and no other address is contacted. A failed or partial
 * download, or data that do not import, leave the data folder untouched.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/data/contract';
import { fetchData, PUBLISHED_FILES } from '../../scripts/fetch-data';
import { needRealData, realFile } from '../helpers/real-data';
import { FIXTURES, parseCsv, REPO_ROOT } from './helpers/fixtures';

const CURRENT = '2026-11';

/** What the server sends for each published file: a copy of a real file or fixture, unless a test breaks it. */
const COPIES: Record<string, string> = {
  'MPS Borough Level Crime (Historical).csv': realFile('mps_borough_crime_2010-04_2023-02.csv'),
  'MPS Borough Level Crime (most recent 24 months).csv': realFile('mps_borough_crime_2023-03_2025-02_24m.csv'),
  'MPS_MonthlyCrimeDashboard_OtherCrimeData.csv': path.join(FIXTURES, 'import', 'mps_monthly_crime_dashboard_othercrimedata.csv'),
  'housing-density-borough.csv': path.join(FIXTURES, 'import', 'housing_density_borough.csv'),
};

/** A published MPS borough file, as small as can be. */
const STAND_IN = 'MajorText,MinorText,BoroughName,202401\nSEXUAL OFFENCES,RAPE,Barnet,5\n';

type Handler = (res: http.ServerResponse) => void | Promise<void>;
let server: http.Server;
let base: string;
let dir: string;
const overrides = new Map<string, Handler>();
const requested: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dsv-fetch-test-'));
  const routes = new Map(PUBLISHED_FILES.map((f) => [`/download/${f.path}`, f.name]));
  server = http.createServer((req, res) => {
    const url = req.url ?? '';
    requested.push(url);
    const name = routes.get(url);
    if (!name) {
      res.writeHead(404).end('not found');
      return;
    }
    const override = overrides.get(name);
    if (override) {
      void override(res);
      return;
    }
    // Without ../shared the real copies are missing: the tests of failures only need the other
    // downloads to succeed, so a small file in the same published format stands in for them.
    const copy = COPIES[name]!;
    void (existsSync(copy) ? readFile(copy) : Promise.resolve(Buffer.from(STAND_IN))).then((bytes) => {
      res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': bytes.length });
      res.end(bytes);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/download/`;
});
afterEach(() => overrides.clear());
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
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

describe('npm run data:fetch', () => {
  it('downloads every published file from the base address and imports them', async (ctx) => {
    needRealData(ctx, 'mps_borough_crime_2010-04_2023-02.csv', 'mps_borough_crime_2023-03_2025-02_24m.csv');
    const { out } = await existingData('fetched');
    requested.length = 0;
    const result = await fetchData({ base, out, ...quiet });
    expect(result.ok, result.report.join('\n')).toBe(true);
    expect(requested).toEqual(PUBLISHED_FILES.map((f) => `/download/${f.path}`));
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.sample).toBe(false);
    expect(manifest.files.map((f) => f.table)).toEqual(['offences', 'population']);
    const categories = new Set((await parseCsv(path.join(out, 'offences.csv'))).map((r) => r.category));
    expect([...categories].sort()).toEqual(['domestic_abuse', 'other_sexual', 'rape']);
    expect(result.report.join('\n')).toContain('2023-03 to 2025-02 from MPS Borough Level Crime (most recent 24 months).csv');
  }, 60_000);

  it('a missing file (HTTP 404) leaves the data untouched and says why', async () => {
    const { out, before } = await existingData('after-404');
    overrides.set('MPS_MonthlyCrimeDashboard_OtherCrimeData.csv', (res) => void res.writeHead(404, 'Not Found').end());
    const result = await fetchData({ base, out, ...quiet });
    expect(result.ok).toBe(false);
    expect(result.report.join('\n')).toMatch(/Download failed: MPS_MonthlyCrimeDashboard_OtherCrimeData\.csv .* the server answered HTTP 404 Not Found/);
    // Where to find the file's new address (the Datastore gives each refresh a new one).
    expect(result.report.join('\n')).toContain('Its current address is on https://data.london.gov.uk/dataset/mps-monthly-crime-dashboard-data-e5n6w');
    expect(result.report.at(-1)).toBe(`Nothing was imported; ${out} is unchanged.`);
    expect(await contents(out)).toEqual(before);
  });

  it('a connection closed in the middle of the body leaves the data untouched and says why', async () => {
    const { out, before } = await existingData('after-cut');
    overrides.set('MPS Borough Level Crime (Historical).csv', (res) => {
      res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': 100_000 });
      res.write('MajorText,MinorText,BoroughName,202401\nSEXUAL OFFENCES,RAPE,Barnet,5\n', () => res.destroy());
    });
    const result = await fetchData({ base, out, ...quiet });
    expect(result.ok).toBe(false);
    expect(result.report.join('\n')).toMatch(/Download failed: MPS Borough Level Crime \(Historical\)\.csv .*(broke off after 69 bytes of 100,000|only 69 of 100,000 bytes arrived)/);
    expect(await contents(out)).toEqual(before);
  });

  it('a web page instead of the file leaves the data untouched and says why', async () => {
    const { out, before } = await existingData('after-html');
    overrides.set('housing-density-borough.csv', (res) => void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Moved</title>'));
    const result = await fetchData({ base, out, ...quiet });
    expect(result.report.join('\n')).toContain('the server sent a web page, not the file (the address may have changed)');
    expect(await contents(out)).toEqual(before);
  });

  it('downloaded data that do not import leave the data untouched', async () => {
    const { out, before } = await existingData('after-bad-data');
    for (const f of PUBLISHED_FILES) {
      overrides.set(f.name, (res) => void res.writeHead(200, { 'Content-Type': 'text/csv' }).end('MajorText,MinorText,BoroughName,202401\nSEXUAL OFFENCES,RAPE,Barnett,5\n'));
    }
    const result = await fetchData({ base, out, ...quiet });
    expect(result.ok).toBe(false);
    expect(result.report.join('\n')).toContain('(nearest known name: "Barnet")');
    expect(await contents(out)).toEqual(before);
  });

  it('as a command: --base and --out, non-zero exit on failure', async () => {
    const { out, before } = await existingData('command');
    const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    // Nothing listens at this path on our server, so every file is a 404.
    const failed = await promisify(execFile)(tsx, ['scripts/fetch-data.ts', '--base', `${base}nowhere/`, '--out', out], { cwd: REPO_ROOT }).catch(
      (e: { code: number; stdout: string }) => e,
    );
    expect('code' in failed && failed.code).toBe(1);
    expect(failed.stdout).toContain('HTTP 404');
    expect(await contents(out)).toEqual(before);
  }, 30_000);
});
