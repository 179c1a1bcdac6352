/**
 * MPS Borough Level Crime (London Datastore, "Recorded Crime: Geographic Breakdown"): wide, three
 * key columns then one column per month named YYYYMM. Header variants seen (DESIGN.md and
 * ../shared/data/real/SOURCES.md):
 *   Borough,Major Category,Minor Category,200801,…      (pre-2019 categories, Title Case)
 *   MajorText,MinorText,LookUp_BoroughName,201004,…    (2019 categories, Title Case)
 *   MajorText,MinorText,BoroughName,201004,…           (2019 categories, UPPER CASE)
 * Key columns are found by meaning in any order, so later renames ("Borough Name", "Offence
 * Group", "Offence Subgroup") are read too. A series that is zero in every month is absent from
 * the file, so a missing (borough, category) row means 0, and the file still covers that
 * category in every month it has a column for.
 */
import { resolveArea, type AreaMatch } from './areas';
import { categoryLabel, mapCategory } from './categories';
import { readCount } from './cells';
import type { OffenceCategory } from '../contract';
import { spellingKey } from '../boroughs';
import { at, checkWidth, type Converter, type ConverterContext, type FormatDefinition } from './format';
import { assignRoles, headerKey, monthColumn, role } from './header';

export const WIDE_ROLES = {
  minor: role('minor category', ['MinorText', 'Minor Category', 'Offence Subgroup'], (k) =>
    k.includes('minor') || /sub(group|category|type)/.test(k)),
  major: role('major category', ['MajorText', 'Major Category', 'Offence Group'], (k) =>
    k.includes('major') || /^(offence|crime)(group|type|category)$/.test(k) || k === 'category'),
  borough: role('borough', ['Borough', 'BoroughName', 'LookUp_BoroughName'], (k) =>
    k.includes('borough') || /^(area|areaname|laname\d*|localauthority|district)$/.test(k)),
};

type WideRole = keyof typeof WIDE_ROLES;

export const mpsBoroughFormat: FormatDefinition = {
  info: {
    id: 'mps-borough-level-crime',
    label: 'MPS Borough Level Crime',
    source: 'Metropolitan Police Service, MPS Borough Level Crime (London Datastore)',
  },
  expects: 'MajorText,MinorText,BoroughName (or Borough,Major Category,Minor Category; LookUp_BoroughName), then one column per month: 201004,201005,…',
  match(header) {
    const months = header.map((h, i) => ({ i, m: monthColumn(h) })).filter((c) => c.m !== null);
    if (months.length === 0) return null;
    const found = assignRoles(header, WIDE_ROLES, new Set(months.map((c) => c.i)));
    const missing = (Object.keys(WIDE_ROLES) as WideRole[]).filter((r) => found[r] === undefined).map((r) => WIDE_ROLES[r]);
    return {
      missing,
      score: 10 + Object.keys(found).length,
      create: (context) => new MpsBoroughConverter(context, found as Record<WideRole, number>),
    };
  },
};

class MpsBoroughConverter implements Converter {
  /** Month of each month column (by column index), only the usable ones. */
  private readonly months: { index: number; month: string }[] = [];
  private readonly areas = new Map<string, AreaMatch>();
  private readonly categories = new Map<string, OffenceCategory | null>();
  private readonly seen = new Map<string, number>();
  private readonly observed = new Set<OffenceCategory>();

  constructor(
    private readonly ctx: ConverterContext,
    private readonly roles: Record<WideRole, number>,
  ) {
    this.readHeader();
  }

  private readHeader(): void {
    const { header, problems, currentMonth } = this.ctx;
    const firstSeen = new Map<string, number>();
    const keyColumns = new Set(Object.values(this.roles));
    header.forEach((name, index) => {
      if (keyColumns.has(index)) return;
      const where = at(header, index, 1);
      const column = monthColumn(name);
      if (!column) {
        if (headerKey(name) === '') problems.warning('this column has no name and is left out', where);
        else problems.warning(`"${name.trim()}" is neither a key column nor a YYYYMM month, so it is left out`, where);
      } else if (!column.valid) {
        problems.error(`"${name.trim()}" is not a month written YYYYMM`, where);
      } else if (column.month > currentMonth) {
        problems.error(`the month ${column.month} is in the future (the latest possible month is ${currentMonth})`, where);
      } else if (firstSeen.has(column.month)) {
        problems.error(`the month ${column.month} appears twice (also column ${firstSeen.get(column.month)! + 1})`, where);
      } else {
        firstSeen.set(column.month, index);
        this.months.push({ index, month: column.month });
      }
    });
  }

  private area(raw: string): AreaMatch {
    let match = this.areas.get(raw);
    if (!match) {
      match = resolveArea(raw);
      if (this.areas.size < 10_000) this.areas.set(raw, match);
    }
    return match;
  }

  private category(major: string, minor: string): OffenceCategory | null {
    const key = `${major}\u0000${minor}`;
    let category = this.categories.get(key);
    if (category === undefined) {
      category = mapCategory(major, minor);
      if (this.categories.size < 10_000) this.categories.set(key, category);
    }
    return category;
  }

  row(fields: readonly string[], line: number): void {
    const { header, problems, out } = this.ctx;
    if (!checkWidth(fields, header.length, line, problems)) return;
    const major = fields[this.roles.major]!;
    const minor = fields[this.roles.minor]!;
    const boroughCell = fields[this.roles.borough]!;
    const category = this.category(major, minor);
    const used = category !== null;
    // Problems in rows the import leaves out cannot change the output, so they are warnings there.
    const report = used ? problems.error.bind(problems) : problems.warning.bind(problems);

    const area = this.area(boroughCell);
    if (area.kind === 'unknown') {
      report(
        `"${boroughCell.trim()}" is not a London borough the dashboard knows (nearest known name: "${area.suggestion}")`,
        at(header, this.roles.borough, line),
        `borough:${boroughCell}`,
      );
    }
    if (!used) {
      out.leaveOut(categoryLabel(major, minor));
      for (const { index } of this.months) {
        const count = readCount(fields[index]!);
        if (typeof count !== 'number') report(`${count.problem} (in a row that is left out)`, at(header, index, line), `count:${count.problem}`);
      }
      return;
    }
    if (area.kind === 'unknown') return;

    // Duplicates are looked for among the rows the import uses: they are the ones a repeat would
    // count twice, and remembering only them keeps memory bounded by the output, not the file.
    const key = `${area.name}\u0000${spellingKey(major)}\u0000${spellingKey(minor)}`;
    const first = this.seen.get(key);
    if (first !== undefined) {
      problems.error(`repeats the row on line ${first} (same borough, major and minor category: ${categoryLabel(major, minor)}, ${area.name})`, { line });
      return;
    }
    this.seen.set(key, line);
    this.observed.add(category);
    out.rowsUsed++;
    for (const { index, month } of this.months) {
      const count = readCount(fields[index]!);
      if (typeof count === 'number') out.add('offences', category, month, area.name, count);
      else problems.error(count.problem, at(header, index, line));
    }
  }

  finish(): void {
    // Absent series are zero throughout, so the file covers every category it has in every month column.
    for (const category of this.observed) {
      for (const { month } of this.months) this.ctx.out.cover('offences', category, month);
    }
  }
}
