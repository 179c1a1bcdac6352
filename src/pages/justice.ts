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
} from '../charts';
import { isBoroughArea, type ViewState } from '../app/state';
import { AGE_BANDS, OUTCOMES, SEXES, type DisplayCategory, type OffenceCategory } from '../data/contract';
import { LONDON } from '../data/boroughs';
import { monthLabel, rollingYearLabel, shortMonthLabel } from '../data/months';
import {
  categoryFigures,
  coversPeriod,
  justiceCoverage,
  outcomeTrend,
  peopleBySexAndAge,
  type CategoryFigure,
  type JusticeCoverage,
  type OutcomePoint,
  type PeopleCount,
} from '../data/queries/justice';
import { monthRange } from '../data/queries/common';
import { createCard, printing, redrawOnResize } from './card';
import { areaControl, periodControl, radioControl, type Control } from './controls';
import { fileFor, missingTableNote, sourceLine, type PageContext, type PageView } from './page';
import { smallNumbersNote, suppressBreakdown, suppressionThreshold, suppressRollingSplit } from './small-numbers';

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
const SEX_LABELS: Record<string, string> = { female: 'Female', male: 'Male', unknown: 'Not recorded' };
const AGE_LABELS: Record<string, string> = { unknown: 'Age not recorded' };
const JUSTICE_SOURCE = 'Ministry of Justice criminal justice statistics (people proceeded against)';
const BOTH_SOURCES = `Metropolitan Police Service recorded crime; ${JUSTICE_SOURCE}`;
/** The outcomes chart's height in print (A4 landscape holds about 700px under 12mm margins). */
const PRINT_HEIGHT = 360;
const CITY_NOTE = 'The City of London has its own police force, the City of London Police, and no figures in this data.';

/** What one update draws: the state and the rolling year it resolved to. */
interface View {
  state: ViewState;
  end: string;
  coverage: JusticeCoverage;
}
/** A card's rows with the view they were queried for (null when there are no proceedings at all). */
interface Loaded<Rows> {
  view: View | null;
  rows: Rows;
}

