/**
 * Page 3, Justice: bringing perpetrators to justice. People proceeded against for each offence
 * category with recorded offences beside them; people proceeded against per 100 recorded offences,
 * London and the chosen borough side by side; rolling-year totals by outcome (charge, caution, other
 * sanction) month by month; and the sex and age of people proceeded against. Every figure comes from
 * a query in data/queries/justice.ts.
 *
 * The URL's category (domestic_abuse | sexual_offences) picks what the outcome and sex-and-age charts
 * show; the by-category charts always show every category proceedings holds. The period is the end of
 * the rolling year, limited to the rolling years proceedings covers.
 */
import {
  formatCount,
  formatPercent,
  formatRate,
  horizontalGroupedBars,
  isWithheld,
  stackedBarsWithShares,
  stackedColumns,
  type Count,
  type Dataset,
} from '../charts';
import { isBoroughArea, type ViewState } from '../app/state';
import { OUTCOMES, type DisplayCategory, type OffenceCategory } from '../data/contract';
import { LONDON } from '../data/boroughs';
import { breaksFor, countingBreaks } from '../data/changes';
import { CATEGORY_PARTS } from '../data/contract';
import { addMonths, monthLabel, rollingYearLabel, shortMonthLabel } from '../data/months';
import {
  categoryFigures,
  justicePeriods,
  outcomeTrend,
  peopleBySexAndAge,
  type CategoryFigure,
  type OutcomePoint,
  type PeopleCount,
} from '../data/queries/justice';
import type { CardSpec } from './card';
import { areaControl, categoryControl } from './controls';
import type { PageContext, PageView } from './page';
import { breakdownDataset } from './breakdown-download';
import { areaCells, CITY_REASON, COLUMNS as C, countCell, periodCells, statusCells } from './downloads';
import { createDashboardPage, periodsOf, yearPart, type View } from './scaffold';
import { sexAndAgeBars, sexAndAgeShown, smallNumbersNote, suppressionThreshold, suppressRollingSplit } from './small-numbers';

const CATEGORY_NAMES: Record<OffenceCategory, string> = {
  domestic_abuse: 'Domestic abuse',
  rape: 'Rape',
  other_sexual: 'Other sexual offences',
  stalking_harassment: 'Stalking and harassment',
};
/** "People proceeded against for domestic abuse". */
const FOR_CATEGORY: Record<DisplayCategory, string> = {
  domestic_abuse: 'domestic abuse',
  sexual_offences: 'sexual offences',
};
const OUTCOME_LABELS: Record<string, string> = { charge: 'Charge', caution: 'Caution', other_sanction: 'Other sanction' };
const CITY_NOTE = 'The City of London has its own police force, the City of London Police, and no figures in this data.';

const yearEnding = (end: string) => ({ first: addMonths(end, -11), last: end });
/** The room a card's chart is drawn for: its width, and on a slide its height (card.ts, Drawn). */
interface Size {
  width: number;
  height: number | undefined;
}

