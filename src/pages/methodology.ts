/**
 * Methodology: where the figures come from, what they count, rolling years and rates, the February
 * 2024 recording break, sample data against official statistics, and the latest month in the data.
 * Text only; the facts about the data (sample or official, sources, latest month) come from the
 * manifest and the loaded offences table, so they are always those of the data on screen. The
 * definitions say the same as README.md and the "About these figures" sections of each page.
 */
import type { DataInfo } from '../app/data-info';
import type { TableName } from '../data/contract';
import { monthLabel } from '../data/months';
import { SMALL_COUNT } from '../data/changes';
import { downloadTheData } from './data-download';
import { el, scrollingTable } from './prose';
import { suppressionThreshold } from './small-numbers';
import type { PageContext, PageView } from './page';

/** What each file holds, in plain words. */
const TABLE_DESCRIPTIONS: Record<TableName, { name: string; holds: string; pages: string }> = {
  offences: { name: 'Recorded offences', holds: 'Offences the police recorded each month, by borough: domestic abuse, rape, other sexual offences, and stalking and harassment.', pages: 'Recording, Justice' },
  victims: { name: 'Victims', holds: 'Victims of recorded offences each month, by borough, sex and age band.', pages: 'Recording' },
  incidents: { name: 'Domestic abuse incidents', holds: 'Domestic abuse incidents reported to the police each month, by borough, whether or not a crime was recorded.', pages: 'Victimisation' },
  repeat_victims: { name: 'Repeat victims', holds: 'For the 12 months ending each month: the number of different domestic abuse victims, those with two or more incidents, and all their incidents, by borough and for London as a whole.', pages: 'Victimisation' },
  proceedings: { name: 'People proceeded against', holds: 'People proceeded against each month, by borough, offence, outcome (charge, caution, other sanction), sex and age band.', pages: 'Justice' },
  population: { name: 'Population', holds: 'Residents by borough (and, where the source gives them, by sex and age band), for rates per 1,000 residents.', pages: 'Recording, Victimisation' },
  england_wales: { name: 'England and Wales', holds: 'Recorded offences and population of England and Wales by financial year, for the national comparison.', pages: 'Recording' },
};

function section(title: string, ...content: Node[]): HTMLElement {
  const s = el('section', undefined, 'prose__section');
  s.append(el('h2', title), ...content);
  return s;
}

function definitions(entries: readonly [string, string][]): HTMLDListElement {
  const dl = el('dl', undefined, 'definitions-list');
  for (const [term, meaning] of entries) dl.append(el('dt', term), el('dd', meaning));
  return dl;
}

function paragraphs(...texts: string[]): HTMLParagraphElement[] {
  return texts.map((text) => el('p', text));
}

/** "1 November 2026" from an ISO date, or the text as given if it is not one. */
function dateLabel(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** What a table holds, naming only the offence categories the importer's record says it has. */
function holds(table: TableName, general: string, manifest: DataInfo['manifest']): string {
  if (table !== 'offences' || !manifest.provenance) return general;
  const series = [...new Set(manifest.provenance.filter((p) => p.table === 'offences' && p.periods !== 'none').map((p) => p.series))];
  const names = series.map((s) => SERIES_NAMES[s] ?? s);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? 'none');
  return `Offences the police recorded each month, by borough: ${list}.`;
}

