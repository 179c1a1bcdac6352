/**
 * Merging converted files into the contract's tables. Files overlap (the MPS republishes its
 * history with revisions), and vintages must never be summed: for each table, series (e.g. the
 * category rape) and period (month, year, financial year), one file supplies it, chosen by the rule
 * in splice.ts (for offences, the file that leaves fewest offences unallocated to a borough, then the
 * newest; otherwise the newest). "Newest" means the file whose latest period for that table is
 * latest; a tie goes to the file given later. The provenance says which periods came from which
 * file, and `changes` where the way of counting changes between them.
 */
import type { TableName } from '../contract';
import type { ImportProblem } from './problems';
import type { FileResult, FormatInfo, ImportTable } from './result';
import { judgeJunction, profileFile, supplierOf, type CountingChange, type Holder } from './splice';

export interface Provenance {
  table: ImportTable;
  series: string;
  file: string;
  /** Periods this file supplied. */
  periods: string[];
  /** Periods this file also had, supplied instead by a newer file. */
  superseded: string[];
}

export interface MergedImport {
  /** Rows in the contract's column order (TABLES), as text. */
  tables: Partial<Record<'offences' | 'population' | 'england_wales', string[][]>>;
  provenance: Provenance[];
  /** Problems found only when files are put together. */
  problems: ImportProblem[];
  /** The formats each table's rows came from. */
  sources: Partial<Record<TableName, FormatInfo[]>>;
  boundaries?: { file: string; text: string; source: FormatInfo };
  /** The latest month of offences.csv, as the dashboard will show it. */
  latestMonth: string | null;
  /** Junctions in a series where the way of counting changes (splice.ts): no change is computed across them. */
  changes: CountingChange[];
}

interface Winning {
  /** period → rest → value for the series. */
  byPeriod: Map<string, Map<string, number>>;
}

/**
 * Merges one table: for each series and period, the file splice.ts's rule chooses supplies it (for
 * offences: the file allocating most offences to boroughs, then the newest; otherwise the newest),
 * and every junction between two supplying files that is a change of counting is noted in `changes`.
 */
function mergeTable(
  results: readonly FileResult[],
  table: ImportTable,
  provenance: Provenance[],
  sources: Set<FormatInfo>,
  changes: CountingChange[] = [],
): Map<string, Winning> {
  const holding = results
    .map((result, order) => ({ result, order, latest: result.latest[table] }))
    .filter((r): r is { result: FileResult; order: number; latest: string } => r.latest !== undefined);
  // Files are listed oldest first in the provenance, so the record reads in time order.
  holding.sort((a, b) => (a.latest < b.latest ? -1 : a.latest > b.latest ? 1 : a.order - b.order));
  const seriesNames = new Set(holding.flatMap((h) => h.result.series.filter((s) => s.table === table).map((s) => s.series)));
  const merged = new Map<string, Winning>();
  for (const name of [...seriesNames].sort()) {
    const holders: Holder[] = holding
      .map((h) => ({ ...h, series: h.result.series.find((s) => s.table === table && s.series === name) }))
      .filter((h): h is Holder => h.series !== undefined);
    // Allocation is judged on the categories every holder of this one holds, so that the choice is
    // the same for the parts of one shown category (rape and other sexual offences).
    const common = new Set(holders.map((h) => h.result.series.filter((s) => s.table === table).map((s) => s.series)).reduce((a, b) => a.filter((x) => b.includes(x))));
    const profiles = table === 'offences' ? new Map(holders.map((h) => [h.result, profileFile(h.result, table, common)])) : undefined;
    const winning: Winning = { byPeriod: new Map() };
    const supplied = new Map<FileResult, { periods: string[]; superseded: string[] }>(holders.map((h) => [h.result, { periods: [], superseded: [] }]));
    const periods = new Set(holders.flatMap((h) => [...h.series.byPeriod.keys()]));
    let previous: Holder | null = null;
    for (const period of [...periods].sort()) {
      const having = holders.filter((h) => h.series.byPeriod.has(period));
      const winner = supplierOf(having, profiles);
      winning.byPeriod.set(period, winner.series.byPeriod.get(period)!);
      supplied.get(winner.result)!.periods.push(period);
      for (const h of having) if (h !== winner) supplied.get(h.result)!.superseded.push(period);
      if (profiles && previous && previous.result !== winner.result) {
        const change = judgeJunction(table, name, period, previous.result, winner.result, profiles);
        if (change) changes.push(change);
      }
      previous = winner;
    }
    for (const h of holders) {
      const s = supplied.get(h.result)!;
      provenance.push({ table, series: name, file: h.result.file, ...s });
      if (s.periods.length > 0 && h.result.format) sources.add(h.result.format);
    }
    merged.set(name, winning);
  }
  return merged;
}

