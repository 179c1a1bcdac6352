/**
 * Population files → population.csv (year, borough, sex, age_band, population), plus the
 * population of England and Wales for the national comparison when a file covers every local
 * authority there.
 *
 * Formats:
 * - ONS mid-year estimates (MYEB style): ladcode23,laname23,country,sex,age,population_2011,…
 *   sex 1 = male, 2 = female (ONS codes; M/F and words are read too), age 0–90 (90 = 90 and over).
 * - GLA borough population, wide by year: Code,Area name,Inner/ Outer London,2011_Population,…
 *   (persons only: sex and age band "unknown"). The copies in ../shared/data/real are GLA
 *   projection-series values, not ONS estimates; the report says so.
 * - GLA "Land Area and Population Density" (housing-density-borough.csv), long:
 *   Code,Name,Year,Source,Population,… where Source is "ONS MYE" or "GLA Population Projections";
 *   where both give a year, the ONS estimate is used.
 * - ONS 2011 Census KS101EW bulk table: GeographyCode,KS101EW0001,KS101EW0002 (males),KS101EW0003 (females),…
 * - The Census column-description file (ColumnVariableCode,…) is recognised and skipped: it
 *   describes columns and holds no counts.
 *
 * Years after the current one (projections) are left out: rates are only shown for months that
 * have happened.
 */
import { findBorough } from '../boroughs';
import type { AgeBand } from '../contract';
import { nearestAreaName } from './areas';
import { readCount } from './cells';
import { at, checkWidth, type Converter, type ConverterContext, type FormatDefinition } from './format';
import { assignRoles, headerKey, populationYearColumn, role, type Role } from './header';

const LAD = /^(E0[6-9]|W06)\d{6}$/;
const LONDON_BOROUGH = /^E09\d{6}$/;
const GSS = /^[EWSNK]\d{8}$/;

/** Fewer local authorities than this and the England and Wales total is probably not the whole (there are 318 in 2023, 348 in 2011). */
const EW_MIN_AUTHORITIES = 300;

export function ageBand(age: number): Exclude<AgeBand, 'unknown'> {
  if (age < 18) return '0-17';
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 65) return '45-64';
  return '65+';
}

function readSex(raw: string): 'male' | 'female' | 'persons' | null {
  const k = raw.trim().toLowerCase();
  if (['1', 'm', 'male', 'males'].includes(k)) return 'male';
  if (['2', 'f', 'female', 'females'].includes(k)) return 'female';
  if (['p', 'persons', 'person', 'all', 'all persons', 'total'].includes(k)) return 'persons';
  return null;
}

function readAge(raw: string): AgeBand | 'total' | null {
  const k = raw.trim().toLowerCase();
  if (/^\d{1,3}$/.test(k)) return Number(k) <= 120 ? ageBand(Number(k)) : null;
  if (/^\d{1,3}\s*(\+|and over|plus)$/.test(k)) return ageBand(Number(/^\d+/.exec(k)![0]));
  if (['all', 'all ages', 'total'].includes(k)) return 'total';
  return null;
}

/**
 * Shared by the population converters: where an area belongs, counts by borough, and the England
 * and Wales total summed over local authorities.
 */
class PopulationOut {
  private readonly ewByYear = new Map<number, number>();
  private readonly authorities = new Set<string>();
  readonly thisYear: number;

  constructor(private readonly ctx: ConverterContext) {
    this.thisYear = Number(ctx.currentMonth.slice(0, 4));
  }

  /**
   * A London borough's name; 'lad' for another local authority of England and Wales; null for
   * anything else (regions, countries, Scotland), which is left out; undefined after an error.
   */
  area(code: string, name: string, where: { line: number; column: number; columnName: string }): string | 'lad' | null | undefined {
    const c = code.trim().toUpperCase();
    if (LONDON_BOROUGH.test(c)) {
      const borough = findBorough(c);
      if (borough) return borough.name;
      this.ctx.problems.error(`"${code.trim()}" is not the GSS code of a London borough${name ? ` (nearest known name to "${name.trim()}": "${nearestAreaName(name)}")` : ''}`, where, `code:${c}`);
      return undefined;
    }
    if (LAD.test(c)) return 'lad';
    if (GSS.test(c)) return null;
    const borough = name ? findBorough(name) : findBorough(code);
    return borough ? borough.name : null;
  }

  add(year: number, borough: string, sex: string, band: string, value: number): void {
    this.ctx.out.add('population', 'population', String(year), `${borough}|${sex}|${band}`, value);
  }

  addEnglandWales(code: string, year: number, value: number): void {
    this.authorities.add(code.trim().toUpperCase());
    this.ewByYear.set(year, (this.ewByYear.get(year) ?? 0) + value);
  }