/** The data now loaded: sample or official, its latest month, when it was made. */
function aboutTheData(data: DataInfo): HTMLElement {
  const { manifest } = data;
  const latest = data.offences ? monthLabel(data.offences.latest) : null;
  const status = el('p', undefined, manifest.sample ? 'methodology__status methodology__status--sample' : 'methodology__status');
  status.dataset.status = manifest.sample ? 'sample' : 'official';
  const tag = el('strong', manifest.sample ? 'Sample data. ' : 'Official data. ');
  status.append(
    tag,
    manifest.sample
      ? 'The figures on this dashboard are generated for demonstration and testing. They are not official statistics and must not be quoted as real figures.'
      : `The figures on this dashboard come from the published sources listed below.`,
  );
  const latestLine = el('p');
  latestLine.dataset.latest = data.offences?.latest ?? '';
  latestLine.textContent = latest
    ? `The latest month in the data is ${latest}, so the latest rolling year is the 12 months to ${latest}.`
    : 'No recorded offences could be loaded, so the latest month of the data is not known.';
  const made = el('p', `These data files were ${manifest.sample ? 'generated' : 'imported'} on ${dateLabel(manifest.generated)}.`);

  // One source and licence for every file (as for the sample) is said once, not in every row.
  const sources = new Set(manifest.files.map((f) => `${f.source}\u0000${f.licence}`));
  const shared = sources.size === 1 && manifest.files.length > 1 ? manifest.files[0]! : null;
  const { scroll, body } = scrollingTable('Data files and their sources', ['Data', 'What it holds', 'Used on', ...(shared ? [] : ['Source', 'Licence'])], 'methodology__sources');
  for (const file of manifest.files) {
    const about = TABLE_DESCRIPTIONS[file.table];
    const row = el('tr');
    const name = el('th', about?.name ?? file.table);
    name.scope = 'row';
    row.append(name, el('td', holds(file.table, about?.holds ?? '', manifest)), el('td', about?.pages ?? ''));
    if (!shared) row.append(el('td', file.source), el('td', file.licence));
    body.append(row);
  }
  const sharedLines = shared ? [el('p', `Source of every file: ${shared.source}.`), el('p', `Licence: ${shared.licence}`)] : [];

  const population = manifest.populationNote ? [el('p', `The population figures are ${manifest.populationNote}.`)] : [];
  return section('The data on this dashboard', status, latestLine, made, scroll, ...sharedLines, ...population);
}

const SERIES_NAMES: Record<string, string> = {
  domestic_abuse: 'domestic abuse',
  rape: 'rape',
  other_sexual: 'other sexual offences',
  stalking_harassment: 'stalking and harassment',
  population: 'population',
};

/**
 * Which published file gave which months of each series, which months it also held that another file
 * gave instead, and where the way of counting changes between them: the importer's record, as written
 * into the manifest. Series with the same record are listed together.
 */
function provenance(data: DataInfo): HTMLElement | null {
  const { manifest } = data;
  if (!manifest.provenance || manifest.provenance.length === 0) return null;
  const groups = new Map<string, { names: string[]; entries: NonNullable<typeof manifest.provenance> }>();
  const byKey = new Map<string, NonNullable<typeof manifest.provenance>>();
  for (const p of manifest.provenance) {
    const key = `${p.table}\u0000${p.series}`;
    byKey.set(key, [...(byKey.get(key) ?? []), p]);
  }
  for (const [key, entries] of byKey) {
    const [table, series] = key.split('\u0000') as [string, string];
    const name = table === 'offences' ? `Recorded offences: ${SERIES_NAMES[series] ?? series}` : table === 'population' ? 'Population' : table === 'ew_population' ? 'Population of England and Wales' : `${table}: ${series}`;
    const signature = JSON.stringify(entries.map((e) => [e.table, e.file, e.periods, e.superseded ?? '']));
    const group = groups.get(signature) ?? { names: [], entries };
    group.names.push(name);
    groups.set(signature, group);
  }
  const { scroll, body } = scrollingTable(
    'Which published file each period came from',
    ['Figures', 'File', 'Periods used', 'Periods it also held, taken from another file'],
    'methodology__sources methodology__provenance',
  );
  for (const { names, entries } of groups.values()) {
    entries.forEach((entry, i) => {
      const row = el('tr');
      if (i === 0) {
        const th = el('th', names.join('; '));
        th.scope = 'row';
        th.rowSpan = entries.length;
        row.append(th);
      }
      row.append(el('td', entry.file), el('td', entry.periods === 'none' ? 'none' : entry.periods), el('td', entry.superseded ?? ''));
      body.append(row);
    });
  }

  const changes = manifest.countingChanges ?? [];
  const seen = new Set<string>();
  const changeItems = changes
    .filter((c) => (seen.has(c.note) ? false : (seen.add(c.note), true)))
    .map((c) => el('li', `${monthLabel(c.month)} (${[...new Set(changes.filter((d) => d.note === c.note).map((d) => SERIES_NAMES[d.series] ?? d.series))].join(', ')}): ${c.note}`));
  const list = el('ul');
  list.append(...changeItems);
  return section(
    'Where each period came from',
    ...paragraphs(
      'The MPS republishes its history with every file, with revisions, so published files overlap. Files are never added together: each month of each series comes from one file. Where several files hold a month, it is taken from the file that allocates the most offences to boroughs (files of some dates leave about 9% of sexual offences under “Unknown”, others almost none), and, among files that allocate alike, the newest.',
      'Where the file a series comes from changes, the two files are compared. Unless they are shown to count alike (the same share of offences left unallocated, and every borough within 3% over the months both hold), the month is a change of counting: no change is computed across it for boroughs, and trend charts mark it. London’s total, which includes offences not allocated to a borough, agrees across files, and its changes are given.',
    ),
    scroll,
    ...(changeItems.length > 0 ? [el('p', 'Changes of counting between the files used:'), list] : [el('p', 'The files used count alike wherever one follows another.')]),
  );
}