const byKey = (a: string[], b: string[]): number => {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return 0;
};

export function mergeResults(results: readonly FileResult[]): MergedImport {
  // Sources are listed in the order their files were given, so the manifest reads predictably.
  const inOrder = (formats: Set<FormatInfo>): FormatInfo[] =>
    [...formats].sort((a, b) => results.findIndex((r) => r.format === a) - results.findIndex((r) => r.format === b));
  const provenance: Provenance[] = [];
  const problems: ImportProblem[] = [];
  const sources: MergedImport['sources'] = {};
  const tables: MergedImport['tables'] = {};

  const offenceSources = new Set<FormatInfo>();
  const offences: string[][] = [];
  const changes: CountingChange[] = [];
  for (const [category, w] of mergeTable(results, 'offences', provenance, offenceSources, changes)) {
    for (const [month, rows] of w.byPeriod) for (const [borough, n] of rows) offences.push([month, borough, category, String(n)]);
  }
  if (offences.length > 0) {
    tables.offences = offences.sort(byKey);
    sources.offences = inOrder(offenceSources);
  }

  const populationSources = new Set<FormatInfo>();
  const population: string[][] = [];
  for (const w of mergeTable(results, 'population', provenance, populationSources).values()) {
    for (const [year, rows] of w.byPeriod) {
      for (const [rest, n] of rows) {
        const [borough, sex, band] = rest.split('|') as [string, string, string];
        population.push([year, borough, sex, band, String(n)]);
      }
    }
  }
  if (population.length > 0) {
    tables.population = population.sort(byKey);
    sources.population = inOrder(populationSources);
  }

  const nationalSources = new Set<FormatInfo>();
  const ewPopulation = new Map<string, number>();
  for (const w of mergeTable(results, 'ew_population', provenance, nationalSources).values()) {
    for (const [year, rows] of w.byPeriod) ewPopulation.set(year, rows.get('') ?? 0);
  }
  const national: string[][] = [];
  const noPopulation = new Set<string>();
  const ewOffences = mergeTable(results, 'england_wales', provenance, nationalSources);
  for (const [category, w] of ewOffences) {
    for (const [fy, rows] of w.byPeriod) {
      // The mid-year estimate whose 30 June falls in the financial year: that of its first year.
      const people = ewPopulation.get(fy.slice(0, 4));
      if (people === undefined) noPopulation.add(fy);
      else national.push([fy, category, String(rows.get('') ?? 0), String(people)]);
    }
  }
  if (noPopulation.size > 0) {
    problems.push({
      file: 'england_wales.csv',
      severity: 'warning',
      message: `financial years ${[...noPopulation].sort().join(', ')} are left out: no population of England and Wales for them (import ONS mid-year estimates that cover every local authority)`,
    });
  }
  if (national.length > 0) {
    tables.england_wales = national.sort(byKey);
    sources.england_wales = inOrder(nationalSources);
  }

  const boundaryFiles = results.filter((r) => r.boundaries);
  const lastBoundary = boundaryFiles[boundaryFiles.length - 1];
  if (boundaryFiles.length > 1) {
    problems.push({ file: lastBoundary!.file, severity: 'note', message: `several boundary files were given; this one, the last, is used` });
  }
  const latestMonth = tables.offences?.reduce((max, row) => (row[0]! > max ? row[0]! : max), '') || null;
  return {
    tables,
    provenance,
    problems,
    sources,
    latestMonth,
    changes,
    ...(lastBoundary?.boundaries && lastBoundary.format
      ? { boundaries: { file: lastBoundary.file, text: lastBoundary.boundaries.text, source: lastBoundary.format } }
      : {}),
  };
}
