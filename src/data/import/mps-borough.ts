/**
 * MPS Borough Level Crime (London Datastore, "Recorded Crime: Geographic Breakdown"): wide, three
 * key columns then one column per month named YYYYMM. Header variants seen (DESIGN.md,
 * ../shared/data/real/SOURCES.md, and code that reads today's file):
 *   Borough,Major Category,Minor Category,200801,…      (pre-2019 categories, Title Case)
 *   MajorText,MinorText,LookUp_BoroughName,201004,…    (2019 categories, Title Case)
 *   MajorText,MinorText,BoroughName,201004,…           (2019 categories, UPPER CASE)
 *   Group,SubGroup,BOCU,202406,…                       (2024 on, CONNECT; "Aviation Policing")
 * Month columns are found by their names (header.ts monthColumn); the key columns by what they
 * hold, in any order and under any name (wide-columns.ts). A series that is zero in every month
 * is absent from the file, so a missing (borough, category) row means 0, and the file still
 * covers that category in every month it has a column for.
 */
import { resolveArea, type AreaMatch } from './areas';
import { categoryLabel, mapCategory } from './categories';
import { readCount } from './cells';
import { columnName, HierarchyCheck, READ_BY, type DecidedBy, type Sample } from './columns';
import type { OffenceCategory } from '../contract';
import { spellingKey } from '../boroughs';
import { at, checkWidth, incomplete, type Converter, type ConverterContext, type FormatDefinition } from './format';
import { headerKey, monthColumn } from './header';
import { decideWideColumns, WIDE_HINTS, wideRolesByName, type WideRoles } from './wide-columns';

type WideRole = keyof WideRoles;

/** How the converter was told its columns: the roles, and columns to leave out with a reason. */
interface WideLayout {
  roles: WideRoles;
  /** Columns that name the same borough as the borough column (its code, say). */
  sameBorough: readonly number[];
  /** How the category columns were told apart, for the message if the whole file disagrees. */
  categoriesBy: DecidedBy;
}

export const mpsBoroughFormat: FormatDefinition = {
  info: {
    id: 'mps-borough-level-crime',
    label: 'MPS Borough Level Crime',
    source: 'Metropolitan Police Service, MPS Borough Level Crime (London Datastore)',
  },
  expects: 'MajorText,MinorText,BoroughName (or any names: Group,SubGroup,BOCU; …), then one column per month: 201004,201005,…',
  match(header: readonly string[], sample: Sample) {
    const months = header.map((h, i) => ({ i, m: monthColumn(h) })).filter((c) => c.m !== null);
    if (months.length === 0) return null;
    const monthIndexes = new Set(months.map((c) => c.i));
    if (sample.length === 0) {
      // A header alone: its names are all there is to go on.
      const found = wideRolesByName(header, monthIndexes);
      const missing = (Object.keys(WIDE_HINTS) as WideRole[]).filter((r) => found[r] === undefined).map((r) => WIDE_HINTS[r]);
      const layout: WideLayout = { roles: found as WideRoles, sameBorough: [], categoriesBy: 'names' };
      return { missing, score: 10 + Object.keys(found).length, create: missing.length === 0 ? (context) => new MpsBoroughConverter(context, layout) : incomplete };
    }
    const keyColumns = header.map((_, i) => i).filter((i) => !monthIndexes.has(i));
    const decision = decideWideColumns(header, keyColumns, sample, months.map((c) => header[c.i]!.trim()));
    if (!decision.ok) {
      return {
        missing: decision.missing,
        ...(decision.ambiguity !== undefined ? { ambiguity: decision.ambiguity } : {}),
        ...(decision.column !== undefined ? { column: decision.column } : {}),
        found: decision.found,
        score: 10 + 3 - decision.missing.length,
        create: incomplete,
      };
    }
    const layout: WideLayout = { roles: decision.roles, sameBorough: decision.sameBorough, categoriesBy: decision.categoriesBy };
    return { missing: [], score: 13, create: (context) => new MpsBoroughConverter(context, layout) };
  },
};

class MpsBoroughConverter implements Converter {
  /** Month of each month column (by column index), only the usable ones. */
  private readonly months: { index: number; month: string }[] = [];
  private readonly areas = new Map<string, AreaMatch>();
  private readonly categories = new Map<string, OffenceCategory | null>();
  private readonly seen = new Map<string, number>();
  private readonly observed = new Set<OffenceCategory>();
  private readonly hierarchy = new HierarchyCheck();
  private readonly roles: WideRoles;

  constructor(
    private readonly ctx: ConverterContext,
    private readonly layout: WideLayout,
  ) {
    this.roles = layout.roles;
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
      if (this.layout.sameBorough.includes(index)) {
        problems.warning(`${columnName(header, index)} names the same borough as ${columnName(header, this.roles.borough)} in every row read, so it is left out`, where);
      } else if (!column) {
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
    this.hierarchy.add(major, minor);
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
    const { header, problems } = this.ctx;
    if (this.hierarchy.reversed) {
      // The first rows were read the wrong way round: the categories were mapped from the wrong columns.
      const major = columnName(header, this.roles.major);
      const minor = columnName(header, this.roles.minor);
      problems.error(
        `${major} was taken as the major category and ${minor} as the minor one ${READ_BY[this.layout.categoriesBy]}, but the whole file shows the opposite (each value of ${major} goes with a single value of ${minor}, and some values of ${minor} with several of ${major}), so its categories cannot be read safely`,
        at(header, this.roles.major, 1),
      );
      return;
    }
    // Absent series are zero throughout, so the file covers every category it has in every month column.
    for (const category of this.observed) {
      for (const { month } of this.months) this.ctx.out.cover('offences', category, month);
    }
  }
}
