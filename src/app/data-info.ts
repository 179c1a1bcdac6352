/**
 * Start-up of the data: fetch the manifest, start DuckDB-WASM and load every file. What the pages
 * need to know about the loaded data (its months, where it came from, what failed) is gathered here.
 */
import type { Manifest } from '../data/contract';
import type { Database } from '../data/database';
import { loadTables } from '../data/load';
import { monthRange, type MonthRange } from '../data/queries/common';
import { describeProblem } from '../data/validate';

export interface DataInfo {
  manifest: Manifest;
  offences: MonthRange | null;
  victims: MonthRange | null;
  /** Boundary GeoJSON named by the manifest, when it loaded. */
  boundaries: unknown | null;
  /** One line per problem, naming file, line and column. */
  problems: string[];
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

export async function loadData(db: Database, manifest: Manifest): Promise<DataInfo> {
  const problems: string[] = [];
  const [result, boundaries] = await Promise.all([
    loadTables(db, manifest, fetchBytes, currentMonth()),
    fetchBoundaries(manifest, problems),
  ]);
  problems.unshift(...result.problems.map(describeProblem));
  return {
    manifest,
    offences: await monthRange(db, 'offences'),
    victims: await monthRange(db, 'victims'),
    boundaries,
    problems,
  };
}
