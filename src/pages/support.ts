/**
 * Get support: the services a survivor can reach, for their borough. At the top, always, 999 and
 * "999 then 55"; then that borough's own services, London-wide ones and national ones, from the
 * list shipped with the site (data/support/services.csv, checked at build), filtered by need.
 *
 * It needs no data loaded and no DuckDB (main.ts draws it at once). The area and the need live in
 * the URL like every other choice; nothing the reader chooses is stored or sent anywhere.
 */
import '../styles/support.css';
import { supportLink, type Navigate } from '../app/support-link';
import type { SupportNeed, ViewState } from '../app/state';
import { LONDON } from '../data/boroughs';
import { describeProblem } from '../data/validate';
import { supportList } from '../data/support/list';
import { NATIONAL, type Serves, type SupportService } from '../data/support/services';
import { areaControl, selectControl } from './controls';
import type { PageView } from './page';
import { dateLabel, outboundLink, serviceEntry } from './support-entry';

/** Each need the page filters by: its option, its words in a sentence, and the list's `serves` values it shows. */
const NEEDS: Record<SupportNeed, { label: string; phrase: string; serves: readonly Serves[] }> = {
  domestic_abuse: { label: 'Domestic abuse', phrase: 'domestic abuse', serves: ['domestic_abuse'] },
  sexual_violence: { label: 'Sexual violence', phrase: 'sexual violence', serves: ['sexual_violence'] },
  stalking: { label: 'Stalking', phrase: 'stalking', serves: ['stalking'] },
  honour_based_abuse: {
    label: 'Honour-based abuse, forced marriage or FGM',
    phrase: 'honour-based abuse, forced marriage or FGM',
    serves: ['honour_based_abuse', 'forced_marriage', 'fgm'],
  },
  lgbt: { label: 'LGBT+ people', phrase: 'LGBT+ people', serves: ['lgbt'] },
  men: { label: 'Men', phrase: 'men', serves: ['men'] },
  deaf: { label: 'Deaf people', phrase: 'Deaf people', serves: ['deaf'] },
  children: { label: 'Children and young people', phrase: 'children and young people', serves: ['children'] },
  own_behaviour: { label: 'People worried about their own behaviour', phrase: 'people worried about their own behaviour', serves: ['perpetrators'] },
};

const ALL = 'all';
const NEED_OPTIONS: readonly { value: SupportNeed | typeof ALL; label: string }[] = [
  { value: ALL, label: 'Every need' },
  ...(Object.entries(NEEDS) as [SupportNeed, (typeof NEEDS)[SupportNeed]][]).map(([value, need]) => ({ value, label: need.label })),
];

export const FIND_YOUR_COUNCIL = 'https://www.gov.uk/find-local-council';

/**
 * Where to report a mistake in the list. Publishers: put the address of your issue tracker (or a
 * contact page) here; until then the page asks readers to tell the organisation publishing the site.
 */
const CORRECTIONS_URL: string | null = null;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function matches(service: SupportService, need: SupportNeed | undefined): boolean {
  return need === undefined || service.serves.some((s) => NEEDS[need].serves.includes(s));
}

/** "1 service" / "3 services". */
const services = (n: number) => `${n} service${n === 1 ? '' : 's'}`;

/** Always first: what to do in an emergency, whether or not you can speak. */
function emergency(): HTMLElement {
  const box = el('div', 'support-emergency');
  const call = el('p', 'support-emergency__call');
  const dial = el('a', 'support-emergency__number', '999');
  dial.href = 'tel:999';
  call.append('In an emergency, call ', dial, '.');
  const silent = el('p');
  silent.append(
    'If you cannot speak, call 999, then press 55 when asked (',
    el('strong', undefined, '999 then 55'),
    ', the Silent Solution): the call is put through to the police.',
  );
  box.append(call, silent);
  return box;
}

/** Covering your tracks, in two sentences. */
function privacy(): HTMLElement {
  const p = el('p', 'support-privacy');
  p.append(
    el('strong', undefined, 'Keeping this private. '),
    'Nothing you choose here is saved or sent anywhere. But your browser\u2019s history will show this visit, and your phone\u2019s call log any calls: if someone else may check your device, use a private (incognito) window, or delete them afterwards.',
  );
  return p;
}

/** When the list was checked, what may have changed since, and where to report a mistake. */
function aboutTheList(checked: string | null): HTMLElement {
  const section = el('section', 'support-about');
  section.setAttribute('aria-labelledby', 'support-about-heading');
  const heading = el('h2', undefined, 'About this list');
  heading.id = 'support-about-heading';
  const when = el('p', 'support-about__checked', checked ? `This list was last checked on ${dateLabel(checked)}.` : 'This list does not say when it was last checked.');
  const how = el(
    'p',
    'support-about__method',
    'Each entry was checked against the public web page named as its source; where that page did not give a phone number, website or opening hours, the entry leaves it out rather than guess.',
  );
  const change = el(
    'p',
    'support-about__caveat',
    'Numbers, opening hours and providers change: local services are re-commissioned every few years, and some sources are several years old. If you can, check a service\u2019s own website before relying on it. In an emergency, always call 999.',
  );
  const corrections = el('p', 'support-about__corrections');
  corrections.append('Is something here wrong, out of date or missing? ');
  if (CORRECTIONS_URL) corrections.append(outboundLink(CORRECTIONS_URL, 'Please tell us'), ', so the list can be corrected.');
  else corrections.append('Please tell the organisation that publishes this copy of the dashboard, so the list can be corrected.');
  section.append(heading, when, how, change, corrections);
  return section;
}