export function createJusticePage(context: PageContext): PageView {
  const { data, navigate } = context;
  const threshold = suppressionThreshold(data.manifest);
  const breaks = countingBreaks(data.manifest.countingChanges);
  /**
   * Counting breaks in recorded offences inside the 12 months ending `end`, for the categories drawn
   * (changes.ts): the year's offences then mix two ways of counting, which a rate per 100 compared with
   * another year's would hide. No change is given on this page; the sentence says why such a year stands apart.
   */
  const offenceBreaksIn = (rows: readonly CategoryFigure[], end: string): string[] => {
    const first = addMonths(end, -11);
    return [
      ...new Set(
        rows.flatMap((r) =>
          breaksFor(breaks, { table: 'offences', series: [r.category], area: r.area })
            .filter((b) => b.month > first && b.month <= end)
            .map((b) => `${CATEGORY_NAMES[r.category]} offences in these 12 months were counted two ways: ${b.note.replace(/^(\w)/, (c) => c.toLowerCase())}`),
        ),
      ),
    ];
  };

  const categories: CardSpec<View, CategoryFigure[]> = {
    className: 'card--categories',
    name: 'By category',
    title: ({ state, end }) => `People proceeded against and recorded offences by category: ${state.area}${yearPart(end)}`,
    needs: ({ end }) => [
      { table: 'proceedings', series: 'any', months: yearEnding(end) },
      { table: 'offences', series: 'any', months: yearEnding(end), optional: true },
    ],
    query: (db, { state, end }) => categoryFigures(db, state.area, end),
    download: (rows, { state, end }) => {
      const own = rows.filter((r) => r.area === state.area);
      return { ...categoriesDataset(own, end), notes: offenceBreaksIn(own, end) };
    },
    draw: (rows, view, width, { source, lacking, height }) => drawCategories(rows, view, { width, height }, source, lacking[0]?.text ?? null),
  };
  const rates: CardSpec<View, CategoryFigure[]> = {
    className: 'card--rates',
    name: 'Per 100 offences',
    title: ({ state, end }) => `People proceeded against per 100 recorded offences: ${state.area}${yearPart(end)}`,
    needs: ({ end }) => [
      { table: 'proceedings', series: 'any', months: yearEnding(end) },
      { table: 'offences', series: 'any', months: yearEnding(end), what: 'Recorded offences' },
    ],
    query: (db, { state, end }) => categoryFigures(db, state.area, end),
    download: (rows, { state, end }) => {
      const series = rateSeries(rows, state.area);
      const drawn = rows.filter((r) => series.includes(r.area));
      return { ...categoriesDataset(drawn, end), notes: offenceBreaksIn(drawn, end) };
    },
    draw: (rows, view, width, { source, height }) => drawRates(rows, view, { width, height }, source),
  };
  const outcomes: CardSpec<View, OutcomePoint[]> = {
    className: 'card--outcomes',
    name: 'Outcomes',
    title: ({ state }) => `People proceeded against for ${FOR_CATEGORY[state.category]} by outcome: ${state.area}`,
    needs: ({ state }) => [{ table: 'proceedings', series: CATEGORY_PARTS[state.category], what: `Figures on people proceeded against for ${FOR_CATEGORY[state.category]}` }],
    query: (db, { state }) => outcomeTrend(db, state.area, state.category),
    download: (rows, { state, end }) => {
      const { months, shown } = shownOutcomes(rows, state.area, end);
      const people = (month: string, outcome: string): Count => {
        const row = rows.find((r) => r.month === month && r.outcome === outcome)!;
        return shown ? shown.rows.find((c) => c.column === month && c.stack === outcome)!.value : row.people;
      };
      const total = (month: string): Count => (shown ? shown.totals[month]! : (rows.find((r) => r.month === month)?.total ?? 0));
      return {
        columns: [
          C.area, C.gssCode, { ...C.category, description: 'domestic_abuse, or sexual_offences (rape and other sexual offences).' },
          { ...C.periodStart, description: 'First month of the 12 months the row counts.' },
          { ...C.periodEnd, description: 'Last month of the 12 months the row counts (the column the chart draws).' },
          { name: 'outcome', type: 'string', description: "charge (or summons), caution, other_sanction, or 'all' for every outcome." },
          C.integer('people', 'People proceeded against with the outcome in the 12 months.'),
          C.integer('people_all_outcomes', "People proceeded against with any outcome in the same 12 months: the denominator of percent_of_all_outcomes. Empty where it is not shown, and on the rows for all outcomes."),
          C.percent('percent_of_all_outcomes', 'people / people_all_outcomes * 100; empty unless both are shown.'),
          C.status, C.statusReason,
        ],
        rows: months.flatMap((month) => {
          const all = countCell(total(month), threshold, true);
          return [...OUTCOMES, 'all'].map((outcome) => {
            const value = outcome === 'all' ? all : countCell(people(month, outcome), threshold, true);
            return {
              ...areaCells(state.area),
              category: state.category,
              ...periodCells(month),
              outcome,
              people: value.value,
              people_all_outcomes: outcome === 'all' ? null : all.value,
              percent_of_all_outcomes: outcome !== 'all' && value.value !== null && all.value !== null && all.value > 0 ? (100 * value.value) / all.value : null,
              ...statusCells(value.status, value.reason),
            };
          });
        }),
        notes: shown?.anyHidden
          ? [`A borough's 12-month totals overlap month by month, so one could be worked out from its neighbours: counts of fewer than ${threshold} (here including none) are suppressed, and some larger ones withheld. See the status column.`]
          : [],
      };
    },
    draw: (rows, view, width, { source, height }) => drawOutcomes(rows, view, { width, height }, source),
  };
  const people: CardSpec<View, PeopleCount[]> = {
    className: 'card--people',
    name: 'Sex and age',
    title: ({ state, end }) => `People proceeded against for ${FOR_CATEGORY[state.category]} by sex and age: ${state.area}${yearPart(end)}`,
    needs: ({ state, end }) => [
      { table: 'proceedings', series: CATEGORY_PARTS[state.category], months: yearEnding(end), what: `Figures on people proceeded against for ${FOR_CATEGORY[state.category]}` },
    ],
    query: (db, { state, end }) => peopleBySexAndAge(db, state.area, state.category, end),
    download: (rows, { state, end }) =>
      breakdownDataset(shownPeople(rows), {
        threshold,
        count: { name: 'people', description: 'People proceeded against in the period.' },
        leadColumns: [C.area, C.gssCode, { ...C.category, description: 'domestic_abuse, or sexual_offences (rape and other sexual offences).' }, C.periodStart, C.periodEnd],
        lead: { ...areaCells(state.area), category: state.category, ...periodCells(end) },
      }),
    draw: (rows, view, width, { source, height }) => drawPeople(rows, view, { width, height }, source),
  };

  /** `noOffences`: why recorded offences are not in the data for this year, when they are not. */
  function drawCategories(rows: CategoryFigure[], { state, end }: View, { width, height }: Size, source: string, noOffences: string | null): Node {
    const own = rows.filter((r) => r.area === state.area);
    const title = `People proceeded against and recorded offences by category: ${state.area}, ${rollingYearLabel(end)}`;
    if (own.every((r) => r.people === null && r.offences === null)) return noFiguresNote(state.area, title);
    const order = own.map((r) => r.category);
    return horizontalGroupedBars(
      own.flatMap((r) => [
        { group: r.category, series: 'people', value: r.people },
        { group: r.category, series: 'offences', value: r.offences },
      ]),
      {
        title,
        subtitle: [
          noOffences
            ? `Recorded offences are not shown: ${noOffences}`
            : 'Recorded offences are shown beside each category for context; a category the data has no recorded offences for shows none.',
          ...(noOffences ? [] : offenceBreaksIn(own, end)),
        ].join(' '),
        source,
        valueLabel: 'People, or offences, in 12 months',
        groupOrder: order,
        groupLabels: CATEGORY_NAMES,
        seriesOrder: ['people', 'offences'],
        seriesLabels: { people: 'Proceeded against', offences: 'Recorded offences' },
        // Offences are context: a neutral grey beside the people proceeded against.
        colours: ['#12436D', '#6F777B'],
        groupLabel: 'Category',
        extraColumns: [
          {
            label: 'People proceeded against per 100 offences',
            values: Object.fromEntries(own.map((r) => [r.category, r.per100])),
            format: (v) => formatRate(v, 1),
          },
        ],
        formatValue: (v) => formatCount(v),
        width,
        ...(height ? { height } : {}),
      },
    );
  }

  function drawRates(rows: CategoryFigure[], { state, end }: View, { width, height }: Size, source: string): Node {
    const series = rateSeries(rows, state.area);
    const borough = series.length > 1 ? series[0]! : null;
    const order = [...new Set(rows.map((r) => r.category))];
    const of = (where: string, category: string) => rows.find((r) => r.area === where && r.category === category);
    const cityNote = state.area === 'City of London' ? ` ${CITY_NOTE} London is shown alone.` : '';
    const missing = isBoroughArea(state.area) && !borough && state.area !== 'City of London'
      ? ` ${state.area} has no rate in this data (no recorded offences or no people proceeded against), so London is shown alone.`
      : '';
    return horizontalGroupedBars(
      rows.filter((r) => series.includes(r.area)).map((r) => ({ group: r.category, series: r.area, value: r.per100 })),
      {
        title: `People proceeded against per 100 recorded offences: ${series.join(' and ')}, ${rollingYearLabel(end)}`,
        subtitle: [`People proceeded against in the 12 months, for every 100 offences recorded in the same 12 months.${cityNote}${missing}`, ...offenceBreaksIn(rows.filter((r) => series.includes(r.area)), end)].join(' '),
        source,
        valueLabel: 'People proceeded against per 100 offences',
        groupOrder: order,
        groupLabels: CATEGORY_NAMES,
        seriesOrder: series,
        groupLabel: 'Category',
        extraColumns: series.flatMap((where) => [
          {
            label: `${where}: people proceeded against`,
            values: Object.fromEntries(order.map((c) => [c, of(where, c)?.people ?? null])),
            format: (v: number | null | undefined) => formatCount(v),
          },
          {
            label: `${where}: recorded offences`,
            values: Object.fromEntries(order.map((c) => [c, of(where, c)?.offences ?? null])),
            format: (v: number | null | undefined) => formatCount(v),
          },
        ]),
        formatValue: (v) => formatRate(v, 1),
        width,
        ...(height ? { height } : {}),
      },
    );
  }

  function drawOutcomes(rows: OutcomePoint[], { state, end }: View, { width, height }: Size, source: string): Node {
    const what = FOR_CATEGORY[state.category];
    if (rows.length === 0) return noFiguresNote(state.area, `People proceeded against for ${what} by outcome: ${state.area}`);
    const { months, counts, shown } = shownOutcomes(rows, state.area, end);
    const chosen = rows.filter((r) => r.month === end);
    const total = chosen[0]?.total ?? 0;
    const split = chosen
      .map((r) => {
        const value = shown?.rows.find((c) => c.column === end && c.stack === r.outcome)?.value;
        return `${OUTCOME_LABELS[r.outcome]!.toLowerCase()} ${isWithheld(value) ? value.withheld : formatPercent(r.percent)}`;
      })
      .join(', ');
    return stackedColumns(
      shown?.rows ?? counts,
      {
        title: `People proceeded against for ${what} by outcome: ${state.area}, 12-month totals, ${monthLabel(months[0]!)} to ${monthLabel(months.at(-1)!)}`,
        subtitle:
          `Each column is the 12 months to that month. Outlined: the ${rollingYearLabel(end)}, ` +
          (total > 0 ? `${formatCount(total)} people (${split}).` : 'with no people proceeded against.') +
          (shown?.anyHidden ? ` ${smallNumbersNote(threshold, true)}` : ''),
        ...(shown ? { totals: shown.totals } : {}),
        source,
        columnOrder: months,
        formatColumn: rollingYearLabel,
        formatTick: shortMonthLabel,
        columnLabel: 'Rolling year',
        stackOrder: OUTCOMES,
        stackLabels: OUTCOME_LABELS,
        valueLabel: 'People proceeded against in 12 months',
        highlight: end,
        formatValue: (v) => formatCount(v),
        width,
        // On a slide, or the first printed page (under the heading), the height that fills it.
        ...(height ? { height } : {}),
      },
    );
  }

  /** The outcome columns as drawn: for a borough, small numbers hidden (the chosen year's total is also in the categories chart). */
  function shownOutcomes(rows: OutcomePoint[], area: string, end: string) {
    const months = [...new Set(rows.map((r) => r.month))];
    const counts = rows.map((r) => ({ column: r.month, stack: r.outcome, value: r.people }));
    const shown = isBoroughArea(area) ? suppressRollingSplit(counts, months, OUTCOMES, threshold, end) : null;
    return { months, counts, shown };
  }

  /** People by sex and age as drawn: small numbers hidden (the grand total is also in the categories chart). */
  function shownPeople(rows: PeopleCount[]) {
    return sexAndAgeShown(peopleCounts(rows), threshold, 'fixed');
  }

  function drawPeople(rows: PeopleCount[], { state, end }: View, { width, height }: Size, source: string): Node {
    const what = FOR_CATEGORY[state.category];
    const title = `People proceeded against for ${what} by sex and age: ${state.area}, ${rollingYearLabel(end)}`;
    if (rows.length === 0) {
      return emptyNote(
        state.area === 'City of London'
          ? CITY_NOTE
          : `There are no people proceeded against for ${what} in ${state.area} in the ${rollingYearLabel(end)} in this data.`,
        title,
      );
    }
    // Small numbers: the grand total is also the people proceeded against in the categories chart.
    const chart = sexAndAgeBars(peopleCounts(rows), threshold, 'fixed', {
      title,
      source,
      valueLabel: 'People proceeded against',
      width,
    });
    // On a slide, or the first printed page, the height that fills it.
    return stackedBarsWithShares(chart.rows, { ...chart.options, ...(height ? { height } : {}) });
  }

  const area = areaControl((value) => navigate({ area: value }));
  const category = categoryControl('Outcomes, sex and age for', { domestic_abuse: 'Domestic abuse', sexual_offences: 'Sexual offences (rape and other)' }, navigate);

  return createDashboardPage(
    {
      page: 'justice',
      className: 'justice',
      heading: (state: ViewState) => `Bringing perpetrators to justice: ${state.area}`,
      controls: [area, category],
      periodTables: ['proceedings', 'offences'],
      // Rolling years of proceedings; the default is the latest both proceedings and offences have.
      periods: (coverage) => {
        const proceedings = periodsOf(coverage.filter((e) => e.table === 'proceedings'));
        const offences = periodsOf(coverage.filter((e) => e.table === 'offences'));
        const found = justicePeriods(
          proceedings ? { first: addMonths(proceedings.firstEnd, -11), latest: proceedings.latest } : null,
          offences ? { first: addMonths(offences.firstEnd, -11), latest: offences.latest } : null,
        );
        return found ? { firstEnd: found.earliestEnd, latest: found.defaultEnd } : null;
      },
      lede: ({ end }) =>
        `${rollingYearLabel(end)}. People proceeded against for domestic abuse, rape, other sexual offences and stalking and harassment, with recorded offences beside them. Choose an area, the offences and the period below.`,
      periodsWhat: 'figures on people proceeded against',
      top: [],
      grid: [outcomes, categories, rates, people],
      wide: [outcomes, people],
      nothingPublished: () =>
        'People proceeded against (charged, cautioned or given another sanction) are not published openly by borough, so this page has no figures from the published data. ' +
        'The Ministry of Justice publishes outcomes by police force area. An analyst who holds borough figures can load them as proceedings.csv with “Use your own data files” below; recorded offences by borough are on the Recording page.',
      about: aboutTheFigures(threshold),
    },
    context,
  );
}

