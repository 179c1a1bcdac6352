/**
 * Page 1, Recording: recorded domestic abuse and sexual offences — headline figures, a borough map,
 * the chosen borough's trend against London, London against England and Wales, and victims by sex
 * and age. Every figure comes from a query in data/queries/recording.ts.
 */
import {
  formatCount,
  formatPercentChange,
  formatRate,
  groupedBars,
  stackedBars,
  trendChart,
} from '../charts';
import { isBoroughArea, type ViewState } from '../app/state';
import { AGE_BANDS, SEXES, type DisplayCategory } from '../data/contract';
import { LONDON } from '../data/boroughs';
import { monthIndex, monthLabel, RECORDING_BREAK_MONTH, rollingYearLabel, addMonths } from '../data/months';
import {
  boroughValues,
  headlineFigures,
  londonVsEnglandWales,
  monthlyTrend,
  victimsBySexAndAge,
  type BoroughValue,
  type HeadlineFigure,
  type NationalComparison,
  type TrendPoint,
  type VictimCount,
} from '../data/queries/recording';
import { monthRange, type MonthRange } from '../data/queries/common';
import { areaMap, markChosenArea } from './area-map';
import { cardNote, createCard, redrawOnResize } from './card';
import { areaControl, periodControl, radioControl } from './controls';
import { fileFor, missingTableNote, sourceLine, type PageContext, type PageView } from './page';
import { smallNumbersNote, suppressBreakdown, suppressionThreshold } from './small-numbers';

/** How each category's offences are named in titles. */
const OFFENCES_NAMED: Record<DisplayCategory | 'rape', string> = {
  domestic_abuse: 'Domestic abuse offences',
  sexual_offences: 'Sexual offences',
  rape: 'Rape offences',
};
/** How victims of each category are named: "victims of domestic abuse". */
const VICTIMS_OF: Record<DisplayCategory, string> = {
  domestic_abuse: 'domestic abuse',
  sexual_offences: 'sexual offences',
};
const SEX_LABELS: Record<string, string> = { female: 'Female', male: 'Male', unknown: 'Not recorded' };
const AGE_LABELS: Record<string, string> = { unknown: 'Age not recorded' };
const MPS_SOURCE = 'Metropolitan Police Service recorded crime';

/** Whether the change between two rolling years compares figures from either side of the break. */
export function crossesRecordingBreak(endMonth: string): boolean {
  const end = monthIndex(endMonth);
  const breakIndex = monthIndex(RECORDING_BREAK_MONTH);
  return end - 23 < breakIndex && breakIndex <= end;
}

interface VictimsResult {
  /** The rolling year shown: the page's, or the latest victims holds when offences failed to load. */
  end: string | null;
  range: MonthRange | null;
  /** Null when the rolling year is outside the months the victims table covers. */
  rows: VictimCount[] | null;
}

interface Snapshot {
  state: ViewState;
  end: string;
}

