/**
 * Writing the imported files into the --out folder. The importer writes only its own files: the
 * contract CSVs, the boundary file and manifest.json. A folder holding anything else (a web app's
 * public/ folder, say, whose manifest.json is the app's) is refused, naming what it holds, unless
 * told --force; even then nothing of anyone else's is replaced or removed. Files are written to a
 * temporary folder beside the target, checked there by the app's own loader (the same checks the
 * browser runs), and only then moved in, each by an atomic rename, manifest.json last, so a site
 * serving the folder never reads half a file. Any failure before the moves leaves the folder as it was.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TABLES, type Manifest } from '../../src/data/contract';
import { loadTables } from '../../src/data/load';
import { describeProblem, type LoadProblem } from '../../src/data/validate';
import { BOUNDARY_FILE, type OutputFile } from '../../src/data/import';
import { startNodeDatabase } from '../../tests/unit/helpers/node-database';

/** Loads a written folder with the app's loader; returns its problems and rows per table. */
export async function validateFolder(folder: string, currentMonth: string): Promise<{ problems: LoadProblem[]; rows: Record<string, number> }> {
  const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
  const db = await startNodeDatabase();
  const result = await loadTables(db, manifest, async (file) => new Uint8Array(await readFile(path.join(folder, file))), currentMonth);
  const rows = Object.fromEntries(result.tables.filter((t) => t.loaded).map((t) => [t.table, t.rows]));
  return { problems: result.problems, rows };
}

const MANIFEST = 'manifest.json';

/**
 * The folder's manifest.json, if it is one of the dashboard's (a sample or an import): a `sample`
 * flag and a list of files. Null when there is none, or it is something else's (a web app manifest).
 */
function dashboardManifest(out: string): Manifest | null {
  try {
    const json = JSON.parse(readFileSync(path.join(out, MANIFEST), 'utf8')) as unknown;
    if (typeof json !== 'object' || json === null) return null;
    const { sample, files } = json as { sample?: unknown; files?: unknown };
    if (typeof sample !== 'boolean') return null;
    if (files !== undefined && !(Array.isArray(files) && files.every((f) => typeof f === 'object' && f !== null && typeof (f as { path?: unknown }).path === 'string'))) return null;
    return json as Manifest;
  } catch {
    return null;
  }
}

/**
 * The names in `out` the importer wrote (or would have): with a dashboard manifest there, the
 * manifest, the files it lists, and the contract's own file names. Without one, nothing.
 */
export function ownEntries(out: string): Set<string> {
  const manifest = existsSync(out) ? dashboardManifest(out) : null;
  if (!manifest) return new Set();
  return new Set([
    MANIFEST,
    ...TABLES.map((t) => `${t.name}.csv`),
    BOUNDARY_FILE,
    ...(manifest.files ?? []).map((f) => f.path),
    ...(manifest.boundaries ? [manifest.boundaries] : []),
  ]);
}

/**
 * Folders of a data folder that the importer does not make and leaves as they are: the Get support
 * list (data/support/) is versioned with the code, not imported.
 */
export const KEPT_FOLDERS = ['support'] as const;

/** What `out` holds that the importer did not write: files and folders, by name, folders ending in /. */
export function foreignEntries(out: string): string[] {
  if (!existsSync(out)) return [];
  const own = ownEntries(out);
  const isFolder = (name: string) => statSync(path.join(out, name)).isDirectory();
  // A data folder's own kept folders belong there (only where the manifest is the dashboard's).
  const kept = (name: string) => own.size > 0 && isFolder(name) && (KEPT_FOLDERS as readonly string[]).includes(name);
  return readdirSync(out)
    .filter((name) => !kept(name) && (!own.has(name) || isFolder(name)))
    .map((name) => (isFolder(name) ? `${name}/` : name))
    .sort();
}

/** "a, b and 3 more". */
function listed(names: readonly string[]): string {
  const shown = names.slice(0, 8).join(', ');
  return names.length > 8 ? `${shown} and ${names.length - 8} more` : shown;
}

/** Why `out` may not be written, or null. `force` allows writing beside others' files, never over them. */
export function checkWritable(out: string, writes: readonly string[], force: boolean): string | null {
  if (existsSync(out) && !statSync(out).isDirectory()) return `${out} is a file, not a folder`;
  const foreign = foreignEntries(out);
  if (foreign.length === 0) return null;
  const clash = writes.filter((name) => foreign.includes(name));
  if (force && clash.length === 0) return null;
  const held = `${out} holds files the importer did not write: ${listed(foreign)}.`;
  if (clash.length > 0) {
    return `${held} ${listed(clash)} would have to be replaced, so nothing is written, even with --force: choose an empty or new folder`;
  }
  return `${held} Choose an empty or new folder, or add --force to write the dashboard's files beside them (they are left as they are)`;
}

export async function writeFolderAtomically(
  out: string,
  files: readonly OutputFile[],
  currentMonth: string,
  options: { force?: boolean } = {},
): Promise<{ ok: true; rows: Record<string, number>; removed: string[] } | { ok: false; message: string }> {
  const refusal = checkWritable(out, files.map((f) => f.name), options.force ?? false);
  if (refusal) return { ok: false, message: refusal };
  const parent = path.dirname(path.resolve(out));
  await mkdir(parent, { recursive: true });
  // Beside the target, so that each rename stays on one file system.
  const staging = await mkdtemp(path.join(parent, `.${path.basename(out)}.import-`));
  try {
    // mkdtemp makes a private folder; a data folder is published as it is, so make it readable.
    await chmod(staging, 0o755);
    for (const file of files) await writeFile(path.join(staging, file.name), file.text, 'utf8');
    const { problems, rows } = await validateFolder(staging, currentMonth);
    if (problems.length > 0) {
      return { ok: false, message: `the converted files failed the dashboard's own checks:\n${problems.map((p) => `  ${describeProblem(p)}`).join('\n')}` };
    }
    const before = ownEntries(out);
    await mkdir(out, { recursive: true });
    // Each file moved in by one rename (atomic: a reader sees the old file or the new, never half);
    // the manifest last, so it never names a file not yet there.
    const ordered = [...files.filter((f) => f.name !== MANIFEST), ...files.filter((f) => f.name === MANIFEST)];
    for (const file of ordered) await rename(path.join(staging, file.name), path.join(out, file.name));
    // The importer's own files from before that the new manifest no longer lists (never anyone else's).
    const written = new Set(files.map((f) => f.name));
    const removed = [...before].filter((name) => !written.has(name) && existsSync(path.join(out, name)) && statSync(path.join(out, name)).isFile()).sort();
    for (const name of removed) await rm(path.join(out, name));
    return { ok: true, rows, removed };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
