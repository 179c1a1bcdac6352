/**
 * Shared links, for the benchmark: views (page × area × period × category × measure) chosen at
 * random from what each page offers, with a seed so that runs are comparable; and one cold load of
 * such a view, timed to its first chart and to every chart drawn from DuckDB.
 *
 * The choices come from the built page itself (its Area list, Period list, radios), read once per
 * page before anything is timed: a view is always one a reader could have shared from that build.
 */
import type { Browser, Page } from 'playwright-core';
import { seededRandom } from '../sample/random';

/** What one page lets a reader choose: the values of its controls ('' in period: the latest). */
export interface PageChoices {
  page: string;
  areas: string[];
  periods: string[];
  categories: string[];
  measures: string[];
}

export interface ChosenView {
  page: string;
  area: string;
  /** YYYY-MM, or '' for the latest rolling year (no period in the link). */
  period: string;
  category: string | null;
  measure: string | null;
  /** The link's query string. */
  query: string;
}

/**
 * `count` views, each a page then one value of each of its controls, all drawn from one seeded
 * stream. A page without a control leaves its parameter out of the link, as the page itself would.
 */
export function chooseViews(choices: readonly PageChoices[], count: number, seed: number): ChosenView[] {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const views: ChosenView[] = [];
  for (let i = 0; i < count; i += 1) {
    const c = pick(choices);
    const area = pick(c.areas);
    const period = c.periods.length > 0 ? pick(c.periods) : '';
    const category = c.categories.length > 0 ? pick(c.categories) : null;
    const measure = c.measures.length > 0 ? pick(c.measures) : null;
    const params = new URLSearchParams({ page: c.page });
    if (area !== 'London') params.set('borough', area);
    if (period) params.set('period', period);
    if (category) params.set('category', category);
    if (measure) params.set('measure', measure);
    views.push({ page: c.page, area, period, category, measure, query: `?${params}` });
  }
  return views;
}

/** Reads a page's controls from the built site, once every chart is drawn from DuckDB. */
export async function readChoices(browser: Browser, baseUrl: string, pageName: string): Promise<PageChoices> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}?page=${pageName}`);
  await page.waitForFunction(() => performance.getEntriesByName('dashboard:page-drawn').length > 0, null, { timeout: 180_000 });
  // A string, not a function: tsx's renaming helpers (__name) do not exist inside the page.
  const found = await page.evaluate<{ areas: string[]; periods: string[]; categories: string[]; measures: string[] }>(`(() => {
    const selects = [...document.querySelectorAll('main form.controls select')];
    const values = (select) => (select ? [...select.options].map((o) => o.value) : []);
    const area = selects.find((s) => [...s.options].some((o) => o.value === 'London'));
    const period = selects.find((s) => [...s.options].every((o) => /^\\d{4}-\\d{2}$/.test(o.value)));
    const radios = (value) => document.querySelectorAll('main form.controls input[type=radio][value="' + value + '"]').length > 0;
    return {
      areas: values(area),
      periods: values(period),
      categories: ['domestic_abuse', 'sexual_offences'].filter(radios),
      measures: ['rate', 'count'].filter(radios),
    };
  })()`);
  await context.close();
  // The latest rolling year is the period select's first option (newest first); a link to it names no period.
  const latest = found.periods[0];
  return { page: pageName, ...found, periods: found.periods.map((p) => (p === latest ? '' : p)) };
}

export interface ViewLoad {
  /** The first chart in the page (an <svg> inside figure.chart). */
  firstChartMs: number;
  /** Whether it was drawn before DuckDB had the data (so from the recorded answers). */
  firstChartRecorded: boolean;
  /** Every card of the view drawn (none loading), from recorded answers or DuckDB: the whole view on screen. */
  viewDrawnMs: number;
  /** Every chart drawn from DuckDB (the page-drawn mark). */
  allChartsMs: number;
  /** Layout shift up to a moment after DuckDB took over. */
  cls: number;
  /** Requests to anywhere but the site. */
  foreign: number;
}

/**
 * Records when the first chart appears, when every card of the page is drawn (a chart on the page,
 * and no card loading or busy), and the layout shifts.
 */
const INIT_SCRIPT = `
  window.__view = { firstChart: null, viewDrawn: null, cls: 0 };
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__view.cls += e.value; })
    .observe({ type: 'layout-shift', buffered: true });
  new MutationObserver((_, observer) => {
    const chart = document.querySelector('main .card figure.chart svg');
    if (chart && window.__view.firstChart === null) window.__view.firstChart = performance.now();
    if (chart && !document.querySelector('main .card .card__loading, main .card[aria-busy]')) {
      window.__view.viewDrawn = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
`;

/** One cold load of a view, in a fresh context that `prepare` may throttle. */
export async function loadView(
  browser: Browser,
  url: string,
  prepare: (page: Page) => Promise<void>,
): Promise<ViewLoad> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const origin = new URL(url).origin;
  let foreign = 0;
  context.on('request', (request) => {
    const u = request.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign += 1;
  });
  await prepare(page);
  await page.addInitScript(INIT_SCRIPT);
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('dashboard:page-drawn').length > 0, null, { timeout: 180_000 });
  // Layout shifts are reported after the frame that makes them: wait for two more frames.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const marks = await page.evaluate<{ firstChart: number | null; viewDrawn: number | null; cls: number; drawn: number; ready: number | null }>(`(() => {
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
    return { ...window.__view, drawn: at('dashboard:page-drawn'), ready: at('dashboard:data-ready') };
  })()`);
  await context.close();
  return {
    firstChartMs: marks.firstChart ?? Number.NaN,
    firstChartRecorded: marks.firstChart !== null && (marks.ready === null || marks.firstChart < marks.ready),
    viewDrawnMs: marks.viewDrawn ?? Number.NaN,
    allChartsMs: marks.drawn,
    cls: marks.cls,
    foreign,
  };
}