export function createRecordingPage(context: PageContext): PageView {
  const { db, data, navigate } = context;
  const { loader } = data;
  const latest = data.offences?.latest ?? null;
  const element = document.createElement('div');
  element.className = 'recording';

  const heading = document.createElement('h1');
  const lede = document.createElement('p');
  lede.className = 'lede';

  const controls = document.createElement('form');
  controls.className = 'controls';
  controls.setAttribute('aria-label', 'Choose what to show');
  controls.addEventListener('submit', (e) => e.preventDefault());
  const area = areaControl((value) => navigate({ area: value }));
  const category = radioControl(
    'Offences',
    [
      { value: 'domestic_abuse', label: 'Domestic abuse' },
      { value: 'sexual_offences', label: 'Sexual offences' },
    ],
    (s) => s.category,
    (value) => navigate({ category: value }),
  );
  const measure = radioControl(
    'Map shows',
    [
      { value: 'rate', label: 'Rate per 1,000 residents' },
      { value: 'count', label: 'Number of offences' },
    ],
    (s) => s.measure,
    (value) => navigate({ measure: value }),
  );
  const period = data.offences ? periodControl(data.offences.first, data.offences.latest, (value) => navigate({ period: value })) : null;
  controls.append(area.element, category.element, measure.element, ...(period ? [period.element] : []));

  let snapshot: Snapshot | null = null;
  const source = sourceLine(data, MPS_SOURCE);

  const headlines = createCard<HeadlineFigure[]>('card--headlines', (rows) => drawHeadlines(rows, snapshot!));
  const map = createCard<BoroughValue[]>('card--map', (rows, width) => drawMap(rows, width, snapshot!));
  const trend = createCard<TrendPoint[]>('card--trend', (rows, width) => drawTrend(rows, width, snapshot!));
  const national = createCard<NationalComparison[]>('card--national', (rows, width) => drawNational(rows, width, snapshot!));
  const victims = createCard<VictimsResult>('card--victims', (result, width) => drawVictims(result, width, snapshot!.state));

  const grid = document.createElement('div');
  grid.className = 'card-grid';
  grid.append(map.element, trend.element, national.element, victims.element);
  element.append(heading, lede, controls, headlines.element, grid, aboutTheFigures(suppressionThreshold(data.manifest)));

  const stopWatchingSize = redrawOnResize(grid, [headlines, map, trend, national, victims]);

  function drawHeadlines(rows: HeadlineFigure[], { state, end }: Snapshot): Node {
    const wrapper = document.createElement('div');
    const title = document.createElement('h2');
    title.className = 'card__title';
    title.textContent = `Recorded offences: ${state.area}, ${rollingYearLabel(end)}`;
    const list = document.createElement('dl');
    list.className = 'headlines';
    for (const figure of rows) {
      const item = document.createElement('div');
      item.className = `headline headline--${figure.category}`;
      item.dataset.category = figure.category;
      const dt = document.createElement('dt');
      dt.textContent = figure.category === 'rape' ? 'Rape (part of sexual offences)' : OFFENCES_NAMED[figure.category];
      const value = document.createElement('dd');
      value.className = 'headline__value';
      value.textContent = formatCount(figure.current);
      const change = document.createElement('dd');
      change.className = 'headline__change';
      change.textContent = describeChange(figure, end);
      item.append(dt, value, change);
      list.append(item);
    }
    wrapper.append(title, list);
    return wrapper;
  }

  function describeChange(figure: HeadlineFigure, end: string): string {
    const before = rollingYearLabel(addMonths(end, -12));
    if (figure.previous === null) return `No figures for the 12 months before to compare with`;
    if (figure.category === 'domestic_abuse' && crossesRecordingBreak(end)) {
      return `${formatCount(figure.previous)} in the ${before}: not comparable, as recording changed in February 2024`;
    }
    return `${formatPercentChange(figure.percentChange)} on the ${before} (${formatCount(figure.previous)})`;
  }

  function drawMap(rows: BoroughValue[], width: number, { state, end }: Snapshot): Node {
    const byRate = state.measure === 'rate';
    const what = `${OFFENCES_NAMED[state.category]}${byRate ? ' per 1,000 residents' : ''}`;
    return areaMap(
      rows.map((r) => ({
        borough: r.borough,
        value: byRate ? r.rate : r.offences,
        label: byRate ? `${formatRate(r.rate, 2)} per 1,000 residents` : `${formatCount(r.offences)} offences`,
        missing: r.offences === null,
      })),
      {
        context,
        state,
        card: map.element,
        title: `${what} by borough, ${rollingYearLabel(end)}`,
        subtitle: 'Choose a borough on the map, or in the Area list, to see its figures.',
        source,
        measureLabel: what,
        formatValue: byRate ? (v) => formatRate(v, 2) : (v) => formatCount(v),
        width,
        currentArea: () => snapshot!.state.area,
      },
    );
  }

  function drawTrend(rows: TrendPoint[], width: number, { state }: Snapshot): Node {
    const series = isBoroughArea(state.area) && rows.some((r) => r.series === state.area) ? [state.area, LONDON] : [LONDON];
    const first = rows[0]?.month;
    const last = rows.at(-1)?.month;
    const cityNote = state.area === 'City of London' ? ' The City of London has no MPS figures (it has its own police force), so London is shown alone.' : '';
    return trendChart(
      rows.map((r) => ({ month: r.month, series: r.series, monthly: r.rate, rolling: r.rollingRate })),
      {
        title: `${OFFENCES_NAMED[state.category]} per 1,000 residents each month: ${series.join(' and ')}, ${first ? monthLabel(first) : ''} to ${last ? monthLabel(last) : ''}`,
        subtitle: `Thin lines: each month. Thick lines: average of the last 12 months.${cityNote}`,
        source,
        yLabel: 'Offences per 1,000 residents, per month',
        breakMonth: RECORDING_BREAK_MONTH,
        breakNote: 'Recording system changed Feb 2024',
        seriesOrder: series,
        formatValue: (v) => formatRate(v, 3),
        tableColumns: {
          monthly: (s) => `${s}: offences per 1,000 in the month`,
          rolling: (s) => `${s}: 12-month average`,
        },
        width,
      },
    );
  }

  function drawNational(rows: NationalComparison[], width: number, { state }: Snapshot): Node {
    const official = sourceLine(data, `${MPS_SOURCE}; Home Office police recorded crime for England and Wales; population estimates`);
    if (rows.length === 0) return emptyNote('No complete financial years, or no England and Wales figures, to compare.');
    const years = [...new Set(rows.map((r) => r.financialYear))];
    return groupedBars(
      rows.map((r) => ({ group: r.financialYear, series: r.series, value: r.rate })),
      {
        title: `${OFFENCES_NAMED[state.category]} per 1,000 residents: London and England and Wales, ${years[0]} to ${years.at(-1)}`,
        subtitle: 'Financial years, April to March.',
        source: official,
        yLabel: 'Offences per 1,000 residents',
        seriesOrder: ['London', 'England and Wales'],
        groupOrder: years,
        groupLabel: 'Financial year',
        formatValue: (v) => formatRate(v, 2),
        width,
      },
    );
  }

  function drawVictims({ rows, range, end }: VictimsResult, width: number, state: ViewState): Node {
    if (rows === null || end === null) {
      if (!range) return emptyNote(missingTableNote(data, ['victims'], 'There are no figures on victims by sex and age in this data.'));
      return emptyNote(
        `Figures on victims by sex and age cover the 12 months to ${monthLabel(addMonths(range.first, 11))} up to the 12 months to ${monthLabel(range.latest)}; choose a period in that span to see them.`,
      );
    }
    if (rows.length === 0) return emptyNote(`No victims of ${VICTIMS_OF[state.category]} are recorded for ${state.area} in the ${rollingYearLabel(end)}.`);
    // Small numbers: counts below the threshold, and any that would give them away, are not drawn.
    const threshold = suppressionThreshold(data.manifest);
    const shown = suppressBreakdown(
      rows.map((r) => ({ bar: r.ageBand, stack: r.sex, value: r.victims })),
      AGE_BANDS,
      SEXES,
      threshold,
      'shown',
    );
    return stackedBars(
      shown.rows,
      {
        title: `Victims of ${VICTIMS_OF[state.category]} by sex and age: ${state.area}, ${rollingYearLabel(end)}`,
        ...(shown.anyHidden ? { subtitle: smallNumbersNote(threshold) } : {}),
        totals: shown.totals,
        source,
        barOrder: AGE_BANDS,
        barLabels: AGE_LABELS,
        barLabel: 'Age band',
        stackOrder: SEXES,
        stackLabels: SEX_LABELS,
        valueLabel: 'Victims',
        totalRow: 'All ages',
        formatValue: (v) => formatCount(v),
        width,
      },
    );
  }

  /** Victims by sex and age for the rolling year ending `end` (null: the latest the table holds). */
  async function victimsFigures(state: ViewState, end: string | null): Promise<VictimsResult> {
    await loader.ensure(['victims']);
    const range = await monthRange(db, 'victims');
    const shown = end ?? range?.latest ?? null;
    const covered =
      range !== null && shown !== null && monthIndex(shown) - 11 >= monthIndex(range.first) && monthIndex(shown) <= monthIndex(range.latest);
    return { end: shown, range, rows: covered ? await victimsBySexAndAge(db, state.area, state.category, shown) : null };
  }

  return {
    page: 'recording',
    element,
    async update(state) {
      heading.textContent = `Recorded domestic abuse and sexual offences: ${state.area}`;
      [area, category, measure, ...(period ? [period] : [])].forEach((control) => control.sync(state));
      if (!latest) {
        // Offences failed to load (or are not in this data): every card that needs them says why;
        // victims by sex and age does not, and shows the latest 12 months it holds.
        snapshot = { state, end: '' }; // only victims draws, and it has its own rolling year
        const why = missingTableNote(data, ['offences'], 'There are no recorded offences in this data.');
        const file = fileFor(data, 'offences');
        lede.textContent = file
          ? `${file} could not be loaded (see the notice above), so there are no figures on recorded offences to show.`
          : 'There are no recorded offences in this data to show.';
        headlines.showNote(cardNote(why, `Recorded offences: ${state.area}`));
        map.showNote(cardNote(why, `${OFFENCES_NAMED[state.category]} by borough`));
        trend.showNote(cardNote(why, `${OFFENCES_NAMED[state.category]} per 1,000 residents each month: ${state.area}`));
        national.showNote(cardNote(why, `${OFFENCES_NAMED[state.category]} per 1,000 residents: London and England and Wales`));
        await victims.load(() => victimsFigures(state, state.period));
        return;
      }
      const end = state.period ?? latest;
      snapshot = { state, end };
      lede.textContent = `${rollingYearLabel(end)}. Choose an area, the offences and the period below.`;
      await Promise.all([
        headlines.load(() => headlineFigures(db, state.area, end)),
        // The map is every borough's figures: on a borough switch only the outline moves.
        map.load(() => boroughValues(db, state.category, end), `${state.category} ${state.measure} ${end}`).then(() => markChosenArea(map.element, snapshot!.state.area)),
        trend.load(() => monthlyTrend(db, state.area, state.category)),
        // London against England and Wales is the same for every borough: kept as drawn on a switch.
        national.load(async () => {
          await loader.ensure(['england_wales']);
          return londonVsEnglandWales(db, state.category);
        }, state.category),
        victims.load(() => victimsFigures(state, end)),
      ]);
    },
    destroy() {
      stopWatchingSize();
    },
  };
}

