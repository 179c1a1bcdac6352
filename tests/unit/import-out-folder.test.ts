/**
 * `npm run data:import -- --out DIR` writes only the importer's own files (issue 21, point 4). A
 * folder holding anything else, such as a web app's public/ folder with its own manifest.json, is
 * refused, naming what it holds, and left exactly as it was; --force writes beside others' files and
 * never replaces or removes one; the importer's own earlier files are replaced, and those the new
 * manifest no longer lists removed.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../scripts/import-data';
import { REPO_ROOT } from './helpers/fixtures';

const run = promisify(execFile);
const quiet = { log: () => undefined, progress: null, currentMonth: '2026-11', generated: '2026-11-22' } as const;

let dir: string;
let published: string;

/** Every file under a folder (subfolders too) as relative path → contents. */
async function snapshot(folder: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(folder)).sort()) {
    const full = path.join(folder, name);
    if ((await stat(full)).isDirectory()) for (const [inner, text] of Object.entries(await snapshot(full))) out[`${name}/${inner}`] = text;
    else out[name] = await readFile(full, 'utf8');
  }
  return out;
}

/** A web app's public/ folder: its own manifest.json, a page, and a folder of assets. */
async function webAppFolder(name: string): Promise<string> {
  const out = path.join(dir, name);
  await mkdir(path.join(out, 'assets'), { recursive: true });
  await writeFile(path.join(out, 'manifest.json'), JSON.stringify({ name: 'My app', icons: [{ src: 'assets/icon.png' }] }));
  await writeFile(path.join(out, 'index.html'), '<!doctype html><title>My app</title>');
  await writeFile(path.join(out, 'assets', 'icon.png'), 'not really a png');
  return out;
}

