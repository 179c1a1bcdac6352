/**
 * Every number the sample is calibrated to, in one place.
 *
 * Published London figures (DESIGN.md) are marked PUBLISHED; everything else is a plausible shape
 * chosen to join them up smoothly (rounded to the nearest hundred or so, in keeping with public
 * MPS and Home Office magnitudes). None of this is official statistics.
 */
import type { AgeBand, OffenceCategory } from '../../src/data/contract';
import { monthNumber } from './months';

/** The first month of MPS borough-level data. */
export const FIRST_MONTH = monthNumber(2010, 4);
/** The latest full month at generation time; override with `--end YYYY-MM`. */
export const DEFAULT_END_MONTH = '2026-10';

/** MPS moved to the CONNECT recording system in February 2024; DA is recorded higher from then on. */
export const CONNECT_FIRST_MONTH = monthNumber(2024, 2);
export const CONNECT_DA_UPLIFT = 1.11;

/** A period of 12 months starting in `startYear`-`startMonth` and the London total it should add up to. */
export interface PeriodTotal {
  startYear: number;
  startMonth: number;
  total: number;
}

const calendarYears = (totals: Record<number, number>): PeriodTotal[] =>
  Object.entries(totals).map(([year, total]) => ({ startYear: Number(year), startMonth: 1, total }));
const financialYears = (totals: Record<number, number>): PeriodTotal[] =>
  Object.entries(totals).map(([year, total]) => ({ startYear: Number(year), startMonth: 4, total }));

/**
 * London recorded offences per 12 months, all rows (boroughs and non-borough areas) together.
 * DA is the level before the CONNECT uplift, which is applied on top from February 2024.
 */
export const LONDON_TOTALS: Record<OffenceCategory, PeriodTotal[]> = {
  domestic_abuse: calendarYears({
    2010: 44_500,
    2011: 46_000, // PUBLISHED: about 46,000 in 2011
    2012: 48_500,
    2013: 53_000,
    2014: 62_000,
    2015: 70_000,
    2016: 75_000,
    2017: 79_500,
    2018: 85_800, // PUBLISHED: just over 85,000 in 2018 (aimed a little above, clear of the noise)
    2019: 90_000, // PUBLISHED: about 90,000 in 2019
    2020: 93_000,
    2021: 93_500,
    2022: 91_500,
    2023: 88_000,
    2024: 86_000,
    2025: 85_000,
    2026: 85_000,
  }),
  rape: financialYears({
    2010: 3_300,
    2011: 3_350,
    2012: 3_200,
    2013: 4_200,
    2014: 5_100,
    2015: 5_650,
    2016: 6_550,
    2017: 7_950,
    2018: 8_350,
    2019: 7_950,
    2020: 7_700, // PUBLISHED: about 7,700 rapes in 2020/21
    2021: 9_100,
    2022: 8_600,
    2023: 7_900,
    2024: 8_700,
    2025: 8_600,
    2026: 8_500,
  }),
  other_sexual: financialYears({
    2010: 6_900,
    2011: 6_800,
    2012: 6_700,
    2013: 7_000,
    2014: 9_600,
    2015: 10_500,
    2016: 11_300,
    2017: 12_100,
    2018: 12_250,
    2019: 12_300,
    2020: 11_700, // PUBLISHED: more than 19,000 sexual offences (rape + other) in 2020/21
    2021: 13_900,
    2022: 13_600,
    2023: 13_600,
    2024: 16_300,
    2025: 16_000,
    2026: 15_800,
  }),
  stalking_harassment: calendarYears({
    2010: 18_000,
    2011: 18_000,
    2012: 19_000,
    2013: 21_000,
    2014: 25_000,
    2015: 30_000,
    2016: 34_000,
    2017: 40_000,
    2018: 48_000,
    2019: 55_000,
    2020: 60_000,
    2021: 64_000,
    2022: 62_000,
    2023: 60_000,
    2024: 59_000,
    2025: 58_000,
    2026: 57_000,
  }),
};

/**
 * Relative daily rate by calendar month (January first). DA peaks in summer and over Christmas and
 * New Year; sexual offences peak in summer.
 */
