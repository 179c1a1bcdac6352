/**
 * The support services list (data/support/services.csv, with SOURCES.md beside it): its columns,
 * the needs a service can serve, and the one validator that the build (vite.config.ts), the unit
 * tests and the Get support page all use. A bad row is a problem naming file, line and column, as
 * the crime data's problems do (validate.ts), and the build refuses to go on.
 *
 * Line numbers count the header as line 1, as a text editor or spreadsheet shows them; a row that
 * spans lines (a quoted field with a line break) is named by the line it starts on.
 */
import Papa from 'papaparse';
import { BOROUGH_NAMES, findBorough, LONDON } from '../boroughs.js';
import type { LoadProblem } from '../validate';
import { readNumbers, type DialNumber } from './phone.js';

/** Where the list lives, relative to the project's root (fixed: it is versioned with the code, not imported). */
export const SUPPORT_CSV = 'data/support/services.csv';
export const SUPPORT_SOURCES = 'data/support/SOURCES.md';

export const SUPPORT_COLUMNS = [
  'name',
  'area',
  'serves',
  'kind',
  'phone',
  'text',
  'website',
  'hours',
  'cost',
  'notes',
  'source_url',
  'source_seen',
] as const;
type Column = (typeof SUPPORT_COLUMNS)[number];

/** Areas beyond the 33 boroughs' ONS names. */
export const NATIONAL = 'National';
const AREAS: readonly string[] = [NATIONAL, LONDON, ...BOROUGH_NAMES];

/** What a service is for (the `serves` column, several separated by ';'), in plain words. */
export const SERVES_LABELS = {
  domestic_abuse: 'domestic abuse',
  sexual_violence: 'sexual violence',
  stalking: 'stalking',
  honour_based_abuse: 'honour-based abuse',
  forced_marriage: 'forced marriage',
  fgm: 'female genital mutilation (FGM)',
  lgbt: 'LGBT+ people',
  men: 'men',
  deaf: 'Deaf people',
  children: 'children and young people',
  perpetrators: 'people worried about their own behaviour',
  all_crime: 'victims of any crime',
} as const;
export type Serves = keyof typeof SERVES_LABELS;
const SERVES = Object.keys(SERVES_LABELS) as Serves[];

/** What kind of service it is (the `kind` column), in plain words. */
export const KIND_LABELS = {
  helpline: 'Helpline',
  emergency: 'Emergency',
  app: 'App',
  advocacy: 'Support and advocacy',
  one_stop_shop: 'One-stop shop',
  sexual_assault_referral_centre: 'Sexual assault referral centre',
  text_service: 'Text and phone reporting',
} as const;
export type Kind = keyof typeof KIND_LABELS;
const KINDS = Object.keys(KIND_LABELS) as Kind[];

export interface SupportService {
  /** Line of the file the entry starts on. */
  line: number;
  name: string;
  /** 'National', 'London' or a borough's ONS name. */
  area: string;
  serves: Serves[];
  kind: Kind;
  phones: DialNumber[];
  texts: DialNumber[];
  /** An https address, or null. */
  website: string | null;
  /** As written; '' when the source did not give them. */
  hours: string;
  cost: string;
  notes: string;
  sourceUrl: string;
  /** The date the source page shows (YYYY, YYYY-MM or YYYY-MM-DD), or ''. */
  sourceSeen: string;
}

export interface SupportList {
  services: SupportService[];
  /** When the list was last checked (YYYY-MM-DD, from SOURCES.md), or null if it does not say. */
  checked: string | null;
  problems: LoadProblem[];
}

/** Longest part of a bad value a problem quotes. */
const ECHO_LIMIT = 80;
const quoted = (value: string) => `"${value.length > ECHO_LIMIT ? `${value.slice(0, ECHO_LIMIT)}…` : value}"`;

function isDate(text: string): boolean {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!match) return false;
  const [, year, month = '01', day = '01'] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
}

