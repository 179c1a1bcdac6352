/**
 * MPS Monthly Crime Dashboard Data (London Datastore), long: one row per month, area, offence
 * subgroup and measure. Header (DESIGN.md):
 *   Month_Year,Area Type,Borough_SNT,Area name,Area code,Offence Group,Offence Subgroup,Measure,
 *   Financial Year,FY_FYIndex,Count,Refresh Date
 * Older files say Crime Type / Crime Subtype for the offence columns. The same layout is used by
 * its TNOCrimeData file (all crime) and its OtherCrimeData file, which carries Domestic Abuse.
 *
 * Only rows with Area Type "Borough" and Measure "Offences" are read: ward (SNT) rows would count
 * the same offences again, and "Positive Outcomes" are not offences (the contract's proceedings
 * need outcome, sex and age, which this file does not have).
 */
import { resolveArea, type AreaMatch } from './areas';
import { categoryLabel, mapCategory } from './categories';
import { readCount } from './cells';
import { spellingKey } from '../boroughs';
import { at, checkWidth, type Converter, type ConverterContext, type FormatDefinition } from './format';
import { assignRoles, role } from './header';
import { parseMonthCell } from './periods';

const ROLES = {
  month: role('month', ['Month_Year'], (k) => /^(monthyear|month|monthyr|date|period)$/.test(k)),
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
  refreshDate: role('refresh date', ['Refresh Date'], (k) => k === 'refreshdate'),
};
type DashboardRole = keyof typeof ROLES;
const REQUIRED: readonly DashboardRole[] = ['month', 'areaType', 'areaName', 'subgroup', 'group', 'measure', 'count'];

export const mpsDashboardFormat: FormatDefinition = {
  info: {
    id: 'mps-monthly-crime-dashboard',
    label: 'MPS Monthly Crime Dashboard Data',
    source: 'Metropolitan Police Service, MPS Monthly Crime Dashboard Data (London Datastore)',
  },
  expects: 'Month_Year,Area Type,Borough_SNT,Area name,Area code,Offence Group,Offence Subgroup,Measure,Financial Year,FY_FYIndex,Count,Refresh Date',
  match(header) {
    const found = assignRoles(header, ROLES);
    // Its own signature: a Measure or Area Type column. Without either, the header is something else.
    if (found.measure === undefined && found.areaType === undefined) return null;
    if (found.areaName === undefined && found.boroughSnt !== undefined) {
      found.areaName = found.boroughSnt;
    }
    const missing = REQUIRED.filter((r) => found[r] === undefined).map((r) => ROLES[r]);
    return {
      missing,
      score: Object.keys(found).length,
      create: (context) => new DashboardConverter(context, found as Record<DashboardRole, number> & Partial<Record<DashboardRole, number>>),
    };
  },
};

class DashboardConverter implements Converter {
  private readonly areas = new Map<string, AreaMatch>();
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ctx: ConverterContext,
    private readonly roles: Record<(typeof REQUIRED)[number], number> & Partial<Record<DashboardRole, number>>,
  ) {
    const known = new Set(Object.values(roles));
    ctx.header.forEach((name, index) => {
      if (!known.has(index)) ctx.problems.warning(`"${name.trim()}" is not a column of this format, so it is left out`, at(ctx.header, index, 1));
    });
  }

  private area(fields: readonly string[]): { match: AreaMatch; raw: string; column: number } {
    // The GSS code, when the file has one, is the surest key; the name is the fallback.
    const code = this.roles.areaCode !== undefined ? fields[this.roles.areaCode]!.trim() : '';
    const raw = fields[this.roles.areaName]!;
    const cacheKey = `${code}\u0000${raw}`;
    let match = this.areas.get(cacheKey);
    if (!match) {
      const byCode = code ? resolveArea(code) : undefined;
      match = byCode?.kind === 'borough' ? byCode : resolveArea(raw);
      if (this.areas.size < 10_000) this.areas.set(cacheKey, match);
    }
    return { match, raw, column: this.roles.areaName };
  }

  row(fields: readonly string[], line: number): void {
    const { header, problems, out, currentMonth } = this.ctx;
    if (!checkWidth(fields, header.length, line, problems)) return;
    const areaType = fields[this.roles.areaType]!;
    if (areaType.trim().toLowerCase() !== 'borough') {
      out.leaveOut(`Area Type ${areaType.trim() || '(empty)'} (wards and other areas would count borough offences again)`);
      return;
    }
    const measure = fields[this.roles.measure]!;
    if (spellingKey(measure) !== 'offences') {
      out.leaveOut(`Measure ${measure.trim() || '(empty)'} (not offences)`);
      return;
    }
    const group = fields[this.roles.group]!;
    const subgroup = fields[this.roles.subgroup]!;
    const category = mapCategory(group, subgroup);
    if (category === null) {
      out.leaveOut(categoryLabel(group, subgroup));
      return;
    }

    const monthCell = fields[this.roles.month]!;
    const month = parseMonthCell(monthCell);
    const { match, raw, column } = this.area(fields);
    const count = readCount(fields[this.roles.count]!);
    let ok = true;
    if (month === null) {
      problems.error(`"${monthCell.trim()}" is not a month (expected e.g. 01.06.21 for June 2021)`, at(header, this.roles.month, line));
      ok = false;
    } else if (month > currentMonth) {
      problems.error(`the month ${month} is in the future (the latest possible month is ${currentMonth})`, at(header, this.roles.month, line), `future:${month}`);
      ok = false;
    }
    if (match.kind === 'unknown') {
      problems.error(`"${raw.trim()}" is not a London borough the dashboard knows (nearest known name: "${match.suggestion}")`, at(header, column, line), `borough:${raw}`);
      ok = false;
    }
    if (typeof count !== 'number') {
      problems.error(count.problem, at(header, this.roles.count, line));
      ok = false;
    }
    if (!ok || month === null || match.kind === 'unknown' || typeof count !== 'number') return;

    const key = `${month}\u0000${match.name}\u0000${spellingKey(group)}\u0000${spellingKey(subgroup)}`;
    const first = this.seen.get(key);
    if (first !== undefined) {
      problems.error(`repeats the row on line ${first} (same month, borough, offence group and subgroup, measure Offences)`, { line });
      return;
    }
    this.seen.set(key, line);
    out.rowsUsed++;
    out.add('offences', category, month, match.name, count);
  }

  finish(): void {}
}