function emptyNote(text: string): Node {
  const p = document.createElement('p');
  p.className = 'card__empty';
  p.textContent = text;
  return p;
}

function aboutTheFigures(threshold: number): HTMLElement {
  const section = document.createElement('section');
  section.className = 'about';
  section.innerHTML = `
    <h2>About these figures</h2>
    <dl>
      <dt>Recorded offences</dt>
      <dd>Crimes the Metropolitan Police Service (MPS) recorded. Many domestic abuse and sexual offences are never reported, so these figures show police recording, not how much abuse happens.</dd>
      <dt>12 months to a month</dt>
      <dd>Figures for a rolling year add up the 12 months ending in that month. The change is against the 12 months before those.</dd>
      <dt>Rate per 1,000 residents</dt>
      <dd>Offences divided by the number of residents, times 1,000, using the mid-year population estimate that falls in the period. London's rate uses the population of the boroughs the MPS covers.</dd>
      <dt>February 2024</dt>
      <dd>The MPS moved to a new crime recording system in February 2024. Domestic abuse figures before and after are not comparable, so changes across that month are not given.</dd>
      <dt>City of London</dt>
      <dd>The City of London has its own police force, the City of London Police, so it has no MPS figures.</dd>
${threshold > 1 ? `
      <dt>Small numbers</dt>
      <dd>In the victims by sex and age, counts of 1 to ${threshold - 1} are shown as “fewer than ${threshold}”, so that no one can be picked out from them; zeros are shown as 0. A few larger counts are “not shown”, where the totals would otherwise let a smaller one be worked out.</dd>` : ''}
    </dl>`;
  return section;
}