export const SEASONALITY: Record<OffenceCategory, readonly number[]> = {
  domestic_abuse: [1.05, 0.94, 0.95, 0.97, 1.02, 1.06, 1.08, 1.05, 0.98, 0.96, 0.93, 1.03],
  rape: [0.93, 0.92, 0.97, 0.98, 1.04, 1.08, 1.1, 1.05, 1.02, 1.01, 0.96, 0.94],
  other_sexual: [0.9, 0.92, 0.98, 0.99, 1.06, 1.1, 1.1, 1.04, 1.03, 1.01, 0.96, 0.91],
  stalking_harassment: [1.0, 0.97, 1.0, 0.99, 1.02, 1.03, 1.02, 0.99, 1.0, 1.01, 0.99, 0.98],
};

/** One-off multipliers by month: the 2020–21 lockdowns cut recorded sexual offences and nudged DA up. */
const LOCKDOWN_SEXUAL: Record<string, number> = {
  '2020-03': 0.9,
  '2020-04': 0.6,
  '2020-05': 0.72,
  '2020-06': 0.86,
  '2020-07': 0.95,
  '2020-11': 0.88,
  '2021-01': 0.8,
  '2021-02': 0.84,
  '2021-03': 0.93,
};
const LOCKDOWN_DA: Record<string, number> = {
  '2020-04': 1.05,
  '2020-05': 1.06,
  '2020-06': 1.04,
  '2021-01': 1.03,
  '2021-02': 1.02,
};
export const MONTH_SHOCKS: Record<OffenceCategory, Record<string, number>> = {
  domestic_abuse: LOCKDOWN_DA,
  rape: LOCKDOWN_SEXUAL,
  other_sexual: LOCKDOWN_SEXUAL,
  stalking_harassment: {},
};

/**
 * Recorded rate per resident relative to London's (1 = London average), per MPS borough.
 * DA: highest in outer east and south (Barking and Dagenham, Croydon, Greenwich), lowest in
 * Richmond, Kingston, Kensington and Chelsea. Sexual offences: Westminster's nightlife stands out,
 * inner boroughs are high.
 */
export const BOROUGH_RATE_INDEX: Record<string, { da: number; rape: number; otherSexual: number }> = {
  'Barking and Dagenham': { da: 1.75, rape: 1.6, otherSexual: 1.3 },
  Barnet: { da: 0.75, rape: 0.62, otherSexual: 0.65 },
  Bexley: { da: 1.1, rape: 0.72, otherSexual: 0.7 },
  Brent: { da: 0.95, rape: 0.83, otherSexual: 0.87 },
  Bromley: { da: 0.9, rape: 0.58, otherSexual: 0.84 },
  Camden: { da: 0.8, rape: 1.17, otherSexual: 1.2 },
  Croydon: { da: 1.45, rape: 1.38, otherSexual: 1.05 },
  Ealing: { da: 0.95, rape: 0.96, otherSexual: 0.92 },
  Enfield: { da: 1.15, rape: 0.94, otherSexual: 0.83 },
  Greenwich: { da: 1.4, rape: 1.45, otherSexual: 1.16 },
  Hackney: { da: 1.05, rape: 1.13, otherSexual: 1.22 },
  'Hammersmith and Fulham': { da: 0.9, rape: 1.1, otherSexual: 1.17 },
  Haringey: { da: 1.1, rape: 1.24, otherSexual: 1.1 },
  Harrow: { da: 0.75, rape: 0.86, otherSexual: 0.75 },
  Havering: { da: 1.05, rape: 0.65, otherSexual: 0.96 },
  Hillingdon: { da: 1.05, rape: 0.7, otherSexual: 0.68 },
  Hounslow: { da: 1.1, rape: 0.78, otherSexual: 0.89 },
  Islington: { da: 1.0, rape: 1.09, otherSexual: 1.2 },
  'Kensington and Chelsea': { da: 0.6, rape: 1.0, otherSexual: 1.14 },
  'Kingston upon Thames': { da: 0.65, rape: 1.0, otherSexual: 0.96 },
  Lambeth: { da: 1.1, rape: 1.43, otherSexual: 1.43 },
  Lewisham: { da: 1.2, rape: 1.18, otherSexual: 0.97 },
  Merton: { da: 0.85, rape: 0.59, otherSexual: 0.74 },
  Newham: { da: 1.3, rape: 1.24, otherSexual: 1.04 },
  Redbridge: { da: 0.95, rape: 0.64, otherSexual: 0.74 },
  'Richmond upon Thames': { da: 0.5, rape: 0.57, otherSexual: 0.69 },
  Southwark: { da: 1.1, rape: 1.1, otherSexual: 1.08 },
  Sutton: { da: 0.95, rape: 0.48, otherSexual: 0.75 },
  'Tower Hamlets': { da: 1.2, rape: 1.3, otherSexual: 1.03 },
  'Waltham Forest': { da: 1.05, rape: 0.82, otherSexual: 0.83 },
  Wandsworth: { da: 0.7, rape: 0.83, otherSexual: 1.01 },
  Westminster: { da: 0.85, rape: 1.82, otherSexual: 2.22 },
};

