/**
 * Analyst mode on the Victimisation page: an analyst chooses an incident-level extract from their own
 * disk (columns incident_id, victim_id, date, borough). It is read in this browser tab only — never
 * uploaded — loaded into DuckDB, checked row by row, and the repeat-victimisation measures are
 * computed from it (src/data/extract.ts). The page then draws its trend from the extract.
 */
import type { Database } from '../data/database';
import { computeRepeatMeasures, EXTRACT_COLUMNS, loadIncidentExtract, type ExtractLoadResult } from '../data/extract';
import { monthLabel } from '../data/months';
import { describeProblem } from '../data/validate';
import { formatCount } from '../charts';
import { fileDrop } from './file-drop';

export interface ExtractInUse {
  fileName: string;
  result: ExtractLoadResult;
}

export interface AnalystPanel {
  element: HTMLElement;
}

/**
 * The panel: a file picker (also a drop zone), what was read, the problems by line, and a button back
 * to the published figures. `onChange` is called with the extract in use, or null for published.
 */
export function analystPanel(db: Database, onChange: (extract: ExtractInUse | null) => void): AnalystPanel {
  const element = document.createElement('section');
  element.className = 'card card--analyst';
  element.innerHTML = `
    <h2 class="card__title">Analyst mode: use your own incident extract</h2>
    <p>Compute the same repeat-victimisation measures from an incident-level CSV file with the columns
    <code>${EXTRACT_COLUMNS.join('</code>, <code>')}</code> (dates as YYYY-MM-DD or DD/MM/YYYY; boroughs by name).
    <strong>Your file stays on this computer:</strong> it is read and computed in this browser tab and is never sent anywhere.</p>`;

  const { element: drop, input } = fileDrop({
    id: 'analyst-extract-file',
    label: 'Choose an extract file, or drop it here',
    onFiles: (files) => files[0] && void use(files[0]),
  });

  const status = document.createElement('div');
  status.className = 'analyst__status';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');

  const reset = document.createElement('button');
  reset.type = 'button';
  reset.className = 'button button--secondary';
  reset.textContent = 'Return to the published figures';
  reset.hidden = true;
  reset.addEventListener('click', () => {
    input.value = '';
    reset.hidden = true;
    status.textContent = 'Showing the published figures again.';
    onChange(null);
  });

  element.append(drop, status, reset);

  let busy = false;
  async function use(file: File): Promise<void> {
    if (busy) return;
    busy = true;
    element.setAttribute('aria-busy', 'true');
    status.textContent = `Reading ${file.name} (${formatCount(Math.round(file.size / 1024))} KB)…`;
    try {
      const started = performance.now();
      const result = await loadIncidentExtract(db, file.name, new Uint8Array(await file.arrayBuffer()));
      if (result.rowsUsed === 0) {
        showResult(file.name, result, null);
        return;
      }
      status.textContent = `Computing repeat victimisation from ${formatCount(result.rowsUsed)} incidents…`;
      await computeRepeatMeasures(db);
      showResult(file.name, result, performance.now() - started);
      reset.hidden = false;
      onChange({ fileName: file.name, result });
    } catch (error) {
      status.textContent = `${file.name} could not be used: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      busy = false;
      element.removeAttribute('aria-busy');
    }
  }

  function showResult(fileName: string, result: ExtractLoadResult, ms: number | null): void {
    status.replaceChildren();
    const summary = document.createElement('p');
    summary.className = 'analyst__summary';
    summary.textContent =
      ms === null
        ? `${fileName}: no usable rows among ${formatCount(result.rowsRead)}, so nothing was computed.`
        : `${fileName}: ${formatCount(result.rowsUsed)} of ${formatCount(result.rowsRead)} rows used, ` +
          `${result.firstMonth ? monthLabel(result.firstMonth) : ''} to ${result.lastMonth ? monthLabel(result.lastMonth) : ''}` +
          ` (computed in ${(ms / 1000).toFixed(1)} s). The repeat-victimisation charts and figures below now come from this file.`;
    status.append(summary);
    if (result.lastDate && result.lastMonth && !result.lastDate.endsWith(lastDayOf(result.lastMonth))) {
      status.append(paragraph(`The file ends on ${result.lastDate}, part-way through ${monthLabel(result.lastMonth)}: figures for that month cover only part of it.`));
    }
    if (result.problemCount > 0) {
      status.append(paragraph(`${formatCount(result.problemCount)} ${result.problemCount === 1 ? 'row was' : 'rows were'} left out:`));
      const list = document.createElement('ul');
      list.className = 'analyst__problems';
      for (const problem of result.problems) {
        const item = document.createElement('li');
        item.textContent = describeProblem(problem);
        list.append(item);
      }
      status.append(list);
    }
    if (result.boroughSpellings.length > 0) {
      status.append(
        paragraph(`Borough names read as: ${result.boroughSpellings.map((s) => `"${s.spelling}" as ${s.borough} (${formatCount(s.rows)} rows)`).join('; ')}.`),
      );
    }
  }

  return { element };
}

function paragraph(text: string): HTMLElement {
  const p = document.createElement('p');
  p.textContent = text;
  return p;
}

/** "31" for 2024-01, "29" for 2024-02. */
function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return String(new Date(Date.UTC(y, m, 0)).getUTCDate());
}
