/**
 * Page 2, Victimisation: domestic abuse incidents by borough, and month-by-month repeat
 * victimisation for London or a borough — repeat victims, incidents per victim and the percent of
 * victims victimised more than once, each over the 12 months ending that month.
 */
import { formatCount, formatPercentChange, formatRate, linePanels } from '../charts';
import { isBoroughArea, type ViewState } from '../app/state';
import { LONDON } from '../data/boroughs';
import { addMonths, monthIndex, monthLabel, RECORDING_BREAK_MONTH, rollingYearLabel } from '../data/months';
import { monthRange, type MonthRange } from '../data/queries/common';
import { boroughIncidents, incidentHeadline, repeatTrend, type BoroughIncidents, type IncidentHeadline, type RepeatPoint } from '../data/queries/victimisation';
import { analystPanel, type ExtractInUse } from './analyst-extract';
import { areaMap, markChosenArea } from './area-map';
import { cardNote, createCard, printing, redrawOnResize } from './card';
import { areaControl, periodControl, radioControl, type Control } from './controls';
import { fileFor, missingTableNote, sourceLine, type PageContext, type PageView } from './page';

const MPS_SOURCE = 'Metropolitan Police Service domestic abuse incidents';
/** Each repeat-victimisation panel's height in print. */
const PRINT_PANEL_HEIGHT = 130;
const formatPercent = (v: number | null | undefined) => (v === null || v === undefined ? 'not available' : `${formatRate(v, 1)}%`);

interface Snapshot {
  state: ViewState;
  end: string;
}

interface Headline {
  incidents: IncidentHeadline;
  /** The area's repeat figures for the window ending `end`, and a year earlier. */
  current: RepeatPoint | undefined;
  yearBefore: RepeatPoint | undefined;
}

/** Months this page can show: rolling years covered by the incidents (or, failing that, repeat) table. */
function pageRange(incidents: MonthRange | null, repeats: MonthRange | null): MonthRange | null {
  if (incidents) return { first: addMonths(incidents.first, 11), latest: incidents.latest };
  return repeats;
}