/** Each borough's long-run trend may drift from London's by up to this much per year (log scale). */
export const BOROUGH_DRIFT_PER_YEAR = 0.012;

/** Share of London's offences recorded against the non-borough areas (counted in London totals). */
export const NON_BOROUGH_SHARES: Record<string, Record<OffenceCategory, number>> = {
  Unknown: { domestic_abuse: 0.004, rape: 0.005, other_sexual: 0.003, stalking_harassment: 0.004 },
  'London Heathrow and London City Airports': {
    domestic_abuse: 0.0004,
    rape: 0.0004,
    other_sexual: 0.0035,
    stalking_harassment: 0.001,
  },
};

/** DA incidents (crimed or not) per DA offence, drawn per borough within this range. */
export const INCIDENTS_PER_DA_OFFENCE = { min: 1.62, max: 1.88 } as const;

/**
 * Victims of repeat DA: each new victim is one of these kinds. A victim's incidents number
 * `minIncidents + Geometric(extraMean)`, with Geometric(gapMean) months between consecutive ones.
 * Tuned so that London has ~18–20k repeat victims in the 12 months to late 2019 (PUBLISHED: over
 * 13,600 in January–September 2019) and 20–30% of victims are repeat victims.
 */
export interface VictimKind {
  share: number;
  minIncidents: number;
  extraMean: number;
  gapMean: number;
}
export const DA_VICTIM_KINDS: readonly VictimKind[] = [
  { share: 0.8, minIncidents: 1, extraMean: 0, gapMean: 0 },
  { share: 0.12, minIncidents: 2, extraMean: 1, gapMean: 1.5 },
  { share: 0.08, minIncidents: 2, extraMean: 7, gapMean: 0.8 },
];
/** Share of repeat victims whose later incidents are in a neighbouring borough (they moved). */
export const DA_VICTIM_MOVER_SHARE = 0.06;

/** Victims of recorded offences per recorded offence (a few offences have no identified victim). */
export const VICTIMS_PER_OFFENCE = 0.96;

/**
 * victims.csv and proceedings.csv are monthly by sex and age, so to keep them small they start
 * later than offences.csv: in the April at least this many months before the end month, so that
 * they hold whole financial years (2021-04 for an end of 2026-10).
 */
export const DETAIL_MONTHS_BEFORE_END = 60;

// ---------------------------------------------------------------------------------------------
// Population

/**
 * Mid-year population per authority in 2011, 2016, 2021 and 2024, rounded to the nearest hundred,
 * from the GLA borough population series. Used for each borough's share of London.
 */
export const POPULATION_ANCHOR_YEARS = [2011, 2016, 2021, 2024] as const;
export const BOROUGH_POPULATION_ANCHORS: Record<string, readonly [number, number, number, number]> = {
  'City of London': [7_400, 7_400, 8_200, 8_500],
  'Barking and Dagenham': [187_400, 206_800, 221_500, 229_300],
  Barnet: [357_700, 386_200, 411_300, 420_900],
  Bexley: [233_000, 245_000, 256_800, 262_800],
  Brent: [313_100, 329_100, 346_400, 353_100],
  Bromley: [311_100, 327_400, 339_500, 347_500],
  Camden: [220_100, 246_200, 259_300, 263_600],
  Croydon: [364_800, 382_300, 403_500, 416_600],
  Ealing: [339_700, 343_500, 369_700, 393_400],
  Enfield: [314_000, 331_500, 346_600, 355_200],
  Greenwich: [255_500, 279_800, 294_800, 306_500],
  Hackney: [247_600, 273_900, 292_000, 297_600],
  'Hammersmith and Fulham': [182_800, 180_000, 196_000, 211_900],
  Haringey: [256_400, 279_300, 291_300, 296_600],
  Harrow: [241_100, 249_300, 263_500, 268_400],
  Havering: [238_300, 253_100, 265_900, 281_700],
  Hillingdon: [276_100, 303_100, 319_500, 327_500],
  Hounslow: [255_300, 271_500, 286_900, 293_200],
  Islington: [206_600, 233_200, 244_400, 247_800],
  'Kensington and Chelsea': [158_700, 157_100, 161_600, 164_000],
  'Kingston upon Thames': [160_500, 176_100, 184_700, 189_300],
  Lambeth: [304_800, 328_200, 342_200, 346_100],
  Lewisham: [277_500, 302_500, 320_600, 327_700],
  Merton: [201_200, 205_700, 214_700, 220_400],
  Newham: [311_900, 342_400, 366_900, 374_400],
  Redbridge: [281_500, 299_400, 316_300, 326_100],
  'Richmond upon Thames': [187_500, 195_800, 203_300, 208_300],
  Southwark: [289_400, 313_900, 332_700, 339_400],
  Sutton: [191_500, 202_600, 213_300, 218_200],
  'Tower Hamlets': [256_700, 305_500, 331_600, 348_400],
  'Waltham Forest': [260_400, 276_500, 292_800, 299_100],
  Wandsworth: [308_300, 316_700, 337_800, 353_300],
  Westminster: [219_600, 247_600, 262_300, 269_600],
};

