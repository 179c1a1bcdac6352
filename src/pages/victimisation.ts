/**
 * Page 2, Victimisation: domestic abuse incidents by borough, and month-by-month repeat
 * victimisation for London or a borough — repeat victims, incidents per victim and the percent of
 * victims victimised more than once, each over the 12 months ending that month.
 *
 * No one publishes these openly by borough, so a build from the published files has none of them: the
 * page then says so once and offers analyst mode, where an analyst's own incident-level extract is
 * read in this browser tab and the repeat measures computed from it.
 */
import { formatCount, formatRate, linePanels } from '../charts';
import { isBoroughArea, type ViewState } from '../app/state';
import { LONDON } from '../data/boroughs';
import { breakAcross, breaksFor, compareYears, countingBreaks } from '../data/changes';
import { addMonths, monthLabel, rollingYearLabel, shortMonthLabel } from '../data/months';
import { boroughIncidents, incidentHeadline, repeatTrend, type BoroughIncidents, type IncidentHeadline, type RepeatPoint } from '../data/queries/victimisation';
import { changeText } from './change-text';
import { analystPanel, extractInUse, extractPeriods, type ExtractInUse } from './analyst-extract';
import { areaMap, markChosenArea, PRINTED_MAP_NOTE } from './area-map';
import { printing, type CardSpec } from './card';
import { areaControl, measureControl } from './controls';
import type { PageContext, PageView } from './page';
import { areaCells, breakNotes, CITY_REASON, COLUMNS as C, countingChangeCell, periodCells, statusCells } from './downloads';
import { YOUR_FILE_LICENCE, type Need } from './provenance';
import { createDashboardPage, periodsOf, yearPart, type PeriodRange, type View } from './scaffold';

/** Each repeat-victimisation panel's height in print. */
const PRINT_PANEL_HEIGHT = 130;
const formatPercent = (v: number | null | undefined) => (v === null || v === undefined ? 'not available' : `${formatRate(v, 1)}%`);

interface Headline {
  incidents: IncidentHeadline | null;
  /** The area's repeat figures for the window ending `end`, and a year earlier. */
  current: RepeatPoint | undefined;
  yearBefore: RepeatPoint | undefined;
}

const yearEnding = (end: string) => ({ first: addMonths(end, -11), last: end });

