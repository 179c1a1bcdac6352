/**
 * Page 1, Recording: recorded domestic abuse and sexual offences — headline figures, a borough map,
 * the chosen borough's trend against London, London against England and Wales, and victims by sex
 * and age. Every figure comes from a query in data/queries/recording.ts; whether a card can draw, and
 * its source line, come from what it declares it needs (scaffold.ts, card.ts, provenance.ts).
 */
import {
  formatCount,
  formatRate,
  groupedBars,
  stackedBars,
  trendChart,
} from '../charts';
import { isBoroughArea, type ViewState } from '../app/state';
import { CATEGORY_PARTS, DISPLAY_CATEGORIES, type DisplayCategory } from '../data/contract';
import { LONDON } from '../data/boroughs';
import { breaksFor, compareYears, countingBreaks, unallocatedNote, type CountingBreak } from '../data/changes';
import { addMonths, monthLabel, rollingYearLabel, shortMonthLabel } from '../data/months';
import {
  boroughValues,
  headlineFigures,
  londonVsEnglandWales,
  monthlyTrend,
  victimsBySexAndAge,
  type BoroughValue,
  type HeadlineCategory,
  type HeadlineFigure,
  type NationalComparison,
  type TrendPoint,
  type VictimCount,
} from '../data/queries/recording';
import { areaMap, markChosenArea, PRINTED_MAP_NOTE } from './area-map';
import { printing, type CardSpec, type Drawn } from './card';
import { areaControl, categoryControl, measureControl } from './controls';
import type { PageContext, PageView } from './page';
import type { Need } from './provenance';
import { createDashboardPage, periodsOf, yearPart, type View } from './scaffold';
import { changeText } from './change-text';
import { breakdownDataset } from './breakdown-download';
import { areaCells, breakNotes, CITY_REASON, COLUMNS as C, countingChangeCell, periodCells, statusCells } from './downloads';
import { sexAndAgeBars, sexAndAgeShown, suppressionThreshold, type SuppressedBreakdown } from './small-numbers';

/** How each category's offences are named in titles. */
const OFFENCES_NAMED: Record<HeadlineCategory, string> = {
  domestic_abuse: 'Domestic abuse offences',
  sexual_offences: 'Sexual offences',
  rape: 'Rape offences',
};
/** How victims of each category are named: "victims of domestic abuse". */
const VICTIMS_OF: Record<DisplayCategory, string> = {
  domestic_abuse: 'domestic abuse',
  sexual_offences: 'sexual offences',
};

/** The months of the rolling year ending `end`. */
const yearEnding = (end: string) => ({ first: addMonths(end, -11), last: end });
const offencesNeed = (category: DisplayCategory, months?: { first: string; last: string }): Need => ({
  table: 'offences',
  series: CATEGORY_PARTS[category],
  what: `${OFFENCES_NAMED[category]} by borough`,
  ...(months ? { months } : {}),
});
const populationNeed = (months?: { first: string; last: string }): Need => ({ table: 'population', optional: true, ...(months ? { months } : {}) });

