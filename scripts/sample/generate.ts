/**
 * The whole sample, in memory: every CSV and the manifest as text, keyed by file name.
 * Pure apart from CPU time: the same end month always gives byte-identical text.
 */
import { OFFENCE_CATEGORIES, type TableName } from '../../src/data/contract';
import { LONDON } from '../../src/data/boroughs';
import { MPS_AREAS, MPS_BOROUGHS, areaShares, neighbours } from './areas';
import {
  CONNECT_DA_UPLIFT,
  CONNECT_FIRST_MONTH,
  DA_VICTIM_KINDS,
  DA_VICTIM_MOVER_SHARE,
  DETAIL_MONTHS_BEFORE_END,
  FIRST_MONTH,
  INCIDENTS_PER_DA_OFFENCE,
} from './calibration';
import { englandWalesRows } from './england-wales';
import { financialYearStartOf, formatMonth, monthNumber, parseMonth, yearOf } from './months';
import { generateOffences } from './offences';
import { populationRows } from './population';
import { generateProceedings } from './proceedings';
import { Rng } from './random';
import { WINDOW_MONTHS, countRepeatWindows, monthlyIncidents, simulateVictims } from './repeat';
import { londonExpectations, type LondonExpectations } from './trend';
import { generateVictims } from './victims';
import { csvText, manifestText, sampleManifest, type CsvValue } from './write';

/** Long enough for nearly every victim active in April 2010 to have started. */
const BURN_IN_MONTHS = 36;

export interface SampleOptions {
  /** Last month of data, `YYYY-MM`. */
  end: string;
}

export interface GeneratedSample {
  files: Map<string, string>;
  /** Rows per CSV file. */
  rowCounts: Map<string, number>;
}

export function generateSample(options: SampleOptions): GeneratedSample {
  const end = parseMonth(options.end);
  const monthCount = end - FIRST_MONTH + 1;
  const detailFirstIndex = monthNumber(financialYearStartOf(end - DETAIL_MONTHS_BEFORE_END), 4) - FIRST_MONTH;
  if (detailFirstIndex < 0) {
    throw new Error(`The end month must be at least ${DETAIL_MONTHS_BEFORE_END} months after ${formatMonth(FIRST_MONTH)}`);
  }
  const month = (index: number) => formatMonth(FIRST_MONTH + index);

  const london = londonExpectationsOnce();
  const shares = areaShares(OFFENCE_CATEGORIES);
  const ratioRng = new Rng('incidents-per-offence');
  const incidentsPerOffence = MPS_BOROUGHS.map(() => ratioRng.uniform(INCIDENTS_PER_DA_OFFENCE.min, INCIDENTS_PER_DA_OFFENCE.max));
  const boroughIndex = new Map(MPS_BOROUGHS.map((b, i) => [b.name, i]));
  const boroughCount = MPS_BOROUGHS.length;

  // DA victims and their incidents. The simulation runs at the CONNECT recording level throughout;
  // before February 2024 only 1 / uplift of incidents were recorded, so the break is a clean step.
  const store = simulateVictims({
    boroughCount,
    burnInMonths: BURN_IN_MONTHS,
    monthCount,
    expectedIncidents: (b, i) => {
      const m = FIRST_MONTH + i;
      const name = MPS_BOROUGHS[b]?.name ?? '';
      return london.domesticAbuseUnderConnect(m) * shares.share(name, 'domestic_abuse', m) * (incidentsPerOffence[b] ?? 1);
    },
    recordedShare: (i) => (FIRST_MONTH + i >= CONNECT_FIRST_MONTH ? 1 : 1 / CONNECT_DA_UPLIFT),
    kinds: DA_VICTIM_KINDS,
    moverShare: DA_VICTIM_MOVER_SHARE,
    neighbours: MPS_BOROUGHS.map((b) => neighbours(b.name).map((n) => boroughIndex.get(n) ?? 0)),
    seed: 'da-victims',
  });
  const incidents = monthlyIncidents(store, boroughCount, monthCount);
  const windows = countRepeatWindows(store, boroughCount, monthCount);

  const offences = generateOffences({
    areas: MPS_AREAS,
    firstMonth: FIRST_MONTH,
    monthCount,
    london,
    shares,
    daIncidents: incidents,
    boroughCount,
    incidentsPerOffence,
  });

  const tables = new Map<TableName, CsvValue[][]>();

  const offenceRows: CsvValue[][] = [];
  for (let i = 0; i < monthCount; i++) {
    MPS_AREAS.forEach((area, a) => {
      OFFENCE_CATEGORIES.forEach((category, c) => {
        const n = offences.get(a, c, i);
        if (n > 0) offenceRows.push([month(i), area, category, n]);
      });
    });
  }
  tables.set('offences', offenceRows);

  tables.set(
    'victims',
    generateVictims(offences, detailFirstIndex).map((r) => [
      month(r.monthIndex),
      MPS_AREAS[r.area] ?? '',
      r.category,
      r.sex,
      r.ageBand,
      r.victims,
    ]),
  );

  const incidentRows: CsvValue[][] = [];
  for (let i = 0; i < monthCount; i++) {
    MPS_BOROUGHS.forEach((b, k) => {
      const n = incidents[k * monthCount + i] ?? 0;
      if (n > 0) incidentRows.push([month(i), b.name, n]);
    });
  }
  tables.set('incidents', incidentRows);

  const repeatRows: CsvValue[][] = [];
  const windowAreas = [...MPS_BOROUGHS.map((b) => b.name), LONDON];
  for (let i = WINDOW_MONTHS - 1; i < monthCount; i++) {
    windowAreas.forEach((name, k) => {
      const cell = k * monthCount + i;
      repeatRows.push([
        month(i),
        name,
        windows.victims[cell] ?? 0,
        windows.repeatVictims[cell] ?? 0,
        windows.incidents[cell] ?? 0,
      ]);
    });
  }
  tables.set('repeat_victims', repeatRows);

  tables.set(
    'proceedings',
    generateProceedings(offences, detailFirstIndex).map((r) => [
      month(r.monthIndex),
      MPS_AREAS[r.area] ?? '',
      r.category,
      r.outcome,
      r.sex,
      r.ageBand,
      r.people,
    ]),
  );

  tables.set(
    'population',
    populationRows(yearOf(FIRST_MONTH), yearOf(end)).map((r) => [r.year, r.borough, r.sex, r.ageBand, r.population]),
  );

  // A financial year is complete once its March is in the data.
  const lastCompleteFinancialYear = financialYearStartOf(end + 1) - 1;
  tables.set(
    'england_wales',
    englandWalesRows(financialYearStartOf(FIRST_MONTH), lastCompleteFinancialYear).map((r) => [
      r.financialYear,
      r.category,
      r.offences,
      r.population,
    ]),
  );

  const files = new Map<string, string>();
  const rowCounts = new Map<string, number>();
  for (const [table, rows] of tables) {
    files.set(`${table}.csv`, csvText(table, rows));
    rowCounts.set(`${table}.csv`, rows.length);
  }
  // Data to the end of the month is ready on the first day of the next.
  files.set('manifest.json', manifestText(sampleManifest(`${formatMonth(end + 1)}-01`)));
  return { files, rowCounts };
}

let cachedExpectations: LondonExpectations | undefined;
/** The fit is the same for every end month, so do it once per process. */
function londonExpectationsOnce(): LondonExpectations {
  cachedExpectations ??= londonExpectations();
  return cachedExpectations;
}