/**
 * London's total, to which the borough anchors are scaled. The GLA series above runs higher than
 * the ONS mid-year estimates after 2016 (9.6m by 2024); DESIGN.md gives about 8.9 million, so the
 * GLA figures set each borough's share and these set the total.
 */
export const LONDON_POPULATION_TOTALS: readonly (readonly [number, number])[] = [
  [2011, 8_200_000],
  [2016, 8_700_000],
  [2021, 8_850_000],
  [2024, 8_920_000],
];

/** Share of residents in each age band (population.csv has no 'unknown' band). */
export const AGE_PROFILE: Record<'inner' | 'outer' | 'city', Record<Exclude<AgeBand, 'unknown'>, number>> = {
  inner: { '0-17': 0.2, '18-24': 0.1, '25-34': 0.24, '35-44': 0.17, '45-64': 0.19, '65+': 0.1 },
  outer: { '0-17': 0.24, '18-24': 0.085, '25-34': 0.155, '35-44': 0.145, '45-64': 0.235, '65+': 0.14 },
  city: { '0-17': 0.08, '18-24': 0.12, '25-34': 0.28, '35-44': 0.17, '45-64': 0.22, '65+': 0.13 },
};
/** Share of each age band who are female: women outlive men. */
export const FEMALE_SHARE_BY_AGE: Record<Exclude<AgeBand, 'unknown'>, number> = {
  '0-17': 0.488,
  '18-24': 0.5,
  '25-34': 0.505,
  '35-44': 0.5,
  '45-64': 0.502,
  '65+': 0.555,
};

// ---------------------------------------------------------------------------------------------
// England and Wales (Home Office police recorded crime), by financial year starting in the given year.

export interface NationalYear {
  offences: Record<OffenceCategory, number>;
  /** Mid-year population at the start of the financial year. */
  population: number;
}
const ew = (da: number, rape: number, otherSexual: number, sh: number, population: number): NationalYear => ({
  offences: { domestic_abuse: da, rape, other_sexual: otherSexual, stalking_harassment: sh },
  population,
});
export const ENGLAND_WALES: Record<number, NationalYear> = {
  2010: ew(290_000, 15_900, 38_000, 60_000, 55_690_000),
  2011: ew(295_000, 16_000, 37_000, 62_000, 56_080_000),
  2012: ew(300_000, 16_000, 37_300, 70_000, 56_570_000),
  2013: ew(320_000, 20_700, 43_000, 90_000, 56_950_000),
  2014: ew(380_000, 29_300, 58_900, 150_000, 57_410_000),
  2015: ew(421_000, 35_800, 67_600, 200_000, 57_890_000),
  2016: ew(488_000, 41_200, 75_000, 260_000, 58_380_000),
  2017: ew(599_000, 53_000, 97_000, 390_000, 58_740_000),
  2018: ew(746_000, 58_700, 103_000, 480_000, 59_120_000),
  2019: ew(759_000, 58_900, 103_600, 560_000, 59_440_000),
  2020: ew(845_000, 55_700, 99_600, 640_000, 59_720_000),
  2021: ew(910_000, 70_300, 123_900, 720_000, 59_640_000),
  2022: ew(889_000, 68_100, 125_300, 680_000, 60_240_000),
  2023: ew(851_000, 68_900, 121_200, 560_000, 60_850_000),
  2024: ew(860_000, 71_200, 124_000, 520_000, 61_500_000),
  2025: ew(855_000, 70_500, 123_000, 510_000, 61_900_000),
};