export function createVictimisationPage(context: PageContext): PageView {
  const { db, data, navigate } = context;
  const breaks = countingBreaks(data.manifest.countingChanges);
  /** An analyst's own extract, when one is in use: the repeat figures then come from it. */
  // It belongs to the tab (analyst-extract.ts): a page drawn afresh starts with the one in use.
  let extract: ExtractInUse | null = extractInUse(db);
  const repeatTable = () => (extract ? 'extract_repeat_victims' : 'repeat_victims');
  const extractSource = () => `${extract!.label}, computed in this browser (not published figures)`;
  /** What the repeat figures need: the published table, or nothing from the data when an extract gives them. */
  const repeatNeeds = (months?: { first: string; last: string }): Need[] =>
    extract ? [] : [{ table: 'repeat_victims', ...(months ? { months } : {}) }];
  const incidentsNeed = (end: string): Need => ({ table: 'incidents', months: yearEnding(end) });
  const cdaBreak = (area: string) => breaksFor(breaks, { table: 'repeat_victims', series: ['repeat_victims'], area });

  const headlines: CardSpec<View, Headline> = {
    className: 'card--headlines',
    name: 'Summary',
    title: ({ state, end }) => `Domestic abuse incidents and repeat victims: ${state.area}${yearPart(end)}`,
    // The incident count and the repeat figures come from different tables: the card draws when either is there.
    needs: ({ end }) => (extract ? [] : [{ ...incidentsNeed(end), optional: true }, ...repeatNeeds().map((n) => ({ ...n, optional: true }))]),
    query: async (db, { state, end }) => {
      const [incidents, repeats] = await Promise.all([incidentHeadline(db, state.area, end), repeatTrend(db, state.area, repeatTable())]);
      const own = repeats.filter((r) => r.series === (isBoroughArea(state.area) ? state.area : LONDON));
      return { incidents, current: own.find((r) => r.month === end), yearBefore: own.find((r) => r.month === addMonths(end, -12)) };
    },
    draw: (rows, view) => drawHeadlines(rows, view),
  };

  const map: CardSpec<View, BoroughIncidents[]> = {
    className: 'card--map',
    name: 'Map',
    title: ({ end }) => `Domestic abuse incidents by borough${yearPart(end)}`,
    needs: ({ end }) => [incidentsNeed(end), { table: 'population', optional: true, months: yearEnding(end) }],
    query: (db, { end }) => boroughIncidents(db, end),
    download: (rows, { end }) => ({
      columns: [C.area, C.gssCode, C.periodStart, C.periodEnd, C.integer('incidents', 'Domestic abuse incidents in the borough in the period.'), C.population, C.populationYear, C.rate('rate_per_1000', 'incidents / population * 1000.'), C.status, C.statusReason],
      rows: rows.map((r) => ({
        ...areaCells(r.borough),
        ...periodCells(end),
        incidents: r.incidents,
        population: r.population,
        population_year: r.populationYear,
        rate_per_1000: r.rate,
        ...(r.incidents === null
          ? statusCells('missing', r.borough === 'City of London' ? CITY_REASON : 'The data has no incidents for this borough.')
          : r.rate === null
            ? statusCells('missing', 'No population figure for this borough, so no rate.')
            : statusCells('shown')),
      })),
    }),
    // The map is every borough's figures: on a borough switch only the outline moves.
    keep: ({ state, end }) => `${state.measure} ${end}`,
    shown: (element, { state }) => markChosenArea(element, state.area),
    draw: (rows, { state, end }, width, { source, height }, card) => {
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
          card,
          title: `${what} by borough, ${rollingYearLabel(end)}`,
          subtitle: printing() ? PRINTED_MAP_NOTE : 'Choose a borough on the map, or in the Area list, to compare it with London.',
          source,
          measureLabel: what,
          formatValue: byRate ? (v) => formatRate(v, 1) : (v) => formatCount(v),
          width,
          height,
          currentArea: () => page.view()?.state.area ?? state.area,
        },
      );
    },
  };

  const trend: CardSpec<View, RepeatPoint[]> = {
    className: 'card--repeat',
    name: 'Repeat victims',
    title: ({ state }) => `Repeat victims of domestic abuse: ${state.area}`,
    needs: () => [...repeatNeeds(), { table: 'population', optional: true }],
    query: (db, { state }) => repeatTrend(db, state.area, repeatTable()),
    download: (rows, { state }) => {
      const series = repeatSeries(rows, state.area);
      const shown = rows.filter((r) => series.includes(r.series));
      return {
        columns: [
          C.area, C.gssCode,
          { ...C.periodStart, description: 'First month of the 12 months the row counts.' },
          { ...C.periodEnd, description: 'Last month of the 12 months the row counts (the month the chart plots it at).' },
          C.integer('victims', 'Different victims of domestic abuse incidents in the 12 months.'),
          C.integer('repeat_victims', 'Of those, victims of two or more incidents in the 12 months.'),
          C.integer('incidents', 'All incidents of those victims in the 12 months.'),
          C.rate('incidents_per_victim', 'incidents / victims.'),
          C.percent('percent_repeat', 'repeat_victims / victims * 100: the percent victimised more than once.'),
          C.population, C.populationYear,
          C.rate('repeat_victims_per_1000', 'repeat_victims / population * 1000.'),
          C.countingChange, C.status, C.statusReason,
        ],
        rows: shown.map((r) => ({
          ...areaCells(r.series),
          ...periodCells(r.month),
          victims: r.victims,
          repeat_victims: r.repeatVictims,
          incidents: r.incidents,
          incidents_per_victim: r.incidentsPerVictim,
          percent_repeat: r.percentRepeat,
          population: r.population,
          population_year: r.populationYear,
          repeat_victims_per_1000: r.repeatPerThousand,
          ...countingChangeCell(cdaBreak(r.series), r.month),
          ...(r.repeatPerThousand === null ? statusCells('missing', 'No population figure, so no rate per 1,000 residents.') : statusCells('shown')),
        })),
        notes: [
          'Distinct victims cannot be added up across months or boroughs: London has its own rows, which count each person once.',
          ...breakNotes(cdaBreak(series[0]!), shown[0]?.month, shown.at(-1)?.month),
        ],
        ...(extract ? { licences: [YOUR_FILE_LICENCE] } : {}),
      };
    },
    draw: (rows, { state }, width, { source: dataSource, height }) => {
      const series = repeatSeries(rows, state.area);
      if (rows.length === 0) {
        return emptyNote(extract ? `${extract.label} gives no repeat-victimisation figures.` : `There are no repeat-victimisation figures for ${state.area} in this data.`);
      }
      const first = rows[0]!.month;
      const last = rows.at(-1)!.month;
      const inRange = cdaBreak(series[0]!).filter((b) => b.month > first && b.month <= last);
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
          source: extract ? extractSource() : dataSource,
          seriesOrder: series,
          ...(inRange.length > 0 ? { breakMonths: inRange.map((b) => b.month), breakNote: inRange.length === 1 ? inRange[0]!.label : `Counting changed ${inRange.map((b) => shortMonthLabel(b.month)).join(', ')}` } : {}),
          panels: [
            { key: 'repeatPerThousand', title: 'Repeat victims per 1,000 residents', yLabel: 'Per 1,000 residents', format: (v) => formatRate(v, 2) },
            { key: 'incidentsPerVictim', title: 'Incidents per victim', yLabel: 'Incidents per victim', format: (v) => formatRate(v, 2) },
            { key: 'percentRepeat', title: 'Percent of victims victimised more than once', yLabel: 'Percent', format: formatPercent },
            { key: 'repeatVictims', title: 'Repeat victims', yLabel: 'Victims', format: formatCount, chart: false },
            { key: 'victims', title: 'Victims', yLabel: 'Victims', format: formatCount, chart: false },
          ],
          width,
          // On a slide (wider than tall) the three panels side by side, each its height; on paper they
          // take the page's width (print.css), flatter, so that all three fit on a page.
          ...(height ? { columns: 3, panelHeight: height } : printing() ? { panelHeight: PRINT_PANEL_HEIGHT } : {}),
        },
      );
    },
  };

  function drawHeadlines({ incidents, current, yearBefore }: Headline, { state, end }: View): Node {
    const wrapper = document.createElement('div');
    const title = document.createElement('h2');
    title.className = 'card__title';
    title.textContent = `Domestic abuse incidents and repeat victims${extract ? ` (repeat figures from ${extract.label})` : ''}: ${state.area}, ${rollingYearLabel(end)}`;
    const list = document.createElement('dl');
    list.className = 'headlines';
    const before = rollingYearLabel(addMonths(end, -12));
    const subject = (table: 'incidents' | 'repeat_victims') => ({ table, series: [table], area: state.area, end });
    const change = (table: 'incidents' | 'repeat_victims', now: number | null | undefined, then: number | null | undefined, format: (n: number) => string) => {
      return changeText(compareYears(subject(table), now ?? null, then ?? null, breaks), before, format);
    };
    /** A level in the year before, and, across a break, that it is not comparable (the same rule as a change). */
    const level = (then: number | null | undefined, format: (n: number | null | undefined) => string) => {
      const across = breakAcross(subject('repeat_victims'), breaks);
      return across ? `${format(then)} in the ${before}: not comparable. ${across.note}` : `${format(then)} in the ${before}`;
    };
    const noIncidents = 'No figures on incidents in this data.';
    const noRepeats = 'No repeat-victimisation figures for this period in this data.';
    // In analyst mode one card holds published figures and the reader's: each figure says which it is.
    const published = extract ? 'Published figures' : null;
    const yours = extract ? `From ${extract.label}, computed in this browser` : null;
    const shown = (value: number | null | undefined, format: (n: number) => string) => (value === null || value === undefined ? null : format(value));
    const items: { key: string; label: string; value: string | null; note: string; from: string | null }[] = [
      {
        key: 'incidents',
        label: 'Domestic abuse incidents',
        value: shown(incidents?.incidents, formatCount),
        note: incidents?.incidents == null ? noIncidents : change('incidents', incidents.incidents, incidents.previousIncidents, formatCount),
        from: published,
      },
      {
        key: 'repeat_victims',
        label: 'Repeat victims (2 or more incidents)',
        value: shown(current?.repeatVictims, formatCount),
        note: current ? change('repeat_victims', current.repeatVictims, yearBefore?.repeatVictims, formatCount) : noRepeats,
        from: yours,
      },
      {
        key: 'incidents_per_victim',
        label: 'Incidents per victim',
        value: shown(current?.incidentsPerVictim, (n) => formatRate(n, 2)),
        note: current ? level(yearBefore?.incidentsPerVictim, (n) => formatRate(n, 2)) : noRepeats,
        from: yours,
      },
      {
        key: 'percent_repeat',
        label: 'Victims victimised more than once',
        value: shown(current?.percentRepeat, formatPercent),
        note: current ? level(yearBefore?.percentRepeat, formatPercent) : noRepeats,
        from: yours,
      },
    ];
    for (const { key, label, value, note, from } of items) {
      const item = document.createElement('div');
      // A figure the data lacks is said in words at the size of the label, never in display type.
      item.className = value === null ? 'headline headline--no-data' : 'headline';
      item.dataset.measure = key;
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.className = 'headline__value';
      dd.textContent = value ?? 'No data';
      const dd2 = document.createElement('dd');
      dd2.className = 'headline__change';
      dd2.textContent = note;
      item.append(dt, dd, dd2);
      // Only a figure says whose it is: "No data" has no source to name.
      if (from && value !== null) {
        const source = document.createElement('dd');
        source.className = 'headline__source';
        source.textContent = from;
        item.append(source);
      }
      list.append(item);
    }
    wrapper.append(title, list);
    return wrapper;
  }

  const analyst = analystPanel(db, (chosen) => {
    const newFile = chosen !== null && chosen.result !== extract?.result;
    extract = chosen;
    const view = page.view();
    // A new extract moves the page to the latest 12 months it covers in full (the period's default).
    if (newFile && view?.state.period != null) navigate({ period: null });
    else if (view) void page.update(view.state);
  });

  const area = areaControl((value) => navigate({ area: value }));
  const measure = measureControl({ rate: 'Incidents per 1,000 residents', count: 'Number of incidents' }, navigate);

  const page = createDashboardPage(
    {
      page: 'victimisation',
      className: 'victimisation',
      heading: (state: ViewState) => `Domestic abuse incidents and repeat victimisation: ${state.area}`,
      controls: [area, measure],
      periodTables: ['incidents', 'repeat_victims'],
      // With an extract in use, the rolling years it covers in full (its repeat figures are what the reader
      // came to see); else those of the published incidents, failing those the repeat figures'.
      periods: (coverage): PeriodRange | null => {
        if (extract) return extractPeriods(extract.result);
        const incidents = periodsOf(coverage.filter((e) => e.table === 'incidents'));
        if (incidents) return incidents;
        const repeats = coverage.filter((e) => e.table === 'repeat_victims');
        return repeats.length > 0 ? { firstEnd: repeats[0]!.first, latest: repeats.reduce((m, e) => (e.last > m ? e.last : m), repeats[0]!.last) } : null;
      },
      lede: ({ end }) => (extract ? extractLede(end, extract) : `${rollingYearLabel(end)}. Choose an area and the period below.`),
      supportLink: true,
      periodsWhat: 'domestic abuse incident or repeat-victimisation figures',
      top: [headlines],
      grid: [map, trend],
      nothingPublished: () =>
        'Domestic abuse incidents and repeat victims by borough are not published openly, so this page has no figures from the published data. ' +
        'An analyst who holds an incident-level extract can load it below (analyst mode): it is read and computed in this browser tab only, and never sent anywhere.',
      extra: analyst.element,
      about: definitions(),
    },
    context,
  );
  // This drawing of the page stops listening to the tab's extract when it goes.
  return { ...page, destroy: () => (page.destroy(), analyst.destroy()) };
}

/** The lede in analyst mode: which figures are the reader's, which are published, and which 12 months are shown. */
function extractLede(end: string, extract: ExtractInUse): string {
  const latest = extractPeriods(extract.result)?.latest;
  return (
    `${rollingYearLabel(end)}${end === latest ? `, the latest 12 months ${extract.label} covers in full` : ''}. ` +
    `Repeat-victimisation figures are computed in this browser from ${extract.label}; incident counts are the published figures. Choose an area and the period below.`
  );
}

/** The series the repeat chart draws: the borough chosen (when the figures have it) and London. */
function repeatSeries(rows: readonly RepeatPoint[], area: string): string[] {
  return isBoroughArea(area) && rows.some((r) => r.series === area) ? [area, LONDON] : [LONDON];
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
      <dt>February 2024</dt>
      <dd>The MPS moved to a new crime recording system in February 2024, so domestic abuse figures before and after are not comparable: no change is given across it, and the charts mark the month.</dd>
    </dl>`;
  return section;
}
