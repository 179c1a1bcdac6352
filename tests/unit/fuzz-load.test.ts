/**
 * Fuzzing the app's loader and validator (src/data/load.ts, validate.ts) in DuckDB's Node build:
 * mutated copies of our contract fixtures, the sample data and the real published files (byte flips, truncation, inserted quotes, commas and line breaks, huge numbers, byte-order marks,
 * other encodings, deleted header cells; see helpers/mutate.ts). None may throw or hang, and every
 * rejection must name the file and, wherever the file's content was read, the line; no file may
 * flood the page with problems (at most 20 listed, each short). `npm test` makes 12 mutants of each
 * of our files (every kind of mutation many times over; what fuzzing found has its own test below);
 * `npm run test:long` makes 40 of each, over 1,000 in all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLES, type Manifest, type TableName } from '../../src/data/contract';
import type { Database } from '../../src/data/database';
import { loadTable, prepareDatabase } from '../../src/data/load';
import { describeProblem, MAX_PROBLEMS_LISTED, type LoadProblem } from '../../src/data/validate';
import { sized } from '../helpers/long';
import { haveRealData, needRealData, REAL_DATA } from '../helpers/real-data';
import { FIXTURES, REPO_ROOT } from './helpers/fixtures';
import { headSlice, mutants, type Mutant } from './helpers/mutate';
import { startNodeDatabase } from './helpers/node-database';

const CURRENT_MONTH = '2026-11';
/** Far above what any of these small files takes; a hang would be caught by it (or the test timeout). */
const TIME_LIMIT_MS = 10_000;
/** Problems about the file as a whole, which no line could locate. */
const WHOLE_FILE = [/^the file is empty/, /^and \d+ more problems/];

interface Source {
  table: TableName;
  file: string;
  bytes: Uint8Array;
  mutants: number;
}

function csvFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.csv'));
}

const TABLE_NAMES = new Set<string>(TABLES.map((t) => t.name));

/** Mutants of each of our own files. */
const PER_FILE = sized(12, 40);

/** Our contract fixtures and the sample data. */
function ownSources(): Source[] {
  const out: Source[] = [];
  for (const dir of ['basic', 'justice', 'victimisation', 'hostile']) {
    for (const f of csvFiles(path.join(FIXTURES, dir))) {
      out.push({ table: f.replace(/\.csv$/, '') as TableName, file: `fixtures/${dir}/${f}`, bytes: new Uint8Array(readFileSync(path.join(FIXTURES, dir, f))), mutants: PER_FILE });
    }
  }
  // The sample data: the head of each file (the big ones would only make this slow).
  for (const f of csvFiles(path.join(REPO_ROOT, 'data')).filter((f) => TABLE_NAMES.has(f.replace(/\.csv$/, '')))) {
    out.push({ table: f.replace(/\.csv$/, '') as TableName, file: `data/${f}`, bytes: headSlice(new Uint8Array(readFileSync(path.join(REPO_ROOT, 'data', f))), 80), mutants: PER_FILE });
  }
  return out;
}

/**
 * Real published files are not in the contract's format: loaded as a table, they must be refused
 * at the header, by line, however mangled. Empty without ../shared (that test is then skipped).
 */
function realSources(): Source[] {
  if (!haveRealData()) return [];
  return csvFiles(REAL_DATA).map((f, i) => ({ table: TABLES[i % TABLES.length]!.name, file: `real/${f}`, bytes: headSlice(new Uint8Array(readFileSync(path.join(REAL_DATA, f))), 40), mutants: 6 }));
}

const OWN = ownSources();
const mutantCount = (all: Source[]) => all.reduce((n, s) => n + s.mutants, 0);

/** How many lines a mutant has, for checking reported line numbers. */
function lineCount(bytes: Uint8Array): number {
  let lines = 1;
  for (const byte of bytes) if (byte === 0x0a || byte === 0x0d) lines++;
  return lines;
}

let db: Database;
beforeAll(async () => {
  db = await startNodeDatabase();
  await prepareDatabase(db);
}, 60_000);

async function loadMutant(table: TableName, mutant: Mutant): Promise<{ loaded: boolean; rows: number; problems: LoadProblem[]; ms: number }> {
  const manifest: Manifest = { sample: true, title: 'fuzz', generated: '2026-11-01', files: [{ table, path: `${table}.csv`, source: 'fuzz', licence: 'fuzz' }] };
  const started = performance.now();
  // A copy: registering may hand the bytes over to DuckDB.
  const result = await loadTable(db, manifest, table, async () => mutant.bytes.slice(), CURRENT_MONTH);
  return { loaded: result.status.loaded, rows: result.status.rows, problems: result.problems, ms: performance.now() - started };
}

