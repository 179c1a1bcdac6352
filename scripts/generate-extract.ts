/**
 * Writes a synthetic incident-level extract (incident_id, victim_id, date, borough), the kind of file
 * an analyst loads in analyst mode on page 2, so that the repeat-victimisation engine can be timed and
 * tried without real data. It is deterministic: the same options always give the same bytes.
 *
 *   npx tsx scripts/generate-extract.ts <path> [--incidents 1000000] [--seed 1] [--start 2021-01] [--months 48]
 *
 * Every person in it is invented. The shape is loosely London-like: each victim has a home borough,
 * about a third have more than one incident, gaps between incidents are weeks to months, and now and
 * then an incident is recorded in another borough (so some victims count in two).
 */
import { createWriteStream } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { BOROUGH_NAMES } from '../src/data/boroughs';
import { addMonths } from '../src/data/months';
import { seededRandom as random } from './sample/random';

export interface GenerateExtractOptions {
  /** Incidents to write (rows after the header). */
  incidents: number;
  /** Seed of the random sequence: a different seed gives a different, equally plausible extract. */
  seed?: number;
  /** First month incidents may fall in, `YYYY-MM`. */
  start?: string;
  /** How many months incidents span. */
  months?: number;
}

export const EXTRACT_HEADER = 'incident_id,victim_id,date,borough';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How many incidents one victim has: most one, some many (a long tail, as in real DA data). */
function incidentCount(next: () => number): number {
  if (next() < 0.66) return 1;
  let n = 2;
  while (next() < 0.45 && n < 40) n += 1;
  return n;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Data rows, one string per incident, without the header. */
export function* extractRows(options: GenerateExtractOptions): Generator<string> {
  const next = random(options.seed ?? 1);
  const start = Date.parse(`${options.start ?? '2021-01'}-01T00:00:00Z`);
  const end = Date.parse(`${addMonths(options.start ?? '2021-01', options.months ?? 48)}-01T00:00:00Z`);
  const pick = () => BOROUGH_NAMES[Math.floor(next() * BOROUGH_NAMES.length)]!;
  let written = 0;
  for (let victim = 1; written < options.incidents; victim += 1) {
    const home = pick();
    let day = start + Math.floor(next() * ((end - start) / DAY_MS)) * DAY_MS;
    const count = incidentCount(next);
    for (let i = 0; i < count && day < end && written < options.incidents; i += 1) {
      // One incident in twenty is recorded away from home (a victim who moves, or is followed).
      const borough = next() < 0.05 ? pick() : home;
      written += 1;
      yield `INC${String(written).padStart(8, '0')},V${String(victim).padStart(7, '0')},${isoDate(day)},${borough}`;
      // Gaps of days to many months (exponential, mean about 80 days).
      day += Math.floor(-Math.log(1 - next()) * 80) * DAY_MS;
    }
  }
}

/** The whole extract as one string (header and rows): handy for tests of a few thousand rows. */
export function generateExtractCsv(options: GenerateExtractOptions): string {
  return `${EXTRACT_HEADER}\n${[...extractRows(options)].join('\n')}\n`;
}

/** Writes the extract to `file` in chunks, so a million rows never sit in memory as one string. */
export async function writeExtract(file: string, options: GenerateExtractOptions): Promise<void> {
  const out = createWriteStream(file);
  const write = (text: string) => new Promise<void>((resolve, reject) => out.write(text, (e) => (e ? reject(e) : resolve())));
  await write(`${EXTRACT_HEADER}\n`);
  let chunk: string[] = [];
  for (const row of extractRows(options)) {
    chunk.push(row);
    if (chunk.length === 10_000) {
      await write(`${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) await write(`${chunk.join('\n')}\n`);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

function parseArgs(argv: string[]): { file: string; options: GenerateExtractOptions } {
  const file = argv.find((a, i) => !a.startsWith('--') && !(argv[i - 1] ?? '').startsWith('--'));
  if (!file) throw new Error('usage: npx tsx scripts/generate-extract.ts <path> [--incidents N] [--seed S] [--start YYYY-MM] [--months M]');
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    file,
    options: {
      incidents: Number(flag('incidents') ?? 1_000_000),
      seed: Number(flag('seed') ?? 1),
      start: flag('start') ?? '2021-01',
      months: Number(flag('months') ?? 48),
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { file, options } = parseArgs(process.argv.slice(2));
  await writeExtract(file, options);
  console.log(`wrote ${options.incidents} incidents to ${file}`);
}