  /** Writes the England and Wales totals when the file covers both countries. */
  finish(): void {
    const codes = [...this.authorities];
    if (!codes.some((c) => c.startsWith('W')) || !codes.some((c) => c.startsWith('E') && !c.startsWith('E09'))) return;
    if (codes.length < EW_MIN_AUTHORITIES) {
      this.ctx.problems.warning(`has only ${codes.length} local authorities of England and Wales (there are over ${EW_MIN_AUTHORITIES}), so its England and Wales population may be incomplete`);
    }
    for (const [year, total] of this.ewByYear) this.ctx.out.add('ew_population', 'persons', String(year), '', total);
  }

  /** Years after this one are projections; they are left out (see the module comment). */
  isFuture(year: number): boolean {
    return year > this.thisYear;
  }
}

function yearColumns(header: readonly string[]): { index: number; year: number }[] {
  return header.map((h, index) => ({ index, year: populationYearColumn(h) })).filter((c): c is { index: number; year: number } => c.year !== null);
}

const CODE = role('area code', ['ladcode23', 'Code', 'GeographyCode'], (k) => /^(ladcode\d*|lacode\d*|lad\d*cd|code|areacode|geographycode|gsscode)$/.test(k));
const NAME = role('area name', ['laname23', 'Area name', 'Name'], (k) => /^(laname\d*|lad\d*nm|name|areaname|geographyname)$/.test(k));

// ---------------------------------------------------------------------------------------------
// Wide by year, with or without sex and age: ONS mid-year estimates, GLA borough population.

const MYE_ROLES = {
  code: CODE,
  name: NAME,
  country: role('country', ['country'], (k) => k === 'country'),
  sex: role('sex', ['sex'], (k) => k === 'sex' || k === 'gender'),
  age: role('age', ['age'], (k) => k === 'age'),
  innerOuter: role('inner or outer London', ['Inner/ Outer London'], (k) => k === 'innerouterlondon' || k === 'innerouter'),
};
type MyeRole = keyof typeof MYE_ROLES;

export const onsMidYearFormat: FormatDefinition = {
  info: { id: 'ons-mid-year-estimates', label: 'ONS mid-year population estimates', source: 'Office for National Statistics, mid-year population estimates' },
  expects: 'ladcode23,laname23,country,sex,age,population_2011,population_2012,…',
  match(header) {
    const years = yearColumns(header);
    const found = assignRoles(header, MYE_ROLES, new Set(years.map((y) => y.index)));
    if (found.sex === undefined && found.age === undefined) return null;
    if (years.length === 0 && found.code === undefined) return null;
    const missing: Role[] = [];
    if (found.code === undefined) missing.push(CODE);
    if (found.sex === undefined) missing.push(MYE_ROLES.sex);
    if (found.age === undefined) missing.push(MYE_ROLES.age);
    if (years.length === 0) missing.push(role('population for a year', ['population_2023'], () => false));
    return { missing, score: 10 + Object.keys(found).length, create: (ctx) => new WidePopulationConverter(ctx, found, years, true) };
  },
};

export const glaWidePopulationFormat: FormatDefinition = {
  info: { id: 'gla-borough-population', label: 'GLA borough population (persons, wide by year)', source: 'Greater London Authority, borough population (London Datastore)' },
  expects: 'Code,Area name,Inner/ Outer London,2011_Population,2012_Population,…',
  match(header) {
    const years = yearColumns(header);
    if (years.length === 0) return null;
    const found = assignRoles(header, MYE_ROLES, new Set(years.map((y) => y.index)));
    if (found.sex !== undefined || found.age !== undefined) return null;
    const missing = found.code === undefined && found.name === undefined ? [CODE] : [];
    return { missing, score: 5 + Object.keys(found).length, create: (ctx) => new WidePopulationConverter(ctx, found, years, false) };
  },
};

class WidePopulationConverter implements Converter {
  private readonly pop: PopulationOut;
  private readonly seen = new Map<string, number>();
  private readonly years: { index: number; year: number }[];

  constructor(
    private readonly ctx: ConverterContext,
    private readonly roles: Partial<Record<MyeRole, number>>,
    years: { index: number; year: number }[],
    private readonly bySexAndAge: boolean,
  ) {
    this.pop = new PopulationOut(ctx);
    const future = years.filter((y) => this.pop.isFuture(y.year)).map((y) => y.year);
    if (future.length > 0) ctx.problems.note(`years after ${this.pop.thisYear} (${future.join(', ')}) are projections and are left out`);
    this.years = years.filter((y) => !this.pop.isFuture(y.year));
  }