export function createVictimisationPage(context: PageContext): PageView {
  const { db, data, navigate } = context;
  const { loader } = data;
  const element = document.createElement('div');
  element.className = 'victimisation';

  const heading = document.createElement('h1');
  const lede = document.createElement('p');
  lede.className = 'lede';
  const pageNotice = document.createElement('div');

  const controls = document.createElement('form');
  controls.className = 'controls';
  controls.setAttribute('aria-label', 'Choose what to show');
  controls.addEventListener('submit', (e) => e.preventDefault());
  const area = areaControl((value) => navigate({ area: value }));
  const measure = radioControl(
    'Map shows',
    [
      { value: 'rate', label: 'Incidents per 1,000 residents' },
      { value: 'count', label: 'Number of incidents' },
    ],
    (s) => s.measure,
    (value) => navigate({ measure: value }),
  );
  controls.append(area.element, measure.element);
  let period: Control | null = null;
  let range: MonthRange | null = null;
  /** Which of the page's tables hold no rows (their files failed to load, or are not in this data). */
  let empty = { incidents: false, repeats: false };

  let snapshot: Snapshot | null = null;
  const source = sourceLine(data, MPS_SOURCE);
  /** An analyst's own extract, when one is in use: the repeat figures then come from it. */
  let extract: ExtractInUse | null = null;
  let lastState: ViewState | null = null;
  const repeatTable = () => (extract ? 'extract_repeat_victims' : 'repeat_victims');
  const repeatSource = () =>
    extract ? `${extract.label}, computed in this browser (not published figures)` : source;
  const analyst = analystPanel(db, (chosen) => {
    extract = chosen;
    if (lastState) void update(lastState);
  });

  const headlines = createCard<Headline>('card--headlines', (rows) => drawHeadlines(rows, snapshot!));
  const map = createCard<BoroughIncidents[]>('card--map', (rows, width) => drawMap(rows, width, snapshot!));
  const trend = createCard<RepeatPoint[]>('card--repeat', (rows, width) => drawTrend(rows, width, snapshot!));

  const grid = document.createElement('div');
  grid.className = 'card-grid';
  grid.append(map.element, trend.element);
  element.append(heading, lede, pageNotice, controls, headlines.element, grid, analyst.element, definitions());

  const stopWatchingSize = redrawOnResize(grid, [headlines, map, trend]);

  function drawHeadlines({ incidents, current, yearBefore }: Headline, { state, end }: Snapshot): Node {
    const wrapper = document.createElement('div');
    const title = document.createElement('h2');
    title.className = 'card__title';
    title.textContent = `Domestic abuse incidents and repeat victims${extract ? ` (repeat figures from ${extract.label})` : ''}: ${state.area}, ${rollingYearLabel(end)}`;
    const list = document.createElement('dl');
    list.className = 'headlines';
    const before = rollingYearLabel(addMonths(end, -12));
    const change = (now: number | null | undefined, then: number | null | undefined, format: (n: number) => string) => {
      if (now === null || now === undefined || then === null || then === undefined) return 'No figures for the 12 months before to compare with';
      return `${formatPercentChange(then > 0 ? ((now - then) / then) * 100 : null)} on the ${before} (${format(then)})`;
    };
    // A table whose file failed says so in place of its figures' comparison.
    const incidentsNote = empty.incidents ? missingTableNote(data, ['incidents'], 'There are no incident figures in this data.') : null;
    const repeatsNote = empty.repeats && !extract ? missingTableNote(data, ['repeat_victims'], 'There are no repeat-victimisation figures in this data.') : null;
    const items: [string, string, string, string][] = [
      ['incidents', 'Domestic abuse incidents', formatCount(incidents.incidents), incidentsNote ?? change(incidents.incidents, incidents.previousIncidents, formatCount)],
      ['repeat_victims', 'Repeat victims (2 or more incidents)', formatCount(current?.repeatVictims), repeatsNote ?? change(current?.repeatVictims, yearBefore?.repeatVictims, formatCount)],
      ['incidents_per_victim', 'Incidents per victim', formatRate(current?.incidentsPerVictim, 2), repeatsNote ?? `${formatRate(yearBefore?.incidentsPerVictim, 2)} in the ${before}`],
      ['percent_repeat', 'Victims victimised more than once', formatPercent(current?.percentRepeat), repeatsNote ?? `${formatPercent(yearBefore?.percentRepeat)} in the ${before}`],
    ];
    for (const [key, label, value, note] of items) {
      const item = document.createElement('div');
      item.className = 'headline';
      item.dataset.measure = key;
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.className = 'headline__value';
      dd.textContent = value;
      const dd2 = document.createElement('dd');
      dd2.className = 'headline__change';
      dd2.textContent = note;
      item.append(dt, dd, dd2);
      list.append(item);
    }
    wrapper.append(title, list);
    return wrapper;
  }

  function drawMap(rows: BoroughIncidents[], width: number, { state, end }: Snapshot): Node {
    const byRate = state.measure === 'rate';
    const what = byRate ? 'Domestic abuse incidents per 1,000 residents' : 'Domestic abuse incidents';
    return areaMap(
      rows.map((r) => ({
        borough: r.borough,
        value: byRate ? r.rate : r.incidents,
        label: `${formatRate(r.rate, 1)} incidents per 1,000 residents (${formatCount(r.incidents)} incidents)`,
        missing: r.incidents === null,
      })),
      {
        context,
        state,
        card: map.element,
        title: `${what} by borough, ${rollingYearLabel(end)}`,
        subtitle: 'Choose a borough on the map, or in the Area list, to compare it with London.',
        source,
        measureLabel: what,
        formatValue: byRate ? (v) => formatRate(v, 1) : (v) => formatCount(v),
        width,
        currentArea: () => snapshot!.state.area,
      },
    );
  }

  function drawTrend(rows: RepeatPoint[], width: number, { state }: Snapshot): Node {
    const hasBorough = isBoroughArea(state.area) && rows.some((r) => r.series === state.area);
    const series = hasBorough ? [state.area, LONDON] : [LONDON];
    if (rows.length === 0) {
      return emptyNote(
        extract
          ? `${extract.label} gives no repeat-victimisation figures.`
          : empty.repeats
            ? missingTableNote(data, ['repeat_victims'], 'There are no repeat-victimisation figures in this data.')
            : `There are no repeat-victimisation figures for ${state.area} in this data.`,
      );
    }
    const first = rows[0]!.month;
    const last = rows.at(-1)!.month;
    return linePanels(
      rows.map((r) => ({
        month: r.month,
        series: r.series,
        values: {
          repeatPerThousand: r.repeatPerThousand,
          repeatVictims: r.repeatVictims,
          incidentsPerVictim: r.incidentsPerVictim,
          percentRepeat: r.percentRepeat,
          victims: r.victims,
        },
      })),
      {
        title: `Repeat victims of domestic abuse${extract ? ` in ${extract.label}` : ''}: ${series.join(' and ')}, 12 months to each month, ${monthLabel(first)} to ${monthLabel(last)}`,
        subtitle: `Each point covers the 12 months ending that month.${state.area === 'City of London' && !extract ? ' The City of London has no MPS figures, so London is shown alone.' : ''}`,
        source: repeatSource(),
        seriesOrder: series,
        breakMonth: RECORDING_BREAK_MONTH,
        breakNote: 'Recording system changed Feb 2024',
        panels: [
          { key: 'repeatPerThousand', title: 'Repeat victims per 1,000 residents', yLabel: 'Per 1,000 residents', format: (v) => formatRate(v, 2) },
          { key: 'incidentsPerVictim', title: 'Incidents per victim', yLabel: 'Incidents per victim', format: (v) => formatRate(v, 2) },
          { key: 'percentRepeat', title: 'Percent of victims victimised more than once', yLabel: 'Percent', format: formatPercent },
          { key: 'repeatVictims', title: 'Repeat victims', yLabel: 'Victims', format: formatCount, chart: false },
          { key: 'victims', title: 'Victims', yLabel: 'Victims', format: formatCount, chart: false },
        ],
        width,
        // On paper the panels take the page's width (print.css), flatter, so that all three fit on a page.
        ...(printing() ? { panelHeight: PRINT_PANEL_HEIGHT } : {}),
      },
    );
  }

  async function ensurePeriodControl(): Promise<void> {
    if (period) return;
    await loader.ensure(['incidents', 'repeat_victims']);
    const [incidents, repeats] = [await monthRange(db, 'incidents'), await monthRange(db, 'repeat_victims')];
    empty = { incidents: incidents === null, repeats: repeats === null };
    range = pageRange(incidents, repeats);
    if (!range) return;
    period = periodControl(addMonths(range.first, -11), range.latest, (value) => navigate({ period: value }));
    controls.append(period.element);
  }

  async function update(state: ViewState): Promise<void> {
    lastState = state;
    heading.textContent = `Domestic abuse incidents and repeat victimisation: ${state.area}`;
    await ensurePeriodControl();
    if (!range) {
      // Neither incidents nor repeat victims loaded: each card says which file it needed. The
      // repeat trend needs no period, so an analyst's own extract still draws there.
      pageNotice.replaceChildren();
      const files = [fileFor(data, 'incidents'), fileFor(data, 'repeat_victims')].filter((f) => f !== null);
      lede.textContent = files.length
        ? `${files.join(' and ')} could not be loaded (see the notice above), so there are no domestic abuse incident figures to show.`
        : 'There are no domestic abuse incident figures in this data to show.';
      [area, measure].forEach((control) => control.sync(state));
      snapshot = { state, end: '' };
      headlines.showNote(
        cardNote(missingTableNote(data, ['incidents', 'repeat_victims'], 'There are no domestic abuse incident figures in this data.'), `Domestic abuse incidents and repeat victims: ${state.area}`),
      );
      map.showNote(cardNote(missingTableNote(data, ['incidents'], 'There are no incident figures in this data.'), 'Domestic abuse incidents by borough'));
      await trend.load(() => repeatTrend(db, state.area, repeatTable()));
      return;
    }
    pageNotice.replaceChildren();
    let end = state.period ?? range.latest;
    if (monthIndex(end) < monthIndex(range.first) || monthIndex(end) > monthIndex(range.latest)) {
      const p = document.createElement('p');
      p.className = 'notice notice--info';
      p.textContent = `Incident figures cover the 12 months to ${monthLabel(range.first)} up to the 12 months to ${monthLabel(range.latest)}, so the latest 12 months are shown.`;
      pageNotice.append(p);
      end = range.latest;
    }
    snapshot = { state, end };
    lede.textContent = `${rollingYearLabel(end)}. Choose an area and the period below.`;
    // The controls show the period actually drawn (the latest, when the URL's was out of range).
    const shown = { ...state, period: end === range.latest ? null : end };
    [area, measure, ...(period ? [period] : [])].forEach((control) => control.sync(shown));
    await Promise.all([
      headlines.load(async () => {
        const [incidents, repeats] = await Promise.all([incidentHeadline(db, state.area, end), repeatTrend(db, state.area, repeatTable())]);
        const own = repeats.filter((r) => r.series === (isBoroughArea(state.area) ? state.area : LONDON));
        return { incidents, current: own.find((r) => r.month === end), yearBefore: own.find((r) => r.month === addMonths(end, -12)) };
      }),
      empty.incidents
        ? map.showNote(cardNote(missingTableNote(data, ['incidents'], 'There are no incident figures in this data.'), 'Domestic abuse incidents by borough'))
        : // The map is every borough's figures: on a borough switch only the outline moves.
          map.load(() => boroughIncidents(db, end), `${state.measure} ${end}`).then(() => markChosenArea(map.element, snapshot!.state.area)),
      trend.load(() => repeatTrend(db, state.area, repeatTable())),
    ]);
  }

  return {
    page: 'victimisation',
    element,
    update,
    destroy() {
      stopWatchingSize();
      analyst.destroy();
    },
  };
}

function emptyNote(text: string): Node {
  const p = document.createElement('p');
  p.className = 'card__empty';
  p.textContent = text;
  return p;
}

function definitions(): HTMLElement {
  const section = document.createElement('section');
  section.className = 'about definitions';
  section.innerHTML = `
    <h2>What these figures mean</h2>
    <dl>
      <dt>Incident</dt>
      <dd>Each time the police are told about domestic abuse, whether or not it is recorded as a crime. One incident can involve more than one offence, and some incidents involve none.</dd>
      <dt>Repeat victim</dt>
      <dd>A victim of two or more domestic abuse incidents in the 12 months ending that month.</dd>
      <dt>Incidents per victim</dt>
      <dd>All incidents in those 12 months divided by the number of different victims in them.</dd>
      <dt>Percent victimised more than once</dt>
      <dd>Repeat victims as a percentage of all victims in those 12 months.</dd>
      <dt>Why these figures are never added up</dt>
      <dd>Each figure counts different people over a 12-month window. The same person can be counted in many months' windows, and in more than one borough, so adding months or boroughs together would count people more than once. London's figures count each person once however many boroughs they appear in.</dd>
    </dl>`;
  return section;
}