export function createJusticePage(context: PageContext): PageView {
  const { db, data, navigate } = context;
  const { loader } = data;
  const element = document.createElement('div');
  element.className = 'justice';

  const heading = document.createElement('h1');
  const lede = document.createElement('p');
  lede.className = 'lede';

  const controls = document.createElement('form');
  controls.className = 'controls';
  controls.setAttribute('aria-label', 'Choose what to show');
  controls.addEventListener('submit', (e) => e.preventDefault());
  const area = areaControl((value) => navigate({ area: value }));
  const category = radioControl(
    'Outcomes, sex and age for',
    [
      { value: 'domestic_abuse', label: 'Domestic abuse' },
      { value: 'sexual_offences', label: 'Sexual offences (rape and other)' },
    ],
    (s) => s.category,
    (value) => navigate({ category: value }),
  );
  controls.append(area.element, category.element);
  // The period's choices come from proceedings, which loads when the page first needs it.
  let period: Control | null = null;

  const notice = document.createElement('p');
  notice.className = 'notice justice__notice';
  notice.setAttribute('role', 'status');
  notice.hidden = true;

  const source = sourceLine(data, JUSTICE_SOURCE);
  const bothSources = sourceLine(data, BOTH_SOURCES);

  const categories = createCard<Loaded<CategoryFigure[]>>('card--categories', (loaded, width) => drawCategories(loaded, width));
  const rates = createCard<Loaded<CategoryFigure[]>>('card--rates', (loaded, width) => drawRates(loaded, width));
  const outcomes = createCard<Loaded<OutcomePoint[]>>('card--outcomes', (loaded, width) => drawOutcomes(loaded, width));
  const people = createCard<Loaded<PeopleCount[]>>('card--people', (loaded, width) => drawPeople(loaded, width));
  // The through-time chart and the sex-and-age bars take the full width of the page; the two
  // by-category charts sit side by side on a wide screen.
  outcomes.element.style.gridColumn = '1 / -1';
  people.element.style.gridColumn = '1 / -1';

  const grid = document.createElement('div');
  grid.className = 'card-grid';
  grid.append(outcomes.element, categories.element, rates.element, people.element);
  element.append(heading, lede, controls, notice, grid, aboutTheFigures(suppressionThreshold(data.manifest)));

  const stopWatchingSize = redrawOnResize(grid, [categories, rates, outcomes, people]);

  let coverage: Promise<JusticeCoverage | null> | null = null;
  /** What every card says when there is no rolling year of proceedings to show. */
  let noProceedings = 'There are no figures on people proceeded against in this data.';
  /** The proceedings file, when it failed to load. */
  let proceedingsFile: string | null = null;
  const getCoverage = () =>
    (coverage ??= loader.ensure(['proceedings', 'offences']).then(async () => {
      const found = await justiceCoverage(db);
      // Say whether proceedings failed to load (naming the file) or holds under 12 months.
      if (!found && (await monthRange(db, 'proceedings')) === null) {
        proceedingsFile = fileFor(data, 'proceedings');
        noProceedings = missingTableNote(data, ['proceedings'], noProceedings);
      } else if (!found) {
        noProceedings = 'The figures on people proceeded against cover less than 12 months, so there is no rolling year to show.';
      }
      return found;
    }));
  /** Why recorded offences are missing from this page, or null when they are there. */
  const noOffences = (view: View) =>
    view.coverage.offences ? null : missingTableNote(data, ['offences'], 'There are no recorded offences in this data.');
  let updates = 0;

  /** Resolves the state to a rolling year the data covers, and shows it in the heading and controls. */
  function prepare(state: ViewState, ticket: number, found: JusticeCoverage | null): View | null {
    const current = ticket === updates;
    if (!found) {
      if (current) {
        lede.textContent = proceedingsFile
          ? `${proceedingsFile} could not be loaded (see the notice above), so there are no figures on people proceeded against to show.`
          : 'There are no figures on people proceeded against in this data, so there is nothing to show.';
        notice.hidden = true;
      }
      return null;
    }
    const outside = state.period !== null && !coversPeriod(found, state.period);
    const end = state.period !== null && !outside ? state.period : found.defaultEnd;
    if (current) {
      if (!period) {
        period = periodControl(found.proceedings.first, found.defaultEnd, (value) => navigate({ period: value }));
        controls.append(period.element);
      }
      period.sync({ ...state, period: end === found.defaultEnd ? null : end });
      lede.textContent = `${rollingYearLabel(end)}. People proceeded against for domestic abuse, rape, other sexual offences and stalking and harassment, with recorded offences beside them. Choose an area, the offences and the period below.`;
      notice.hidden = !outside;
      notice.textContent = outside
        ? `There are no figures on people proceeded against for the ${rollingYearLabel(state.period!)}: they cover the ${rollingYearLabel(found.earliestEnd)} up to the ${rollingYearLabel(found.defaultEnd)}. The ${rollingYearLabel(end)} are shown instead.`
        : '';
    }
    return { state, end, coverage: found };
  }

  function drawCategories({ view, rows }: Loaded<CategoryFigure[]>, width: number): Node {
    if (!view) return emptyNote(noProceedings);
    const { state, end } = view;
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
        subtitle: noOffences(view) ? `Recorded offences are not shown: ${noOffences(view)}` : 'Recorded offences are shown beside each category for context.',
        source: bothSources,
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
      },
    );
  }

  function drawRates({ view, rows }: Loaded<CategoryFigure[]>, width: number): Node {
    if (!view) return emptyNote(noProceedings);
    const { state, end } = view;
    const withoutOffences = noOffences(view);
    if (withoutOffences) return emptyNote(withoutOffences, `People proceeded against per 100 recorded offences: ${state.area}, ${rollingYearLabel(end)}`);
    const borough = isBoroughArea(state.area) && rows.some((r) => r.area === state.area && r.per100 !== null) ? state.area : null;
    const series = borough ? [borough, LONDON] : [LONDON];
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
        subtitle: `People proceeded against in the 12 months, for every 100 offences recorded in the same 12 months.${cityNote}${missing}`,
        source: bothSources,
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
      },
    );
  }

  function drawOutcomes({ view, rows }: Loaded<OutcomePoint[]>, width: number): Node {
    if (!view) return emptyNote(noProceedings);
    const { state, end } = view;
    const what = FOR_CATEGORY[state.category];
    if (rows.length === 0) return noFiguresNote(state.area, `People proceeded against for ${what} by outcome: ${state.area}`);
    const months = [...new Set(rows.map((r) => r.month))];
    const chosen = rows.filter((r) => r.month === end);
    const total = chosen[0]?.total ?? 0;
    const counts = rows.map((r) => ({ column: r.month, stack: r.outcome, value: r.people }));
    // Small numbers, for a borough: the chosen year's total is also in the categories chart.
    const threshold = suppressionThreshold(data.manifest);
    const shown = isBoroughArea(state.area) ? suppressRollingSplit(counts, months, OUTCOMES, threshold, end) : null;
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
        // On paper a little flatter, so that it fits on the first page under the heading.
        ...(printing() ? { height: PRINT_HEIGHT } : {}),
      },
    );
  }

  function drawPeople({ view, rows }: Loaded<PeopleCount[]>, width: number): Node {
    if (!view) return emptyNote(noProceedings);
    const { state, end } = view;
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
    const threshold = suppressionThreshold(data.manifest);
    const shown = suppressBreakdown(
      rows.map((r) => ({ bar: r.ageBand, stack: r.sex, value: r.people })),
      AGE_BANDS,
      SEXES,
      threshold,
      'fixed',
    );
    return stackedBarsWithShares(
      shown.rows,
      {
        title,
        ...(shown.anyHidden ? { subtitle: smallNumbersNote(threshold) } : {}),
        totals: shown.totals,
        source,
        barOrder: AGE_BANDS,
        barLabels: AGE_LABELS,
        barLabel: 'Age band',
        stackOrder: SEXES,
        stackLabels: SEX_LABELS,
        valueLabel: 'People proceeded against',
        totalRow: 'All ages',
        formatValue: (v) => formatCount(v),
        width,
      },
    );
  }

  return {
    page: 'justice',
    element,
    async update(state) {
      const ticket = ++updates;
      heading.textContent = `Bringing perpetrators to justice: ${state.area}`;
      area.sync(state);
      category.sync(state);
      // Every card starts loading at once (so the page shows it is busy), each waiting for the period.
      const prepared = getCoverage().then((found) => prepare(state, ticket, found));
      await Promise.all([
        categories.load(async () => {
          const view = await prepared;
          return { view, rows: view ? await categoryFigures(db, state.area, view.end) : [] };
        }),
        rates.load(async () => {
          const view = await prepared;
          return { view, rows: view ? await categoryFigures(db, state.area, view.end) : [] };
        }),
        outcomes.load(async () => {
          const view = await prepared;
          return { view, rows: view ? await outcomeTrend(db, state.area, state.category) : [] };
        }),
        people.load(async () => {
          const view = await prepared;
          return { view, rows: view ? await peopleBySexAndAge(db, state.area, state.category, view.end) : [] };
        }),
      ]);
    },
    destroy() {
      stopWatchingSize();
    },
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
