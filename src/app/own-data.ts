/**
 * "Use your own data": a reader chooses or drops CSV files — in the data contract (offences.csv, …)
 * or as published (MPS, ONS, Home Office formats; see src/data/import) — and the matching tables are
 * replaced with them, in this browser tab only. Nothing is uploaded. Each file is checked; problems are
 * listed by file, line and column, and a file with problems replaces nothing. Reloading the page
 * returns to the published data, as nothing is kept.
 *
 * Files are read in chunks with progress and a Cancel button, and nothing they hold keeps the page
 * busy for long (Exit this page must answer at once). A table the page has not loaded yet is loaded
 * from the published file first, so that the published copy can never arrive later on top of the
 * reader's. The database's own error text is never shown.
 */
import { TABLES, type TableName } from '../data/contract';
import type { Database } from '../data/database';
import { binaryFileProblem } from '../data/file-kind';
import type { TableSource } from '../data/first-view';
import type { FileResult } from '../data/import';
import { replaceTable } from '../data/load';
import { describeProblem } from '../data/validate';
import { fileDrop } from '../pages/file-drop';
import { readerFileNamingChoice } from '../pages/reader-files';
import { progressWithCancel, readFileInChunks, whyFileFailed } from '../pages/file-read';
import { currentMonth } from './data-info';

export interface LocalFileUse {
  table: TableName;
  /** The file (or published files) the table now comes from. */
  from: string;
  rows: number;
}

/** A contract file is named after its table and starts with that table's header. */
function contractTable(name: string, firstLine: string): TableName | null {
  const table = TABLES.find((t) => name.toLowerCase() === `${t.name}.csv`);
  if (!table) return null;
  const header = firstLine.replace(/^\uFEFF/, '').trim().toLowerCase();
  return header.split(',').map((h) => h.trim().replace(/^"|"$/g, ''))[0] === table.columns[0]!.name ? table.name : null;
}

async function firstLineOf(file: File): Promise<string> {
  const head = await file.slice(0, 4096).text();
  return head.split(/\r?\n/, 1)[0] ?? '';
}

export interface OwnDataPanel {
  element: HTMLElement;
  /**
   * Enables the panel once DuckDB has taken over (files go straight into it). `tables` loads a
   * published table before a reader's file replaces it.
   */
  enable(db: Database, tables?: TableSource): void;
}