export function createRecordingPage(context: PageContext): PageView {
  const { data, navigate } = context;
  const breaks = countingBreaks(data.manifest.countingChanges);
  const threshold = suppressionThreshold(data.manifest);
  /** Breaks in a series as drawn for an area: the trend marks them, and changes are not given across them. */
  const breaksOf = (category: DisplayCategory, area: string): CountingBreak[] => breaksFor(breaks, { table: 'offences', series: CATEGORY_PARTS[category], area });

  const headlines: CardSpec<View, HeadlineFigure[]> = {
    className: 'card--headlines',
    name: 'Summary',
    title: ({ state, end }) => `Recorded offences: ${state.area}${yearPart(end)}`,
    // Every category's figure: the card draws when the data has any, and says of each it lacks why.
    needs: ({ end }) => [
      { table: 'offences', series: 'any', months: yearEnding(end), what: 'Recorded offences' },
      ...DISPLAY_CATEGORIES.map((c) => ({ ...offencesNeed(c, yearEnding(end)), optional: true })),
    ],
    query: (db, { state, end }) => headlineFigures(db, state.area, end),
    draw: (rows, view, _width, { lacking }) => drawHeadlines(rows, view, lacking),
  };

  const map: CardSpec<View, BoroughValue[]> = {
    className: 'card--map',
    name: 'Map',
    title: ({ state, end }) => `${OFFENCES_NAMED[state.category]} by borough${yearPart(end)}`,
    needs: ({ state, end }) => [offencesNeed(state.category, yearEnding(end)), populationNeed(yearEnding(end))],
    query: (db, { state, end }) => boroughValues(db, state.category, end),
    download: (rows, { state, end }) => ({
      columns: [C.area, C.gssCode, C.category, C.periodStart, C.periodEnd, C.integer('offences', 'Offences recorded in the borough in the period.'), C.population, C.populationYear, C.rate('rate_per_1000', 'offences / population * 1000.'), C.status, C.statusReason],
      rows: rows.map((r) => ({
        ...areaCells(r.borough),
        category: state.category,
        ...periodCells(end),
        offences: r.offences,
        population: r.population,
        population_year: r.populationYear,
        rate_per_1000: r.rate,
        ...(r.offences === null
          ? statusCells('missing', r.borough === 'City of London' ? CITY_REASON : 'The data has no figures for this borough for all 12 months.')
          : r.rate === null
            ? statusCells('missing', 'No population figure for this borough, so no rate.')
            : statusCells('shown')),
      })),
      notes: ['Borough figures leave out offences the MPS did not allocate to any borough.'],
    }),
    // The map is every borough's figures: on a borough switch only the outline moves.
    keep: ({ state, end }) => `${state.category} ${state.measure} ${end}`,
    shown: (element, { state }) => markChosenArea(element, state.area),
    draw: (rows, { state, end }, width, { source, height }, card) => {
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
          card,
          title: `${what} by borough, ${rollingYearLabel(end)}`,
          subtitle: printing() ? PRINTED_MAP_NOTE : 'Choose a borough on the map, or in the Area list, to see its figures.',
          source,
          measureLabel: what,
          formatValue: byRate ? (v) => formatRate(v, 2) : (v) => formatCount(v),
          width,
          height,
          currentArea: () => page.view()?.state.area ?? state.area,
        },
      );
    },
  };

  const trend: CardSpec<View, TrendPoint[]> = {
    className: 'card--trend',
    name: 'Trend',
    title: ({ state }) => `${OFFENCES_NAMED[state.category]} per 100,000 residents each month: ${state.area}`,
    needs: ({ state }) => [offencesNeed(state.category), populationNeed()],
    query: (db, { state }) => monthlyTrend(db, state.area, state.category),
    download: (rows, { state }) => {
      const series = trendSeries(rows, state.area);
      const shown = rows.filter((r) => series.includes(r.series));
      const drawn = shown.filter((r) => r.offences !== null);
      return {
        columns: [
          C.area, C.gssCode, C.category, C.month,
          C.integer('offences', 'Offences recorded in the month.'),
          C.population, C.populationYear,
          // Per 100,000 as the chart draws it: a month's offences per 1,000 residents are a fraction.
          C.rate('rate_per_100000', "The month's offences / population * 100000 (the thin line)."),
          C.integer('offences_12_months', 'Offences in the 12 months ending this month (empty until 12 months are covered).'),
          C.rate('rate_per_100000_12_month_average', 'The average of the 12 monthly rates per 100,000 ending this month (the thick line).'),
          C.countingChange, C.status, C.statusReason,
        ],
        rows: shown.map((r) => ({
          ...areaCells(r.series),
          category: state.category,
          month: r.month,
          offences: r.offences,
          population: r.population,
          population_year: r.populationYear,
          rate_per_100000: r.rate,
          offences_12_months: r.rollingOffences,
          rate_per_100000_12_month_average: r.rollingRate,
          ...countingChangeCell(breaksOf(state.category, r.series), r.month),
          ...(r.offences === null ? statusCells('missing', 'No file in the data covers this month.') : r.rate === null ? statusCells('missing', 'No population figure, so no rate.') : statusCells('shown')),
        })),
        notes: breakNotes(breaksOf(state.category, series[0]!), drawn[0]?.month, drawn.at(-1)?.month),
      };
    },
    draw: (rows, { state }, width, { source, height }) => {
      const series = trendSeries(rows, state.area);
      const drawn = rows.filter((r) => r.offences !== null);
      const first = drawn[0]?.month;
      const last = drawn.at(-1)?.month;
      const cityNote = state.area === 'City of London' ? ' The City of London has no MPS figures (it has its own police force), so London is shown alone.' : '';
      const inRange = breaksOf(state.category, series[0]!).filter((b) => first && last && b.month > first && b.month <= last);
      return trendChart(
        rows.map((r) => ({ month: r.month, series: r.series, monthly: r.rate, rolling: r.rollingRate })),
        {
          title: `${OFFENCES_NAMED[state.category]} per 100,000 residents each month: ${series.join(' and ')}, ${first ? monthLabel(first) : ''} to ${last ? monthLabel(last) : ''}`,
          subtitle: `Thin lines: each month. Thick lines: average of the last 12 months.${cityNote}${breaksSentence(inRange)}`,
          source,
          yLabel: 'Offences per 100,000 residents, per month',
          breakMonths: inRange.map((b) => b.month),
          ...(inRange.length > 0 ? { breakNote: inRange.length === 1 ? inRange[0]!.label : `Counting changed ${inRange.map((b) => shortMonthLabel(b.month)).join(', ')}` } : {}),
          seriesOrder: series,
          // Per 100,000 a month's rate is tens (London's domestic abuse about 90): one decimal.
          formatValue: (v) => formatRate(v, 1),
          tableColumns: {
            monthly: (s) => `${s}: offences per 100,000 in the month`,
            rolling: (s) => `${s}: 12-month average`,
          },
          width,
          ...(height ? { height } : {}),
        },
      );
    },
  };

  const national: CardSpec<View, NationalComparison[]> = {
    className: 'card--national',
    name: 'London and England and Wales',
    title: ({ state }) => `${OFFENCES_NAMED[state.category]} per 1,000 residents: London and England and Wales`,
    needs: ({ state }) => [
      offencesNeed(state.category),
      { table: 'england_wales', series: CATEGORY_PARTS[state.category], what: `${OFFENCES_NAMED[state.category]} in England and Wales` },
      populationNeed(),
    ],
    query: (db, { state }) => londonVsEnglandWales(db, state.category),
    download: (rows, { state }) => ({
      columns: [
        C.area, C.gssCode, C.category,
        { name: 'financial_year', type: 'string', description: 'Financial year, April to March, as YYYY/YY.' },
        C.periodStart, C.periodEnd,
        C.integer('offences', 'Offences recorded in the financial year.'),
        { ...C.population, description: "Residents: London's the mid-year estimate of the boroughs the MPS covers; England and Wales's the population published with the national figures (england_wales.csv)." },
        { ...C.populationYear, description: "London: year of the mid-year estimate (the year the financial year starts in, or the nearest held). England and Wales: empty, as the national file gives its population for the financial year." },
        C.rate('rate_per_1000', 'offences / population * 1000.'),
      ],
      rows: rows.map((r) => {
        const start = Number(r.financialYear.slice(0, 4));
        return {
          ...areaCells(r.series),
          category: state.category,
          financial_year: r.financialYear,
          period_start: `${start}-04`,
          period_end: `${start + 1}-03`,
          offences: r.offences,
          population: r.population,
          population_year: r.populationYear,
          rate_per_1000: r.rate,
        };
      }),
    }),
    // London against England and Wales is the same for every borough: kept as drawn on a switch.
    keep: ({ state }) => state.category,
    draw: (rows, { state }, width, { source, height }) => {
      if (rows.length === 0) return emptyNote('London and England and Wales have no complete financial year in common in this data.');
      const years = [...new Set(rows.map((r) => r.financialYear))];
      return groupedBars(
        rows.map((r) => ({ group: r.financialYear, series: r.series, value: r.rate })),
        {
          title: `${OFFENCES_NAMED[state.category]} per 1,000 residents: London and England and Wales, ${years[0]} to ${years.at(-1)}`,
          subtitle: 'Financial years, April to March.',
          source,
          yLabel: 'Offences per 1,000 residents',
          seriesOrder: ['London', 'England and Wales'],
          groupOrder: years,
          groupLabel: 'Financial year',
          formatValue: (v) => formatRate(v, 2),
          width,
          ...(height ? { height } : {}),
        },
      );
    },
  };

  const victims: CardSpec<View, VictimCount[]> = {
    className: 'card--victims',
    name: 'Victims by sex and age',
    title: ({ state, end }) => `Victims of ${VICTIMS_OF[state.category]} by sex and age: ${state.area}${yearPart(end)}`,
    needs: ({ state, end }) => [{ table: 'victims', series: CATEGORY_PARTS[state.category], months: yearEnding(end), what: `Figures on victims of ${VICTIMS_OF[state.category]} by sex and age` }],
    query: (db, { state, end }) => victimsBySexAndAge(db, state.area, state.category, end),
    download: (rows, { state, end }) =>
      breakdownDataset(shownVictims(rows), {
        threshold,
        count: { name: 'victims', description: 'Victims of recorded offences in the period.' },
        leadColumns: [C.area, C.gssCode, C.category, C.periodStart, C.periodEnd],
        lead: { ...areaCells(state.area), category: state.category, ...periodCells(end) },
      }),
    draw: (rows, { state, end }, width, { source, height }) => {
      if (rows.length === 0) return emptyNote(`No victims of ${VICTIMS_OF[state.category]} are recorded for ${state.area} in the ${rollingYearLabel(end)}.`);
      // Small numbers: counts below the threshold, and any that would give them away, are not drawn.
      const chart = sexAndAgeBars(victimCounts(rows), threshold, 'shown', {
        title: `Victims of ${VICTIMS_OF[state.category]} by sex and age: ${state.area}, ${rollingYearLabel(end)}`,
        source,
        valueLabel: 'Victims',
        width,
      });
      // On a slide, or the first printed page, the height that fills it.
      return stackedBars(chart.rows, { ...chart.options, ...(height ? { height } : {}) });
    },
  };

  /** The victims as the chart shows them: counts below the threshold, and any that would give them away, hidden. */
  function shownVictims(rows: VictimCount[]): SuppressedBreakdown {
    return sexAndAgeShown(victimCounts(rows), threshold, 'shown');
  }

  function drawHeadlines(rows: HeadlineFigure[], { state, end }: View, lacking: Drawn['lacking']): Node {
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
      const change = document.createElement('dd');
      change.className = 'headline__change';
      item.append(dt, value, change);
      if (figure.current === null) {
        // Not a 0: the data has no figure for this year (a series it lacks, or months it does not cover).
        item.classList.add('headline--no-data');
        value.textContent = 'No data';
        const parts = CATEGORY_PARTS[figure.category];
        const why = lacking.find((l) => Array.isArray(l.need.series) && parts.every((p) => l.need.series!.includes(p)));
        change.textContent = why?.text ?? `The data has no ${OFFENCES_NAMED[figure.category].toLowerCase()} for the ${rollingYearLabel(end)}.`;
      } else {
        value.textContent = formatCount(figure.current);
        change.textContent = describeChange(figure, state.area, end);
      }
      list.append(item);
    }
    wrapper.append(title, list);
    // Offences the MPS did not allocate to a borough, when they are a material share: said once.
    const shown = rows.find((r) => r.category === state.category);
    const note = shown ? unallocatedNote(shown.unallocatedCurrent, shown.londonCurrent, rollingYearLabel(end), state.area) : null;
    if (note) {
      const p = document.createElement('p');
      p.className = 'headlines__note';
      p.textContent = `${OFFENCES_NAMED[state.category]}: ${note.replace(/^(\w)/, (c) => c.toLowerCase())}`;
      wrapper.append(p);
    }
    return wrapper;
  }

  function describeChange(figure: HeadlineFigure, area: string, end: string): string {
    const before = rollingYearLabel(addMonths(end, -12));
    const series = figure.category === 'rape' ? CATEGORY_PARTS.rape : CATEGORY_PARTS[figure.category];
    const change = compareYears({ table: 'offences', series, area, end }, figure.current, figure.previous, breaks, {
      current: figure.unallocatedCurrent !== null && figure.londonCurrent !== null ? { unallocated: figure.unallocatedCurrent, london: figure.londonCurrent } : null,
      previous: figure.unallocatedPrevious !== null && figure.londonPrevious !== null ? { unallocated: figure.unallocatedPrevious, london: figure.londonPrevious } : null,
    });
    return changeText(change, before);
  }

  const areaSelect = areaControl((value) => navigate({ area: value }));
  const category = categoryControl('Offences', { domestic_abuse: 'Domestic abuse', sexual_offences: 'Sexual offences' }, navigate);
  const measure = measureControl({ rate: 'Rate per 1,000 residents', count: 'Number of offences' }, navigate);

  const page = createDashboardPage(
    {
      page: 'recording',
      className: 'recording',
      heading: (state: ViewState) => `Recorded domestic abuse and sexual offences: ${state.area}`,
      controls: [areaSelect, category, measure],
      periodTables: ['offences'],
      periods: (coverage) => periodsOf(coverage.filter((e) => e.table === 'offences')),
      fallbackPeriods: { tables: ['victims'], periods: (coverage) => periodsOf(coverage.filter((e) => e.table === 'victims')) },
      lede: ({ end }) => `${rollingYearLabel(end)}. Choose an area, the offences and the period below.`,
      supportLink: true,
      periodsWhat: 'recorded offences',
      top: [headlines],
      grid: [map, trend, national, victims],
      about: aboutTheFigures(threshold, data.manifest.populationNote),
    },
    context,
  );
  return page;
}

