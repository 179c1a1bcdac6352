/**
 * Analyst mode on the Victimisation page: an analyst chooses an incident-level extract from their own
 * disk (columns incident_id, victim_id, date, borough). It is read in this browser tab only — never
 * uploaded — loaded into DuckDB, checked row by row, and the repeat-victimisation measures are
 * computed from it (src/data/extract.ts). The page then draws its trend from the extract.
 *
 * The extract belongs to the tab, not to one drawing of the page: the page is made afresh when DuckDB
 * takes over from the first view, when a reader's own data files are loaded, and on every visit, and
 * each new page finds the extract still in use (extractSession). It stays until the reader removes
 * it or replaces it with another that loads; a file that fails leaves the one before in use, and the
 * panel says which. The file is read in chunks with progress and a Cancel button, and nothing it
 * holds keeps the page busy for long (Exit this page must answer at once).
 *
 * The file's own name is shown in the panel but kept out of chart titles, sources and downloads
 * ("your file") unless the reader asks for it there.
 */
import type { Database } from '../data/database';
import {
  clearPublishedExtract,
  computeRepeatMeasures,
  dropExtractTables,
  EXTRACT_COLUMNS,
  extractNames,
  loadIncidentExtract,
  publishExtract,
  type ExtractLoadResult,
  type ExtractStep,
} from '../data/extract';
import { addMonths, monthIndex, monthLabel, rollingYearLabel } from '../data/months';
import { describeProblem } from '../data/validate';
import { formatCount } from '../charts';
import { fileDrop } from './file-drop';
import { formatSize, progressWithCancel, readFileInChunks, whyFileFailed } from './file-read';
import { onReaderFileNaming, readerFileNamingChoice, readerFilesNamed } from './reader-files';

export interface ExtractInUse {
  fileName: string;
  /** How the extract is named in chart titles, sources and downloads: "your file", or its name if the reader chose. */
  label: string;
  result: ExtractLoadResult;
}

export interface AnalystPanel {
  element: HTMLElement;
  /** Stops listening to the extract session (the page is going). */
  destroy(): void;
}

/** What the session is doing, for the panel to show. */
type Activity =
  | { kind: 'idle' }
  | { kind: 'working'; fileName: string; size: number; step: WorkingStep; done: number | null }
  /** Read and checked: in use (`ms`, the time it took), or not used and why (`notUsed`). */
  | { kind: 'done'; fileName: string; result: ExtractLoadResult; ms: number; notUsed?: undefined }
  | { kind: 'done'; fileName: string; result: ExtractLoadResult; ms?: undefined; notUsed: string }
  | { kind: 'failed'; fileName: string; why: string }
  | { kind: 'cancelled'; fileName: string }
  | { kind: 'removed' };

/** Reading the file from disk, then the extract's own steps (its 'reading' is DuckDB's: here 'loading'), then computing. */
type WorkingStep = 'reading' | 'scanning' | 'loading' | 'checking' | 'computing';

const GENERIC_LABEL = 'your file';

/** The rolling years an extract gives in full: from its first 12 complete months to its latest. */
export interface ExtractPeriods {
  firstEnd: string;
  /** The last month of the latest 12 complete months: the file's last month, or the one before if it ends part-way through. */
  latest: string;
}

/**
 * The 12-month windows the extract covers in full, or null if it has none. Repeat victimisation is
 * counted over 12 months, so a window the file covers only in part would count too few repeats.
 */
export function extractPeriods(result: ExtractLoadResult): ExtractPeriods | null {
  if (!result.firstMonth || !result.lastMonth) return null;
  const endsPartWay = result.lastDate !== null && !result.lastDate.endsWith(`-${lastDayOf(result.lastMonth)}`);
  const latest = endsPartWay ? addMonths(result.lastMonth, -1) : result.lastMonth;
  const firstEnd = addMonths(result.firstMonth, 11);
  return monthIndex(firstEnd) <= monthIndex(latest) ? { firstEnd, latest } : null;
}

