/**
 * The download of a sex-and-age breakdown (victims on Recording, people proceeded against on Justice),
 * from the counts as the chart shows them (small-numbers.ts): one row per age band and sex, a row per
 * age band for all sexes, per sex for all ages, and for everyone, each with its status; and each
 * count's share of its age band's total beside that total, given only where both are shown (as the
 * chart gives them).
 */
import type { Cell, Count, Dataset, DatasetColumn } from '../charts';
import { AGE_BANDS, SEXES } from '../data/contract';
import { COLUMNS as C, countCell, statusCells } from './downloads';
import type { SuppressedBreakdown } from './small-numbers';

export const ALL = 'all';

export function breakdownDataset(
  shown: SuppressedBreakdown,
  options: { threshold: number; count: { name: string; description: string }; leadColumns: readonly DatasetColumn[]; lead: Record<string, Cell> },
): Dataset {
  const { threshold, count } = options;
  const cell = (age: string, sex: string): Count => {
    if (age === ALL && sex === ALL) return shown.totals.all ?? { withheld: 'not shown' };
    if (age === ALL) return shown.totals.stacks?.[sex] ?? { withheld: 'not shown' };
    if (sex === ALL) return shown.totals.bars?.[age] ?? { withheld: 'not shown' };
    return shown.rows.find((r) => r.bar === age && r.stack === sex)?.value ?? 0;
  };
  const rows: Record<string, Cell>[] = [];
  for (const age of [...AGE_BANDS, ALL]) {
    const total = countCell(cell(age, ALL), threshold);
    for (const sex of [...SEXES, ALL]) {
      const value = countCell(cell(age, sex), threshold);
      const share = sex !== ALL && value.value !== null && total.value !== null && total.value > 0 ? (100 * value.value) / total.value : null;
      rows.push({
        ...options.lead,
        sex,
        age_band: age,
        [count.name]: value.value,
        age_band_total: sex === ALL ? null : total.value,
        percent_of_age_band: share,
        ...statusCells(value.status, value.reason),
      });
    }
  }
  return {
    columns: [
      ...options.leadColumns,
      { name: 'sex', type: 'string', description: "female, male, unknown (not recorded), or 'all' for everyone in the age band." },
      { name: 'age_band', type: 'string', description: "Age band (0-17, 18-24, 25-34, 35-44, 45-64, 65+, unknown), or 'all' for every age." },
      C.integer(count.name, count.description),
      C.integer('age_band_total', `${count.description.replace(/\.$/, '')}, all sexes, in the row's age band (all ages for 'all'): the denominator of percent_of_age_band. Empty where it is not shown, and on the rows for all sexes.`),
      C.percent('percent_of_age_band', `${count.name} / age_band_total * 100; empty unless both are shown.`),
      C.status,
      C.statusReason,
    ],
    rows,
    notes: shown.anyHidden
      ? [`Counts of 1 to ${threshold - 1} are suppressed, and some larger ones withheld so that they cannot be worked out from the totals: see the status column.`]
      : [],
  };
}