  row(fields: readonly string[], line: number): void {
    const { header, problems, out } = this.ctx;
    if (!checkWidth(fields, header.length, line, problems)) return;
    const codeColumn = this.roles.code ?? this.roles.name!;
    const code = fields[codeColumn]!;
    const name = this.roles.name !== undefined ? fields[this.roles.name]! : '';
    const area = this.pop.area(code, name, at(header, codeColumn, line));
    if (area === undefined) return;
    if (area === null) {
      out.leaveOut('areas that are not local authorities of England and Wales (regions, countries, Scotland, Northern Ireland)');
      return;
    }
    let sex = 'unknown';
    let band = 'unknown';
    if (this.bySexAndAge) {
      const sexCell = fields[this.roles.sex!]!;
      const ageCell = fields[this.roles.age!]!;
      const s = readSex(sexCell);
      const b = readAge(ageCell);
      if (s === null) problems.error(`"${sexCell.trim()}" is not a sex (expected 1 = male, 2 = female, or M/F)`, at(header, this.roles.sex!, line), `sex:${sexCell}`);
      if (b === null) problems.error(`"${ageCell.trim()}" is not an age (expected 0 to 90)`, at(header, this.roles.age!, line), `age:${ageCell}`);
      if (s === null || b === null) return;
      if (s === 'persons' || b === 'total') {
        out.leaveOut('totals over both sexes or all ages (the rows by sex and single year of age are used)');
        return;
      }
      sex = s;
      band = b;
    }
    const key = `${code.trim().toUpperCase() || name}\u0000${fields[this.roles.sex ?? -1] ?? ''}\u0000${fields[this.roles.age ?? -1] ?? ''}`;
    const first = this.seen.get(key);
    if (first !== undefined) {
      problems.error(`repeats the row on line ${first} (same area${this.bySexAndAge ? ', sex and age' : ''})`, { line });
      return;
    }
    this.seen.set(key, line);
    out.rowsUsed++;
    for (const { index, year } of this.years) {
      const count = readCount(fields[index]!);
      if (typeof count !== 'number') {
        problems.error(count.problem, at(header, index, line));
        continue;
      }
      if (area !== 'lad') this.add(year, area, sex, band, count);
      this.pop.addEnglandWales(code, year, count);
    }
  }

  private add(year: number, borough: string, sex: string, band: string, value: number): void {
    this.pop.add(year, borough, sex, band, value);
  }

  finish(): void {
    // Without codes there is no telling whether a file covers England and Wales.
    if (this.roles.code !== undefined) this.pop.finish();
  }
}

// ---------------------------------------------------------------------------------------------
// Long by year: GLA "Land Area and Population Density".

const LONG_ROLES = {
  code: CODE,
  name: NAME,
  year: role('year', ['Year'], (k) => k === 'year'),
  source: role('source', ['Source'], (k) => k === 'source'),
  population: role('population', ['Population'], (k) => k === 'population'),
};
type LongRole = keyof typeof LONG_ROLES;

export const glaDensityFormat: FormatDefinition = {
  info: { id: 'gla-population-density', label: 'GLA land area and population density (housing-density-borough)', source: 'Greater London Authority, Land Area and Population Density (London Datastore; ONS mid-year estimates and GLA projections)' },
  expects: 'Code,Name,Year,Source,Population,Inland_Area _Hectares,Total_Area_Hectares,…',
  match(header) {
    const found = assignRoles(header, LONG_ROLES);
    if (found.year === undefined || found.population === undefined) return null;
    const missing = found.code === undefined && found.name === undefined ? [CODE] : [];
    return { missing, score: Object.keys(found).length, create: (ctx) => new LongPopulationConverter(ctx, found as Record<'year' | 'population', number> & Partial<Record<LongRole, number>>) };
  },
};

class LongPopulationConverter implements Converter {
  private readonly pop: PopulationOut;
  /** borough|year → the row chosen so far, so that an ONS estimate can replace a projection. */
  private readonly chosen = new Map<string, { value: number; estimate: boolean; line: number; borough: string; year: number }>();

  constructor(
    private readonly ctx: ConverterContext,
    private readonly roles: Record<'year' | 'population', number> & Partial<Record<LongRole, number>>,
  ) {
    this.pop = new PopulationOut(ctx);
  }

