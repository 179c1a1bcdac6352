/**
 * Writing the imported folder atomically: files go to a temporary folder beside the target,
 * are validated there by the app's own loader (the same checks the browser runs), and only then
 * replace the target. Any failure leaves the target as it was.
 */
import { existsSync, readdirSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Manifest } from '../../src/data/contract';
import { loadTables } from '../../src/data/load';
import { describeProblem, type LoadProblem } from '../../src/data/validate';
import type { OutputFile } from '../../src/data/import';
import { startNodeDatabase } from '../../tests/unit/helpers/node-database';

/** Loads a written folder with the app's loader; returns its problems and rows per table. */
export async function validateFolder(folder: string, currentMonth: string): Promise<{ problems: LoadProblem[]; rows: Record<string, number> }> {
  const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
  const db = await startNodeDatabase();
  const result = await loadTables(db, manifest, async (file) => new Uint8Array(await readFile(path.join(folder, file))), currentMonth);
  const rows = Object.fromEntries(result.tables.filter((t) => t.loaded).map((t) => [t.table, t.rows]));
  return { problems: result.problems, rows };
}

/**
 * A folder we may replace: absent, empty, or a data folder (it has a manifest.json). Anything
 * else (say `--out .` by mistake) is refused rather than swept away.
 */
export function checkReplaceable(out: string): string | null {
  if (!existsSync(out)) return null;
  const entries = readdirSync(out);
  if (entries.length === 0 || entries.includes('manifest.json')) return null;
  return `${out} exists and is not a data folder (it has no manifest.json), so it is not replaced; choose another --out`;
}

/**
 * Folders of a data folder that the importer does not make, and carries over when it replaces the
 * folder: the Get support list (data/support/) is versioned with the code, not imported.
 */
export const KEPT_FOLDERS = ['support'] as const;

export async function writeFolderAtomically(
  out: string,
  files: readonly OutputFile[],
  currentMonth: string,
): Promise<{ ok: true; rows: Record<string, number> } | { ok: false; message: string }> {
  const refusal = checkReplaceable(out);
  if (refusal) return { ok: false, message: refusal };
  const parent = path.dirname(path.resolve(out));
  await mkdir(parent, { recursive: true });
  // Beside the target, so that the final rename stays on one file system.
  const staging = await mkdtemp(path.join(parent, `.${path.basename(out)}.import-`));
  try {
    // mkdtemp makes a private folder; a data folder is published as it is, so make it readable.
    await chmod(staging, 0o755);
    for (const file of files) await writeFile(path.join(staging, file.name), file.text, 'utf8');
    const { problems, rows } = await validateFolder(staging, currentMonth);
    if (problems.length > 0) {
      return { ok: false, message: `the converted files failed the dashboard's own checks:\n${problems.map((p) => `  ${describeProblem(p)}`).join('\n')}` };
    }
    // Copied, not moved: until the new folder is in place, the old one must stay whole.
    for (const kept of KEPT_FOLDERS) {
      if (existsSync(path.join(out, kept))) await cp(path.join(out, kept), path.join(staging, kept), { recursive: true });
    }
    const previous = existsSync(out) ? `${staging}.previous` : null;
    if (previous) await rename(out, previous);
    try {
      await rename(staging, out);
    } catch (error) {
      if (previous) await rename(previous, out);
      throw error;
    }
    if (previous) await rm(previous, { recursive: true, force: true });
    return { ok: true, rows };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