/** Loads every mutant of every source; checks each answer, and that the database is none the worse. */
async function fuzz(all: Source[], seed: number): Promise<void> {
  const failures: string[] = [];
  let count = 0;
  let loaded = 0;
  let rejected = 0;
  let slowest = { ms: 0, name: '' };
  const started = performance.now();
  for (const [i, source] of all.entries()) {
    for (const mutant of mutants(source.file, source.bytes, source.mutants, seed + i)) {
      count++;
      let result: Awaited<ReturnType<typeof loadMutant>>;
      try {
        result = await loadMutant(source.table, mutant);
      } catch (error) {
        failures.push(`${mutant.name}: threw ${String(error).slice(0, 200)}`);
        continue;
      }
      if (result.ms > slowest.ms) slowest = { ms: result.ms, name: mutant.name };
      if (result.ms > TIME_LIMIT_MS) failures.push(`${mutant.name}: took ${Math.round(result.ms)} ms`);
      if (result.loaded) {
        loaded++;
        const [{ n } = { n: -1 }] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${source.table}`);
        if (n !== result.rows) failures.push(`${mutant.name}: says ${result.rows} rows loaded, table has ${n}`);
        if (result.problems.length > 0) failures.push(`${mutant.name}: loaded, yet has problems`);
      } else {
        rejected++;
        if (result.problems.length === 0) failures.push(`${mutant.name}: not loaded, and no problem says why`);
      }
      if (result.problems.length > MAX_PROBLEMS_LISTED + 1) failures.push(`${mutant.name}: ${result.problems.length} problems listed`);
      const lines = lineCount(mutant.bytes);
      for (const problem of result.problems) {
        const text = describeProblem(problem);
        if (text.length > 2000) failures.push(`${mutant.name}: a problem of ${text.length} characters: ${text.slice(0, 200)}`);
        if (problem.file !== `${source.table}.csv`) failures.push(`${mutant.name}: problem names file "${problem.file}": ${text}`);
        if (problem.line === undefined && !WHOLE_FILE.some((pattern) => pattern.test(problem.message))) failures.push(`${mutant.name}: no line: ${text.slice(0, 300)}`);
        if (problem.line !== undefined && (problem.line < 1 || problem.line > lines + 1)) failures.push(`${mutant.name}: line ${problem.line} of ${lines}: ${text.slice(0, 200)}`);
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`fuzz-load: ${count} mutants of ${all.length} files in ${seconds.toFixed(1)} s; ${loaded} loaded, ${rejected} rejected; slowest ${Math.round(slowest.ms)} ms (${slowest.name.slice(0, 120)})`);
  expect(count).toBe(mutantCount(all));
  expect(failures.slice(0, 30)).toEqual([]);

  // The database is none the worse: the real fixture still loads.
  const clean = await loadMutant('offences', { name: 'clean', bytes: new Uint8Array(readFileSync(path.join(FIXTURES, 'basic', 'offences.csv'))) });
  expect(clean.problems).toEqual([]);
  expect(clean.loaded).toBe(true);
}

describe('fuzzing the loader and validator', () => {
  it(`${mutantCount(OWN)} mutants of our fixtures and the sample data: no throw, no hang, every problem names the file and (for read content) the line`, async () => {
    await fuzz(OWN, 8_000);
  }, 300_000);

  it('mutants of every published file: no throw, no hang, refused by line', async (ctx) => {
    needRealData(ctx);
    const real = realSources();
    expect(real.length).toBeGreaterThan(0);
    await fuzz(real, 8_500);
  }, 300_000);

  it('loads a file whose line ends are mixed (found by fuzzing: DuckDB refused it, naming no line)', async () => {
    const text = readFileSync(path.join(FIXTURES, 'basic', 'offences.csv'), 'utf8');
    const lines = text.trimEnd().split('\n');
    const mixed = lines.map((line, i) => (i % 3 === 1 ? `${line}\r\n` : i % 3 === 2 ? `${line}\r` : `${line}\n`)).join('');
    const result = await loadMutant('offences', { name: 'mixed', bytes: new TextEncoder().encode(mixed) });
    expect(result.problems).toEqual([]);
    expect(result.rows).toBe(lines.length - 1);
  });

  it('lists at most 20 header problems for a file of 20,000 columns, each short (found by fuzzing: one per column)', async () => {
    const text = `month,borough,kategory${',x'.repeat(20_000)}\n2024-01,Croydon,rape${',1'.repeat(20_000)}\n`;
    const result = await loadMutant('offences', { name: 'wide', bytes: new TextEncoder().encode(text) });
    expect(result.problems).toHaveLength(MAX_PROBLEMS_LISTED + 1);
    expect(result.problems.at(-1)!.message).toBe('and 19983 more problems in the header (only the first 20 are listed)');
    expect(result.problems[0]!.message).toBe('the header has no "category" column (expected: month, borough, category, offences; found: month, borough, kategory, x, x, x, x, x, x, x, x, x and 19991 more)');
    for (const problem of result.problems) expect(describeProblem(problem).length).toBeLessThan(300);
  });

  it('quotes at most 100 characters of a bad value (found by fuzzing: a 200 KB cell made a 200 KB message)', async () => {
    const long = 'x'.repeat(200_000);
    const result = await loadMutant('offences', { name: 'long', bytes: new TextEncoder().encode(`month,borough,category,offences\n2024-01,${long},rape,5\n`) });
    expect(result.problems.map(describeProblem)).toEqual([`offences.csv, line 2, column 2 (borough): "${'x'.repeat(100)}…" is not the ONS name of a London borough`]);
  });

  it('still names the line of a bad value after a CRLF file is normalised', async () => {
    const text = readFileSync(path.join(FIXTURES, 'basic', 'offences.csv'), 'utf8').trimEnd().split('\n');
    text[4] = text[4]!.replace(/,\d+$/, ',-3');
    const result = await loadMutant('offences', { name: 'crlf', bytes: new TextEncoder().encode(`${text.join('\r\n')}\r\n`) });
    expect(result.problems.map((p) => [p.line, p.column])).toEqual([[5, 4]]);
  });
});