const peopleCounts = (rows: readonly PeopleCount[]) => rows.map((r) => ({ sex: r.sex, ageBand: r.ageBand, value: r.people }));

/** The areas the rates chart draws: the borough chosen (when it has a rate) and London. */
function rateSeries(rows: readonly CategoryFigure[], area: string): string[] {
  return isBoroughArea(area) && rows.some((r) => r.area === area && r.per100 !== null) ? [area, LONDON] : [LONDON];
}

/** The download of people proceeded against beside recorded offences, by category, for the areas drawn. */
function categoriesDataset(rows: readonly CategoryFigure[], end: string): Dataset {
  return {
    columns: [
      C.area, C.gssCode, C.periodStart, C.periodEnd, C.category,
      C.integer('people_proceeded_against', 'People proceeded against (charge, caution or other sanction) for the category in the period.'),
      C.integer('recorded_offences', 'Offences of the category recorded in the same period.'),
      C.rate('people_per_100_offences', 'people_proceeded_against / recorded_offences * 100.'),
      C.status, C.statusReason,
    ],
    rows: rows.map((r) => ({
      ...areaCells(r.area),
      ...periodCells(end),
      category: r.category,
      people_proceeded_against: r.people,
      recorded_offences: r.offences,
      people_per_100_offences: r.per100,
      ...(r.people === null
        ? statusCells('missing', r.area === 'City of London' ? CITY_REASON : 'The data has no people proceeded against for this area.')
        : r.offences === null
          ? statusCells('missing', 'The data has no recorded offences of this category for all 12 months, so no rate.')
          : r.per100 === null
            ? statusCells('missing', 'No offences recorded, so no rate.')
            : statusCells('shown')),
    })),
  };
}

