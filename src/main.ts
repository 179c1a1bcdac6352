/**
 * Boot: draw the shell at once, start DuckDB-WASM and load the data, then render the page the URL
 * names. State lives only in the URL: every change pushes a history entry and re-renders.
 */
import './styles/main.css';
import { fetchManifest, loadData, problemLines, type DataInfo } from './app/data-info';
import { listenForShiftExit } from './app/exit-page';
import { buildShell, renderDataNotice, renderNav, renderNotices } from './app/shell';
import { PAGE_TITLES, parseState, stateToSearch, type PageId, type ViewState } from './app/state';
import { startBrowserDatabase } from './data/duckdb-browser';
import type { Database } from './data/database';
import { addMonths, monthIndex, monthLabel } from './data/months';
import { createPage, type PageView } from './pages';

const shell = buildShell(document.getElementById('app')!);
listenForShiftExit();

let state: ViewState;
let urlNotices: string[] = [];
let view: PageView | null = null;
let context: { db: Database; data: DataInfo } | null = null;

function readUrl(): void {
  const parsed = parseState(window.location.search);
  state = parsed.state;
  urlNotices = parsed.notices;
}

/** A period outside the data falls back to the latest rolling year, with a notice. */
function checkPeriod(data: DataInfo): void {
  if (state.period === null || !data.offences) return;
  const earliest = addMonths(data.offences.first, 11);
  const index = monthIndex(state.period);
  if (index < monthIndex(earliest) || index > monthIndex(data.offences.latest)) {
    urlNotices.push(
      `The data has no 12 months ending ${monthLabel(state.period)}, so the latest 12 months are shown.`,
    );
    state = { ...state, period: null };
    window.history.replaceState(null, '', urlFor(state));
  }
}

function urlFor(next: ViewState): string {
  return `${window.location.pathname}${stateToSearch(next)}`;
}

function navigate(patch: Partial<ViewState>): void {
  const next = { ...state, ...patch };
  if (stateToSearch(next) === stateToSearch(state)) return;
  window.history.pushState(null, '', urlFor(next));
  state = next;
  urlNotices = [];
  void render();
}

async function render(): Promise<void> {
  renderNav(shell.nav, state.page, (page: PageId) => urlFor({ ...state, page }), (page) => navigate({ page }));
  document.title = `${PAGE_TITLES[state.page]}: ${state.area} — London Domestic and Sexual Violence Dashboard`;
  if (!context) return;
  renderNotices(shell.notices, urlNotices, problemLines(context.data));
  if (!view || view.page !== state.page) {
    view?.destroy();
    view = createPage(state.page, { ...context, navigate });
    shell.main.replaceChildren(view.element);
  }
  await view.update(state);
  // For the benchmark: every chart on the page now shows this state.
  performance.mark('dashboard:view-updated');
}

async function start(): Promise<void> {
  readUrl();
  shell.main.innerHTML = '<p class="loading" role="status">Loading the data…</p>';
  void render();
  try {
    // The database starts while the manifest downloads.
    const [manifest, db] = await Promise.all([fetchManifest(), startBrowserDatabase().then((db) => (performance.mark('dashboard:database-ready'), db))]);
    renderDataNotice(shell.dataNotice, manifest, null);
    const data = await loadData(db, manifest);
    performance.mark('dashboard:data-ready');
    renderDataNotice(shell.dataNotice, manifest, data.offences ? monthLabel(data.offences.latest) : null);
    context = { db, data };
    data.loader.onProblems = () => renderNotices(shell.notices, urlNotices, problemLines(data));
    checkPeriod(data);
    shell.main.replaceChildren();
    await render();
    performance.mark('dashboard:page-drawn');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const p = document.createElement('p');
    p.className = 'notice notice--error';
    p.textContent = `The dashboard could not start: ${message}`;
    shell.main.replaceChildren(p);
    console.error(error);
  }
}

window.addEventListener('popstate', () => {
  readUrl();
  if (context) checkPeriod(context.data);
  void render();
});

void start();
