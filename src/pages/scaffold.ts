/**
 * What the three dashboard pages share: a heading, a lede, the controls, a notice, the grid of cards
 * and the about section; the view every card is drawn for (the state and the rolling year it resolved
 * to); the period, from what the data covers; and, when the data has none of what a page's cards draw,
 * one sentence for the page instead of a grid of empty cards.
 *
 * A page is then a short composition: its controls, its card specs, and the sentences that are its own.
 */
import type { ViewState } from '../app/state';
import { supportLink, updateSupportLink } from '../app/support-link';
import { LONDON } from '../data/boroughs';
import type { TableName } from '../data/contract';
import { readCoverage, type CoverageEntry } from '../data/coverage';
import { addMonths, monthIndex, rollingYearLabel } from '../data/months';
import { judgeCard, mountCard, redrawOnResize, type CardEnv, type CardSpec, type MountedCard } from './card';
import { cardIndex } from './card-index';
import { periodControl, type Control } from './controls';
import type { PageContext, PageView } from './page';
import type { PageId } from '../app/state';
import type { Verdict } from './provenance';

/** What every card of a page is drawn for. */
export interface View {
  state: ViewState;
  /** Last month of the rolling year shown. */
  end: string;
}

/** ", 12 months to June 2024" for a title, or nothing when the data has no period to show. */
export const yearPart = (end: string): string => (end ? `, ${rollingYearLabel(end)}` : '');

/** The rolling years a page can show: from the first 12 complete months to the latest. */
export interface PeriodRange {
  /** The earliest month a rolling year can end (the first month covered + 11). */
  firstEnd: string;
  /** The latest (and default) month a rolling year can end. */
  latest: string;
}

export function cardEnv(context: PageContext): CardEnv {
  const { db, data } = context;
  return {
    db,
    manifest: data.manifest,
    async coverage(tables: readonly TableName[]) {
      await data.loader.ensure(tables);
      return readCoverage(db);
    },
  };
}

/** The rolling years the months of some series cover: null when under 12 months. */
export function periodsOf(entries: readonly CoverageEntry[]): PeriodRange | null {
  if (entries.length === 0) return null;
  const first = entries.reduce((m, e) => (e.first < m ? e.first : m), entries[0]!.first);
  const latest = entries.reduce((m, e) => (e.last > m ? e.last : m), entries[0]!.last);
  const firstEnd = addMonths(first, 11);
  return monthIndex(firstEnd) <= monthIndex(latest) ? { firstEnd, latest } : null;
}

/** The rolling year a state asks for, if the range has it; else the latest, saying so. */
export function resolvePeriod(requested: string | null, range: PeriodRange): { end: string; outside: boolean } {
  if (requested === null) return { end: range.latest, outside: false };
  const index = monthIndex(requested);
  const outside = index < monthIndex(range.firstEnd) || index > monthIndex(range.latest);
  return { end: outside ? range.latest : requested, outside };
}

export interface PageSpec {
  page: PageId;
  className: string;
  heading(state: ViewState): string;
  /** The controls other than the period (area, category, measure), in order. */
  controls: readonly Control[];
  /** The months the page's periods come from. */
  periods(coverage: readonly CoverageEntry[]): PeriodRange | null;
  /** The tables `periods` reads. */
  periodTables: readonly TableName[];
  /**
   * Where periods come from when the main tables have none (their file failed): another table, so
   * that the cards that draw from it still can (Recording's victims by sex and age).
   */
  fallbackPeriods?: { tables: readonly TableName[]; periods(coverage: readonly CoverageEntry[]): PeriodRange | null };
  /** The lede under the heading, for a view. */
  lede(view: View): string;
  /** What the page's periods are of, for sentences: "figures on people proceeded against". */
  periodsWhat: string;
  /** Cards above the grid (the headline figures), and in the grid, in order. */
  top: readonly CardSpec<View, any>[];
  grid: readonly CardSpec<View, any>[];
  /** Cards that take the grid's full width. */
  wide?: readonly CardSpec<View, any>[];
  /** Sentences about the figures, under the cards. */
  about: HTMLElement;
  /**
   * When every card lacks what it draws because the data does not have it: the page's one sentence
   * (what is missing, who publishes it, what to do), instead of a card per missing thing.
   */
  nothingPublished?(verdicts: readonly Verdict[]): string;
  /** Anything else the page puts under the cards (analyst mode). */
  extra?: HTMLElement;
  /** Whether the page links to the Get support page for the borough chosen. */
  supportLink?: boolean;
  /** Called before the cards are drawn for a view (e.g. to move an extract's months into the period). */
  beforeDraw?(view: View): void;
}

export interface DashboardPage extends PageView {
  /** The view drawn last. */
  view(): View | null;
  /** Every card, for pages that re-run one (analyst mode). */
  cards: readonly MountedCard<View>[];
}