/** A card with nothing to draw still says what it would show, then why it cannot. */
function emptyNote(text: string, title?: string): Node {
  const wrapper = document.createElement('div');
  if (title) {
    const h = document.createElement('h2');
    h.className = 'card__title';
    h.textContent = title;
    wrapper.append(h);
  }
  const p = document.createElement('p');
  p.className = 'card__empty';
  p.textContent = text;
  wrapper.append(p);
  return wrapper;
}

function noFiguresNote(area: string, title: string): Node {
  return emptyNote(area === 'City of London' ? CITY_NOTE : `There are no figures on people proceeded against for ${area} in this data.`, title);
}

function aboutTheFigures(threshold: number): HTMLElement {
  const section = document.createElement('section');
  section.className = 'about';
  section.innerHTML = `
    <h2>About these figures</h2>
    <dl>
      <dt>People proceeded against</dt>
      <dd>People the police brought a formal outcome against for an offence: a charge (or summons) to go to court, a caution, or another sanction such as a community resolution or a penalty notice. One person dealt with twice in a year is counted twice.</dd>
      <dt>Charge, caution, other sanction</dt>
      <dd>Each bar is split by that outcome. The percentages are shares of all people proceeded against in the same 12 months.</dd>
      <dt>Per 100 recorded offences</dt>
      <dd>People proceeded against in a 12-month period, divided by the offences recorded in the same 12 months, times 100. It is not the share of those offences solved: a person proceeded against this year may be answering for an offence recorded last year, and one offence may lead to several people being proceeded against.</dd>
      <dt>12 months to a month</dt>
      <dd>Figures for a rolling year add up the 12 months ending in that month. The period can be any month once the figures on people proceeded against have 12 months.</dd>
      <dt>London and boroughs</dt>
      <dd>London's figures include people and offences not assigned to a borough. Borough figures are small in places and can change a lot from one year to the next.</dd>
      <dt>City of London</dt>
      <dd>The City of London has its own police force, the City of London Police, so it has no figures here.</dd>
${threshold > 1 ? `
      <dt>Small numbers</dt>
      <dd>In the sex and age of people proceeded against, and in a borough's outcomes, counts of 1 to ${threshold - 1} are shown as “fewer than ${threshold}”, so that no one can be picked out from them. A few larger counts are “not shown”, where the totals would otherwise let a smaller one be worked out. A borough's outcomes are 12-month totals that overlap month by month, so one can sometimes be worked out from its neighbours: more are hidden there, and “fewer than ${threshold}” there can also mean none.</dd>` : ''}
    </dl>`;
  return section;
}
