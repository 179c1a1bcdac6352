/**
 * The columns the pages' downloads share, said once: what each holds (for README.txt and
 * datapackage.json), and the cells every row starts or ends with (the area and its GSS code, the
 * period, the status of its figures). Each card's `download` (card.ts) builds its rows from these and
 * its own counts, so that every CSV names things the same way.
 */
import { isWithheld, type Cell, type Count, type DatasetColumn } from '../charts';
import { boroughByName, LONDON } from '../data/boroughs';
import type { CountingBreak } from '../data/changes';
import { addMonths } from '../data/months';
import { fewerThan, NOT_SHOWN } from './small-numbers';

/** GSS code of the Metropolitan Police force area: London's figures are the MPS's (the City of London has its own force). */
export const LONDON_CODE = 'E23000001';
export const ENGLAND_AND_WALES = 'England and Wales';
export const ENGLAND_AND_WALES_CODE = 'K04000001';

/** The GSS code of an area the pages name, or null for one that has none (a reader's own "Unknown"). */
export function gssCode(area: string): string | null {
  if (area === LONDON) return LONDON_CODE;
  if (area === ENGLAND_AND_WALES) return ENGLAND_AND_WALES_CODE;
  return boroughByName(area)?.code ?? null;
}

const integer = (name: string, description: string): DatasetColumn => ({ name, type: 'integer', description });
const decimal = (name: string, description: string, decimals: number): DatasetColumn => ({ name, type: 'number', decimals, description });

/** Decimal places of rates per 1,000 (and per 100, per victim) and of percentages in downloads. */
export const RATE_DECIMALS = 4;
export const PERCENT_DECIMALS = 2;

export const COLUMNS = {
  area: {
    name: 'area',
    type: 'string',
    description:
      "The area: a London borough or the City of London by its ONS name; 'London', the Metropolitan Police area (the 32 boroughs: the City of London has its own police force), including figures not allocated to a borough where the source counts them in London's total; or 'England and Wales'.",
  },
  gssCode: {
    name: 'gss_code',
    type: 'string',
    description: `GSS code of the area: E09000001 to E09000033 for the 33 local authorities, ${LONDON_CODE} for London (the Metropolitan Police force area), ${ENGLAND_AND_WALES_CODE} for England and Wales.`,
  },
  category: {
    name: 'category',
    type: 'string',
    description: 'Offence category: domestic_abuse; sexual_offences (rape and other sexual offences together); rape; other_sexual; stalking_harassment.',
  },
  periodStart: { name: 'period_start', type: 'yearmonth', description: 'First month of the period the figures cover.' },
  periodEnd: { name: 'period_end', type: 'yearmonth', description: 'Last month of the period the figures cover.' },
  month: { name: 'month', type: 'yearmonth', description: 'The month the figures cover.' },
  population: integer('population', 'Residents: the mid-year population estimate the rate is divided by (London: the boroughs the Metropolitan Police covers, without the City of London).'),
  populationYear: {
    name: 'population_year',
    type: 'year',
    description:
      "Year of the mid-year estimate in population: the year whose 30 June falls in the period (a month's own year; a financial year's first), or the nearest year the population figures have.",
  },
  countingChange: {
    name: 'counting_change',
    type: 'string',
    description:
      'Set on the first month counted a new way (the MPS recording system from February 2024 for domestic abuse; a change between published files): why figures before and after it are not comparable. 12-month figures whose months fall either side mix the two.',
  },
  status: {
    name: 'status',
    type: 'string',
    description:
      "shown: every figure in the row is given. missing: a figure is not in the data (an empty cell, never a 0). suppressed: a count of 1 to threshold-1 not shown, so that no one can be picked out. withheld: a larger count not shown, because with the totals it would give a suppressed one away.",
  },
  statusReason: { name: 'status_reason', type: 'string', description: 'Why a figure in the row is missing, suppressed or withheld, in words.' },
  integer,
  decimal,
  rate: (name: string, description: string) => decimal(name, description, RATE_DECIMALS),
  percent: (name: string, description: string) => decimal(name, description, PERCENT_DECIMALS),
} as const satisfies Record<string, DatasetColumn | ((...args: never[]) => DatasetColumn)>;

export type Status = 'shown' | 'missing' | 'suppressed' | 'withheld';

/** The area's two cells. */
export const areaCells = (area: string): Record<string, Cell> => ({ area, gss_code: gssCode(area) });

/** The rolling year ending `end` as two cells. */
export const periodCells = (end: string): Record<string, Cell> => ({ period_start: addMonths(end, -11), period_end: end });

export const statusCells = (status: Status, reason = ''): Record<string, Cell> => ({ status, status_reason: reason });

/** The reason the City of London has no figures. */
export const CITY_REASON = 'The City of London has its own police force (the City of London Police), so it has no MPS figures.';

/** A count as shown on the page (small-number suppression), as a cell and its status. */
export function countCell(value: Count, threshold: number, overlapping = false): { value: number | null; status: Status; reason: string } {
  if (!isWithheld(value)) return { value, status: 'shown', reason: '' };
  if (value.withheld === fewerThan(threshold)) {
    return {
      value: null,
      status: 'suppressed',
      reason: `Fewer than ${threshold}${overlapping ? ' (which can be none: 12-month totals overlap, so zeros are hidden too)' : ''}: not shown, so that no one can be picked out.`,
    };
  }
  if (value.withheld === NOT_SHOWN) return { value: null, status: 'withheld', reason: 'Not shown: with the totals it would give a smaller count away.' };
  return { value: null, status: 'withheld', reason: value.withheld };
}

/** The break (if any) whose first month is `month`, as the counting_change cell. */
export function countingChangeCell(breaks: readonly CountingBreak[], month: string): Record<string, Cell> {
  return { counting_change: breaks.find((b) => b.month === month)?.note ?? '' };
}

/** The notes on a download for breaks in the months it covers. */
export function breakNotes(breaks: readonly CountingBreak[], first: string | undefined, last: string | undefined): string[] {
  if (!first || !last) return [];
  return [...new Set(breaks.filter((b) => b.month > first && b.month <= last).map((b) => `${b.note} (${b.month}; see the counting_change column and the Methodology page.)`))];
}
