/**
 * Small numbers on the pages: the threshold from the manifest, and the suppression of
 * src/data/suppression.ts turned into what the charts draw (a count, or the words printed in its
 * place). Queries stay exact; suppression is applied to their rows here, before anything is drawn, so
 * the charts, their tables and their downloads all show the same.
 */
import { formatCount, partCounts, type Count, type StackedBarsOptions, type StackedCountRow, type StackedTotals } from '../charts';
import { AGE_BANDS, SEXES } from '../data/contract';
import type { Manifest } from '../data/contract';
import { checkThreshold, DEFAULT_SUPPRESSION_THRESHOLD, suppressRolling, suppressTable, type MarginPolicy, type Published } from '../data/suppression';

/** The manifest's threshold when it is a usable one, else 10. */
export function suppressionThreshold(manifest: Manifest): number {
  const value = manifest.suppressionThreshold;
  if (value === undefined) return DEFAULT_SUPPRESSION_THRESHOLD;
  try {
    return checkThreshold(value);
  } catch {
    return DEFAULT_SUPPRESSION_THRESHOLD;
  }
}

/** "fewer than 10": the words for a count below the threshold. */
export const fewerThan = (threshold: number): string => `fewer than ${threshold}`;
/** The words for a count hidden so that a smaller one cannot be worked out. */
export const NOT_SHOWN = 'not shown';

/** A published figure as the charts take it. */
export function countOf(figure: Published | null, threshold: number): Count {
  if (figure === null || figure.status === 'withheld') return { withheld: NOT_SHOWN };
  if (figure.status === 'small') return { withheld: fewerThan(threshold) };
  return figure.value;
}

/** The note under a chart with hidden counts (it also heads the CSV download, as its notes). */
export function smallNumbersNote(threshold: number, zerosHidden = false): string {
  return (
    `Counts of fewer than ${threshold} are shown as “${fewerThan(threshold)}”${zerosHidden ? ' (here that can include none, as 12-month totals overlap)' : ''}, ` +
    `and some others as “${NOT_SHOWN}”, so that they cannot be worked out from the totals.`
  );
}

export interface SuppressedBreakdown {
  rows: StackedCountRow[];
  totals: StackedTotals;
  anyHidden: boolean;
}

/**
 * A two-way breakdown (age band × sex) as the charts draw it, with every bar's total, every part's
 * total and the grand total printed (the grand total 'fixed' when the same figure is printed elsewhere
 * on the page).
 */
export function suppressBreakdown(
  counts: readonly { bar: string; stack: string; value: number }[],
  barOrder: readonly string[],
  stackOrder: readonly string[],
  threshold: number,
  grandTotal: MarginPolicy,
): SuppressedBreakdown {
  const matrix = sumsByPart(counts, 'bar', barOrder, stackOrder);
  const table = suppressTable(matrix, { threshold, rowTotals: 'shown', columnTotals: 'shown', grandTotal });
  return {
    rows: barOrder.flatMap((bar, i) => stackOrder.map((stack, j) => ({ bar, stack, value: countOf(table.cells[i]![j]!, threshold) }))),
    totals: {
      bars: Object.fromEntries(barOrder.map((bar, i) => [bar, countOf(table.rowTotals[i]!, threshold)])),
      stacks: Object.fromEntries(stackOrder.map((stack, j) => [stack, countOf(table.columnTotals[j]!, threshold)])),
      all: countOf(table.grandTotal, threshold),
    },
    anyHidden: table.anyHidden,
  };
}

export interface SuppressedRolling {
  /** Rows as the stacked columns take them. */
  rows: { column: string; stack: string; value: Count }[];
  /** Each period's total. */
  totals: Record<string, Count>;
  anyHidden: boolean;
}

/**
 * Rolling 12-month figures, one period a month (the first covering the data's first 12 months), split
 * into series: every period's total printed, `fixed` the period whose total is printed elsewhere too.
 * Zeros are hidden as well: a 12-month total of 0 would say that each of its months was 0.
 */
export function suppressRollingSplit(
  counts: readonly { column: string; stack: string; value: number }[],
  columnOrder: readonly string[],
  stackOrder: readonly string[],
  threshold: number,
  fixed: string | null,
): SuppressedRolling {
  const matrix = sumsByPart(counts, 'column', columnOrder, stackOrder);
  const totals: MarginPolicy[] = columnOrder.map((column) => (column === fixed ? 'fixed' : 'shown'));
  const table = suppressRolling(matrix, { threshold, window: 12, totals, zeros: 'small' });
  return {
    rows: columnOrder.flatMap((column, i) => stackOrder.map((stack, j) => ({ column, stack, value: countOf(table.cells[i]![j]!, threshold) }))),
    totals: Object.fromEntries(columnOrder.map((column, i) => [column, countOf(table.rowTotals[i]!, threshold)])),
    anyHidden: table.anyHidden,
  };
}

/** The counts summed into a matrix, one row per `rows` entry and one column per part (see partCounts). */
function sumsByPart<Row extends string>(
  counts: readonly ({ stack: string; value: number } & Record<Row, string>)[],
  rowKey: Row,
  rows: readonly string[],
  stackOrder: readonly string[],
): number[][] {
  const countOf = partCounts(counts.map((c) => ({ bar: c[rowKey], stack: c.stack, value: c.value })));
  // Every count here is a number, so every sum is one.
  return rows.map((row) => stackOrder.map((stack) => countOf(row, stack) as number));
}

const SEX_LABELS: Record<string, string> = { female: 'Female', male: 'Male', unknown: 'Not recorded' };
const AGE_LABELS: Record<string, string> = { unknown: 'Age not recorded' };

/** A breakdown by sex and age, small numbers suppressed, as its chart and its download show it. */
export function sexAndAgeShown(
  counts: readonly { sex: string; ageBand: string; value: number }[],
  threshold: number,
  grandTotal: MarginPolicy,
): SuppressedBreakdown {
  return suppressBreakdown(counts.map((c) => ({ bar: c.ageBand, stack: c.sex, value: c.value })), AGE_BANDS, SEXES, threshold, grandTotal);
}

/**
 * A breakdown by sex and age as the stacked bar charts draw it, small numbers suppressed: its rows,
 * and the options every such chart shares (Recording's victims, Justice's people proceeded against).
 */
export function sexAndAgeBars(
  counts: readonly { sex: string; ageBand: string; value: number }[],
  threshold: number,
  grandTotal: MarginPolicy,
  chart: { title: string; source: string; valueLabel: string; width: number },
): { rows: StackedCountRow[]; options: StackedBarsOptions } {
  const shown = sexAndAgeShown(counts, threshold, grandTotal);
  return {
    rows: shown.rows,
    options: {
      ...chart,
      ...(shown.anyHidden ? { subtitle: smallNumbersNote(threshold) } : {}),
      totals: shown.totals,
      barOrder: AGE_BANDS,
      barLabels: AGE_LABELS,
      barLabel: 'Age band',
      stackOrder: SEXES,
      stackLabels: SEX_LABELS,
      totalRow: 'All ages',
      formatValue: (v) => formatCount(v),
    },
  };
}
