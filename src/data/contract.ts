/**
 * The canonical data contract (DESIGN.md, "Canonical data contract"): one entry per CSV in data/.
 * Loading, validation, the sample generator and its tests all read this one definition.
 */

export type ColumnKind =
  /** `YYYY-MM`, a real calendar month. */
  | 'month'
  /** A calendar year, e.g. 2024. */
  | 'year'
  /** `YYYY/YY`, e.g. `2023/24`, where YY is the year after YYYY. */
  | 'financial_year'
  /** ONS borough name (or a known non-borough area, or `London` where the table allows it). */
  | 'borough'
  /** One of a fixed set of values. */
  | 'enum'
  /** A non-negative whole number. */
  | 'count';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** What the column holds, for the data dictionary (Methodology, and the whole dataset's download). */
  description?: string;
  /** Allowed values, for kind 'enum'. */
  values?: readonly string[];
}

export interface TableSpec {
  /** Table name in DuckDB; the file is `${name}.csv`. */
  name: TableName;
  columns: readonly ColumnSpec[];
  /** Whether the whole-London row name `London` is an allowed borough value. */
  allowsLondonRow?: boolean;
  /** What one row is, for the data dictionary. */
  description?: string;
}

export const OFFENCE_CATEGORIES = ['domestic_abuse', 'rape', 'other_sexual', 'stalking_harassment'] as const;
export type OffenceCategory = (typeof OFFENCE_CATEGORIES)[number];

/** Categories shown on pages: sexual_offences is rape + other_sexual. */
export const DISPLAY_CATEGORIES = ['domestic_abuse', 'sexual_offences'] as const;
export type DisplayCategory = (typeof DISPLAY_CATEGORIES)[number];

/** The stored categories that make up each display category. */
export const CATEGORY_PARTS: Record<DisplayCategory | 'rape', readonly OffenceCategory[]> = {
  domestic_abuse: ['domestic_abuse'],
  sexual_offences: ['rape', 'other_sexual'],
  rape: ['rape'],
};