/**
 * The extract of this tab's database: one at a time in use, one load at a time (a new file cancels
 * the load before it), listened to by whichever page is on screen.
 */
export class ExtractSession {
  inUse: ExtractInUse | null = null;
  activity: Activity = { kind: 'idle' };
  private readonly listeners = new Set<() => void>();
  private readonly changeListeners = new Set<(inUse: ExtractInUse | null) => void>();
  private current: AbortController | null = null;
  private currentFile = '';
  private loads = 0;

  constructor(private readonly db: Database) {
    // The tab's one choice of naming the reader's files (reader-files.ts), wherever it was made.
    onReaderFileNaming(() => {
      if (!this.inUse) return;
      this.inUse = { ...this.inUse, label: this.labelFor(this.inUse.fileName) };
      this.changed();
    });
  }

  /** Listens for what the panel shows (`onActivity`) and for the extract in use changing (`onChange`). */
  listen(onActivity: () => void, onChange: (inUse: ExtractInUse | null) => void): () => void {
    this.listeners.add(onActivity);
    this.changeListeners.add(onChange);
    return () => {
      this.listeners.delete(onActivity);
      this.changeListeners.delete(onChange);
    };
  }

  get busy(): boolean {
    return this.current !== null;
  }

  async load(file: File): Promise<void> {
    this.current?.abort(new DOMException('Another file was chosen', 'AbortError'));
    const controller = new AbortController();
    this.current = controller;
    this.currentFile = file.name;
    const { signal } = controller;
    const prefix = `extract_load${(this.loads += 1)}`;
    const started = performance.now();
    let lastShown = -1;
    const working = (step: WorkingStep, done: number | null) => {
      // The panel is redrawn when the step changes or another percent is done, not on every slice.
      const shown = done === null ? -1 : Math.floor(done * 100);
      if (this.current !== controller || (this.activity.kind === 'working' && this.activity.step === step && shown === lastShown)) return;
      lastShown = shown;
      this.show({ kind: 'working', fileName: file.name, size: file.size, step, done });
    };
    try {
      working('reading', 0);
      const bytes = await readFileInChunks(file, { signal, onProgress: (read, total) => working('reading', total > 0 ? read / total : 1) });
      const result = await loadIncidentExtract(this.db, file.name, bytes, {
        prefix,
        signal,
        onProgress: (step: ExtractStep, done) => working(step === 'reading' ? 'loading' : step, done),
      });
      const notUsed = result.rowsUsed === 0 ? noRowsUsed(result) : extractPeriods(result) === null ? tooShort(result) : null;
      if (notUsed) {
        await dropExtractTables(this.db, extractNames(prefix));
        if (this.current === controller) this.show({ kind: 'done', fileName: file.name, result, notUsed });
        return;
      }
      working('computing', null);
      await computeRepeatMeasures(this.db, prefix, signal);
      signal.throwIfAborted();
      // From here the new figures replace the old: a Cancel now comes too late to matter.
      await publishExtract(this.db, prefix);
      this.inUse = { fileName: file.name, label: this.labelFor(file.name), result };
      if (this.current === controller) this.show({ kind: 'done', fileName: file.name, result, ms: performance.now() - started });
      this.changed();
    } catch (error) {
      await dropExtractTables(this.db, extractNames(prefix)).catch(() => undefined);
      if (this.current !== controller) return;
      this.show(signal.aborted ? { kind: 'cancelled', fileName: file.name } : { kind: 'failed', fileName: file.name, why: whyFileFailed(error) });
    } finally {
      if (this.current === controller) this.current = null;
    }
  }

  /**
   * Stops the load in progress; the extract in use before it stays in use. Said at once: the load
   * stops at its next slice or step, and its tables are dropped after.
   */
  cancel(): void {
    const stopping = this.current;
    if (!stopping) return;
    this.current = null;
    stopping.abort(new DOMException('The reader cancelled', 'AbortError'));
    this.show({ kind: 'cancelled', fileName: this.currentFile });
  }

