/**
 * The Datastore stand-in answers as the Datastore does: its API's JSON has the fields of the
 * real answers (as in the GLA's own client's test fixture, Greater-London-Authority/ldndatar2,
 * tests/testthat/data.london.gov.uk/api/dataset/test-dataset.json, and CKAN's package_show), each
 * file is served byte for byte at the address the API gives, and it runs as a command for CI.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_FOLDER, REPO_ROOT } from '../helpers/datastore-catalogue';
import { startDatastoreStandIn, type DatastoreStandIn } from '../helpers/datastore-stand-in';

const havePublished = existsSync(REAL_FOLDER);
let standIn: DatastoreStandIn;

beforeAll(async () => {
  standIn = await startDatastoreStandIn();
});
afterAll(() => standIn.close());

const getJson = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
};

describe('the stand-in API', () => {
  it("answers api/dataset/<id or slug> with the fields of the Datastore's own answer", async () => {
    for (const key of ['e5n6w', 'mps-monthly-crime-dashboard-data-e5n6w']) {
      const { status, type, body } = await getJson(`${standIn.url}api/dataset/${key}`);
      expect(status).toBe(200);
      expect(type).toMatch(/^application\/json/);
      // Every top-level and resource field of the GLA client's fixture.
      expect(Object.keys(body)).toEqual(expect.arrayContaining(['id', 'title', 'sharing', 'createdAt', 'updatedAt', 'tags', 'topics', 'shares', 'readonly', 'resources']));
      const resources = body.resources as Record<string, Record<string, unknown>>;
      expect(Object.keys(resources)).toEqual(['af3d9b5c-935b-45cd-b0a1-5e289fec06c1', 'm1045-other', 'other-fy23-24-07']);
      for (const r of Object.values(resources)) {
        expect(Object.keys(r)).toEqual(expect.arrayContaining(['title', 'url', 'order', 'check_http_status', 'check_size', 'format', 'check_timestamp']));
      }
    }
  });

  it('answers CKAN package_show, newest first, and says success: false with 404 for no such dataset', async () => {
    const { body } = await getJson(`${standIn.url}api/3/action/package_show?id=e5n6w`);
    expect(body.success).toBe(true);
    const resources = (body.result as { resources: { id: string; name: string; url: string; format: string }[] }).resources;
    expect(resources.map((r) => r.id)).toEqual(['other-fy23-24-07', 'm1045-other', 'af3d9b5c-935b-45cd-b0a1-5e289fec06c1']);
    expect(resources[1]).toMatchObject({ name: 'M1045_MonthlyCrimeDashboard_OtherCrimeData.csv', format: 'CSV' });
    const missing = await getJson(`${standIn.url}api/action/package_show?id=nope0`);
    expect(missing.status).toBe(404);
    expect(missing.body.success).toBe(false);
    expect((await fetch(`${standIn.url}api/dataset/nope0`)).status).toBe(404);
  });

  it.skipIf(!havePublished)('serves each real file byte for byte at the address its API gives, also by an old slug', async () => {
    const { body } = await getJson(`${standIn.url}api/dataset/exy3m`);
    const resources = body.resources as Record<string, { title: string; url: string; check_size: number }>;
    const newest = resources['f3c80ea8-c2d6-4920-80ab-6a5a478e59e7']!;
    const expected = await readFile(path.join(REAL_FOLDER, 'mps_borough_crime_2023-03_2025-02_24m.csv'));
    const served = Buffer.from(await (await fetch(newest.url)).arrayBuffer());
    expect(served.equals(expected)).toBe(true);
    expect(newest.check_size).toBe(expected.length);
    expect((await fetch(newest.url.replace('/exy3m/', '/recorded_crime_summary/'))).status).toBe(200);
    // A file name that is not the resource's is not found, as a stale address would not be.
    expect((await fetch(newest.url.replace(/[^/]+$/, 'other.csv'))).status).toBe(404);
  });

  it.skipIf(!havePublished)('serves the files that are in no dataset (boundaries, census, GLA extracts) at files/<name>', async () => {
    const name = 'london_boroughs_excluding_mhw_wgs84_5dp.geojson';
    const response = await fetch(`${standIn.url}files/${name}`);
    expect(response.headers.get('content-type')).toBe('application/geo+json');
    expect(Buffer.from(await response.arrayBuffer()).equals(await readFile(path.join(REAL_FOLDER, name)))).toBe(true);
    expect((await fetch(`${standIn.url}files/..%2Fpackage.json`)).status).toBe(404);
  });
});

describe('the stand-in as a command', () => {
  it('prints its address and serves until stopped', async () => {
    const child = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['tests/helpers/datastore-stand-in.ts'], { cwd: REPO_ROOT });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const found = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (found) resolve(found[1]!);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const { body } = await getJson(`${url}api/dataset/e1zp8`);
      expect(Object.values(body.resources as Record<string, { title: string }>).map((r) => r.title)).toEqual(['housing-density-borough.csv']);
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);
});