  row(fields: readonly string[], line: number): void {
    const { header, problems, out } = this.ctx;
    if (!checkWidth(fields, header.length, line, problems)) return;
    const codeColumn = this.roles.code ?? this.roles.name!;
    const area = this.pop.area(fields[codeColumn]!, this.roles.name !== undefined ? fields[this.roles.name]! : '', at(header, codeColumn, line));
    if (area === undefined) return;
    if (area === null || area === 'lad') {
      out.leaveOut('areas other than London boroughs');
      return;
    }
    const yearCell = fields[this.roles.year]!.trim();
    if (!/^(19|20)\d{2}$/.test(yearCell)) {
      problems.error(`"${yearCell}" is not a year such as 2024`, at(header, this.roles.year, line));
      return;
    }
    const year = Number(yearCell);
    if (this.pop.isFuture(year)) {
      out.leaveOut(`years after ${this.pop.thisYear} (projections)`);
      return;
    }
    const count = readCount(fields[this.roles.population]!);
    if (typeof count !== 'number') {
      problems.error(count.problem, at(header, this.roles.population, line));
      return;
    }
    const estimate = this.roles.source === undefined || /\bmye\b|mid.?year|estimate/i.test(fields[this.roles.source]!);
    const key = `${area}|${year}`;
    const before = this.chosen.get(key);
    if (before && before.estimate === estimate) {
      problems.error(`repeats the row on line ${before.line} (same area and year)`, { line });
      return;
    }
    if (!before || (estimate && !before.estimate)) this.chosen.set(key, { value: count, estimate, line, borough: area, year });
  }

  finish(): void {
    for (const c of this.chosen.values()) {
      this.pop.add(c.year, c.borough, 'unknown', 'unknown', c.value);
      this.ctx.out.rowsUsed++;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// ONS 2011 Census KS101EW, and its column-description file.

export const censusKs101Format: FormatDefinition = {
  info: { id: 'ons-census-2011-ks101ew', label: 'ONS 2011 Census KS101EW (usual residents by sex)', source: 'Office for National Statistics, 2011 Census table KS101EW' },
  expects: 'GeographyCode,KS101EW0001,KS101EW0002,KS101EW0003,…',
  match(header) {
    const keys = header.map(headerKey);
    if (!keys.some((k) => k.startsWith('ks101ew'))) return null;
    const code = keys.indexOf('geographycode');
    const males = keys.indexOf('ks101ew0002');
    const females = keys.indexOf('ks101ew0003');
    const missing: Role[] = [];
    if (code < 0) missing.push(CODE);
    if (males < 0) missing.push(role('males', ['KS101EW0002'], () => false));
    if (females < 0) missing.push(role('females', ['KS101EW0003'], () => false));
    return { missing, score: 20, create: (ctx) => new CensusConverter(ctx, code, males, females) };
  },
};

class CensusConverter implements Converter {
  private readonly pop: PopulationOut;
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ctx: ConverterContext,
    private readonly code: number,
    private readonly males: number,
    private readonly females: number,
  ) {
    this.pop = new PopulationOut(ctx);
  }

  row(fields: readonly string[], line: number): void {
    const { header, problems, out } = this.ctx;
    if (!checkWidth(fields, header.length, line, problems)) return;
    const code = fields[this.code]!;
    const area = this.pop.area(code, '', at(header, this.code, line));
    if (area === undefined) return;
    if (area === null) {
      out.leaveOut('areas that are not local authorities of England and Wales');
      return;
    }
    const first = this.seen.get(code.trim());
    if (first !== undefined) {
      problems.error(`repeats the row on line ${first} (same GeographyCode)`, { line });
      return;
    }
    this.seen.set(code.trim(), line);
    out.rowsUsed++;
    for (const [column, sex] of [[this.males, 'male'], [this.females, 'female']] as const) {
      const count = readCount(fields[column]!);
      if (typeof count !== 'number') {
        problems.error(count.problem, at(header, column, line));
        continue;
      }
      if (area !== 'lad') this.pop.add(2011, area, sex, 'unknown', count);
      this.pop.addEnglandWales(code, 2011, count);
    }
  }

  finish(): void {
    this.pop.finish();
  }
}

export const censusDescriptionsFormat: FormatDefinition = {
  info: { id: 'ons-census-column-descriptions', label: 'ONS Census column descriptions (a data dictionary, not data)', source: 'Office for National Statistics, 2011 Census' },
  expects: 'ColumnVariableCode,ColumnVariableMeasurementUnit,ColumnVariableStatisticalUnit,ColumnVariableDescription',
  match(header) {
    const keys = header.map(headerKey);
    if (!keys.includes('columnvariablecode')) return null;
    return {
      missing: [],
      score: 20,
      create: (ctx) => {
        ctx.problems.note('describes the columns of a Census table and holds no counts, so nothing is imported from it');
        return { row: () => undefined, finish: () => undefined };
      },
    };
  },
};
