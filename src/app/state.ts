/**
 * The view state, and its one home: the URL. Every view is a link someone can share or bookmark.
 * Parsing never throws: anything unknown falls back to a default with a short notice.
 */
import { BOROUGH_NAMES, findBorough, LONDON } from '../data/boroughs';
import { DISPLAY_CATEGORIES, type DisplayCategory } from '../data/contract';
import { isMonth } from '../data/months';

export const PAGES = ['recording', 'victimisation', 'justice', 'support', 'methodology', 'accessibility'] as const;
export type PageId = (typeof PAGES)[number];

/** The dashboard's own pages, in the main navigation; the others (about the site) are linked from the footer. */
export const DASHBOARD_PAGES = ['recording', 'victimisation', 'justice'] as const satisfies readonly PageId[];

/** The main navigation: the dashboard's pages, then Get support. */
export const NAV_PAGES = [...DASHBOARD_PAGES, 'support'] as const satisfies readonly PageId[];

/**
 * Pages drawn from what the site ships, with no data loaded: they show at once, and DuckDB is not
 * started for them (a survivor on a phone looking for a helpline should not wait for, or pay for,
 * 6 MB of database). It starts when the reader first opens a page that needs it.
 */
const PAGES_WITHOUT_DATA: readonly PageId[] = ['support'];

export function pageNeedsData(page: PageId): boolean {
  return !PAGES_WITHOUT_DATA.includes(page);
}

export const PAGE_TITLES: Record<PageId, string> = {
  recording: 'Recording',
  victimisation: 'Victimisation',
  justice: 'Justice',
  support: 'Get support',
  methodology: 'Methodology',
  accessibility: 'Accessibility statement',
};

/** Whether a page shows figures for an area (the others are text about the site). */
export function isDashboardPage(page: PageId): boolean {
  return (DASHBOARD_PAGES as readonly PageId[]).includes(page);
}

export const MEASURES = ['count', 'rate'] as const;
export type Measure = (typeof MEASURES)[number];

/**
 * What the reader needs help with, on the Get support page (`need=` in the URL). Each maps to the
 * values of the list's `serves` column it shows (src/pages/support.ts).
 */
export const SUPPORT_NEEDS = [
  'domestic_abuse',
  'sexual_violence',
  'stalking',
  'honour_based_abuse',
  'lgbt',
  'men',
  'deaf',
  'children',
  'own_behaviour',
] as const;
export type SupportNeed = (typeof SUPPORT_NEEDS)[number];

export interface ViewState {
  page: PageId;
  /** 'London' or a borough's ONS name. */
  area: string;
  category: DisplayCategory;
  measure: Measure;
  /** Last month of the rolling year shown (YYYY-MM), or null for the latest in the data. */
  period: string | null;
  /** Get support only: the need the services are filtered by; absent for every service. */
  need?: SupportNeed;
}

export const DEFAULT_STATE: ViewState = {
  page: 'recording',
  area: LONDON,
  category: 'domestic_abuse',
  measure: 'rate',
  period: null,
};

const CATEGORY_NAMES: Record<DisplayCategory, string> = { domestic_abuse: 'domestic abuse', sexual_offences: 'sexual offences' };

/**
 * The category a link that names none shows: domestic abuse, unless the data has none (a build from
 * the published borough files), when it is sexual offences. Set once, when the manifest is known,
 * before the URL is read; links leave the default out, so they stay short.
 */
export function setDefaultCategory(category: DisplayCategory): void {
  DEFAULT_STATE.category = category;
}

export interface ParsedState {
  state: ViewState;
  /** Plain-English notices about values in the URL that were not understood. */
  notices: string[];
}

/** Longest value we echo back in a notice, so a hostile URL cannot flood the page. */
const NOTICE_VALUE_LIMIT = 40;
const shown = (value: string) =>
  value.length > NOTICE_VALUE_LIMIT ? `${value.slice(0, NOTICE_VALUE_LIMIT)}…` : value;

function oneOf<T extends string>(values: readonly T[], raw: string | null): T | undefined {
  return values.find((v) => v === raw);
}

export function parseState(search: string): ParsedState {
  const params = new URLSearchParams(search);
  const notices: string[] = [];
  const state: ViewState = { ...DEFAULT_STATE };

  const page = params.get('page');
  if (page !== null) {
    const known = oneOf(PAGES, page);
    if (known) state.page = known;
    else notices.push(`There is no page called "${shown(page)}", so the Recording page is shown.`);
  }

  const borough = params.get('borough');
  if (borough !== null && borough !== LONDON) {
    // Accept any known spelling or GSS code in a link, and show the ONS name.
    const match = findBorough(borough);
    if (match) state.area = match.name;
    else notices.push(`"${shown(borough)}" is not a London borough, so figures for London as a whole are shown.`);
  }

  const category = params.get('category');
  if (category !== null) {
    const known = oneOf(DISPLAY_CATEGORIES, category);
    if (known) state.category = known;
    else notices.push(`"${shown(category)}" is not a category this dashboard shows, so ${CATEGORY_NAMES[DEFAULT_STATE.category]} is shown.`);
  }

  const measure = params.get('measure');
  if (measure !== null) {
    const known = oneOf(MEASURES, measure);
    if (known) state.measure = known;
    else notices.push(`"${shown(measure)}" is not a measure this dashboard shows, so the rate per 1,000 residents is shown.`);
  }

  const period = params.get('period');
  if (period !== null) {
    if (isMonth(period)) state.period = period;
    else notices.push(`"${shown(period)}" is not a month written YYYY-MM, so the latest 12 months are shown.`);
  }
  // Only the Get support page filters by need; elsewhere the parameter means nothing and is dropped.
  const need = params.get('need');
  if (need !== null && state.page === 'support') {
    const known = oneOf(SUPPORT_NEEDS, need);
    if (known) state.need = known;
    else notices.push(`"${shown(need)}" is not a need this page lists services for, so every service is shown.`);
  }
  return { state, notices };
}

/** The query string for a state; defaults are left out so links stay short. */
export function stateToSearch(state: ViewState): string {
  const params = new URLSearchParams();
  if (state.page !== DEFAULT_STATE.page) params.set('page', state.page);
  if (state.area !== DEFAULT_STATE.area) params.set('borough', state.area);
  if (state.category !== DEFAULT_STATE.category) params.set('category', state.category);
  if (state.measure !== DEFAULT_STATE.measure) params.set('measure', state.measure);
  if (state.period !== null) params.set('period', state.period);
  if (state.page === 'support' && state.need) params.set('need', state.need);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function isBoroughArea(area: string): boolean {
  return BOROUGH_NAMES.includes(area);
}
