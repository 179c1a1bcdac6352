/**
 * Boot: draw the shell at once; draw the page from the recorded first view as soon as it arrives
 * (src/data/first-view.ts); meanwhile start DuckDB-WASM and load the data, then hand every query
 * over to it and redraw from it. A page that needs no data (Get support) is drawn at once, and the
 * data is not started until the reader opens a page that needs it. The view is read from the address
 * (a link) or the history entry (a reload); every change replaces the one history entry, never adds
 * one, and re-renders (see app/history-trail.ts for what the browser is left to keep).
 */
// First: it starts DuckDB's download before the other modules run.
import { startDatabase, wasmDownloaded } from './app/early-start';
import './styles/main.css';
import { fetchBoundaries, fetchFirstView, fetchManifest, fetchAnswerFile, fetchBytes, loadData, prefetchTables, type DataInfo } from './app/data-info';
import { listenForShiftExit } from './app/exit-page';
import { framedByAnotherSite, showOnlyOpenInOwnTab } from './app/frame-guard';
import { keepViewInEntry, NEUTRAL_TITLE, showViewLink, viewInEntry, viewLink } from './app/history-trail';
import { ownDataPanel, type LocalFileUse } from './app/own-data';
import { onReaderFileNaming } from './pages/reader-files';
import { buildShell, renderDataNotice, renderNav, renderNotices } from './app/shell';
import { pageNeedsData, parseState, setDefaultCategory, stateToSearch, type PageId, type ViewState } from './app/state';
import { defaultCategoryFor } from './data/coverage';
import { setupViewExtras } from './app/view-extras';
import { areaWarming, type AreaWarming } from './data/area-warming';
import { AREAS_IN_LIST_ORDER } from './data/boroughs';
import { memoizingDatabase } from './data/database';
import { HandoverDatabase } from './data/first-view';
import { Snapshot } from './data/snapshot';
import type { TableLoader } from './data/table-loader';
import type { TableName } from './data/contract';
import { describeProblem } from './data/validate';
import { addMonths, monthIndex, monthLabel } from './data/months';
import { monthRange } from './data/queries/common';
import { createPage, createPageWithoutData, type PageView } from './pages';
// After every other style sheet (the pages bring in the charts'), so that these win on equal terms.
import './styles/tools.css';
import './styles/presentation.css';
import './styles/print.css';

// Inside another site's frame: only a link to open the site in its own tab, and nothing else starts
// (app/frame-guard.ts). The module waits here for ever, so none of what follows runs.
if (framedByAnotherSite()) {
  showOnlyOpenInOwnTab();
  await new Promise<never>(() => undefined);
}

const shell = buildShell(document.getElementById('app')!);
listenForShiftExit();
// Copy link, print and presentation mode; the print summary; progress while the data loads.
const extras = setupViewExtras(shell, { getState: () => state, navigate: (patch) => navigate(patch) });
let localFiles: LocalFileUse[] = [];
const ownData = ownDataPanel((uses) => void useLocalFiles(uses));
shell.tools.append(ownData.element);
// Source lines name the reader's files only if they choose: redraw when they change their mind.
onReaderFileNaming(() => localFiles.length > 0 && void redrawFromDuckDB());

let state: ViewState;
let urlNotices: string[] = [];
let view: PageView | null = null;
let context: { db: HandoverDatabase; data: DataInfo } | null = null;
let tables: TableLoader | null = null;
// Asks the view's questions about other areas while the reader looks (from DuckDB's hand-over on).
let warming: AreaWarming | null = null;
const otherProblems: string[] = [];
/** Whether the data has been asked for (on the first page that needs it). */
let dataStarted = false;
/** Why the data could not be loaded, shown on pages that need it. */
let startFailure: HTMLElement | null = null;

/** Every data problem so far, one line each, naming file, line and column. */
function problemLines(): string[] {
  return [...(tables?.problems.map(describeProblem) ?? []), ...otherProblems];
}

/**
 * Reads the view from the address or the entry, and keeps it in the entry as read (so that it is read
 * again the same way once the data's default category is known), the address the site's own.
 */
function readUrl(atLoad = false): void {
  const search = viewInEntry(window, atLoad);
  const parsed = parseState(search);
  state = parsed.state;
  urlNotices = parsed.notices;
  keepViewInEntry(search);
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
    keepViewInEntry(stateToSearch(state));
  }
}

/** The link to a view: the navigation's links carry it, so one opened in a new tab shows that view. */
function urlFor(next: ViewState): string {
  return `${window.location.pathname}${stateToSearch(next)}`;
}

function navigate(patch: Partial<ViewState>): void {
  const next = { ...state, ...patch };
  if (stateToSearch(next) === stateToSearch(state)) return;
  // Replaced, never pushed: the site leaves one entry in the Back list however much a reader explores.
  keepViewInEntry(stateToSearch(next));
  state = next;
  urlNotices = [];
  void render();
}

