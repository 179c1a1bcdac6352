/**
 * The columns of the MPS Monthly Crime Dashboard file (long: one row per month, area, offence
 * subgroup and measure), found by what they hold. Its header has been
 *   Month_Year,Area Type,Borough_SNT,Area name,Area code,Offence Group,Offence Subgroup,Measure,
 *   Financial Year,FY_FYIndex,Count,Refresh Date
 * with Crime Type / Crime Subtype in older files and other casings in the CONNECT-era (M1045_)
 * files; the names will change again, so:
 *
 * - the count is the column of whole numbers;
 * - the month is a column of dates (01.06.21, 2021-06-01, …); where there are two (the month and
 *   the refresh date), the month is the one never later than the other, since a file is
 *   refreshed after the months it reports;
 * - the measure is the column of "Offences" / "Positive Outcomes"; the area type the column of
 *   "Borough" / "SNT" (wards);
 * - the area is, on Borough rows, the column of borough names (or its E09 code column);
 * - the financial year (FY23-24, 2018-19) and its index (FY23-24_10) are recognised by their
 *   form, so that they are not taken for categories;
 * - the offence group and subgroup are the two columns of words left, told apart as the MPS wide
 *   file's categories are (columns.ts majorAndMinor).
 *
 * When values cannot decide between two columns, the header's names do (DASHBOARD_HINTS), then
 * the order; when nothing can, the file is refused with what its columns hold.
 */
import { spellingKey } from '../boroughs';
import { resolveArea } from './areas';
import {
  cellsOf,
  columnName,
  describeColumns,
  filledCells,
  filledShare,
  holdsAreaNames,
  isGssCode,
  isTextColumn,
  isWholeNumber,
  majorAndMinor,
  shareOf,
  type DecidedBy,
  type Sample,
} from './columns';
import { isKnownCategory } from './categories';
import { headerKey, role, type Role } from './header';
import { parseMonthCell } from './periods';

/** Names the columns have had: used without data rows, and where values cannot decide. */
export const DASHBOARD_HINTS = {
  month: role('month', ['Month_Year'], (k) => /^(monthyear|month|monthyr|date|period)$/.test(k)),
  refreshDate: role('refresh date', ['Refresh Date'], (k) => /^(refresh|extract|updated?|published|run)(date|on)?$/.test(k)),
  areaType: role('area type', ['Area Type'], (k) => k === 'areatype'),
  areaName: role('area name', ['Area name'], (k) => k === 'areaname'),
  boroughSnt: role('borough', ['Borough_SNT'], (k) => k === 'boroughsnt' || k === 'borough'),
  areaCode: role('area code', ['Area code'], (k) => k === 'areacode'),
  subgroup: role('offence subgroup', ['Offence Subgroup', 'Crime Subtype'], (k) => /^(offencesubgroup|crimesubtype|crimesubgroup|offencesubtype|minortext)$/.test(k)),
  group: role('offence group', ['Offence Group', 'Crime Type'], (k) => /^(offencegroup|crimetype|crimegroup|offencetype|majortext)$/.test(k)),
  measure: role('measure', ['Measure'], (k) => k === 'measure'),
  count: role('count', ['Count'], (k) => /^(count|value|number|numberofoffences)$/.test(k)),
  financialYear: role('financial year', ['Financial Year'], (k) => k === 'financialyear'),
  fyIndex: role('financial year index', ['FY_FYIndex'], (k) => k === 'fyfyindex' || k === 'fyindex'),
};

export type DashboardRole = keyof typeof DASHBOARD_HINTS;
export const DASHBOARD_REQUIRED = ['month', 'areaType', 'areaName', 'subgroup', 'group', 'measure', 'count'] as const;
export type DashboardRoles = Record<(typeof DASHBOARD_REQUIRED)[number], number> & Partial<Record<DashboardRole, number>>;

export type DashboardDecision =
  | { ok: true; roles: DashboardRoles; categoriesBy: DecidedBy; monthBy: DecidedBy }
  | { ok: false; missing: Role[]; ambiguity?: string; column?: number; found: string; score: number };

const MEASURE = /^(offences?|crimes?|positive outcomes?|positive outcome rate|outcomes?|sanction detections?|detections?|.* rate)$/;
const AREA_TYPE = /^(borough|snt|ward|bcu|basic command unit|lsoa|msoa)$/;

const isMeasure = (cell: string) => MEASURE.test(spellingKey(cell));
const isAreaType = (cell: string) => AREA_TYPE.test(spellingKey(cell));

/** FY23-24, 2018-19, fy20-21, 2023/24: the second year follows the first. */
export function isFinancialYear(cell: string): boolean {
  const m = /^(?:fy\s*)?(\d{2}|\d{4})\s*[-/]\s*(\d{2}|\d{4})$/i.exec(cell.trim());
  return m !== null && (Number(m[1]) + 1) % 100 === Number(m[2]) % 100;
}

