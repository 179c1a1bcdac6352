/**
 * Downloads the current official files from the London Datastore and imports them:
 *
 *   npm run data:fetch -- [--base URL] [--out DIR] [--list FILE.json] [--timeout SECONDS]
 *
 * Each file's current address is asked of its dataset's API at run time (the Datastore gives
 * every monthly refresh a new address; scripts/fetch/resolve.ts), falling back, with the reason
 * said, to the fixed address in the list (scripts/fetch/published-files.ts). --base URL puts
 * another host in the Datastore's place, for the API and the downloads alike (a local stand-in,
 * tests/helpers/datastore-stand-in.ts, or a mirror).
 *
 * Files are downloaded into a temporary folder, each checked (scripts/fetch/download.ts), and
 * only when every one has arrived are they imported (scripts/import-data.ts), which replaces DIR
 * (default data/) only after the app's own loader accepts the result. Any failure leaves DIR
 * untouched and says which file, from where, and why.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { download, DownloadError, reason } from './fetch/download';
import { PUBLISHED_FILES, type PublishedFile } from './fetch/published-files';
import { DATASTORE_ROOT, DatasetLookup, resolveAddress } from './fetch/resolve';
import { runImport, type ImportOutcome } from './import-data';

export { PUBLISHED_FILES, type PublishedFile } from './fetch/published-files';

export const DEFAULT_BASE = DATASTORE_ROOT;

export interface FetchOptions {
  /** The Datastore's root (default https://data.london.gov.uk/): its API and downloads are under it. */
  base?: string;
  out: string;
  files?: readonly PublishedFile[];
  /** Per file, for the whole download. Default 5 minutes. */
  timeoutMs?: number;
  /** For each question to a dataset's API. Default 30 seconds (or timeoutMs, if shorter). */
  apiTimeoutMs?: number;
  currentMonth?: string;
  log?: (line: string) => void;
}

/**
 * The root from --base. A base ending in download/ (what --base meant when it named the download
 * folder) is taken to mean the site above it, and that is said.
 */
function rootOf(base: string, say: (line: string) => void): URL {
  const root = new URL(base.replace(/\/?$/, '/'));
  if (/\/download\/$/.test(root.pathname)) {
    const above = new URL('../', root);
    say(`--base ${base} names a download folder; using ${above.href} for the datasets' API and the downloads.`);
    return above;
  }
  return root;
}

export interface DownloadOptions {
  base?: string;
  files?: readonly PublishedFile[];
  timeoutMs?: number;
  apiTimeoutMs?: number;
  /** Where the files go (an empty folder). */
  folder: string;
  say: (line: string) => void;
}

/**
 * Finds and downloads every file into `folder`, in the list's order, stopping at the first that
 * fails (having said which, from where, and why). Returns the files saved, or null on failure.
 */
export async function downloadPublished(options: DownloadOptions): Promise<string[] | null> {
  const { say, folder } = options;
  const root = rootOf(options.base ?? DEFAULT_BASE, say);
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const lookup = new DatasetLookup(root, options.apiTimeoutMs ?? Math.min(30_000, timeoutMs));
  const saved: string[] = [];
  for (const f of options.files ?? PUBLISHED_FILES) {
    const address = await resolveAddress(f, lookup);
    const name = path.basename(address.fileName);
    const file = path.join(folder, name);
    if (saved.includes(file)) {
      say(`Two entries of the list resolve to the same file, ${name}: ${f.name} cannot be told apart from another.`);
      return null;
    }
    say(address.found);
    try {
      const bytes = await download(address.url, file, timeoutMs);
      say(`Downloaded ${name} (${(bytes / 1024 / 1024).toFixed(1)} MB) from ${address.url.href}`);
      saved.push(file);
    } catch (error) {
      const why = error instanceof DownloadError ? error.message : reason(error);
      say(`Download failed: ${name} (${f.what}) from ${address.url.href} (${address.origin}): ${why}.${f.page ? ` Its current address is on ${f.page}` : ''}`);
      return null;
    }
  }
  return saved;
}

export async function fetchData(options: FetchOptions): Promise<{ ok: boolean; report: string[]; outcome?: ImportOutcome }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const report: string[] = [];
  const say = (line: string) => {
    report.push(line);
    log(line);
  };
  const folder = await mkdtemp(path.join(os.tmpdir(), 'dsv-fetch-'));
  try {
    // Every file is downloaded and checked before anything is imported.
    const saved = await downloadPublished({ ...options, folder, say });
    if (!saved) {
      say(`Nothing was imported; ${options.out} is unchanged.`);
      return { ok: false, report };
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

/** A --list file: a JSON array of entries shaped as PublishedFile. */
async function readList(file: string): Promise<PublishedFile[]> {
  const list = JSON.parse(await readFile(file, 'utf8')) as unknown;
  const strings = (o: Record<string, unknown>, keys: string[]) => keys.every((k) => o[k] === undefined || typeof o[k] === 'string');
  if (!Array.isArray(list)) throw new Error(`${file} is not a JSON array of files`);
  list.forEach((entry: unknown, i) => {
    const o = (entry ?? {}) as Record<string, unknown>;
    if (typeof o.name !== 'string' || typeof o.path !== 'string' || typeof o.what !== 'string' || !strings(o, ['dataset', 'pattern', 'page'])) {
      throw new Error(`${file}, entry ${i + 1}: needs name, path and what (strings), and optionally dataset, pattern and page (strings)`);
    }
    if (typeof o.pattern === 'string') new RegExp(o.pattern, 'i');
  });
  return list as PublishedFile[];
}

const USAGE = `Usage: npm run data:fetch -- [--base URL] [--out DIR] [--list FILE.json] [--timeout SECONDS]
  --base URL       the Datastore's root (default ${DEFAULT_BASE}): each dataset's API is asked under
                   its api/ and the files are downloaded from under its download/
  --out DIR        the data folder to replace (default data/), only once everything has arrived and imported
  --list FILE      a JSON array of files instead of the built-in list: { name, what, path, dataset?,
                   pattern?, page? }, path relative to download/, pattern a regular expression
  --timeout SECS   for each download (default 300)`;

async function main(argv: readonly string[]): Promise<boolean> {
  const options: FetchOptions = { out: 'data' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = argv[i + 1];
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      return true;
    }
    if (value === undefined || !['--base', '--out', '--list', '--timeout'].includes(arg)) throw new Error(`Unknown or incomplete argument: ${arg}\n${USAGE}`);
    i++;
    if (arg === '--base') options.base = value;
    else if (arg === '--out') options.out = value;
    else if (arg === '--timeout') options.timeoutMs = Number(value) * 1000;
    else options.files = await readList(value);
  }
  return (await fetchData(options)).ok;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  // A wrong argument or --list file is said in a sentence, not a stack trace.
  process.exitCode = await main(process.argv.slice(2)).then(
    (ok) => (ok ? 0 : 1),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      return 2;
    },
  );
}