const victimCounts = (rows: readonly VictimCount[]) => rows.map((r) => ({ sex: r.sex, ageBand: r.ageBand, value: r.victims }));

/** The series a trend draws: the borough chosen (when the data has it) and London. */
function trendSeries(rows: readonly TrendPoint[], area: string): string[] {
  return isBoroughArea(area) && rows.some((r) => r.series === area) ? [area, LONDON] : [LONDON];
}

/** What the dashed lines of a trend mark, in a sentence (the particulars are on the Methodology page). */
function breaksSentence(breaks: readonly CountingBreak[]): string {
  if (breaks.length === 0) return '';
  const months = breaks.map((b) => monthLabel(b.month));
  const list = months.length > 1 ? `${months.slice(0, -1).join(', ')} and ${months.at(-1)}` : months[0];
  return ` Dashed line${breaks.length > 1 ? 's' : ''}: ${breaks.every((b) => b.scope === 'boroughs') ? 'borough figures are' : 'figures are'} counted differently from ${list}, so changes across ${breaks.length > 1 ? 'them' : 'it'} are not given (see Methodology).`;
}

function emptyNote(text: string): Node {
  const p = document.createElement('p');
  p.className = 'card__empty';
  p.textContent = text;
  return p;
}

function aboutTheFigures(threshold: number, populationNote: string | undefined): HTMLElement {
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
      <dd>Offences divided by the number of residents, times 1,000, using the population figure for the year whose 30 June falls in the period. London's rate uses the population of the boroughs the MPS covers.<span class="about__population"></span></dd>
      <dt>Rate per 100,000 residents each month</dt>
      <dd>The trend gives each month's offences per 100,000 residents (a month's rate per 1,000 would be a fraction such as 0.8), using the population figure for that month's year; the 12-month average is the average of the 12 monthly rates.</dd>
      <dt>London and boroughs</dt>
      <dd>London's figures include offences the MPS did not allocate to any borough (recorded as “Unknown”, or at the airports), as MPS totals do; borough figures do not. Where those are more than 2% of a period's offences, the page says how many.</dd>
      <dt>Changes of counting</dt>
      <dd>The MPS moved to a new crime recording system in February 2024, so domestic abuse figures before and after are not comparable. Published files of different dates also allocate offences to boroughs differently. No change is given across either, and trend charts mark the month.</dd>
      <dt>City of London</dt>
      <dd>The City of London has its own police force, the City of London Police, so it has no MPS figures.</dd>
${threshold > 1 ? `
      <dt>Small numbers</dt>
      <dd>In the victims by sex and age, counts of 1 to ${threshold - 1} are shown as “fewer than ${threshold}”, so that no one can be picked out from them; zeros are shown as 0. A few larger counts are “not shown”, where the totals would otherwise let a smaller one be worked out.</dd>` : ''}
    </dl>`;
  // Text from the manifest goes in as text, never as markup.
  if (populationNote) section.querySelector('.about__population')!.textContent = ` The population figures are ${populationNote}.`;
  return section;
}