  /** Back to the published figures. */
  async remove(): Promise<void> {
    this.current?.abort(new DOMException('The reader went back to the published figures', 'AbortError'));
    this.current = null;
    this.inUse = null;
    this.show({ kind: 'removed' });
    // The page goes back to the published tables at once; the extract's are emptied after.
    this.changed();
    await clearPublishedExtract(this.db);
  }

  private labelFor(fileName: string): string {
    return readerFilesNamed() ? fileName : GENERIC_LABEL;
  }

  private show(activity: Activity): void {
    this.activity = activity;
    for (const listener of this.listeners) listener();
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener(this.inUse);
    for (const listener of this.listeners) listener();
  }
}

/** One session per database, so every drawing of the page shares it. */
const sessions = new WeakMap<Database, ExtractSession>();

export function extractSession(db: Database): ExtractSession {
  let session = sessions.get(db);
  if (!session) sessions.set(db, (session = new ExtractSession(db)));
  return session;
}

/** The extract in use in this tab's database, if any: a page drawn afresh starts from it. */
export function extractInUse(db: Database): ExtractInUse | null {
  return extractSession(db).inUse;
}

/**
 * The panel: a file picker (also a drop zone), progress with a Cancel button, what was read and the
 * problems by line, the choice to name the file in titles, and a button back to the published
 * figures. `onChange` is called when the extract in use changes (with it, or null); the one in use
 * when the panel is made is extractInUse's.
 */
export function analystPanel(db: Database, onChange: (extract: ExtractInUse | null) => void): AnalystPanel {
  const session = extractSession(db);
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
    onFiles: (files) => files[0] && void session.load(files[0]),
  });

  // What is happening, said once per change for screen readers; the progress bar beside it is not read out.
  const status = document.createElement('div');
  status.className = 'analyst__status';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');

  const { row: progressRow, progress } = progressWithCancel('How far the file has been read', () => session.cancel());

  const naming = readerFileNamingChoice('Name my file in chart titles, sources and downloads (otherwise they say “your file”)');
  const nameChoice = naming.element;

  const reset = document.createElement('button');
  reset.type = 'button';
  reset.className = 'button button--secondary';
  reset.textContent = 'Return to the published figures';
  reset.addEventListener('click', () => {
    input.value = '';
    void session.remove();
  });

  element.append(drop, progressRow, status, nameChoice, reset);

  let said = '';
  function render(): void {
    const activity = session.activity;
    const inUse = session.inUse;
    const working = activity.kind === 'working';
    progressRow.hidden = !working;
    if (working) {
      if (activity.done === null) progress.removeAttribute('value');
      else progress.value = activity.done;
    }
    if (working) element.setAttribute('aria-busy', 'true');
    else element.removeAttribute('aria-busy');
    nameChoice.hidden = inUse === null;
    reset.hidden = inUse === null;

    // The text changes only with the step, so a screen reader hears each step once.
    const key = JSON.stringify([activity.kind, working ? activity.step : null, inUse?.fileName ?? null, activity.kind === 'done' ? (activity.ms ?? activity.notUsed) : null]);
    if (key === said) return;
    said = key;
    status.replaceChildren(...describeActivity(activity, inUse));
  }

  const stopListening = session.listen(render, onChange);
  render();

  return {
    element,
    destroy: () => (stopListening(), naming.destroy()),
  };
}