/** `onReplaced` is called after tables were replaced, with every table now from local files. */
export function ownDataPanel(onReplaced: (uses: LocalFileUse[]) => void): OwnDataPanel {
  const element = document.createElement('details');
  element.className = 'own-data';
  element.innerHTML = `
    <summary>Use your own data files</summary>
    <div class="own-data__body">
      <p>Show the dashboard with CSV files from your computer: files in this dashboard's format
      (<code>offences.csv</code>, <code>victims.csv</code>, <code>population.csv</code>, …) or files as the
      Metropolitan Police, ONS, GLA and Home Office publish them. <strong>Your files stay on this computer:</strong>
      they are read in this browser tab and never sent anywhere. Reload the page to return to the published data.</p>
    </div>`;
  const body = element.querySelector('.own-data__body')!;
  const { element: drop, input } = fileDrop({
    id: 'own-data-files',
    label: 'Choose data files, or drop them here',
    multiple: true,
    // One load at a time: files chosen while others load wait their turn (never dropped).
    onFiles: (files) => void (queue = queue.then(() => use(files))),
  });
  input.disabled = true;
  const status = document.createElement('div');
  status.className = 'own-data__status';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  status.textContent = 'Available once the database has started.';
  const { row: progressRow, progress } = progressWithCancel('How far the files have been read', () =>
    current?.abort(new DOMException('The reader cancelled', 'AbortError')),
  );
  progressRow.hidden = true;
  // Shown once a file is in use: sources, images and downloads say "your file" unless the reader chooses.
  const naming = readerFileNamingChoice('Name my files in chart sources and downloads (otherwise they say “your file”)');
  naming.element.hidden = true;
  body.append(drop, progressRow, status, naming.element);

  const uses = new Map<TableName, LocalFileUse>();
  let database: Database | null = null;
  let loader: TableSource | null = null;
  let current: AbortController | null = null;
  let queue: Promise<void> = Promise.resolve();

  function say(lines: string[], problems: string[]): void {
    status.replaceChildren();
    for (const line of lines) {
      const p = document.createElement('p');
      p.textContent = line;
      status.append(p);
    }
    if (problems.length > 0) {
      const list = document.createElement('ul');
      list.className = 'analyst__problems';
      for (const problem of problems) {
        const item = document.createElement('li');
        item.textContent = problem;
        list.append(item);
      }
      status.append(list);
    }
  }

  async function use(files: File[]): Promise<void> {
    if (!database || files.length === 0) return;
    element.setAttribute('aria-busy', 'true');
    const controller = new AbortController();
    current = controller;
    const { signal } = controller;
    progressRow.hidden = false;
    progress.value = 0;
    const db = database;
    const lines: string[] = [];
    const problems: string[] = [];
    const replaced: LocalFileUse[] = [];
    try {
      const contract: { file: File; table: TableName }[] = [];
      const published: File[] = [];
      for (const file of files) {
        const table = contractTable(file.name, await firstLineOf(file));
        if (table) contract.push({ file, table });
        else published.push(file);
      }
      const total = files.reduce((sum, f) => sum + f.size, 0);
      let done = 0;
      const reading = (base: number) => (read: number) => (progress.value = total > 0 ? (base + read) / total : 1);
      for (const { file, table } of contract) {
        status.textContent = `Reading ${file.name}…`;
        const bytes = await readFileInChunks(file, { signal, onProgress: reading(done) });
        done += file.size;
        signal.throwIfAborted();
        status.textContent = `Checking ${file.name}…`;
        // The published copy first, if the page has not loaded it yet: it must not arrive later on top of this one.
        await loader?.ensure([table]);
        signal.throwIfAborted();
        const result = await replaceTable(db, table, file.name, bytes, currentMonth());
        if (result.problems.length > 0) {
          lines.push(`${file.name} was not used: it has problems (listed below), so ${table} is unchanged.`);
          problems.push(...result.problems.map(describeProblem));
        } else {
          replaced.push({ table, from: file.name, rows: result.rows });
        }
      }
      const results: FileResult[] = [];
      const convertedFrom: string[] = [];
      // The importer of published files is a chunk of its own, fetched only when a reader uses it:
      // no view needs it, and it would otherwise be a tenth of the JavaScript every reader downloads.
      const importer = published.length > 0 ? await import('../data/import') : null;
      for (const file of published) {
        // A spreadsheet or compressed file renamed .csv is named as what it is, not read as noise.
        const notText = binaryFileProblem(file.name, new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer()));
        if (notText) {
          lines.push(`${file.name} was not used: it is not a CSV file (below).`);
          problems.push(describeProblem(notText));
          done += file.size;
          continue;
        }
        status.textContent = `Reading ${file.name}…`;
        const base = done;
        results.push(
          await importer!.convertStream(file.name, () => stoppable(file.stream(), signal), {
            currentMonth: currentMonth(),
            totalBytes: file.size,
            onProgress: (p) => (progress.value = total > 0 ? (base + p.bytesRead) / total : 1),
          }),
        );
        signal.throwIfAborted();
        convertedFrom.push(file.name);
        done += file.size;
      }
      if (importer && results.length > 0) {
        const merged = importer.mergeResults(results);
        const importProblems = [...results.flatMap((r) => r.problems), ...merged.problems];
        problems.push(...importProblems.map(importer.describeImportProblem));
        if (importer.hasErrors(importProblems)) {
          // The errors are in the reader's files (in the published layout), and said to be theirs.
          const several = convertedFrom.length > 1;
          lines.push(
            `Your ${several ? 'files' : 'file'} ${convertedFrom.join(', ')} ${several ? 'were' : 'was'} not used: ${several ? 'they have' : 'it has'} errors (listed below), so no table changed.`,
          );
        } else {
          // Only tables are replaced: the map keeps the build's outlines, so a reader's boundary file is not simplified for nothing.
          const { boundaries: _mapOnly, ...tables } = merged;
          const { files: output, manifest } = importer.buildOutput(tables, { generated: new Date().toISOString().slice(0, 10) });
          const from = convertedFrom.join(', ');
          for (const out of output) {
            const table = TABLES.find((t) => `${t.name}.csv` === out.name)?.name;
            if (!table) continue;
            await loader?.ensure([table]);
            signal.throwIfAborted();
            // Named as the reader's, file by file, with the months each gave (the importer's record).
            const result = await replaceTable(db, table, out.name, new TextEncoder().encode(out.text), currentMonth(), {
              source: 'your file',
              provenance: manifest.provenance,
            });
            if (result.problems.length > 0) problems.push(...result.problems.map(describeProblem));
            else replaced.push({ table, from, rows: result.rows });
          }
        }
      }
      for (const r of replaced) uses.set(r.table, r);
      naming.element.hidden = uses.size === 0;
      if (replaced.length > 0) {
        lines.unshift(...replaced.map((r) => `${r.table} now comes from ${r.from} (${r.rows.toLocaleString('en-GB')} rows).`));
        onReplaced([...uses.values()]);
      }
      say(lines.length > 0 ? lines : ['No table was changed.'], problems);
    } catch (error) {
      // Tables already replaced stay replaced (and are listed); the rest are as they were.
      for (const r of replaced) uses.set(r.table, r);
      if (replaced.length > 0) onReplaced([...uses.values()]);
      const done = replaced.map((r) => `${r.table} now comes from ${r.from} (${r.rows.toLocaleString('en-GB')} rows).`);
      const stopped = signal.aborted ? 'Stopped: the files not yet read were not used.' : `The files could not be used: ${whyFileFailed(error)}.`;
      say([stopped, ...done], problems);
    } finally {
      progressRow.hidden = true;
      current = null;
      element.removeAttribute('aria-busy');
      input.value = '';
    }
  }

  return {
    element,
    enable(db, tables) {
      database = db;
      loader = tables ?? null;
      input.disabled = false;
      status.textContent = '';
    },
  };
}

/** A file's stream that fails as soon as the reader cancels, so the import stops at its next chunk. */
function stoppable(stream: ReadableStream<Uint8Array>, signal: AbortSignal): ReadableStream<Uint8Array> {
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        signal.throwIfAborted();
        controller.enqueue(chunk);
      },
    }),
  );
}