export const SEXES = ['female', 'male', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export const AGE_BANDS = ['0-17', '18-24', '25-34', '35-44', '45-64', '65+', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const OUTCOMES = ['charge', 'caution', 'other_sanction'] as const;

export type TableName =
  | 'offences'
  | 'victims'
  | 'incidents'
  | 'repeat_victims'
  | 'proceedings'
  | 'population'
  | 'england_wales';

const month: ColumnSpec = { name: 'month', kind: 'month', description: 'The calendar month, YYYY-MM.' };
const borough: ColumnSpec = {
  name: 'borough',
  kind: 'borough',
  description:
    "The borough's ONS name (one of the 32 London boroughs or the City of London), or an area the source names that is not a borough (such as Unknown or the airports), counted in London's totals only.",
};
const category: ColumnSpec = {
  name: 'category',
  kind: 'enum',
  values: OFFENCE_CATEGORIES,
  description: 'Offence category: domestic_abuse, rape, other_sexual (sexual offences other than rape) or stalking_harassment. Sexual offences on the pages are rape and other_sexual together.',
};
const sex: ColumnSpec = { name: 'sex', kind: 'enum', values: SEXES, description: 'female, male, or unknown (not recorded).' };
const ageBand: ColumnSpec = { name: 'age_band', kind: 'enum', values: AGE_BANDS, description: 'Age band: 0-17, 18-24, 25-34, 35-44, 45-64, 65+, or unknown (not recorded).' };
const count = (name: string, description: string): ColumnSpec => ({ name, kind: 'count', description });

export const TABLES: readonly TableSpec[] = [
  {
    name: 'offences',
    description: 'Offences the police recorded in a month, in a borough, of a category.',
    columns: [month, borough, category, count('offences', 'Recorded offences. A covered month with no row had none.')],
  },
  {
    name: 'victims',
    description: 'Victims of offences recorded in a month, in a borough, of a category, by sex and age band.',
    columns: [month, borough, category, sex, ageBand, count('victims', 'Victims.')],
  },
  {
    name: 'incidents',
    description: 'Domestic abuse incidents reported to the police in a month, in a borough, whether or not a crime was recorded.',
    columns: [month, borough, count('incidents', 'Domestic abuse incidents.')],
  },
  {
    name: 'repeat_victims',
    description:
      "For the 12 months ending the month: distinct victims of domestic abuse incidents in a borough, or in London as a whole (borough 'London', counting each person once). Distinct counts add up neither across months nor across boroughs.",
    columns: [
      { ...month, description: 'The last month of the 12 months the row counts, YYYY-MM.' },
      { ...borough, description: "The borough's ONS name, or London for London as a whole." },
      count('victims', 'Distinct victims of domestic abuse incidents in the 12 months.'),
      count('repeat_victims', 'Of those, victims of two or more incidents in the 12 months.'),
      count('incidents', 'All the incidents of those victims in the 12 months.'),
    ],
    allowsLondonRow: true,
  },
  {
    name: 'proceedings',
    description: 'People proceeded against in a month, in a borough, for an offence category, by outcome, sex and age band.',
    columns: [
      month,
      borough,
      category,
      { name: 'outcome', kind: 'enum', values: OUTCOMES, description: 'charge (or summons), caution, or other_sanction (such as a community resolution or a penalty notice).' },
      sex,
      ageBand,
      count('people', 'People proceeded against. One person dealt with twice is counted twice.'),
    ],
  },
  {
    name: 'population',
    description: 'Residents of a borough in a year (mid-year estimate), by sex and age band where the source gives them (else unknown).',
    columns: [
      { name: 'year', kind: 'year', description: 'The year of the mid-year (30 June) estimate.' },
      borough,
      sex,
      ageBand,
      count('population', 'Residents.'),
    ],
  },
  {
    name: 'england_wales',
    description: 'Recorded offences and the population of England and Wales in a financial year, for the national comparison.',
    columns: [
      { name: 'financial_year', kind: 'financial_year', description: 'Financial year, April to March, as YYYY/YY.' },
      { ...category, description: 'Offence category, as in offences.csv.' },
      count('offences', 'Offences recorded by the police forces of England and Wales.'),
      count('population', 'The population of England and Wales given with the figures.'),
    ],
  },
];

export function tableSpec(name: TableName): TableSpec {
  const spec = TABLES.find((t) => t.name === name);
  if (!spec) throw new Error(`No table named ${name} in the data contract`);
  return spec;
}

/** data/manifest.json */
export interface Manifest {
  /** True for the built-in generated sample: every page then says it is not official statistics. */
  sample: boolean;
  title: string;
  /** When the files were generated or imported (ISO date). */
  generated: string;
  files: ManifestFile[];
  /** Optional boundary GeoJSON (path relative to data/); features carry NAME and GSS_CODE. */
  boundaries?: string;
  /** Where the boundaries came from and how they were simplified for the map: the geographic map's source line gives it. */
  boundarySource?: string;
  /**
   * Optional small-number threshold: counts above zero and below it, in the sex and age breakdowns and
   * the borough outcome splits, are shown as "fewer than N" (see src/data/suppression.ts). Default 10;
   * 1 shows every count.
   */
  suppressionThreshold?: number;
  /**
   * Which file supplied which periods of each series (written by the importer; the sample's generator
   * says the same of its files). What a source line names, and what the data covers: a series with no
   * entry is not in this data. Absent in a hand-made folder: then every series a table holds is taken
   * to cover the table's months, and the table's file is named as its source.
   */
  provenance?: ProvenanceEntry[];
  /** Months where the way of counting a series changes between files (see src/data/import/splice.ts). */
  countingChanges?: CountingChangeEntry[];
  /** What the population figures are (ONS mid-year estimates, GLA projections…), in a phrase. */
  populationNote?: string;
}

export interface ProvenanceEntry {
  table: string;
  series: string;
  /** The published file, by the name it was imported under. */
  file: string;
  /** Periods supplied, as ranges: "2010-04 to 2022-01, 2023-03 to 2025-02", or "none". */
  periods: string;
  /** Periods the file also held, supplied by another file instead. */
  superseded?: string;
}

export interface CountingChangeEntry {
  table: string;
  series: string;
  /** The first month counted the new way. */
  month: string;
  /** Boroughs: London's total (which includes offences not allocated to a borough) is comparable across it. */
  scope: 'boroughs' | 'all';
  kind: 'allocation' | 'revision' | 'unverified';
  before: { file: string; unallocatedPercent: number };
  after: { file: string; unallocatedPercent: number };
  /** A sentence for people. */
  note: string;
}

export interface ManifestFile {
  /** Table name; the file is `${table}.csv` unless `path` says otherwise. */
  table: TableName;
  path: string;
  source: string;
  licence: string;
}
