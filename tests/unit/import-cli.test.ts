/**
 * `npm run data:import`: a folder of contract files from fixtures in the published formats,
 * written only after the app's loader accepts it; on any error the existing folder is untouched.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/data/contract';
import { OGL_ATTRIBUTION } from '../../src/data/import';
import { runImport } from '../../scripts/import-data';
import { FIXTURES, parseCsv, REPO_ROOT } from './helpers/fixtures';

const run = promisify(execFile);
const IMPORT = path.join(FIXTURES, 'import');
const CURRENT = '2026-11';
const quiet = { log: () => undefined, progress: null, currentMonth: CURRENT, generated: '2026-11-22' } as const;

let dir: string;
let wide: string;

/** Folder contents as name → text, to show a folder is unchanged. */
async function snapshot(folder: string): Promise<Record<string, string>> {
  const names = (await readdir(folder)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(path.join(folder, n), 'utf8')] as const)));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dsv-import-cli-'));
  wide = path.join(dir, 'mps_borough_level_crime.csv');
  await writeFile(wide, 'MajorText,MinorText,BoroughName,202401,202402,202403,202404,202405,202406\nSEXUAL OFFENCES,RAPE,Barnet,5,6,7,8,9,10\nSEXUAL OFFENCES,OTHER SEXUAL OFFENCES,Camden,11,12,13,14,15,16\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function existingFolder(name: string): Promise<string> {
  const out = path.join(dir, name);
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'manifest.json'), '{"sample": true}\n');
  await writeFile(path.join(out, 'offences.csv'), 'month,borough,category,offences\n2020-01,Barnet,rape,1\n');
  return out;
}

describe('npm run data:import', () => {
  it('writes offences, population and England and Wales tables and an official-data manifest, replacing the folder', async () => {
    const out = await existingFolder('good');
    const files = [wide, 'mps_monthly_crime_dashboard_othercrimedata.csv', 'ons_mid_year_estimates.csv', 'home_office_police_recorded_crime.csv'].map((f) => path.resolve(IMPORT, f));
    const outcome = await runImport({ files, out, ...quiet });
    expect(outcome.ok, outcome.report.join('\n')).toBe(true);
    expect((await readdir(out)).sort()).toEqual(['england_wales.csv', 'manifest.json', 'offences.csv', 'population.csv']);
    expect(outcome.rows).toEqual({
      offences: (await parseCsv(path.join(out, 'offences.csv'))).length,
      population: (await parseCsv(path.join(out, 'population.csv'))).length,
      england_wales: 6,
    });
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.sample).toBe(false);
    expect(manifest.files.map((f) => [f.table, f.licence])).toEqual([
      ['offences', OGL_ATTRIBUTION],
      ['population', OGL_ATTRIBUTION],
      ['england_wales', OGL_ATTRIBUTION],
    ]);
    expect(manifest.files[0]!.source).toBe(
      'Metropolitan Police Service, MPS Borough Level Crime (London Datastore); Metropolitan Police Service, MPS Monthly Crime Dashboard Data (London Datastore)',
    );
    const categories = new Set((await parseCsv(path.join(out, 'offences.csv'))).map((r) => r.category));
    expect([...categories].sort()).toEqual(['domestic_abuse', 'other_sexual', 'rape']);
    expect(outcome.report.join('\n')).toContain('offences domestic_abuse:\n    2024-01 to 2024-06 from mps_monthly_crime_dashboard_othercrimedata.csv');
  }, 60_000);

  it('keeps the Get support list (support/), which is versioned with the code rather than imported', async () => {
    const out = await existingFolder('with-support');
    await mkdir(path.join(out, 'support'));
    await writeFile(path.join(out, 'support', 'services.csv'), 'name,area\nA helpline,National\n');
    const outcome = await runImport({ files: [wide], out, ...quiet });
    expect(outcome.ok, outcome.report.join('\n')).toBe(true);
    expect((await readdir(out)).sort()).toEqual(['manifest.json', 'offences.csv', 'support']);
    expect(await readFile(path.join(out, 'support', 'services.csv'), 'utf8')).toBe('name,area\nA helpline,National\n');
  }, 60_000);

  it('leaves out the notes published beside the files (SOURCES.md), saying so, and imports the rest', async () => {
    const out = await existingFolder('with-notes');
    const notes = path.join(dir, 'SOURCES.md');
    await writeFile(notes, '# Where each file came from\n\n- mps_borough_level_crime.csv: the London Datastore\n');
    const outcome = await runImport({ files: [notes, wide], out, ...quiet });
    expect(outcome.ok, outcome.report.join('\n')).toBe(true);
    expect(outcome.report[0]).toBe('SOURCES.md: a document (Markdown), not a data file, so it is left out');
    expect((await readdir(out)).sort()).toEqual(['manifest.json', 'offences.csv']);
  }, 60_000);

  it('on a bad file writes nothing and leaves the folder as it was', async () => {
    const out = await existingFolder('kept');
    const before = await snapshot(out);
    const outcome = await runImport({ files: [wide, path.join(IMPORT, 'bad', 'unknown-borough.csv')], out, ...quiet });
    expect(outcome.ok).toBe(false);
    expect(outcome.report.join('\n')).toContain('"Barnett" is not a London borough the dashboard knows (nearest known name: "Barnet")');
    expect(outcome.report.at(-1)).toBe('Nothing was written.');
    expect(await snapshot(out)).toEqual(before);
    expect((await readdir(dir)).filter((n) => n.includes('.import-'))).toEqual([]);
  });

  it('will not replace a folder that is not a data folder', async () => {
    const out = path.join(dir, 'not-data');
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, 'notes.txt'), 'mine');
    const outcome = await runImport({ files: [wide], out, ...quiet });
    expect(outcome.ok).toBe(false);
    expect(outcome.report.join('\n')).toContain('holds files the importer did not write: notes.txt');
    expect(await snapshot(out)).toEqual({ 'notes.txt': 'mine' });
  });

  it('as a command: prints the report and exits non-zero on errors', async () => {
    const out = path.join(dir, 'command');
    const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const ok = await run(tsx, ['scripts/import-data.ts', '--out', out, '--month', CURRENT, wide], { cwd: REPO_ROOT });
    expect(ok.stdout).toContain('Wrote offences.csv, manifest.json to');
    const failed = await run(tsx, ['scripts/import-data.ts', '--out', out, path.join(IMPORT, 'bad', 'semicolon.csv')], { cwd: REPO_ROOT }).catch((e: { code: number; stdout: string }) => e);
    expect('code' in failed && failed.code).toBe(1);
    expect(failed.stdout).toContain('separates columns with semicolons');
  }, 60_000);
});