/** No local entry: say so plainly, and where else to look. */
function councilPointer(text: string): HTMLElement {
  const p = el('p', 'support-group__empty');
  p.append(text, ' Your council\u2019s website usually lists local services too: find it with GOV.UK\u2019s ', outboundLink(FIND_YOUR_COUNCIL, 'Find your local council'), '.');
  return p;
}

interface Group {
  id: string;
  heading: string;
  /** Every entry of the group, before the need filter. */
  all: SupportService[];
}

export function createSupportPage(context: { navigate: Navigate }): PageView {
  const { navigate } = context;
  const list = supportList();
  const localAreas = [...new Set(list.services.map((s) => s.area).filter((a) => a !== NATIONAL && a !== LONDON))].sort();

  const element = el('div', 'support');
  const h1 = el('h1', undefined, 'Get support');
  const lede = el(
    'p',
    'lede',
    `Helplines and services for domestic abuse and sexual violence: in your borough, across London and nationally.${list.checked ? ` Last checked ${dateLabel(list.checked)}.` : ''}`,
  );

  // A list with problems never gets past the build; the development server shows them here.
  const problems = el('div', 'notice notice--error');
  problems.hidden = list.problems.length === 0;
  if (list.problems.length > 0) {
    const ul = el('ul');
    for (const p of list.problems) ul.append(el('li', undefined, describeProblem(p)));
    problems.append(el('p', 'notice__title', 'Some entries of the support list have problems and are left out:'), ul);
  }

  const controls = el('form', 'controls support-controls');
  controls.setAttribute('aria-label', 'Choose services');
  controls.addEventListener('submit', (e) => e.preventDefault());
  const area = areaControl((value) => navigate({ area: value }));
  const need = selectControl('Show services for', NEED_OPTIONS, (s) => s.need ?? ALL, (value) => navigate({ need: value === ALL ? undefined : value }));
  controls.append(area.element, need.element);

  // Kept across updates so a screen reader hears the new count when a choice changes.
  const status = el('p', 'support-status');
  status.setAttribute('role', 'status');
  const results = el('div', 'support-results');

  element.append(h1, emergency(), lede, privacy(), problems, controls, status, results, aboutTheList(list.checked));

  function groupsFor(where: string): Group[] {
    const groups: Group[] = [];
    if (where !== LONDON) groups.push({ id: 'local', heading: `In ${where}`, all: list.services.filter((s) => s.area === where) });
    groups.push({ id: 'london', heading: 'Across London', all: list.services.filter((s) => s.area === LONDON) });
    groups.push({ id: 'national', heading: 'National', all: list.services.filter((s) => s.area === NATIONAL) });
    return groups;
  }

  function groupSection(group: Group, state: ViewState, shown: SupportService[]): HTMLElement {
    const section = el('section', `support-group support-group--${group.id}`);
    const headingId = `support-${group.id}`;
    section.setAttribute('aria-labelledby', headingId);
    const heading = el('h2', 'support-group__heading', group.heading);
    heading.id = headingId;
    section.append(heading);
    const needPhrase = state.need ? NEEDS[state.need].phrase : '';
    if (group.id === 'local' && group.all.length === 0) {
      section.append(councilPointer(`No local service in ${state.area} is in this list yet. The London-wide and national services below are not limited to one borough.`));
    } else if (shown.length === 0 && group.id === 'local') {
      section.append(councilPointer(`None of the services in ${state.area} in this list is for ${needPhrase}.`));
    } else if (shown.length === 0) {
      section.append(el('p', 'support-group__empty', `None for ${needPhrase} in this list.`));
    } else {
      const ul = el('ul', 'support-group__list');
      for (const service of shown) ul.append(serviceEntry(service, list.checked));
      section.append(ul);
    }
    return section;
  }

  /** With no borough chosen: which boroughs have their own entries, one tap away. */
  function chooseBorough(): HTMLElement {
    const p = el('p', 'support-choose', 'Choose your borough above to see its own services too.');
    if (localAreas.length === 0) return p;
    p.append(' This list has local services for ');
    localAreas.forEach((name, i) => {
      const link = supportLink(name, navigate);
      link.textContent = name;
      p.append(i === 0 ? '' : i === localAreas.length - 1 ? ' and ' : ', ', link);
    });
    p.append('.');
    return p;
  }

  /** "18 services for Hackney.", "2 of the 18 services for Hackney are for stalking." */
  function statusText(state: ViewState, count: number, all: number): string {
    const where = `${services(all)} for ${state.area}`;
    if (!state.need) return `${where}.`;
    const phrase = NEEDS[state.need].phrase;
    if (count === 0) return `None of the ${where} is specifically for ${phrase} yet.`;
    return `${count} of the ${where} ${count === 1 ? 'is' : 'are'} for ${phrase}.`;
  }

  async function update(state: ViewState): Promise<void> {
    area.sync(state);
    need.sync(state);
    h1.textContent = state.area === LONDON ? 'Get support' : `Get support in ${state.area}`;
    const groups = groupsFor(state.area);
    const shown = groups.map((group) => group.all.filter((s) => matches(s, state.need)));
    const count = shown.reduce((sum, g) => sum + g.length, 0);
    const text = statusText(state, count, groups.reduce((sum, g) => sum + g.all.length, 0));
    status.replaceChildren(text);
    if (state.need && count === 0) {
      // The same area with every service: what a support link gives.
      const everything = supportLink(state.area, navigate);
      everything.textContent = 'Show every service';
      status.append(' ', everything, '.');
    }
    results.replaceChildren(...(state.area === LONDON ? [chooseBorough()] : []), ...groups.map((group, i) => groupSection(group, state, shown[i]!)));
  }

  return { page: 'support', element, update, destroy: () => undefined };
}
