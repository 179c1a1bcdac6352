/**
 * Fuzzing the importers for published formats (src/data/import): over 1,000 mutated copies of the
 * real files in ../shared/data/real (the head of each; a test of their own, which needs ../shared),
 * of our importer fixtures in their published formats, the bad-input fixtures and our contract
 * fixtures (about 1,000 between them, so the count holds without ../shared too), through
 * convertBytes and, for some, convertStream in odd-sized chunks. None may throw or hang, and every
 * error must name the file and, for a CSV, the line (a boundary file is one JSON document: its
 * errors name the feature instead); no message may echo a megabyte cell back.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertBytes, convertStream, convertText, describeImportProblem, type FileResult } from '../../src/data/import';
import { seededRandom } from '../../scripts/sample/random';
import { haveRealData, needRealData, REAL_DATA as REAL } from '../helpers/real-data';
import { FIXTURES } from './helpers/fixtures';
import { headSlice, mutants } from './helpers/mutate';

const CURRENT_MONTH = '2026-11';
const TIME_LIMIT_MS = 10_000;
/** Errors about a CSV file as a whole, which no line could locate. */
const WHOLE_FILE = [/^is empty/, /^and \d+ more errors/];

interface Source {
  file: string;
  bytes: Uint8Array;
  mutants: number;
}

function read(dir: string, pattern: RegExp, lines: number, count: number): Source[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => pattern.test(f))
    .map((f) => ({ file: f, bytes: headSlice(new Uint8Array(readFileSync(path.join(dir, f))), lines), mutants: count }));
}

/** Our own fixtures, in published formats and ours. */
function ownSources(): Source[] {
  return [
    ...read(path.join(FIXTURES, 'import'), /\.csv$/, 120, 120),
    ...read(path.join(FIXTURES, 'import', 'bad'), /\.csv$/, 50, 24),
    ...read(path.join(FIXTURES, 'basic'), /\.csv$/, 50, 35),
  ];
}

/** The real published files (none without ../shared). */
function realSources(): Source[] {
  if (!haveRealData()) return [];
  return [
    // The head of each (the header decides the format; every row takes the same path).
    ...read(REAL, /\.csv$/, 120, 70),
    // A real boundary file, whole (it is one line of JSON).
    ...read(REAL, /_5dp\.geojson$/, 1, 15),
  ];
}

/** JSON is chosen by the first character that is not a space or byte-order mark, as convert.ts does. */
function looksLikeJson(text: string): boolean {
  const first = /[^\s\uFEFF]/.exec(text);
  return first !== null && (first[0] === '{' || first[0] === '[');
}

async function* chunked(bytes: Uint8Array, sizes: () => number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; ) {
    const size = Math.max(1, sizes());
    yield bytes.slice(at, at + size);
    at += size;
  }
}

/** Converts every mutant of every source; checks each answer. */
async function fuzz(all: Source[]): Promise<void> {
  const random = seededRandom(77);
  const failures: string[] = [];
  let count = 0;
  let withErrors = 0;
  let streamed = 0;
  let slowest = { ms: 0, name: '' };
  const started = performance.now();
  for (const [i, source] of all.entries()) {
    for (const mutant of mutants(source.file, source.bytes, source.mutants, 9_000 + i)) {
      count++;
      const began = performance.now();
      let result: FileResult;
      try {
        if (count % 5 === 0) {
          // Chunks of 1 byte to 64 KB, so that characters, quotes and lines are split anywhere.
          streamed++;
          result = await convertStream(source.file, () => chunked(mutant.bytes, () => Math.floor(random() ** 3 * 65536)), { currentMonth: CURRENT_MONTH, totalBytes: mutant.bytes.length });
        } else {
          result = convertBytes(source.file, mutant.bytes, { currentMonth: CURRENT_MONTH });
        }
      } catch (error) {
        failures.push(`${mutant.name}: threw ${String(error).slice(0, 200)}`);
        continue;
      }
      const ms = performance.now() - began;
      if (ms > slowest.ms) slowest = { ms, name: mutant.name };
      if (ms > TIME_LIMIT_MS) failures.push(`${mutant.name}: took ${Math.round(ms)} ms`);
      const json = looksLikeJson(new TextDecoder().decode(mutant.bytes.subarray(0, 1024)));
      const errors = result.problems.filter((p) => p.severity === 'error');
      if (errors.length > 0) withErrors++;
      for (const problem of result.problems) {
        const text = describeImportProblem(problem);
        if (text.length > 1200) failures.push(`${mutant.name}: a problem of ${text.length} characters: ${text.slice(0, 200)}`);
        if (problem.file !== source.file) failures.push(`${mutant.name}: problem names file "${problem.file}": ${text}`);
        if (problem.severity !== 'error' || json) continue;
        if (problem.line === undefined && !WHOLE_FILE.some((pattern) => pattern.test(problem.message))) failures.push(`${mutant.name}: no line: ${text.slice(0, 300)}`);
      }
      // Whatever was accepted is in the contract's shape: counts are whole numbers of 0 or more.
      for (const series of result.series) {
        for (const rows of series.byPeriod.values()) {
          for (const value of rows.values()) if (!Number.isSafeInteger(value) || value < 0) failures.push(`${mutant.name}: count ${value} in ${series.table}/${series.series}`);
        }
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`fuzz-import: ${count} mutants of ${all.length} files (${streamed} streamed) in ${seconds.toFixed(1)} s; ${withErrors} with errors; slowest ${Math.round(slowest.ms)} ms (${slowest.name.slice(0, 120)})`);
  expect(count).toBe(all.reduce((n, s) => n + s.mutants, 0));
  expect(failures.slice(0, 30)).toEqual([]);
}

describe('fuzzing the importers', () => {
  it('over 1,000 mutants of our own fixtures: no throw, no hang, every error names the file and (in a CSV) the line', async () => {
    const all = ownSources();
    expect(all.reduce((n, s) => n + s.mutants, 0)).toBeGreaterThanOrEqual(1000);
    await fuzz(all);
  }, 300_000);

  it('mutants of every published file: no throw, no hang, every error names the file and (in a CSV) the line', async (ctx) => {
    needRealData(ctx);
    const all = realSources();
    expect(all.length).toBeGreaterThan(0);
    await fuzz(all);
  }, 300_000);

  it('quotes at most 100 characters of a cell, and names the nearest borough of a 200 KB one at once (found by fuzzing)', () => {
    const header = 'MajorText,MinorText,BoroughName,202401,202402';
    const long = 'x'.repeat(200_000);
    const started = performance.now();
    const result = convertText('long.csv', `${header}\nSEXUAL OFFENCES,RAPE,Croydon,1,${long}\nSEXUAL OFFENCES,RAPE,${long},1,2\n`, { currentMonth: CURRENT_MONTH });
    // Loose enough never to flake on a busy machine; a quadratic search would take minutes.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.problems.length).toBeGreaterThan(0);
    for (const problem of result.problems) expect(describeImportProblem(problem).length).toBeLessThan(400);
    expect(result.problems.map((p) => p.message).join('\n')).toContain(`"${'x'.repeat(100)}…"`);
  });
});