/** FY23-24_10, 20-21_03: a financial year and a month's place in it (not 2024-06-01, a date). */
function isFinancialYearIndex(cell: string): boolean {
  const m = /^(.+?)[_ ](\d{1,2})$/.exec(cell.trim());
  return m !== null && isFinancialYear(m[1]!);
}

/** Every filled cell passes, and there is at least one; cells filled in half the rows or more. */
function every(sample: Sample, index: number, test: (cell: string) => boolean): boolean {
  return filledShare(sample, index) >= 0.5 && shareOf(filledCells(sample, index), test) === 1;
}

/** Two columns name the same area in every row where both are filled (the same text, or the same borough). */
function sameAreaInEveryRow(rows: Sample, a: number, b: number): boolean {
  return rows.every((row) => {
    const x = (row[a] ?? '').trim();
    const y = (row[b] ?? '').trim();
    if (x === '' || y === '' || spellingKey(x) === spellingKey(y)) return true;
    const ax = resolveArea(x);
    const ay = resolveArea(y);
    return ax.kind !== 'unknown' && ay.kind !== 'unknown' && ax.name === ay.name;
  });
}

const says = (header: readonly string[], index: number, hint: Role) => hint.matches(headerKey(header[index] ?? ''));

/**
 * Of several date columns, the month: the one never later than any other in the same row (the
 * refresh date comes after the months it reports); when the rows cannot tell (all dates equal),
 * a name that says "month" or the others' names saying "refresh", else the first.
 */
function monthAmong(header: readonly string[], sample: Sample, dates: readonly number[]): { month: number; by: DecidedBy } {
  if (dates.length === 1) return { month: dates[0]!, by: 'values' };
  const monthsOf = (i: number) => cellsOf(sample, i).map((c) => (c === '' ? null : parseMonthCell(c)));
  const earliest = dates.filter((i) => {
    const mine = monthsOf(i);
    return dates.every((j) => {
      if (j === i) return true;
      const theirs = monthsOf(j);
      const pairs = mine.map((m, row) => [m, theirs[row]] as const).filter((p): p is readonly [string, string] => p[0] !== null && p[1] !== null);
      return pairs.every(([a, b]) => a <= b) && pairs.some(([a, b]) => a < b);
    });
  });
  if (earliest.length === 1) return { month: earliest[0]!, by: 'values' };
  const named = dates.filter((i) => says(header, i, DASHBOARD_HINTS.month));
  const refreshNamed = dates.filter((i) => says(header, i, DASHBOARD_HINTS.refreshDate));
  if (named.length === 1) return { month: named[0]!, by: 'names' };
  if (refreshNamed.length === dates.length - 1) return { month: dates.find((i) => !refreshNamed.includes(i))!, by: 'names' };
  return { month: dates[0]!, by: 'position' };
}

