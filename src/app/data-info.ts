/**
 * Start-up of the data: fetch the manifest, start DuckDB-WASM, and load tables as pages need them.
 * What pages need to know about the data (its months, where it came from, what failed) is here.
 */
import type { Manifest } from '../data/contract';
import type { Database } from '../data/database';
import { prepareDatabase } from '../data/load';
import { monthRange, type MonthRange } from '../data/queries/common';
import { TableLoader } from '../data/table-loader';
import { describeProblem } from '../data/validate';

export interface DataInfo {
  manifest: Manifest;
  /** Months the offences table covers: every page's period choices come from it. */
  offences: MonthRange | null;
  /** Boundary GeoJSON named by the manifest, when it loaded. */
  boundaries: unknown | null;
  loader: TableLoader;
  /** Problems outside the tables (e.g. the boundary file). */
  otherProblems: string[];
}

/** Every problem so far, one line each, naming file, line and column. */
export function problemLines(data: DataInfo): string[] {
  return [...data.loader.problems.map(describeProblem), ...data.otherProblems];
}

const DATA_BASE = './data/';

async function fetchBytes(path: string): Promise<Uint8Array> {
  const response = await fetch(DATA_BASE + path);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  return new Uint8Array(await response.arrayBuffer());
}

export async function fetchManifest(): Promise<Manifest> {
  const response = await fetch(`${DATA_BASE}manifest.json`);
  if (!response.ok) throw new Error(`data/manifest.json could not be loaded (HTTP ${response.status})`);
  return (await response.json()) as Manifest;
}

async function fetchBoundaries(manifest: Manifest, problems: string[]): Promise<unknown | null> {
  if (!manifest.boundaries) return null;
  try {
    const text = new TextDecoder().decode(await fetchBytes(manifest.boundaries));
    return JSON.parse(text) as unknown;
  } catch (error) {
    problems.push(`${manifest.boundaries}: could not be loaded (${error instanceof Error ? error.message : String(error)}); the tile map is shown instead`);
    return null;
  }
}

/** The current calendar month: data for months after it is rejected as "in the future". */
export function currentMonth(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/** Prepares the database and loads what every page needs before it can draw: offences and population. */
export async function loadData(db: Database, manifest: Manifest): Promise<DataInfo> {
  const otherProblems: string[] = [];
  await prepareDatabase(db);
  const loader = new TableLoader(db, manifest, fetchBytes, currentMonth());
  const [boundaries] = await Promise.all([fetchBoundaries(manifest, otherProblems), loader.ensure(['offences', 'population'])]);
  return { manifest, offences: await monthRange(db, 'offences'), boundaries, loader, otherProblems };
}
