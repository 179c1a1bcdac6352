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
  /** The dataset's page, where the current address of a moved file can be found (for messages). */
  page?: string;
}

/**
 * The London Datastore's download area. In 2025 the Datastore moved to addresses of the form
 * download/<dataset id>/<resource id>/<file name>, where the dataset id is the code at the end of
 * its page's address (exy3m for recorded crime, e5n6w for the crime dashboard). Each monthly
 * refresh of a file is uploaded as a new resource with a new id, so a fixed address goes stale
 * (HammerThunderr/LONDON_OPEN_DATA, scrapers/crime.py, June 2026, which therefore looks the file
 * up on the dataset at run time). If a download fails with HTTP 404 or a web page, find the file
 * on the dataset page the message names and pass an updated list with --list (a JSON array of
 * { name, path, what }), or another --base.
 *
 * Each address below is the newest seen in public code that downloads the file (issue 15: the
 * live Datastore was not contacted); where it was seen is noted beside it.
 */
export const DEFAULT_BASE = 'https://data.london.gov.uk/download/';

const RECORDED_CRIME_PAGE = 'https://data.london.gov.uk/dataset/mps-recorded-crime-geographic-breakdown-exy3m';
const CRIME_DASHBOARD_PAGE = 'https://data.london.gov.uk/dataset/mps-monthly-crime-dashboard-data-e5n6w';
const POPULATION_DENSITY_PAGE = 'https://data.london.gov.uk/dataset/land-area-and-population-density-ward-and-borough-e1zp8';

export const PUBLISHED_FILES: readonly PublishedFile[] = [
  {
    // Seen in mohsenny/crime-atlas, scripts/prepare-data/sources.ts (londonCrimeHistorical), 2026.
    // Its header is now Group,SubGroup,BOCU,… (HammerThunderr/LONDON_OPEN_DATA, scrapers/crime.py),
    // which the importer reads by what the columns hold.
    name: 'MPS Borough Level Crime (Historical).csv',
    path: 'exy3m/6b725bdf-f863-4a7c-a1b4-c2bc15d547e1/MPS%20Borough%20Level%20Crime%20%28Historical%29.csv',
    what: 'MPS Borough Level Crime, historical',
    page: RECORDED_CRIME_PAGE,
  },
  {
    // Seen in mohsenny/crime-atlas, scripts/prepare-data/sources.ts (londonCrimeRecent), 2026.
    name: 'MPS Borough Level Crime (most recent 24 months).csv',
    path: 'exy3m/f3c80ea8-c2d6-4920-80ab-6a5a478e59e7/MPS%20Borough%20Level%20Crime%20%28most%20recent%2024%20months%29.csv',
    what: 'MPS Borough Level Crime, the latest 24 months',
    page: RECORDED_CRIME_PAGE,
  },
  {
    // The newest address for this file seen in public code: Micheal-Slade/sol-targets, crime_data.R
    // and mps_monthly_crim_dashboard_data_urls.csv (2024). Since June 2024 the dashboard's files are
    // compiled from CONNECT and named M1045_MonthlyCrimeDashboard_…; the sibling TNO file is at
    // e5n6w/hkc/M1045_MonthlyCrimeDashboard_TNOCrimeData.csv (stanford-chris/london-index,
    // london_index_harvest.py, September 2026), but no public code shows this file's new address.
    name: 'MPS_MonthlyCrimeDashboard_OtherCrimeData.csv',
    path: 'mps-monthly-crime-dahboard-data/af3d9b5c-935b-45cd-b0a1-5e289fec06c1/MPS_MonthlyCrimeDashboard_OtherCrimeData.csv',
    what: 'MPS Monthly Crime Dashboard Data, other crime (domestic abuse)',
    page: CRIME_DASHBOARD_PAGE,
  },
  {
    // The address in this list before; still what public scripts read (R and D3 code reading
    // housing-density-borough.csv). The dataset is now …-ward-and-borough-e1zp8, and no newer
    // address for the file was found in public code.
    name: 'housing-density-borough.csv',
    path: 'land-area-and-population-density-ward-and-borough/77e9257d-ad9d-47aa-aeed-59a00741f301/housing-density-borough.csv',
    what: 'borough population (ONS mid-year estimates, GLA projections)',
    page: POPULATION_DENSITY_PAGE,
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
        say(`Download failed: ${f.name} (${f.what}) from ${url.href}: ${why}.${f.page ? ` Its current address is on ${f.page}` : ''}`);
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
