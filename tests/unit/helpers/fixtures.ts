/** Reading fixture folders (a manifest.json plus CSVs) from disk, for the data layer under test. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import type { Manifest } from '../../../src/data/contract';
import type { Database } from '../../../src/data/database';
import { loadTables, type LoadResult } from '../../../src/data/load';

export const FIXTURES = path.resolve(__dirname, '../../fixtures');
export const REPO_ROOT = path.resolve(__dirname, '../../..');

export function folderReader(folder: string) {
  return async (file: string) => new Uint8Array(await readFile(path.join(folder, file)));
}

export async function readManifest(folder: string): Promise<Manifest> {
  return JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
}

export async function loadFolder(db: Database, folder: string, currentMonth = '2026-11'): Promise<LoadResult> {
  return loadTables(db, await readManifest(folder), folderReader(folder), currentMonth);
}

/** Parses a CSV with PapaParse: the independent reading that tests compare DuckDB's figures with. */
export async function parseCsv(file: string): Promise<Record<string, string>[]> {
  const text = await readFile(file, 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  return parsed.data;
}