async function render(): Promise<void> {
  renderNav(shell.nav, state.page, (page: PageId) => urlFor({ ...state, page }), (page) => navigate({ page }));
  extras.rendered(state);
  // The same title on every view: it is saved in the browser's history and shown in tab lists.
  document.title = NEUTRAL_TITLE;
  showViewLink(viewLink(stateToSearch(state)));
  // For the style sheets: what a page without data leaves out (the data notice, the data tools).
  if (document.body.dataset.page !== state.page) document.body.dataset.page = state.page;
  const needsData = pageNeedsData(state.page);
  // Until the first figures can be drawn, a page that needs them stays hidden (see startData).
  document.body.classList.toggle('is-loading', needsData && dataStarted && !context && !startFailure);
  if (!needsData) return renderWithoutData();
  if (!dataStarted) void startData();
  if (!context) {
    // A page without data may still be on screen: this page waits for the data instead.
    if (view) {
      view.destroy();
      view = null;
      shell.main.replaceChildren(...(startFailure ? [startFailure] : []));
    }
    return;
  }
  renderNotices(shell.notices, urlNotices, problemLines());
  if (!view || view.page !== state.page) {
    view?.destroy();
    view = createPage(state.page, { ...context, navigate });
    shell.main.replaceChildren(view.element);
  }
  warming?.viewStarted(state.area);
  // Before DuckDB has taken over, another area or period is drawn from its recorded answers.
  context.db.prepareFor(state);
  await view.update(state);
  viewShown();
}

/** A page drawn from what the site ships (state.ts, pageNeedsData): at once, whatever the data is doing. */
async function renderWithoutData(): Promise<void> {
  renderNotices(shell.notices, urlNotices, []);
  if (!view || view.page !== state.page) {
    view?.destroy();
    view = createPageWithoutData(state.page, navigate);
    shell.main.replaceChildren(view.element);
  }
  await view.update(state);
  markKeepingLastHundred('dashboard:view-updated');
}

async function startData(): Promise<void> {
  dataStarted = true;
  // Until the first figures can be drawn, only this message shows where the data notice will be;
  // the page and footer stay hidden, so nothing on screen moves when they arrive.
  document.body.classList.add('is-loading');
  shell.dataNotice.innerHTML = '<p class="loading" role="status">Loading the data…</p>';
  try {
    // Everything starts at once: DuckDB's start-up is the long pole, the first view the short one.
    // DuckDB's JavaScript (and Arrow) is a separate chunk, so the first view does not wait to parse it;
    // it may have been started already, before the app's modules ran (app/early-start.ts).
    extras.progress.databaseStarting();
    const database = startDatabase()
      .then((db) => (performance.mark('dashboard:database-ready'), extras.progress.databaseReady(), db));
    const manifestLoad = fetchManifest();
    const firstViewLoad = fetchFirstView(manifestLoad);
    const manifest = await manifestLoad;
    // A link that names no category opens on one the data has: read the URL again now that it is known.
    setDefaultCategory(defaultCategoryFor(manifest));
    readUrl();
    const boundariesLoad = fetchBoundaries(manifest, otherProblems);
    const firstView = await firstViewLoad;
    const db = new HandoverDatabase(firstView, fetchAnswerFile);
    // A shared link's area or period: its recorded answers first (beside the boundaries), so that
    // every card draws at once.
    db.prepareFor(state);
    // The build's tables download once DuckDB's wasm is in, while DuckDB starts: every page needs offences and population.
    const snapshot = firstView?.snapshot ? new Snapshot(firstView.snapshot, fetchBytes) : null;
    void wasmDownloaded.then(() => {
      const tables: TableName[] = ['population', 'offences', ...db.requestedTables];
      prefetchTables(manifest, tables);
      snapshot?.prefetch(tables);
    });
    const boundaries = await boundariesLoad;
    await db.arrived();
    const data: DataInfo = { manifest, offences: firstView?.offences ?? null, boundaries, loader: db };

    if (firstView) {
      context = { db, data };
      checkPeriod(data);
      // The notice and the page arrive in one frame, so nothing already on screen moves.
      renderDataNotice(shell.dataNotice, manifest, data.offences ? monthLabel(data.offences.latest) : null);
      document.body.classList.remove('is-loading');
      // Not awaited: a view that was not recorded waits for the hand-over below.
      void render().then(() => performance.mark('dashboard:first-view'));
    }

    // Answers are remembered until something writes, so returning to a view costs nothing.
    const duckdb = memoizingDatabase(await database);
    // Files the build checked are loaded without checking them again (their bytes are compared).
    const loaded = await loadData(duckdb, manifest, extras.progress.table, firstView?.validated, db.requestedTables, snapshot);
    performance.mark('dashboard:data-ready');
    tables = loaded.loader;
    tables.onProblems = () => renderNotices(shell.notices, urlNotices, problemLines());
    // Offences and population have just loaded: a drawn first view would not show their problems.
    tables.onProblems();
    warming = areaWarming(duckdb);
    db.handOver(warming.db, tables);
    ownData.enable(duckdb, tables);
    data.offences = loaded.offences;
    renderDataNotice(shell.dataNotice, manifest, data.offences ? monthLabel(data.offences.latest) : null);
    if (!context) {
      context = { db, data };
      checkPeriod(data);
      document.body.classList.remove('is-loading');
    }
    await redrawFromDuckDB();
    performance.mark('dashboard:page-drawn');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const p = document.createElement('p');
    p.className = 'notice notice--error';
    p.textContent = `The dashboard could not start: ${message}`;
    startFailure = p;
    // A page without data stays as it is; the message shows on the pages that need the data.
    if (!view || pageNeedsData(view.page)) shell.main.replaceChildren(p);
    shell.dataNotice.replaceChildren();
    document.body.classList.remove('is-loading');
    extras.progress.stopped();
    console.error(error);
  }
}

