/**
 * "Use your own data": a reader chooses or drops CSV files — in the data contract (offences.csv, …)
 * or as published (MPS, ONS, Home Office formats; see src/data/import) — and the matching tables are
 * replaced with them, in this browser tab only. Nothing is uploaded. Each file is checked; problems are
 * listed by file, line and column, and a file with problems replaces nothing. Reloading the page
 * returns to the published data, as nothing is kept.
 */
import { TABLES, type TableName } from '../data/contract';
import type { Database } from '../data/database';
import { buildOutput, convertStream, describeImportProblem, hasErrors, mergeResults, type FileResult } from '../data/import';
import { replaceTable } from '../data/load';
import { describeProblem } from '../data/validate';
import { fileDrop } from '../pages/file-drop';
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
  /** Enables the panel once DuckDB has taken over (files go straight into it). */
  enable(db: Database): void;
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
    onFiles: (files) => void use(files),
  });
  input.disabled = true;
  const status = document.createElement('div');
  status.className = 'own-data__status';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  status.textContent = 'Available once the database has started.';
  const progress = document.createElement('progress');
  progress.max = 1;
  progress.hidden = true;
  body.append(drop, progress, status);

  const uses = new Map<TableName, LocalFileUse>();
  let database: Database | null = null;
  let busy = false;

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
    if (!database || busy || files.length === 0) return;
    busy = true;
    element.setAttribute('aria-busy', 'true');
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
      for (const { file, table } of contract) {
        status.textContent = `Checking ${file.name}…`;
        const result = await replaceTable(db, table, file.name, new Uint8Array(await file.arrayBuffer()), currentMonth());
        if (result.problems.length > 0) {
          lines.push(`${file.name} was not used: it has problems (listed below), so ${table} is unchanged.`);
          problems.push(...result.problems.map(describeProblem));
        } else {
          replaced.push({ table, from: file.name, rows: result.rows });
        }
      }
      if (published.length > 0) {
        const results: FileResult[] = [];
        const total = published.reduce((s, f) => s + f.size, 0);
        let done = 0;
        progress.hidden = false;
        for (const file of published) {
          status.textContent = `Reading ${file.name}…`;
          const base = done;
          results.push(
            await convertStream(file.name, () => file.stream(), {
              currentMonth: currentMonth(),
              totalBytes: file.size,
              onProgress: (p) => (progress.value = total > 0 ? (base + p.bytesRead) / total : 1),
            }),
          );
          done += file.size;
        }
        progress.hidden = true;
        const merged = mergeResults(results);
        const importProblems = [...results.flatMap((r) => r.problems), ...merged.problems];
        problems.push(...importProblems.map(describeImportProblem));
        if (hasErrors(importProblems)) {
          lines.push(`The published files were not used: they have errors (listed below), so no table changed.`);
        } else {
          const { files: output, manifest } = buildOutput(merged, { generated: new Date().toISOString().slice(0, 10) });
          const from = published.map((f) => f.name).join(', ');
          for (const out of output) {
            const table = TABLES.find((t) => `${t.name}.csv` === out.name)?.name;
            if (!table) continue;
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
      if (replaced.length > 0) {
        lines.unshift(...replaced.map((r) => `${r.table} now comes from ${r.from} (${r.rows.toLocaleString('en-GB')} rows).`));
        onReplaced([...uses.values()]);
      }
      say(lines.length > 0 ? lines : ['No table was changed.'], problems);
    } catch (error) {
      say([`The files could not be used: ${error instanceof Error ? error.message : String(error)}`], problems);
    } finally {
      progress.hidden = true;
      busy = false;
      element.removeAttribute('aria-busy');
      input.value = '';
    }
  }

  return {
    element,
    enable(db) {
      database = db;
      input.disabled = false;
      status.textContent = '';
    },
  };
}