export function createDashboardPage(spec: PageSpec, context: PageContext): DashboardPage {
  const env = cardEnv(context);
  const element = document.createElement('div');
  element.className = spec.className;
  element.dataset.page = spec.page;
  const heading = document.createElement('h1');
  const lede = document.createElement('p');
  lede.className = 'lede';
  // "Support in {borough}": where someone looking at their borough's figures can find its services.
  const support = document.createElement('p');
  support.className = 'page-support';
  support.hidden = true;
  const link = spec.supportLink ? supportLink(LONDON, context.navigate) : null;
  if (link) support.append(link);
  const pageNote = document.createElement('div');
  pageNote.className = 'page-note';
  const notice = document.createElement('p');
  notice.className = `notice ${spec.className}__notice`;
  notice.setAttribute('role', 'status');
  notice.hidden = true;

  const controls = document.createElement('form');
  controls.className = 'controls';
  controls.setAttribute('aria-label', 'Choose what to show');
  controls.addEventListener('submit', (e) => e.preventDefault());
  controls.append(...spec.controls.map((c) => c.element));
  let period: Control | null = null;
  let periodLatest: string | null = null;

  const top = spec.top.map((s) => mountCard(s, env));
  const gridCards = spec.grid.map((s) => mountCard(s, env));
  spec.grid.forEach((s, i) => {
    if (spec.wide?.includes(s)) gridCards[i]!.element.classList.add('card--wide');
  });
  const grid = document.createElement('div');
  grid.className = 'card-grid';
  grid.append(...gridCards.map((c) => c.element));
  const cards = [...top, ...gridCards];
  // Each card is a slide in presentation mode (app/presentation.ts), in this order: the headline figures first.
  for (const card of cards) card.element.dataset.slide = '';
  // Under the heading, before the controls: on a phone the reader goes straight to the chart they want.
  const index = cardIndex(spec.page, cards.map((c) => c.element));
  element.append(heading, lede, support, index.element, pageNote, controls, notice, ...top.map((c) => c.element), grid, ...(spec.extra ? [spec.extra] : []), spec.about);
  const stopWatchingSize = redrawOnResize(grid, cards);
  const specs = [...spec.top, ...spec.grid];
  let last: View | null = null;
  let updates = 0;

  async function update(state: ViewState): Promise<void> {
    const ticket = ++updates;
    heading.textContent = spec.heading(state);
    if (link) {
      updateSupportLink(link, state.area, context.navigate);
      support.hidden = state.area === LONDON;
    }
    spec.controls.forEach((c) => c.sync(state));
    const main = spec.periods(await env.coverage(spec.periodTables));
    const range = main ?? (spec.fallbackPeriods ? spec.fallbackPeriods.periods(await env.coverage(spec.fallbackPeriods.tables)) : null);
    if (ticket !== updates) return;
    if (range && periodLatest !== range.latest) {
      period?.element.remove();
      period = periodControl(addMonths(range.firstEnd, -11), range.latest, (value) => context.navigate({ period: value }));
      periodLatest = range.latest;
      controls.append(period.element);
    }
    const resolved = range ? resolvePeriod(state.period, range) : null;
    // Without a period (the page's table failed or is not in the data), cards say why in their notes.
    const view: View = { state, end: resolved?.end ?? '' };
    last = view;
    period?.sync({ ...state, period: resolved && resolved.end !== range!.latest ? resolved.end : null });
    notice.hidden = !resolved?.outside;
    notice.textContent = resolved?.outside && range
      ? `There are no ${spec.periodsWhat} for the ${rollingYearLabel(state.period!)}: they cover the ${rollingYearLabel(range.firstEnd)} up to the ${rollingYearLabel(range.latest)}. The ${rollingYearLabel(resolved.end)} are shown instead.`
      : '';
    lede.textContent = main ? spec.lede(view) : await noPeriod();
    if (ticket !== updates) return;
    lede.hidden = false;
    spec.beforeDraw?.(view);

    // Nothing of what the page draws is in the data: one sentence for the page, not a grid of notes.
    if (spec.nothingPublished) {
      const verdicts = await Promise.all(specs.map((s) => judgeCard(s, view, env)));
      if (ticket !== updates) return;
      if (verdicts.every((v) => !v.ok && v.kind === 'absent')) {
        // The note says it all: the lede would only say again that there is nothing.
        lede.hidden = true;
        showPageNote(spec.nothingPublished(verdicts));
        return;
      }
    }
    showPageNote(null);
    await Promise.all(cards.map((c) => c.update(view)));
  }

  /** Why there is no period to show: the file that failed to load, or that the data has none. */
  async function noPeriod(): Promise<string> {
    const coverage = await env.coverage(spec.periodTables);
    const failed = spec.periodTables
      .map((table) => context.data.manifest.files.find((f) => f.table === table))
      .filter((entry) => entry && !coverage.some((e) => e.table === entry.table))
      .map((entry) => entry!.path.split('/').pop()!);
    return failed.length > 0
      ? `${failed.join(' and ')} could not be loaded (see the notice above), so there are no ${spec.periodsWhat} to show.`
      : `There are no ${spec.periodsWhat} in this data to show.`;
  }

  function showPageNote(text: string | null): void {
    pageNote.replaceChildren();
    for (const c of cards) {
      c.element.hidden = text !== null;
      // A hidden card is not left loading: the page's note says why it has nothing.
      if (text !== null) c.showNote(document.createTextNode(''));
    }
    grid.hidden = text !== null;
    index.sync();
    if (text === null) return;
    const p = document.createElement('p');
    p.className = 'notice notice--info page-note__text';
    p.textContent = text;
    pageNote.append(p);
  }

  return {
    page: spec.page,
    element,
    update,
    view: () => last,
    cards,
    destroy() {
      stopWatchingSize();
    },
  };
}
