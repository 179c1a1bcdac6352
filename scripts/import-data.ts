/**
 * Imports published files into the data contract:
 *
 *   npm run data:import -- [--out DIR] [--force] [--month YYYY-MM] <files…>
 *
 * Each file's format is detected from its header (src/data/import/formats.ts); files are read as
 * streams, line by line, so a 200 MB file neither loads whole nor stalls, with progress on
 * stderr. Where files overlap, each month comes from one file (src/data/import/splice.ts: the file allocating most
 * offences to boroughs, then the newest), never a sum. The result (contract
 * CSVs and a manifest saying sample: false, with sources and the Open Government Licence
 * attribution) is validated by the app's own loader in a temporary folder and only then moved into
 * DIR (default data/), each file by an atomic rename. The importer writes only its own files: a DIR
 * holding anything it did not write is refused, naming what is there, unless --force (which writes
 * beside them and still never replaces or removes them). Exits non-zero, leaving DIR untouched, on
 * any error.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  buildOutput,
  convertStream,
  formatReport,
  hasErrors,
  mergeResults,
  type FileResult,
  type Progress,
} from '../src/data/import';
import { binaryFileMessage } from '../src/data/file-kind';
import { monthOf } from '../src/data/import/periods';
import { writeFolderAtomically } from './import/write-folder';

export interface ImportOptions {
  files: readonly string[];
  out: string;
  /** Write into a folder that holds files the importer did not write (leaving them as they are). */
  force?: boolean;
  /** Months after it are in the future. Default: this month. */
  currentMonth?: string;
  /** Where report lines go (default: stdout). */
  log?: (line: string) => void;
  /** Where progress goes (default: stderr for files over 8 MB; none when null). */
  progress?: ((p: Progress) => void) | null;
  /** Date written into the manifest (default: today). */
  generated?: string;
}

export interface ImportOutcome {
  ok: boolean;
  results: FileResult[];
  report: string[];
  /** Rows per table as the app's loader read them back, when written. */
  rows?: Record<string, number>;
}

const MB = 1024 * 1024;

/** Progress on stderr: a line that rewrites itself on a terminal, a line per tenth otherwise. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (p: Progress) => void {
  let lastShown = -1;
  return (p) => {
    if (!p.totalBytes || p.totalBytes < 8 * MB) return;
    const percent = Math.floor((p.bytesRead / p.totalBytes) * 100);
    const step = stream.isTTY ? 1 : 10;
    if (Math.floor(percent / step) === Math.floor(lastShown / step) && p.bytesRead < p.totalBytes) return;
    lastShown = percent;
    const text = `reading ${p.file}: ${percent}% (${(p.bytesRead / MB).toFixed(0)} of ${(p.totalBytes / MB).toFixed(0)} MB, ${p.rows.toLocaleString('en-GB')} rows)`;
    if (stream.isTTY) stream.write(`\r${text}${p.bytesRead >= p.totalBytes ? '\n' : ''}`);
    else stream.write(`${text}\n`);
  };
}

/** The first 64 KB of a file (what tells a text file from a binary one). */
async function firstBytes(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Names files by their base name, or by the path given when two share a name. */
function displayNames(files: readonly string[]): string[] {
  const bases = files.map((f) => path.basename(f));
  return files.map((f, i) => (bases.filter((b) => b === bases[i]).length > 1 ? f : bases[i]!));
}

/** Files read by people, not the importer: the notes published beside the data (SOURCES.md). */
const DOCUMENT = /\.(md|markdown)$/i;

export async function runImport(options: ImportOptions): Promise<ImportOutcome> {
  const log = options.log ?? ((line: string) => console.log(line));
  const currentMonth = options.currentMonth ?? monthOf(new Date());
  const progress = options.progress === undefined ? progressPrinter() : options.progress;
  // Documents that travel with published files (SOURCES.md, README.md) are for people: said and left out.
  const leftOut: string[] = [];
  const fail = (message: string, results: FileResult[] = []): ImportOutcome => {
    const report = [...leftOut, ...(results.length > 0 ? formatReport(results, null) : []), `Import failed: ${message}`, 'Nothing was written.'];
    report.forEach((l) => log(l));
    return { ok: false, results, report };
  };

  if (options.files.length === 0) return fail('no files given. Usage: npm run data:import -- [--out DIR] [--force] <files…>');
  const names = displayNames(options.files);
  const results: FileResult[] = [];
  for (const [i, file] of options.files.entries()) {
    let size: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) return fail(`${file} is not a file`, results);
      size = info.size;
    } catch {
      return fail(`${file} does not exist`, results);
    }
    if (DOCUMENT.test(file)) {
      leftOut.push(`${names[i]}: a document (Markdown), not a data file, so it is left out`);
      continue;
    }
    // A compressed download or a spreadsheet is named as what it is, not read as a header of noise.
    const notText = binaryFileMessage(await firstBytes(file));
    if (notText) return fail(`${names[i]}: ${notText}`, results);
    results.push(
      await convertStream(names[i]!, () => createReadStream(file, { highWaterMark: 256 * 1024 }), {
        currentMonth,
        totalBytes: size,
        ...(progress ? { onProgress: progress } : {}),
      }),
    );
  }

  if (results.some((r) => hasErrors(r.problems))) return fail('the files above have errors', results);
  const merged = mergeResults(results);
  if (hasErrors(merged.problems)) return fail('the files could not be put together', results);
  if (!merged.tables.offences) return fail('none of the files has offences the dashboard shows (rape, other sexual offences, domestic abuse, stalking and harassment)', results);

  const generated = options.generated ?? new Date().toISOString().slice(0, 10);
  const { files } = buildOutput(merged, { generated });
  const written = await writeFolderAtomically(options.out, files, currentMonth, { force: options.force ?? false });
  const report = [...leftOut, ...formatReport(results, merged)];
  if (!written.ok) {
    report.push(`Import failed: ${written.message}`, `Nothing was written; ${options.out} is unchanged.`);
    report.forEach((l) => log(l));
    return { ok: false, results, report };
  }
  report.push(`Wrote ${files.map((f) => f.name).join(', ')} to ${options.out} (checked by the dashboard's loader: ${Object.entries(written.rows).map(([t, n]) => `${t} ${n.toLocaleString('en-GB')} rows`).join(', ')}).`);
  if (written.removed.length > 0) report.push(`Removed the importer's own earlier files that the new manifest no longer lists: ${written.removed.join(', ')}.`);
  report.forEach((l) => log(l));
  return { ok: true, results, report, rows: written.rows };
}

function parseArguments(argv: readonly string[]): { out: string; force: boolean; month?: string; files: string[] } {
  const args: { out: string; force: boolean; month?: string; files: string[] } = { out: 'data', force: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--force') {
      args.force = true;
    } else if (arg === '--out' || arg === '--month') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      if (arg === '--out') args.out = value;
      else args.month = value;
    } else if (arg === '--help' || arg === '-h') {
      console.log('Usage: npm run data:import -- [--out DIR] [--force] [--month YYYY-MM] <files…>');
      process.exit(0);
    } else {
      args.files.push(arg);
    }
  }
  return args;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = parseArguments(process.argv.slice(2));
  const outcome = await runImport({ files: args.files, out: args.out, force: args.force, ...(args.month ? { currentMonth: args.month } : {}) });
  process.exitCode = outcome.ok ? 0 : 1;
}
