/**
 * Home Office police recorded crime open data (by police force area), long, one row per
 * financial quarter, force and offence:
 *   Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences
 * Summed over every force in the file and the four quarters of each financial year, it gives
 * England and Wales offences for england_wales.csv. A financial year without all four quarters
 * (the year in progress) is left out, because its sum would look like a fall.
 *
 * The contract also wants the population of England and Wales; that comes from a population file
 * that covers every local authority (ONS mid-year estimates), joined when files are merged.
 */
import { spellingKey } from '../boroughs';
import type { OffenceCategory } from '../contract';
import { categoryLabel, mapCategory } from './categories';
import { readCount } from './cells';
import { at, checkWidth, type Converter, type ConverterContext, type FormatDefinition } from './format';
import { assignRoles, role } from './header';
import { parseFinancialYear } from './periods';

const ROLES = {
  financialYear: role('financial year', ['Financial Year'], (k) => k === 'financialyear' || k === 'fy'),
  quarter: role('financial quarter', ['Financial Quarter'], (k) => k === 'financialquarter' || k === 'quarter'),
  force: role('force', ['Force Name'], (k) => /^(forcename|force|policeforce|policeforcearea|pfaname)$/.test(k)),
  description: role('offence description', ['Offence Description'], (k) => k === 'offencedescription'),
  subgroup: role('offence subgroup', ['Offence Subgroup'], (k) => k === 'offencesubgroup'),
  group: role('offence group', ['Offence Group'], (k) => k === 'offencegroup'),
  code: role('offence code', ['Offence Code'], (k) => k === 'offencecode'),
  count: role('number of offences', ['Number of Offences'], (k) => /^(numberofoffences|offences|count|numberofcrimes)$/.test(k)),
};
type HomeOfficeRole = keyof typeof ROLES;
const REQUIRED: readonly HomeOfficeRole[] = ['financialYear', 'force', 'subgroup', 'count'];

export const homeOfficeFormat: FormatDefinition = {
  info: {
    id: 'home-office-police-recorded-crime',
    label: 'Home Office police recorded crime open data',
    source: 'Home Office, police recorded crime open data (police force area tables)',
  },
  expects: 'Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences',
  match(header) {
    const found = assignRoles(header, ROLES);
    if (found.force === undefined || found.financialYear === undefined) return null;
    const missing = REQUIRED.filter((r) => found[r] === undefined).map((r) => ROLES[r]);
    return { missing, score: Object.keys(found).length, create: (ctx) => new HomeOfficeConverter(ctx, found as Record<(typeof REQUIRED)[number], number> & Partial<Record<HomeOfficeRole, number>>) };
  },
};

class HomeOfficeConverter implements Converter {
  private readonly totals = new Map<string, number>();
  private readonly quarters = new Map<string, Set<string>>();
  private readonly seen = new Map<string, number>();
  private readonly thisYear: number;

  constructor(
    private readonly ctx: ConverterContext,
    private readonly roles: Record<(typeof REQUIRED)[number], number> & Partial<Record<HomeOfficeRole, number>>,
  ) {
    this.thisYear = Number(ctx.currentMonth.slice(0, 4));
  }

  row(fields: readonly string[], line: number): void {
    const { header, problems, out } = this.ctx;
    if (!checkWidth(fields, header.length, line, problems)) return;
    const group = this.roles.group !== undefined ? fields[this.roles.group]! : '';
    const subgroup = fields[this.roles.subgroup]!;
    const category: OffenceCategory | null = mapCategory(group, subgroup);
    if (category === null) {
      out.leaveOut(categoryLabel(group, subgroup));
      return;
    }
    const fyCell = fields[this.roles.financialYear]!;
    const fy = parseFinancialYear(fyCell);
    if (fy === null) {
      problems.error(`"${fyCell.trim()}" is not a financial year such as 2023/24`, at(header, this.roles.financialYear, line));
      return;
    }
    if (Number(fy.slice(0, 4)) > this.thisYear) {
      problems.error(`the financial year ${fy} is in the future`, at(header, this.roles.financialYear, line), `future:${fy}`);
      return;
    }
    const count = readCount(fields[this.roles.count]!);
    if (typeof count !== 'number') {
      problems.error(count.problem, at(header, this.roles.count, line));
      return;
    }
    const quarter = this.roles.quarter !== undefined ? fields[this.roles.quarter]!.trim() : '';
    const offence = this.roles.code !== undefined ? fields[this.roles.code]! : this.roles.description !== undefined ? fields[this.roles.description]! : subgroup;
    const key = `${fy}\u0000${quarter}\u0000${spellingKey(fields[this.roles.force]!)}\u0000${spellingKey(offence)}`;
    const first = this.seen.get(key);
    if (first !== undefined) {
      problems.error(`repeats the row on line ${first} (same financial year, quarter, force and offence)`, { line });
      return;
    }
    this.seen.set(key, line);
    out.rowsUsed++;
    const total = `${fy}|${category}`;
    this.totals.set(total, (this.totals.get(total) ?? 0) + count);
    if (quarter) {
      const set = this.quarters.get(fy) ?? new Set<string>();
      set.add(quarter.replace(/^q/i, ''));
      this.quarters.set(fy, set);
    }
  }

  finish(): void {
    const incomplete = new Set<string>();
    if (this.roles.quarter !== undefined) {
      for (const [fy, quarters] of this.quarters) {
        if (!['1', '2', '3', '4'].every((q) => quarters.has(q))) incomplete.add(fy);
      }
    }
    if (incomplete.size > 0) {
      this.ctx.problems.note(`financial years without all four quarters are left out: ${[...incomplete].sort().join(', ')}`);
    }
    for (const [key, value] of this.totals) {
      const [fy, category] = key.split('|') as [string, string];
      if (!incomplete.has(fy)) this.ctx.out.add('england_wales', category, fy, '', value);
    }
  }
}
