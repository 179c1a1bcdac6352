/**
 * Visible progress while the data loads: a small status box at the foot of the screen ("Starting the
 * database… (step 1 of 3)", "Loading victims…") with a progress bar, gone when everything asked for is in.
 * It sits over the page (position: fixed), so its coming and going never moves anything.
 */
import type { TableName } from '../data/contract';

export type TablePhase = 'downloading' | 'loading' | 'ready' | 'failed';

const TABLE_NAMES: Record<TableName, string> = {
  offences: 'recorded offences',
  victims: 'victims',
  incidents: 'incidents',
  repeat_victims: 'repeat victims',
  proceedings: 'people proceeded against',
  population: 'population estimates',
  england_wales: 'England and Wales figures',
};

/** The tables loaded with the database, before any page asks (app/data-info.ts, loadData). */
const FIRST_TABLES: readonly TableName[] = ['offences', 'population'];

export interface LoadProgress {
  element: HTMLElement;
  /** The database is starting; `planned` tables will load as soon as it has. */
  databaseStarting(planned?: readonly TableName[]): void;
  databaseReady(): void;
  table(table: TableName, phase: TablePhase): void;
  /** Start-up failed: the page says why; the progress box goes. */
  stopped(): void;
}

/**
 * Steps are counted within one burst of loading: the start-up (the database and the first tables),
 * or later the tables one page asks for. When a burst is over the box goes and the count starts
 * again, so it never says "7 of 7" for a page that needed one file.
 */
export function createLoadProgress(doc: Document = document): LoadProgress {
  const element = doc.createElement('div');
  element.className = 'load-progress';
  element.setAttribute('role', 'status');
  element.hidden = true;
  const text = doc.createElement('span');
  text.className = 'load-progress__text';
  const bar = doc.createElement('progress');
  bar.className = 'load-progress__bar';
  bar.setAttribute('aria-label', 'Data loaded so far');
  element.append(text, bar);

  let database: 'none' | 'starting' | 'ready' = 'none';
  const tables = new Map<TableName, TablePhase | 'waiting'>();
  const isPending = (phase: TablePhase | 'waiting') => phase === 'waiting' || phase === 'downloading' || phase === 'loading';

  const show = () => {
    const pending = [...tables].filter(([, phase]) => isPending(phase)).map(([t]) => t);
    if (database !== 'starting' && pending.length === 0) {
      // The burst is over.
      element.hidden = true;
      text.textContent = '';
      tables.clear();
      database = 'none';
      return;
    }
    const total = tables.size + (database === 'none' ? 0 : 1);
    const done = tables.size - pending.length + (database === 'ready' ? 1 : 0);
    const loading = [...tables].filter(([, phase]) => phase === 'downloading' || phase === 'loading').map(([t]) => t);
    const step = total > 1 ? ` (step ${Math.min(done + 1, total)} of ${total})` : '';
    text.textContent =
      database === 'starting'
        ? `Starting the database in your browser…${step}`
        : `Loading ${(loading.length > 0 ? loading : pending).map((t) => TABLE_NAMES[t]).join(' and ')}…${step}`;
    bar.max = Math.max(1, total);
    bar.value = done;
    element.hidden = false;
  };

  return {
    element,
    databaseStarting(planned = FIRST_TABLES) {
      database = 'starting';
      for (const table of planned) if (!tables.has(table)) tables.set(table, 'waiting');
      show();
    },
    databaseReady() {
      if (database === 'starting') database = 'ready';
      show();
    },
    table(table, phase) {
      tables.set(table, phase);
      show();
    },
    stopped() {
      database = 'none';
      tables.clear();
      show();
    },
  };
}