/** The reason a value is not a web address of the given schemes, or null when it is one. */
function addressProblem(value: string, schemes: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${quoted(value)} is not a web address`;
  }
  if (!schemes.includes(url.protocol)) {
    return `${quoted(value)} does not start with ${schemes.map((s) => `${s}//`).join(' or ')}`;
  }
  if (/\s/.test(value) || url.username || url.password || !url.hostname.includes('.')) return `${quoted(value)} is not a web address`;
  return null;
}

/** Checks one field; returns the problem's message, or null when the value is good. */
function checkField(column: Column, value: string): string | null {
  switch (column) {
    case 'name':
      return value.trim() === '' ? 'is empty: every service needs a name' : null;
    case 'area': {
      if (AREAS.includes(value)) return null;
      const spelling = findBorough(value);
      const hint = spelling ? `; write the ONS name "${spelling.name}"` : '';
      return `${quoted(value)} is not National, London or the ONS name of a London borough${hint}`;
    }
    case 'serves': {
      if (value === '') return null;
      const unknown = value.split(';').filter((need) => !(SERVES as string[]).includes(need));
      return unknown.length > 0 ? `${unknown.map(quoted).join(', ')} is not one of: ${SERVES.join(', ')} (separated by ";")` : null;
    }
    case 'kind':
      return (KINDS as string[]).includes(value) ? null : `${quoted(value)} is not one of: ${KINDS.join(', ')}`;
    case 'phone':
    case 'text': {
      if (value === '') return null;
      const read = readNumbers(value, column);
      return 'reason' in read ? read.reason : null;
    }
    case 'website':
      return value === '' ? null : addressProblem(value, ['https:']);
    case 'source_url':
      return value === '' ? 'is empty: every entry names the page it was checked against' : addressProblem(value, ['https:', 'http:']);
    case 'source_seen':
      return value === '' || isDate(value) ? null : `${quoted(value)} is not a date written YYYY-MM-DD (or YYYY-MM, or YYYY)`;
    default:
      return null;
  }
}

function serviceFrom(line: number, get: (column: Column) => string): SupportService {
  const numbers = (column: 'phone' | 'text') => {
    const value = get(column);
    if (value === '') return [];
    const read = readNumbers(value, column);
    return 'numbers' in read ? read.numbers : [];
  };
  return {
    line,
    name: get('name'),
    area: get('area'),
    serves: get('serves') === '' ? [] : (get('serves').split(';') as Serves[]),
    kind: get('kind') as Kind,
    phones: numbers('phone'),
    texts: numbers('text'),
    website: get('website') || null,
    hours: get('hours'),
    cost: get('cost'),
    notes: get('notes'),
    sourceUrl: get('source_url'),
    sourceSeen: get('source_seen'),
  };
}

/**
 * Reads and checks the services CSV. Entries with a problem are left out of `services`; every
 * problem is listed, naming `file`, line and column.
 */
export function readServices(text: string, file: string = SUPPORT_CSV): { services: SupportService[]; problems: LoadProblem[] } {
  const problems: LoadProblem[] = [];
  const services: SupportService[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lineAt = (offset: number) => 1 + (body.slice(0, offset).match(/\n/g)?.length ?? 0);

  const rows: { line: number; cells: string[]; error: string | null }[] = [];
  let rowStart = 0;
  Papa.parse<string[]>(body, {
    delimiter: ',',
    skipEmptyLines: true,
    step: (result) => {
      const start = rowStart;
      rowStart = result.meta.cursor;
      // A skipped blank line still moves the cursor; the row starts after any line breaks before it.
      const leading = /^[\r\n]*/.exec(body.slice(start, rowStart))![0].length;
      rows.push({ line: lineAt(start + leading), cells: result.data, error: result.errors[0]?.message ?? null });
    },
  });

  const header = rows.shift();
  if (!header) return { services, problems: [{ file, message: 'is empty: it needs a header row and one row per service' }] };
  const position = new Map<string, number>();
  header.cells.forEach((name, i) => {
    if (!(SUPPORT_COLUMNS as readonly string[]).includes(name)) {
      problems.push({ file, line: header.line, column: i + 1, message: `${quoted(name)} is not a column of the list (${SUPPORT_COLUMNS.join(', ')})` });
    } else if (position.has(name)) {
      problems.push({ file, line: header.line, column: i + 1, columnName: name, message: 'is a second column of that name' });
    } else {
      position.set(name, i);
    }
  });
  const missing = SUPPORT_COLUMNS.filter((c) => !position.has(c));
  if (missing.length > 0) problems.push({ file, line: header.line, message: `has no column ${missing.map(quoted).join(', ')}` });
  if (problems.length > 0) return { services, problems };

  const seen = new Map<string, number>();
  for (const row of rows) {
    if (row.error) {
      problems.push({ file, line: row.line, message: `cannot be read as CSV: ${row.error}` });
      continue;
    }
    if (row.cells.length !== header.cells.length) {
      problems.push({ file, line: row.line, message: `has ${row.cells.length} values; the header has ${header.cells.length} (a comma inside a value needs the value in double quotes)` });
      continue;
    }
    const get = (column: Column) => row.cells[position.get(column)!]!;
    let good = true;
    for (const column of SUPPORT_COLUMNS) {
      const message = checkField(column, get(column));
      if (message) {
        problems.push({ file, line: row.line, column: position.get(column)! + 1, columnName: column, message });
        good = false;
      }
    }
    const key = `${get('name')}\u0000${get('area')}`;
    if (seen.has(key)) {
      problems.push({ file, line: row.line, column: position.get('name')! + 1, columnName: 'name', message: `repeats the entry on line ${seen.get(key)} (same name and area)` });
      good = false;
    } else {
      seen.set(key, row.line);
    }
    if (good) services.push(serviceFrom(row.line, get));
  }
  return { services, problems };
}

/**
 * When the list was last checked, from SOURCES.md: the latest date written as "Compiled on
 * **YYYY-MM-DD**", "Checked on **…**" or "Last checked on **…**". Whoever re-checks the list before a
 * release adds or updates such a line, and the page shows it.
 */
export function readCheckedDate(sources: string, file: string = SUPPORT_SOURCES): { checked: string | null; problems: LoadProblem[] } {
  const dates = [...sources.matchAll(/\b(?:compiled|checked) on \*\*(\d{4}-\d{2}-\d{2})\*\*/gi)].map((m) => m[1]!).filter(isDate);
  if (dates.length === 0) {
    return { checked: null, problems: [{ file, message: 'does not say when the list was checked: write "Last checked on **YYYY-MM-DD**"' }] };
  }
  return { checked: dates.sort().at(-1)!, problems: [] };
}

/** The list and its checked date, with every problem of either file. */
export function readSupportList(csv: string, sources: string, files = { csv: SUPPORT_CSV, sources: SUPPORT_SOURCES }): SupportList {
  const { services, problems } = readServices(csv, files.csv);
  const dated = readCheckedDate(sources, files.sources);
  return { services, checked: dated.checked, problems: [...problems, ...dated.problems] };
}
