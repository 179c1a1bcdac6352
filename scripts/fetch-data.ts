/**
 * Downloads the current official files from their published addresses and imports them:
 *
 *   npm run data:fetch -- [--base URL] [--out DIR] [--list FILE.json] [--timeout SECONDS]
 *
 * Files are downloaded into a temporary folder, each checked (HTTP status, not a web page, the
 * whole body received: as many bytes as Content-Length said), and only when every one has
 * arrived are they imported (scripts/import-data.ts), which replaces DIR (default data/) only
 * after the app's own loader accepts the result. Any failure leaves DIR untouched and says why.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { runImport, type ImportOutcome } from './import-data';

export interface PublishedFile {
  /** File name to save as (the published name). */
  name: string;
  /** Address relative to the base URL. */
  path: string;
  /** What it is, for messages. */
  what: string;
}

/**
 * The London Datastore's download area. These addresses are the ones believed right when this
 * was written (they appear in code that downloads them). The Datastore puts an id in each
 * address, and a republished file can get a new one: if a download fails with HTTP 404, find the
 * file on its dataset page (https://data.london.gov.uk/dataset/recorded_crime_summary,
 * …/mps-monthly-crime-dahboard-data, …/land-area-and-population-density-ward-and-borough) and
 * pass an updated list with --list (a JSON array of { name, path, what }), or another --base.
 */
export const DEFAULT_BASE = 'https://data.london.gov.uk/download/';

export const PUBLISHED_FILES: readonly PublishedFile[] = [
  {
    name: 'MPS Borough Level Crime (Historical).csv',
    path: 'recorded_crime_summary/a1b36c68-cd08-4a8a-99c2-c2313165b744/MPS%20Borough%20Level%20Crime%20%28Historical%29.csv',
    what: 'MPS Borough Level Crime, from April 2010',
  },
  {
    name: 'MPS Borough Level Crime (most recent 24 months).csv',
    path: 'recorded_crime_summary/d2e9ccfc-a054-41e3-89fb-53c2bc3ed87a/MPS%20Borough%20Level%20Crime%20%28most%20recent%2024%20months%29.csv',
    what: 'MPS Borough Level Crime, the latest 24 months',
  },
  {
    name: 'MPS_MonthlyCrimeDashboard_OtherCrimeData.csv',
    path: 'mps-monthly-crime-dahboard-data/af3d9b5c-935b-45cd-b0a1-5e289fec06c1/MPS_MonthlyCrimeDashboard_OtherCrimeData.csv',
    what: 'MPS Monthly Crime Dashboard Data, other crime (domestic abuse)',
  },
  {
    name: 'housing-density-borough.csv',
    path: 'land-area-and-population-density-ward-and-borough/77e9257d-ad9d-47aa-aeed-59a00741f301/housing-density-borough.csv',
    what: 'borough population (ONS mid-year estimates, GLA projections)',
  },
];

export interface FetchOptions {
  base?: string;
  out: string;
  files?: readonly PublishedFile[];
  /** Per file, for the whole download. Default 5 minutes. */
  timeoutMs?: number;
  currentMonth?: string;
  log?: (line: string) => void;
}

/** Anything shorter cannot be one of these files (a header alone is longer). */
const MIN_BYTES = 40;

class DownloadError extends Error {}

async function download(url: URL, file: string, timeoutMs: number): Promise<number> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    throw new DownloadError(`could not connect: ${reason(error)}`);
  }
  if (!response.ok) throw new DownloadError(`the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  if (/text\/html/i.test(response.headers.get('content-type') ?? '')) {
    throw new DownloadError('the server sent a web page, not the file (the address may have changed)');
  }
  if (!response.body) throw new DownloadError('the server sent no body');
  const expected = response.headers.get('content-length');
  let received = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>), count, createWriteStream(file));
  } catch (error) {
    throw new DownloadError(`the download broke off after ${received.toLocaleString('en-GB')} bytes${expected ? ` of ${Number(expected).toLocaleString('en-GB')}` : ''}: ${reason(error)}`);
  }
  if (expected !== null && Number(expected) !== received) {
    throw new DownloadError(`only ${received.toLocaleString('en-GB')} of ${Number(expected).toLocaleString('en-GB')} bytes arrived`);
  }
  if (received < MIN_BYTES) throw new DownloadError(`only ${received} bytes arrived, too few to be the file`);
  return received;
}

function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

export async function fetchData(options: FetchOptions): Promise<{ ok: boolean; report: string[]; outcome?: ImportOutcome }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const report: string[] = [];
  const say = (line: string) => {
    report.push(line);
    log(line);
  };
  const base = (options.base ?? DEFAULT_BASE).replace(/\/?$/, '/');
  const files = options.files ?? PUBLISHED_FILES;
  const folder = await mkdtemp(path.join(os.tmpdir(), 'dsv-fetch-'));
  try {
    const saved: string[] = [];
    for (const f of files) {
      const url = new URL(f.path, base);
      const file = path.join(folder, path.basename(f.name));
      try {
        const bytes = await download(url, file, options.timeoutMs ?? 5 * 60_000);
        say(`Downloaded ${f.name} (${(bytes / 1024 / 1024).toFixed(1)} MB) from ${url.href}`);
        saved.push(file);
      } catch (error) {
        const why = error instanceof DownloadError ? error.message : reason(error);
        say(`Download failed: ${f.name} (${f.what}) from ${url.href}: ${why}.`);
        say(`Nothing was imported; ${options.out} is unchanged.`);
        return { ok: false, report };
      }
    }
    const outcome = await runImport({
      files: saved,
      out: options.out,
      ...(options.currentMonth ? { currentMonth: options.currentMonth } : {}),
      log: say,
    });
    return { ok: outcome.ok, report, outcome };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function main(argv: readonly string[]): Promise<boolean> {
  const options: FetchOptions = { out: 'data' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = argv[i + 1];
    if (arg === '--help' || arg === '-h') {
      console.log('Usage: npm run data:fetch -- [--base URL] [--out DIR] [--list FILE.json] [--timeout SECONDS]');
      return true;
    }
    if (value === undefined || !['--base', '--out', '--list', '--timeout'].includes(arg)) throw new Error(`Unknown or incomplete argument: ${arg}`);
    i++;
    if (arg === '--base') options.base = value;
    else if (arg === '--out') options.out = value;
    else if (arg === '--timeout') options.timeoutMs = Number(value) * 1000;
    else options.files = JSON.parse(await readFile(value, 'utf8')) as PublishedFile[];
  }
  return (await fetchData(options)).ok;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = (await main(process.argv.slice(2))) ? 0 : 1;
}