/** The status text for what the session is doing, and which extract the figures come from. */
function describeActivity(activity: Activity, inUse: ExtractInUse | null): Node[] {
  const nodes: Node[] = [];
  const stillInUse = () =>
    inUse ? paragraph(`The repeat-victimisation figures still come from ${inUse.fileName}.`) : paragraph('The published figures are shown.');
  switch (activity.kind) {
    case 'idle':
      if (inUse) nodes.push(paragraph(`The repeat-victimisation figures below come from ${inUse.fileName}.`));
      break;
    case 'working': {
      const words = {
        reading: 'Reading',
        scanning: 'Checking the lines of',
        loading: 'Loading into this browser’s database:',
        checking: 'Checking every row of',
        computing: 'Computing repeat victimisation from',
      } as const;
      nodes.push(paragraph(`${words[activity.step]} ${activity.fileName} (${formatSize(activity.size)})…`));
      break;
    }
    case 'cancelled':
      nodes.push(paragraph(`Stopped: ${activity.fileName} was not used.`), stillInUse());
      break;
    case 'removed':
      nodes.push(paragraph('Showing the published figures again.'));
      break;
    case 'failed':
      nodes.push(paragraph(`${activity.fileName} could not be used: ${activity.why}.`), stillInUse());
      break;
    case 'done':
      nodes.push(...describeResult(activity));
      if (activity.notUsed !== undefined) nodes.push(stillInUse());
      break;
  }
  return nodes;
}

/**
 * What was read: rows used and rows left out (rows, not problems: one row can have several), the
 * months covered and the period the page moved to; then the problems, by line and column.
 */
function describeResult(done: Extract<Activity, { kind: 'done' }>): Node[] {
  const { fileName, result } = done;
  const nodes: Node[] = [];
  const summary = document.createElement('p');
  summary.className = 'analyst__summary';
  const leftOut = result.rowsRead - result.rowsUsed;
  const rows =
    `${formatCount(result.rowsUsed)} of ${formatCount(result.rowsRead)} ${result.rowsRead === 1 ? 'row' : 'rows'} used` +
    (leftOut > 0 ? `, ${formatCount(leftOut)} left out` : '');
  const periods = extractPeriods(result);
  if (done.notUsed !== undefined) {
    summary.textContent = `${fileName} was not used: ${done.notUsed}.`;
  } else {
    summary.textContent =
      `${fileName}: ${rows}, ${monthLabel(result.firstMonth!)} to ${monthLabel(result.lastMonth!)}` +
      ` (computed in ${(done.ms / 1000).toFixed(1)} s). The repeat-victimisation charts and figures on this page now come from this file` +
      (periods ? `, and the page shows the ${rollingYearLabel(periods.latest)}: the latest 12 months it covers in full.` : '.');
  }
  nodes.push(summary);
  if (done.notUsed === undefined && result.lastDate && result.lastMonth && periods && periods.latest !== result.lastMonth) {
    nodes.push(paragraph(`The file ends on ${result.lastDate}, part-way through ${monthLabel(result.lastMonth)}: the trend's last point covers only part of that month.`));
  }
  if (result.problems.length > 0) {
    const counted = result.problemCount === 1 ? 'One problem was found' : `${formatCount(result.problemCount)} problems were found`;
    nodes.push(paragraph(result.rowsRead > 0 ? `${counted}, by line and column (a row left out can have more than one):` : `${counted}:`));
    const list = document.createElement('ul');
    list.className = 'analyst__problems';
    for (const problem of result.problems) {
      const item = document.createElement('li');
      item.textContent = describeProblem(problem);
      list.append(item);
    }
    nodes.push(list);
  }
  if (result.boroughSpellings.length > 0) {
    nodes.push(paragraph(`Borough names read as: ${result.boroughSpellings.map((s) => `"${s.spelling}" as ${s.borough} (${formatCount(s.rows)} rows)`).join('; ')}.`));
  }
  return nodes;
}

/** Why a file with no usable row was not used. */
function noRowsUsed(result: ExtractLoadResult): string {
  return result.rowsRead === 0
    ? 'no rows could be read from it (see below), so nothing was computed'
    : `none of its ${formatCount(result.rowsRead)} rows could be used (see below), so nothing was computed`;
}

/** Why a file with fewer than 12 complete months was not used. */
function tooShort(result: ExtractLoadResult): string {
  const span = result.firstMonth === result.lastMonth ? monthLabel(result.firstMonth!) : `${monthLabel(result.firstMonth!)} to ${monthLabel(result.lastMonth!)}`;
  return `it covers only ${span}. Repeat victimisation is counted over 12 months, so a file needs at least 12 complete months`;
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
