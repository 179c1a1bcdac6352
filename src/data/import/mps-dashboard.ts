/**
 * MPS Monthly Crime Dashboard Data (London Datastore), long: one row per month, area, offence
 * subgroup and measure. Header (DESIGN.md):
 *   Month_Year,Area Type,Borough_SNT,Area name,Area code,Offence Group,Offence Subgroup,Measure,
 *   Financial Year,FY_FYIndex,Count,Refresh Date
 * Older files say Crime Type / Crime Subtype for the offence columns, and the CONNECT-era files
 * (named M1045_…, from 2024) other casings again; so the columns are found by what they hold
 * (dashboard-columns.ts), and their names only decide where values cannot. The same layout is
 * used by its TNOCrimeData file (all crime) and its OtherCrimeData file, which carries Domestic
 * Abuse.
 *
 * Only rows with Area Type "Borough" and Measure "Offences" are read: ward (SNT) rows would count
 * the same offences again, and "Positive Outcomes" are not offences (the contract's proceedings
 * need outcome, sex and age, which this file does not have).
 */
import { resolveArea, type AreaMatch } from './areas';
import { categoryLabel, mapCategory } from './categories';
import { readCount } from './cells';
import { columnName, HierarchyCheck, READ_BY, type DecidedBy, type Sample } from './columns';
import { spellingKey } from '../boroughs';
import { DASHBOARD_HINTS, DASHBOARD_REQUIRED, decideDashboardColumns, type DashboardRoles } from './dashboard-columns';
import { at, checkWidth, incomplete, type Converter, type ConverterContext, type FormatDefinition } from './format';
import { assignRoles } from './header';
import { parseMonthCell } from './periods';

interface DashboardLayout {
  roles: DashboardRoles;
  categoriesBy: DecidedBy;
  monthBy: DecidedBy;
}

export const mpsDashboardFormat: FormatDefinition = {
  info: {
    id: 'mps-monthly-crime-dashboard',
    label: 'MPS Monthly Crime Dashboard Data',
    source: 'Metropolitan Police Service, MPS Monthly Crime Dashboard Data (London Datastore)',
  },
  expects: 'Month_Year,Area Type,Borough_SNT,Area name,Area code,Offence Group,Offence Subgroup,Measure,Financial Year,FY_FYIndex,Count,Refresh Date',
  match(header: readonly string[], sample: Sample) {
    if (sample.length > 0) {
      const decision = decideDashboardColumns(header, sample);
      if (decision === null) return null;
      if (!decision.ok) {
        return {
          missing: decision.missing,
          ...(decision.ambiguity !== undefined ? { ambiguity: decision.ambiguity } : {}),
          ...(decision.column !== undefined ? { column: decision.column } : {}),
          found: decision.found,
          score: decision.score,
          create: incomplete,
        };
      }
      const layout: DashboardLayout = decision;
      return { missing: [], score: Object.keys(decision.roles).length, create: (context) => new DashboardConverter(context, layout) };
    }
    // A header alone: its names are all there is to go on.
    const found = assignRoles(header, DASHBOARD_HINTS);
    // Its own signature: a Measure or Area Type column. Without either, the header is something else.
    if (found.measure === undefined && found.areaType === undefined) return null;
    if (found.areaName === undefined && found.boroughSnt !== undefined) {
      found.areaName = found.boroughSnt;
    }
    const missing = DASHBOARD_REQUIRED.filter((r) => found[r] === undefined).map((r) => DASHBOARD_HINTS[r]);
    const layout: DashboardLayout = { roles: found as DashboardRoles, categoriesBy: 'names', monthBy: 'names' };
    return {
      missing,
      score: Object.keys(found).length,
      create: missing.length === 0 ? (context) => new DashboardConverter(context, layout) : incomplete,
    };
  },
};

/** At most this many distinct values are remembered per date column, to compare the two. */
const DATES_REMEMBERED = 2;

class DashboardConverter implements Converter {
  private readonly areas = new Map<string, AreaMatch>();
  private readonly seen = new Map<string, number>();
  private readonly hierarchy = new HierarchyCheck();
  private readonly roles: DashboardRoles;
  private readonly monthValues = new Set<string>();
  private readonly refreshValues = new Set<string>();

  constructor(
    private readonly ctx: ConverterContext,
    private readonly layout: DashboardLayout,
  ) {
    this.roles = layout.roles;
    const known = new Set(Object.values(this.roles));
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
    this.watchColumns(fields);
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

  /** Remembers what the whole file holds in the columns read from its first rows, to check that reading at the end. */
  private watchColumns(fields: readonly string[]): void {
    this.hierarchy.add(fields[this.roles.group]!, fields[this.roles.subgroup]!);
    if (this.monthValues.size < DATES_REMEMBERED) this.monthValues.add(fields[this.roles.month]!.trim());
    if (this.roles.refreshDate !== undefined && this.refreshValues.size < DATES_REMEMBERED) this.refreshValues.add(fields[this.roles.refreshDate]!.trim());
  }

  finish(): void {
    const { header, problems } = this.ctx;
    if (this.hierarchy.reversed) {
      const group = columnName(header, this.roles.group);
      const subgroup = columnName(header, this.roles.subgroup);
      problems.error(
        `${group} was taken as the offence group and ${subgroup} as the subgroup ${READ_BY[this.layout.categoriesBy]}, but the whole file shows the opposite (each value of ${group} goes with a single value of ${subgroup}, and some values of ${subgroup} with several of ${group}), so its offences cannot be read safely`,
        at(header, this.roles.group, 1),
      );
    }
    if (this.roles.refreshDate !== undefined && this.monthValues.size === 1 && this.refreshValues.size > 1) {
      const month = columnName(header, this.roles.month);
      const refresh = columnName(header, this.roles.refreshDate);
      problems.error(
        `${month} was taken as the month and ${refresh} as the date the file was refreshed ${READ_BY[this.layout.monthBy]}, but ${month} holds one date throughout and ${refresh} several, so every count would be given the same month. Check which column is the month`,
        at(header, this.roles.month, 1),
      );
    }
  }
}
