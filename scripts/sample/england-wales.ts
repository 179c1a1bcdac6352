/** England and Wales recorded offences by financial year (england_wales.csv), for the national comparison. */
import { OFFENCE_CATEGORIES, type OffenceCategory } from '../../src/data/contract';
import { ENGLAND_WALES, type NationalYear } from './calibration';
import { financialYearLabel } from './months';

export interface EnglandWalesRow {
  financialYear: string;
  category: OffenceCategory;
  offences: number;
  population: number;
}

const knownYears = Object.keys(ENGLAND_WALES).map(Number).sort((a, b) => a - b);

/** The calibration year, or for later years the latest one with population growing 0.6% a year. */
function nationalYear(startYear: number): NationalYear {
  const exact = ENGLAND_WALES[startYear];
  if (exact) return exact;
  const latestYear = knownYears[knownYears.length - 1] ?? startYear;
  const latest = ENGLAND_WALES[latestYear];
  if (!latest || startYear < latestYear) throw new Error(`No England and Wales figures for ${startYear}`);
  return { offences: latest.offences, population: Math.round(latest.population * 1.006 ** (startYear - latestYear)) };
}

export function englandWalesRows(firstStartYear: number, lastStartYear: number): EnglandWalesRow[] {
  const rows: EnglandWalesRow[] = [];
  for (let year = firstStartYear; year <= lastStartYear; year++) {
    const national = nationalYear(year);
    for (const category of OFFENCE_CATEGORIES) {
      rows.push({
        financialYear: financialYearLabel(year),
        category,
        offences: national.offences[category],
        population: national.population,
      });
    }
  }
  return rows;
}