export function createMethodologyPage(context: Pick<PageContext, 'data'>): PageView {
  const { data } = context;
  const threshold = suppressionThreshold(data.manifest);
  const element = el('div', undefined, 'prose methodology');
  element.append(
    el('h1', 'Methodology'),
    el('p', 'How the figures on this dashboard are made: where they come from, what they count, and what to keep in mind when reading them.', 'lede'),
    aboutTheData(data),
    ...[provenance(data)].filter((s): s is HTMLElement => s !== null),
    section(
      'Sample data and official statistics',
      ...paragraphs(
        'The dashboard is built to show official figures, and comes with sample data so that it works out of the box. The sample is made by a script in this project from a fixed starting point, so it is the same every time. Its totals are set to resemble published London figures (about 90,000 domestic abuse offences a year by 2019, more than 19,000 sexual offences in 2020/21 of them about 7,700 rapes, and a population of about 8.9 million), but its borough and month figures are invented.',
        'Every page says which kind of data it shows. When the data is sample data, every chart\u2019s source line and every download say so too.',
        'Official data is imported from the published files: Metropolitan Police Service (MPS) recorded crime by borough and its monthly crime dashboard data (London Datastore), population figures from the GLA and the Office for National Statistics (ONS), and Home Office police recorded crime for England and Wales. Where two published versions cover the same months, one of them is used, never the sum of both (see “Where each period came from”).',
      ),
    ),
    section(
      'Areas',
      ...paragraphs(
        'Figures are given for London\u2019s 33 local authorities: the 32 London boroughs and the City of London, under their ONS names. The City of London has its own police force, the City of London Police, so it has no MPS figures; its shape on the maps is hatched.',
        'London\u2019s figures include offences and people the MPS did not assign to a borough, where the published files count them in London\u2019s total. Rows for places that are not boroughs (such as \u201cUnknown\u201d or the airports) are left out of borough figures.',
      ),
    ),
    section(
      'Periods',
      definitions([
        ['12 months to a month (a rolling year)', 'Figures for a rolling year add up the 12 months ending in that month. The change shown is against the 12 months before those. Any 12 complete months in the data can be chosen; the latest is shown unless another is chosen.'],
        ['Each month', 'Trend charts show each month\u2019s figure as a thin line and the average of the last 12 months as a thick line, which smooths out the seasons.'],
        ['Financial year', 'April to March, as the national comparison with England and Wales is published.'],
      ]),
    ),
    section(
      'Rates',
      definitions([
        ['Rate per 1,000 residents', 'Offences (or incidents) divided by the number of residents, times 1,000, using the population of the year whose 30 June falls in the period: for a rolling year, the year containing 30 June inside those 12 months (the 12 months to May 2025 use 2024, to June 2025 use 2025); for one month, that month\u2019s year; for a financial year, the year it starts in. Years beyond the population figures use the nearest year there is (so when they end in 2024, 2025 uses 2024). A single month\u2019s rate (the Recording trend) is given per 100,000 residents instead, so that it is not a fraction.'],
        ['London\u2019s rate', 'Uses the population of the boroughs the MPS covers, so the City of London is in neither the offences nor the population.'],
        ['People proceeded against per 100 recorded offences', 'People proceeded against in a 12-month period, divided by the offences recorded in the same 12 months, times 100. It is not the share of those offences solved: a person proceeded against this year may be answering for an offence recorded last year, and one offence may lead to several people being proceeded against.'],
      ]),
    ),
    section(
      'What is counted',
      definitions([
        ['Recorded offences', 'Crimes the MPS recorded. Many domestic abuse and sexual offences are never reported, so these figures show police recording, not how much abuse happens.'],
        ['Sexual offences', 'Rape and other sexual offences together. Rape is also shown on its own.'],
        ['Victims by sex and age', 'Victims of recorded offences in the 12 months, by sex (female, male, not recorded) and age band.'],
        ['Domestic abuse incident', 'Each time the police are told about domestic abuse, whether or not it is recorded as a crime. One incident can involve more than one offence, and some involve none.'],
        ['Repeat victim', 'A victim of two or more domestic abuse incidents in the 12 months ending that month.'],
        ['Incidents per victim', 'All incidents in those 12 months divided by the number of different victims in them.'],
        ['Percent victimised more than once', 'Repeat victims as a percentage of all victims in those 12 months.'],
        ['Why repeat figures are never added up', 'Each figure counts different people over a 12-month window. The same person can be counted in many months\u2019 windows, and in more than one borough, so adding months or boroughs together would count people more than once. London\u2019s figures count each person once however many boroughs they appear in.'],
        ['People proceeded against', 'People the police brought a formal outcome against for an offence: a charge (or summons) to go to court, a caution, or another sanction such as a community resolution or a penalty notice. One person dealt with twice in a year is counted twice.'],
        ['Charge, caution, other sanction', 'Each bar on the Justice page is split by that outcome; the percentages are shares of all people proceeded against in the same 12 months.'],
      ]),
    ),
    section(
      'The February 2024 recording break',
      ...paragraphs(
        'The MPS moved to a new crime recording system (CONNECT) in February 2024. Domestic abuse figures from before and after that month are not comparable: a change in the figures may come from the new system rather than from a change in crime.',
        'So the dashboard never gives a change between two periods either side of February 2024 for domestic abuse, its trend charts mark the month with a dashed line and the note \u201cRecording system changed Feb 2024\u201d, and downloads of monthly figures say so in their counting_change column on that month.',
      ),
    ),
    section(
      'Changes and small numbers',
      definitions([
        ['Changes across a change of counting', 'No change between two years is given where the 24 months compared straddle a change in how figures are counted: the new recording system for domestic abuse from February 2024, or a month where the published files the figures come from count differently (see \u201cWhere each period came from\u201d). The page says why instead.'],
        ['Changes across a change in allocation', 'No change is given for a borough where the share of London\u2019s offences not allocated to any borough differs by more than 2 percentage points between the two years: the borough\u2019s change would partly be a change in allocation.'],
        [`Changes from small counts`, `A change is not given as a percentage where either year has fewer than ${SMALL_COUNT}: it is flagged as too few for a reliable change, and the two counts are given instead. At such sizes chance alone makes large swings common (a count of ${SMALL_COUNT} varies by about a third from year to year with no change in what lies behind it).`],
        ['Small counts in breakdowns', `In the breakdowns by sex and age, and in a borough\u2019s outcomes, counts of 1 to ${threshold - 1} are not shown (\u201cfewer than ${threshold}\u201d), so that no one can be picked out, and some larger counts are not shown where the totals would let a smaller one be worked out. Downloads leave those cells empty and say why in their status column.`],
      ]),
    ),
    section(
      'How the figures are computed',
      ...paragraphs(
        'The data files are published with the dashboard. Your browser loads them into a database that runs inside the page (DuckDB), checks every file against the expected columns and values, and works out each figure with the same SQL every time. Nothing you choose or look at is sent anywhere.',
        'Problems in a file are listed at the top of the page, naming the file, line and column; the rest of the dashboard works without that file.',
      ),
    ),
    downloadTheData(data),
  );
  return { page: 'methodology', element, update: async () => undefined, destroy: () => undefined };
}