/** A data folder as the sample generator leaves it: a dashboard manifest and seven contract files. */
async function dataFolder(name: string): Promise<string> {
  const out = path.join(dir, name);
  await mkdir(out, { recursive: true });
  const tables = ['offences', 'victims', 'incidents', 'repeat_victims', 'proceedings', 'population', 'england_wales'];
  await writeFile(
    path.join(out, 'manifest.json'),
    JSON.stringify({ sample: true, title: 'Sample', generated: '2026-11-01', files: tables.map((t) => ({ table: t, path: `${t}.csv`, source: 's', licence: 'l' })) }),
  );
  for (const t of tables) await writeFile(path.join(out, `${t}.csv`), `old ${t}\n`);
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dsv-import-out-'));
  published = path.join(dir, 'mps_borough_level_crime.csv');
  await writeFile(published, 'MajorText,MinorText,BoroughName,202401,202402,202403,202404,202405,202406\nSEXUAL OFFENCES,RAPE,Barnet,5,6,7,8,9,10\nSEXUAL OFFENCES,OTHER SEXUAL OFFENCES,Camden,11,12,13,14,15,16\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the importer writes only its own files', () => {
  it('refuses a web app’s folder (its own manifest.json), naming what it holds, and leaves every file as it was', async () => {
    const out = await webAppFolder('public');
    const before = await snapshot(out);
    const outcome = await runImport({ files: [published], out, ...quiet });
    expect(outcome.ok).toBe(false);
    expect(outcome.report.join('\n')).toContain(`${out} holds files the importer did not write: assets/, index.html, manifest.json.`);
    expect(outcome.report.at(-1)).toBe(`Nothing was written; ${out} is unchanged.`);
    expect(await snapshot(out)).toEqual(before);
    expect((await readdir(dir)).filter((n) => n.includes('.import-'))).toEqual([]);
  });

  it('with --force still never replaces another app’s manifest.json', async () => {
    const out = await webAppFolder('public-forced');
    const before = await snapshot(out);
    const outcome = await runImport({ files: [published], out, force: true, ...quiet });
    expect(outcome.ok).toBe(false);
    expect(outcome.report.join('\n')).toContain(`${out} holds files the importer did not write: assets/, index.html, manifest.json. manifest.json would have to be replaced, so nothing is written, even with --force`);
    expect(await snapshot(out)).toEqual(before);
  });

  it('with --force writes beside others’ files (no manifest of theirs), leaving them as they are; then refuses again without it', async () => {
    const out = path.join(dir, 'shared');
    await mkdir(path.join(out, 'notes'), { recursive: true });
    await writeFile(path.join(out, 'README.txt'), 'mine');
    await writeFile(path.join(out, 'notes', 'a.txt'), 'also mine');
    const outcome = await runImport({ files: [published], out, force: true, ...quiet });
    expect(outcome.ok, outcome.report.join('\n')).toBe(true);
    expect((await readdir(out)).sort()).toEqual(['README.txt', 'manifest.json', 'notes', 'offences.csv']);
    expect(await readFile(path.join(out, 'README.txt'), 'utf8')).toBe('mine');
    expect(await readFile(path.join(out, 'notes', 'a.txt'), 'utf8')).toBe('also mine');
    // The folder now has the dashboard's manifest, but still others' files: refused without --force.
    const again = await runImport({ files: [published], out, ...quiet });
    expect(again.ok).toBe(false);
    expect(again.report.join('\n')).toContain('holds files the importer did not write: README.txt, notes/.');
  });

  it('replaces its own data folder, file by file, and removes its own earlier files the new manifest does not list', async () => {
    const out = await dataFolder('data');
    const outcome = await runImport({ files: [published], out, ...quiet });
    expect(outcome.ok, outcome.report.join('\n')).toBe(true);
    expect((await readdir(out)).sort()).toEqual(['manifest.json', 'offences.csv']);
    expect(await readFile(path.join(out, 'offences.csv'), 'utf8')).toMatch(/^month,borough,category,offences\n/);
    expect(JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8'))).toMatchObject({ sample: false, files: [{ table: 'offences', path: 'offences.csv' }] });
    expect(outcome.report.join('\n')).toContain("Removed the importer's own earlier files that the new manifest no longer lists: england_wales.csv, incidents.csv, population.csv, proceedings.csv, repeat_victims.csv, victims.csv.");
    expect((await readdir(dir)).filter((n) => n.includes('.import-'))).toEqual([]);
  });

  it('keeps the data folder’s support/ list (versioned with the code, not imported) as it is', async () => {
    const out = await dataFolder('data-with-support');
    await mkdir(path.join(out, 'support'));
    await writeFile(path.join(out, 'support', 'services.csv'), 'area,name\nLondon,Helpline\n');
    const outcome = await runImport({ files: [published], out, ...quiet });
    expect(outcome.ok, outcome.report.join('\n')).toBe(true);
    expect((await readdir(out)).sort()).toEqual(['manifest.json', 'offences.csv', 'support']);
    expect(await readFile(path.join(out, 'support', 'services.csv'), 'utf8')).toBe('area,name\nLondon,Helpline\n');
  });

  it('refuses its own data folder with one file of someone else’s in it, naming it; --force keeps that file', async () => {
    const out = await dataFolder('data-plus');
    await writeFile(path.join(out, 'my-notes.md'), 'keep me');
    const refused = await runImport({ files: [published], out, ...quiet });
    expect(refused.ok).toBe(false);
    expect(refused.report.join('\n')).toContain('holds files the importer did not write: my-notes.md.');
    expect(await readFile(path.join(out, 'offences.csv'), 'utf8')).toBe('old offences\n');
    const forced = await runImport({ files: [published], out, force: true, ...quiet });
    expect(forced.ok, forced.report.join('\n')).toBe(true);
    expect((await readdir(out)).sort()).toEqual(['manifest.json', 'my-notes.md', 'offences.csv']);
  });

  it('names a compressed file or a spreadsheet for what it is, rather than reading its bytes as a header', async () => {
    const gz = path.join(dir, 'mps_borough_level_crime.csv.gz.csv');
    await writeFile(gz, gzipSync(await readFile(published)));
    const xlsx = path.join(dir, 'population.csv');
    await writeFile(xlsx, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0]), Buffer.from('....xl/workbook.xml....')]));
    const out = path.join(dir, 'binary-out');
    const gzipped = await runImport({ files: [gz], out, ...quiet });
    expect(gzipped.report.join('\n')).toContain('Import failed: mps_borough_level_crime.csv.gz.csv: this is a compressed file (gzip, .gz), not a CSV file: uncompress it first');
    const spreadsheet = await runImport({ files: [xlsx], out, ...quiet });
    expect(spreadsheet.report.join('\n')).toContain('Import failed: population.csv: this is an Excel spreadsheet (.xlsx), not a CSV file');
    expect(spreadsheet.report.join('\n')).not.toContain('The header has');
  });

  it('as a command: --force is understood', async () => {
    const out = path.join(dir, 'command');
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, 'keep.txt'), 'keep');
    const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const refused = await run(tsx, ['scripts/import-data.ts', '--out', out, '--month', '2026-11', published], { cwd: REPO_ROOT }).catch((e: { code: number; stdout: string }) => e);
    expect('code' in refused && refused.code).toBe(1);
    expect(refused.stdout).toContain('holds files the importer did not write: keep.txt');
    const ok = await run(tsx, ['scripts/import-data.ts', '--out', out, '--force', '--month', '2026-11', published], { cwd: REPO_ROOT });
    expect(ok.stdout).toContain('Wrote offences.csv, manifest.json to');
    expect((await readdir(out)).sort()).toEqual(['keep.txt', 'manifest.json', 'offences.csv']);
  }, 60_000);
});