export function decideDashboardColumns(header: readonly string[], sample: Sample): DashboardDecision | null {
  const all = header.map((_, i) => i);
  const taken = new Set<number>();
  const found: Partial<Record<DashboardRole, number>> = {};
  const take = (name: DashboardRole, index: number) => {
    found[name] = index;
    taken.add(index);
  };
  const free = () => all.filter((i) => !taken.has(i));
  const refuse = (ambiguity: string, column: number): DashboardDecision => ({
    ok: false,
    missing: [],
    ambiguity,
    column,
    found: describeColumns(header, sample, all),
    score: Object.keys(found).length,
  });

  // Its own signature: a column of measures or of area types (by values, or failing that by name).
  const measures = all.filter((i) => every(sample, i, isMeasure));
  const areaTypes = all.filter((i) => every(sample, i, isAreaType));
  const namedSignature = all.some((i) => says(header, i, DASHBOARD_HINTS.measure) || says(header, i, DASHBOARD_HINTS.areaType));
  if (measures.length === 0 && areaTypes.length === 0 && !namedSignature) return null;
  if (measures.length > 1) return refuse(`has ${measures.length} columns of measures (${measures.map((i) => columnName(header, i)).join(', ')}), so the importer cannot tell which says whether a row counts offences`, measures[1]!);
  if (areaTypes.length > 1) return refuse(`has ${areaTypes.length} columns of area types (${areaTypes.map((i) => columnName(header, i)).join(', ')}), so the importer cannot tell which says whether a row is a borough`, areaTypes[1]!);
  if (measures[0] !== undefined) take('measure', measures[0]);
  if (areaTypes[0] !== undefined) take('areaType', areaTypes[0]);

  // Financial years and their index first: "2011-12" would otherwise pass for a month.
  for (const i of free().filter((i) => every(sample, i, isFinancialYear))) take(found.financialYear === undefined ? 'financialYear' : 'fyIndex', i);
  for (const i of free().filter((i) => every(sample, i, isFinancialYearIndex))) take('fyIndex', i);

  const counts = free().filter((i) => every(sample, i, isWholeNumber));
  if (counts.length > 1) {
    const named = counts.filter((i) => says(header, i, DASHBOARD_HINTS.count));
    if (named.length !== 1) return refuse(`has ${counts.length} columns of whole numbers (${counts.map((i) => columnName(header, i)).join(', ')}), so the importer cannot tell which is the count`, counts[1]!);
    take('count', named[0]!);
  } else if (counts[0] !== undefined) {
    take('count', counts[0]);
  }

  const dates = free().filter((i) => every(sample, i, (c) => parseMonthCell(c) !== null));
  let monthBy: DecidedBy = 'values';
  if (dates.length > 0) {
    const chosen = monthAmong(header, sample, dates);
    monthBy = chosen.by;
    take('month', chosen.month);
    const refresh = dates.find((i) => i !== chosen.month);
    if (refresh !== undefined) take('refreshDate', refresh);
    for (const other of dates) if (!taken.has(other)) taken.add(other);
  }

  // The area: on Borough rows, the column of borough names, and the column of their codes.
  const typeColumn = found.areaType;
  const boroughRows = typeColumn === undefined ? sample : sample.filter((row) => spellingKey(row[typeColumn] ?? '') === 'borough');
  const areaRows = boroughRows.length > 0 ? boroughRows : sample;
  const areas = free().filter((i) => holdsAreaNames(areaRows, i));
  const codes = areas.filter((i) => shareOf(filledCells(areaRows, i), isGssCode) >= 0.5);
  const names = areas.filter((i) => !codes.includes(i));
  const columns = [...names, ...codes];
  if (columns.slice(1).some((i) => !sameAreaInEveryRow(areaRows, columns[0]!, i))) {
    return refuse(`has ${columns.length} columns of London borough names or codes (${columns.map((i) => columnName(header, i)).join(', ')}) that name different areas on the same Borough row, so the importer cannot tell which is the row's borough`, columns[1]!);
  }
  if (codes[0] !== undefined) take('areaCode', codes[0]);
  for (const other of codes.slice(1)) taken.add(other);
  if (names.length > 0) {
    // The row's own area, rather than the borough a ward belongs to: on other rows it names wards.
    const ownArea = names.filter((i) => !holdsAreaNames(sample.filter((row) => !boroughRows.includes(row)), i));
    const named = names.filter((i) => says(header, i, DASHBOARD_HINTS.areaName));
    const area = ownArea.length === 1 ? ownArea[0]! : named.length === 1 ? named[0]! : names.at(-1)!;
    take('areaName', area);
    for (const other of names) if (other !== area) take('boroughSnt', other);
  } else if (found.areaCode !== undefined) {
    found.areaName = found.areaCode;
  }

  // The offence group and subgroup: the columns of words left.
  let words = free().filter((i) => isTextColumn(sample, i));
  if (words.length > 2) {
    const complete = words.filter((i) => filledShare(sample, i) === 1);
    const groups = words.filter((i) => says(header, i, DASHBOARD_HINTS.group));
    const subgroups = words.filter((i) => says(header, i, DASHBOARD_HINTS.subgroup));
    if (complete.length === 2) words = complete;
    else if (groups.length === 1 && subgroups.length === 1) words = [groups[0]!, subgroups[0]!].sort((a, b) => a - b);
    else return refuse(`has ${words.length} columns of words (${words.map((i) => columnName(header, i)).join(', ')}) where two offence columns (group and subgroup) were expected, so the importer cannot tell which they are`, words[2]!);
  }
  let categoriesBy: DecidedBy = 'values';
  if (words.length === 2) {
    const pair = majorAndMinor(header, sample, words[0]!, words[1]!, { major: DASHBOARD_HINTS.group, minor: DASHBOARD_HINTS.subgroup }, isKnownCategory);
    take('group', pair.major);
    take('subgroup', pair.minor);
    categoriesBy = pair.decidedBy;
  } else if (words.length === 1) {
    take(says(header, words[0]!, DASHBOARD_HINTS.subgroup) ? 'subgroup' : 'group', words[0]!);
  }

  const missing = DASHBOARD_REQUIRED.filter((r) => found[r] === undefined).map((r) => DASHBOARD_HINTS[r]);
  if (missing.length > 0) return { ok: false, missing, found: describeColumns(header, sample, all), score: Object.keys(found).length };
  return { ok: true, roles: found as DashboardRoles, categoriesBy, monthBy };
}