/** After a reader's own files replaced tables: new months, a notice saying so, and every figure redrawn. */
async function useLocalFiles(uses: LocalFileUse[]): Promise<void> {
  if (!context) return;
  localFiles = uses;
  context.data.offences = await monthRange(context.db, 'offences');
  renderDataNotice(shell.dataNotice, context.data.manifest, context.data.offences ? monthLabel(context.data.offences.latest) : null, localFiles);
  checkPeriod(context.data);
  await redrawFromDuckDB();
}

/**
 * Draws every figure again from DuckDB, with a fresh page (so nothing a page worked out from the
 * recordings outlives them). The new page is drawn out of sight at the same width and swapped in
 * when complete: the same SQL gives the same figures, so nothing moves, and focus stays in place.
 */
async function redrawFromDuckDB(): Promise<void> {
  // A page without data has nothing to redraw; a page that needs it is made fresh when opened.
  if (!pageNeedsData(state.page)) return;
  if (!context || !view) return render();
  const next = createPage(state.page, { ...context, navigate });
  next.element.classList.add('page-offstage');
  shell.main.append(next.element);
  // Until it has drawn the state the reader is on now (they may have moved on while it drew).
  let drawn: string;
  do {
    drawn = stateToSearch(state);
    warming?.viewStarted(state.area);
    await next.update(state);
  } while (drawn !== stateToSearch(state));
  if (view.page !== next.page) {
    // The reader moved to another page meanwhile; that page is already drawn from DuckDB.
    next.destroy();
    next.element.remove();
    return;
  }
  const focusPath = pathWithin(view.element, document.activeElement);
  view.destroy();
  view.element.remove();
  next.element.classList.remove('page-offstage');
  view = next;
  restoreFocus(next.element, focusPath);
  viewShown();
}

/**
 * Every chart on the page now shows the state: says so (for the benchmark and tests), and asks the
 * view's questions about the other areas while the reader looks (see data/area-warming.ts).
 */
function viewShown(): void {
  markKeepingLastHundred('dashboard:view-updated');
  // After the frame that shows the view: going through the remembered answers of every area
  // (a hundred-odd of them) would otherwise hold that frame back by half a millisecond or more.
  afterNextFrame(() => {
    void warming?.viewDrawn(AREAS_IN_LIST_ORDER).then((complete) => {
      // For the benchmark: every area's answers for this view are now remembered.
      if (complete) markKeepingLastHundred('dashboard:areas-warmed');
    });
  });
}

/**
 * Runs `task` in the first task after the next frame is drawn (a timer queued from that frame's start).
 * In a hidden tab there are no frames: the task waits until the tab is shown, as the warming may.
 */
function afterNextFrame(task: () => void): void {
  requestAnimationFrame(() => setTimeout(task, 0));
}

/**
 * Only the last hundred marks of a name are kept, so hours on a meeting-room screen do not pile up an
 * entry a change. (Those watching count the entries: clearing and marking together always changes the count.)
 */
function markKeepingLastHundred(name: string): void {
  if (performance.getEntriesByName(name).length >= 100) performance.clearMarks(name);
  performance.mark(name);
}

/** Where an element sits under `root`, as child indexes, so the same place can be found in a redraw. */
function pathWithin(root: Element, element: Element | null): number[] | null {
  const path: number[] = [];
  for (let node = element; node && node !== root; node = node.parentElement) {
    if (!node.parentElement) return null;
    path.unshift([...node.parentElement.children].indexOf(node));
  }
  return element && root.contains(element) ? path : null;
}

function restoreFocus(root: Element, path: number[] | null): void {
  if (!path) return;
  let node: Element | undefined = root;
  for (const index of path) node = node?.children[index];
  if (node instanceof HTMLElement || node instanceof SVGElement) node.focus();
}

window.addEventListener('popstate', () => {
  readUrl();
  if (context) checkPeriod(context.data);
  void render();
});

readUrl(true);
void render();
