/**
 * Analyst mode for page 2: the repeat-victimisation measures computed from an incident-level extract
 * (incident_id, victim_id, date, borough) that an analyst loads from their own disk. The bytes go
 * straight from the File to DuckDB in this tab; nothing is sent anywhere.
 *
 * Two steps, so the page can show load problems before (or without) computing:
 * - loadIncidentExtract checks every row in SQL and keeps the good ones in `extract_incidents`;
 *   bad rows are listed by line (file, line, column, what is wrong) and left out.
 * - computeRepeatMeasures writes `extract_repeat_victims`, the same shape as the contract table
 *   `repeat_victims`, so the page draws either source with one chart code path.
 *
 * Dates accepted (the calendar date as written; any time or offset is ignored, because extracts are
 * written in London time and a date must not move across midnight by a time-zone conversion):
 * - YYYY-MM-DD                                   2024-02-29
 * - ISO date and time, `T` or a space between    2024-02-29T23:15, 2024-02-29 23:15:00.123Z, …+01:00
 * - DD/MM/YYYY, the UK form, day first, optionally with a time as spreadsheets write it
 *                                                29/02/2024, 1/3/2024, 29/02/2024 23:15
 * A month-first US date is not accepted where it differs: 03/04/2024 is 3 April.
 *
 * Whatever the file holds, the page's main thread is never held for long (a reader must be able to
 * press Exit this page at any moment): the scan in JavaScript is linear and runs in slices
 * (time-slices.ts), everything else runs in DuckDB's worker, and what comes back is bounded (a few
 * hundred characters of any one value). A load can be cancelled between steps (options.signal).
 * Each load's tables and file carry a prefix of its own (extractNames), so two loads never share a
 * table: the page's load works under its own names and only at the end replaces the tables the page
 * reads (publishExtract).
 */
import Papa from 'papaparse';
import { findBorough, isNonBoroughArea, LONDON, NON_BOROUGH_AREAS, spellingKey, BOROUGHS } from './boroughs';
import type { Database, SqlValue } from './database';
import { csvErrorLine, csvErrorReason } from './csv-errors';
import { utf16Problem } from './encoding';
import { binaryFileProblem } from './file-kind';
import { showInvisible } from './invisible';
import { monthFromIndex } from './months';
import { literal } from './sql';
import { TimeSlices, type Pause } from './time-slices';
import { MAX_PROBLEMS_LISTED, type LoadProblem } from './validate';

/** The columns an extract must have (in any order and letter case; other columns are ignored). */
export const EXTRACT_COLUMNS = ['incident_id', 'victim_id', 'date', 'borough'] as const;
type ExtractColumn = (typeof EXTRACT_COLUMNS)[number];

export interface ExtractOptions {
  /** At most this many problems are listed (the total is always reported). */
  maxProblems?: number;
  /** `YYYY-MM-DD`: later dates are reported as in the future. Default: today's date here. */
  today?: string;
  /** `YYYY-MM-DD`: earlier dates are reported as implausible (a mistyped year). Default 1990-01-01. */
  earliest?: string;
  /** The start of this load's table names (extractNames); default 'extract'. */
  prefix?: string;
  /** Cancels the load between steps (its reason is thrown); the load's tables are dropped. */
  signal?: AbortSignal;
  /** Called as the load moves on: the step, and the share of it done (0 to 1) where that is known. */
  onProgress?: (step: ExtractStep, done: number | null) => void;
  /** How the scan gives the thread back between slices (default: one turn of the event loop). */
  pause?: Pause;
}

/** The steps of a load, for a progress display. */
export type ExtractStep = 'scanning' | 'reading' | 'checking';

export interface BoroughSpelling {
  /** As written in the extract. */
  spelling: string;
  /** The registry name it was read as. */
  borough: string;
  rows: number;
}

export interface ExtractLoadResult {
  /** Data rows in the file (rows left entirely blank, as spreadsheets write at the end, not counted). */
  rowsRead: number;
  /** Rows kept in extract_incidents: every check passed and not a repeat of an earlier incident_id. */
  rowsUsed: number;
  /** Problems, by line, at most `maxProblems` of them, then one line saying how many more there are. */
  problems: LoadProblem[];
  /** How many problems were found in all. */
  problemCount: number;
  /** First and last month with a kept incident (`YYYY-MM`), or null when none was kept. */
  firstMonth: string | null;
  lastMonth: string | null;
  /** First and last date kept (`YYYY-MM-DD`): the last month may be only part-covered by the extract. */
  firstDate: string | null;
  lastDate: string | null;
  /** Borough values other than the ONS name that were read as a borough (and how many rows have each), so the analyst can check them. */
  boroughSpellings: BoroughSpelling[];
  /** How the file's text was read: UTF-8, or Latin-1 when it was not valid UTF-8 (a Windows spreadsheet's CSV). */
  encoding: 'utf-8' | 'latin-1';
}

/**
 * The names one load's file and tables go by in DuckDB: a prefix of our own making (never user text)
 * and fixed words. `incidents` and `repeatVictims` are the load's results; the rest live only while
 * it runs. With the default prefix they are the tables the page reads (extract_incidents,
 * extract_repeat_victims).
 */
export interface ExtractNames {
  file: string;
  raw: string;
  good: string;
  problems: string;
  repeats: string;
  boroughMap: string;
  history: string;
  changes: string;
  incidents: string;
  repeatVictims: string;
}

export const PUBLISHED_PREFIX = 'extract';

export function extractNames(prefix = PUBLISHED_PREFIX): ExtractNames {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`"${prefix}" is not a table name prefix`);
  return {
    file: `${prefix}.csv`,
    raw: `${prefix}_raw`,
    good: `${prefix}_good`,
    problems: `${prefix}_problems`,
    repeats: `${prefix}_repeats`,
    boroughMap: `${prefix}_borough_map`,
    history: `${prefix}_incident_history`,
    changes: `${prefix}_window_changes`,
    incidents: `${prefix}_incidents`,
    repeatVictims: `${prefix}_repeat_victims`,
  };
}

/** Borough values longer than this are no borough's spelling: they are not looked up (or sent back from DuckDB). */
const LONGEST_SPELLING = 100;
/** Values quoted in problems are cut to this many characters in DuckDB, so a 50 MB cell never reaches the page. */
const QUOTED_VALUE_LIMIT = 200;
/** DuckDB's own limit on a line, unless told more (its max_line_size default). */
const DUCKDB_MAX_LINE = 2_000_000;
/** A first line longer than this, with no line break, is not a CSV header. */
const LONGEST_HEADER = 1024 * 1024;

/** More different borough values than this means the column is not a borough column at all. */
const MAX_BOROUGH_SPELLINGS = 10_000;

/** A header name as we compare it: case, surrounding spaces, and spaces or hyphens for underscores. */
function normaliseHeader(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** The header row's names, read by us (as load.ts does) rather than by DuckDB's sniffer. */
function readHeader(bytes: Uint8Array): string[] {
  const head = new TextDecoder().decode(bytes.subarray(0, 64 * 1024));
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  const parsed = Papa.parse<string[]>(firstLine, { delimiter: ',' });
  return (parsed.data[0] ?? []).map(normaliseHeader);
}

type ColumnPositions = Record<ExtractColumn, number>;

/** 1-based positions of the four columns, or the problems that make the file unreadable. */
function locateColumns(file: string, found: string[]): { positions?: ColumnPositions; problems: LoadProblem[] } {
  const problems: LoadProblem[] = [];
  const positions: Partial<ColumnPositions> = {};
  for (const name of EXTRACT_COLUMNS) {
    const at = found.flatMap((f, i) => (f === name ? [i + 1] : []));
    if (at.length === 0) {
      problems.push({
        file,
        line: 1,
        columnName: name,
        message: `the header has no "${name}" column (needed: ${EXTRACT_COLUMNS.join(', ')}; ${headerFound(found)})`,
      });
    } else if (at.length > 1) {
      problems.push({ file, line: 1, column: at[1], columnName: name, message: `the column "${name}" appears twice, so it is not clear which to use` });
    } else {
      positions[name] = at[0]!;
    }
  }
  return problems.length > 0 ? { problems } : { positions: positions as ColumnPositions, problems };
}

/**
 * What the first line holds, for a message: its column names, quoted as values are (long ones cut,
 * invisible characters named); or, when it is not readable text (bytes that decode to nothing, control
 * characters), that plainly, never the bytes themselves.
 */
function headerFound(found: readonly string[]): string {
  const line = found.join(',');
  const unreadable = (line.match(/[\uFFFD\u0000-\u0008\u000E-\u001F\u007F]/g) ?? []).length;
  if (unreadable > 0) return 'the first line is not column names: it holds characters that are not readable text';
  const listed = found.slice(0, 12).map((name) => quoted(name));
  return `found: ${listed.join(', ')}${found.length > 12 ? ` and ${found.length - 12} more` : ''}`;
}

interface FileLines {
  /** [first data row affected, lines to add to its row number + 1], in order; usually none. */
  shifts: number[][];
  /** The line of a quote that never closes (the reader would take the rest of the file as one value). */
  unclosedQuoteLine?: number;
  /** Bytes in the longest record (a quoted value may span lines), for DuckDB's line limit. */
  longestRecord: number;
}

/**
 * Where each data row starts in the file. DuckDB numbers the rows it reads, but skips blank lines
 * and lets a quoted value span lines, so after either of those its row number and the line an
 * editor shows part company. This scan (quote-aware, like the reader) notes the points where they
 * do. It is linear in the file's length however its quotes fall: each byte is searched at most once
 * for a newline and once for a quote, the two positions only moving forward (searching ahead to the
 * newline again after every quote, as it once did, made a line of 200,000 escaped quotes take 40 s).
 * No search goes further than a window (1 MB) in one call, so that the thread can be given back
 * between slices (time-slices.ts) whatever the file holds: one `indexOf` for a quote after the
 * last one in a 76 MB file, or for the end of a 50 MB line, was itself a long task. Done before the
 * bytes are handed to DuckDB, which may take them over.
 */
async function scanLines(bytes: Uint8Array, slices: TimeSlices, onProgress?: (done: number) => void): Promise<FileLines> {
  const NEWLINE = 10, RETURN = 13, QUOTE = 34;
  const WINDOW = 1 << 20;
  const end = bytes.length;
  /**
   * The first `byte` in [from, to) (to at most a window on), or -1: the first few hundred bytes in a
   * plain loop (records are short, and a view per search would cost more), the rest by native search.
   */
  const within = (byte: number, from: number, to: number): number => {
    const near = Math.min(to, from + 256);
    for (let i = from; i < near; i += 1) if (bytes[i] === byte) return i;
    if (near === to) return -1;
    const at = bytes.subarray(near, to).indexOf(byte);
    return at === -1 ? -1 : near + at;
  };
  /** The first `byte` in [from, to), or `to` if none: a window at a time, giving the thread back between windows. */
  const find = async (byte: number, from: number, to = end): Promise<number> => {
    for (let at = from; at < to; at += WINDOW) {
      const found = within(byte, at, Math.min(to, at + WINDOW));
      if (found !== -1) return found;
      await slices.check();
    }
    return to;
  };
  /** The same, without a pause when found within the first window (nearly always: records are short). */
  const findNear = (byte: number, from: number, to = end): number | Promise<number> => {
    const found = within(byte, from, Math.min(to, from + WINDOW));
    return found !== -1 ? found : from + WINDOW >= to ? to : find(byte, from + WINDOW, to);
  };

  const shifts: number[][] = [];
  let line = 1;
  let row = -1; // the header is row 0
  let shift = 0;
  let longestRecord = 0;
  let steps = 0;
  for (let start = 0; start < end; ) {
    if ((steps += 1) % 1024 === 0) {
      onProgress?.(start / end);
      await slices.check();
    }
    const first = bytes[start];
    if (first !== NEWLINE && first !== RETURN) {
      row += 1;
      if (line - 1 - row !== shift) {
        shift = line - 1 - row;
        shifts.push([row, shift]);
      }
    }
    // This record ends at the first newline outside quotes; a quoted value may hold newlines.
    // (Awaited only when a search had to go past its first window: an await costs even on a number.)
    let found = findNear(NEWLINE, start);
    let newline = typeof found === 'number' ? found : await found;
    for (let from = start; ; ) {
      found = findNear(QUOTE, from, newline);
      const open = typeof found === 'number' ? found : await found;
      if (open === newline) break;
      found = findNear(QUOTE, open + 1);
      const close = typeof found === 'number' ? found : await found;
      if (close === end) return { shifts, unclosedQuoteLine: line, longestRecord };
      // Newlines inside the quotes belong to the value: count them as lines, not record ends.
      while (newline < close) {
        line += 1;
        found = findNear(NEWLINE, newline + 1);
        newline = typeof found === 'number' ? found : await found;
      }
      from = close + 1;
      if ((steps += 1) % 4096 === 0) await slices.check();
    }
    longestRecord = Math.max(longestRecord, newline - start);
    line += 1;
    start = newline + 1;
  }
  onProgress?.(1);
  return { shifts, longestRecord };
}

/** The line (header = line 1) on which data row `row` (1-based) starts. */
function lineOf(row: number, shifts: number[][]): number {
  let shift = 0;
  for (const [from, by] of shifts) {
    if (from! > row) break;
    shift = by!;
  }
  return row + 1 + shift;
}

/** Today as `YYYY-MM-DD` in this machine's time zone. */
function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * SQL for the date a trimmed text value holds under the accepted forms, or NULL. The plain
 * YYYY-MM-DD form, nearly every row, is told by a cheap test of its shape, without a pattern match
 * (those cost more than the rest of a row's checks); strptime is strict about digits and the
 * calendar, where a cast to DATE would read "2024-02-2x" as 2 February.
 */
const PARSED_DATE_SQL = (t: string) => `CASE
    WHEN length(${t}) = 10 AND ${t}[5] = '-' AND ${t}[8] = '-' THEN try_strptime(${t}, '%Y-%m-%d')::DATE
    WHEN regexp_full_match(${t}, '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?')
      THEN try_strptime(left(${t}, 10), '%Y-%m-%d')::DATE
    WHEN regexp_full_match(${t}, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?')
      THEN try_strptime(split_part(${t}, ' ', 1), '%d/%m/%Y')::DATE
  END`;

/** SQL: true when a text value has the shape of an accepted date (whether or not that date exists). */
const DATE_SHAPE_SQL = (t: string) =>
  `(regexp_full_match(${t}, '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ].*)?') OR regexp_full_match(${t}, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}( .*)?'))`;

/**
 * SQL: a value without surrounding spaces. trim() writes a new string for every value, which costs
 * a third of the read on a million rows; nearly every value has no spaces to trim, so look first.
 */
const TRIMMED_SQL = (v: string) => `CASE WHEN starts_with(${v}, ' ') OR ends_with(${v}, ' ') THEN trim(${v}) ELSE ${v} END`;

const INCIDENT_COLUMNS = 'incident_id VARCHAR, victim_id VARCHAR, borough VARCHAR, month_index INTEGER, day DATE';

const REPEAT_COLUMNS = 'month VARCHAR, month_index INTEGER, borough VARCHAR, victims BIGINT, repeat_victims BIGINT, incidents BIGINT';

/** Empty tables of the output shapes, so the page's queries run even before (or after a failed) load. */
async function createEmptyExtractTables(db: Database, names: ExtractNames): Promise<void> {
  await db.query(`CREATE OR REPLACE TABLE ${names.incidents} (${INCIDENT_COLUMNS})`);
  await db.query(`CREATE OR REPLACE TABLE ${names.repeatVictims} (${REPEAT_COLUMNS})`);
}

/** The text encodings read: UTF-8, or Latin-1 for the CSV a spreadsheet on Windows saves. */
type Encoding = ExtractLoadResult['encoding'];

/**
 * Reads the file into RAW as UTF-8, or, when it is not valid UTF-8, as Latin-1 (so a "£" or an
 * accented name in some column does not stop the load). Returns the encoding that worked.
 */
async function readRawText(db: Database, names: ExtractNames, read: RawRead): Promise<Encoding> {
  try {
    await readRaw(db, names, read, 'utf-8');
    return 'utf-8';
  } catch (error) {
    if (!String(error).includes('not utf-8 encoded')) throw error;
    await readRaw(db, names, read, 'latin-1');
    return 'latin-1';
  }
}

interface RawRead {
  width: number;
  positions: ColumnPositions;
  today: string;
  earliest: string;
  /** Bytes in the file's longest record: DuckDB must be told to take a line that long. */
  longestRecord: number;
}

/**
 * RAW: one row per non-blank data row, numbered in file order, values trimmed, the date parsed, and
 * a problem code for each column that can be judged on its own (NULL when fine). The borough is
 * judged after, against the registry. Rows left entirely blank (spreadsheets write them after the
 * data) are dropped silently: they hold nothing to lose. Everything per row happens in this one pass.
 */
async function readRaw(db: Database, names: ExtractNames, { width, positions, today, earliest, longestRecord }: RawRead, encoding: Encoding): Promise<void> {
  const columns = Array.from({ length: width }, (_, i) => `'c${i + 1}': 'VARCHAR'`).join(', ');
  // null_padding: a short row reads with its missing values empty (and is reported), rather than
  // failing the file; strict_mode off: a long row reads too, its surplus landing in `extra`.
  // parallel off: needed with null_padding when a quoted value spans lines (WASM runs on one thread anyway).
  // A line longer than DuckDB takes by default is read as a (bad) row like any other, rather than
  // failing the file: its buffer must be larger than the line.
  const lineLimit = longestRecord >= DUCKDB_MAX_LINE ? `, max_line_size = ${longestRecord + 1024}, buffer_size = ${2 * (longestRecord + 1024)}` : '';
  const reader = `read_csv('${names.file}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    encoding = '${encoding}', null_padding = true, strict_mode = false, parallel = false, columns = {${columns}, 'extra': 'VARCHAR'}${lineLimit})`;
  const c = (name: ExtractColumn) => `c${positions[name]}`;
  await db.query(
    `CREATE OR REPLACE TEMP TABLE ${names.raw} AS
     WITH numbered AS (
       SELECT row_number() OVER () AS row, ${TRIMMED_SQL(c('incident_id'))} AS incident_id,
         ${TRIMMED_SQL(c('victim_id'))} AS victim_id, ${TRIMMED_SQL(c('date'))} AS date_text, ${c('borough')} AS borough_text, extra
       FROM ${reader}
     ),
     parsed AS (
       SELECT *, ${PARSED_DATE_SQL('date_text')} AS day FROM numbered
       WHERE NOT (coalesce(incident_id, '') = '' AND coalesce(victim_id, '') = '' AND coalesce(date_text, '') = ''
                  AND coalesce(trim(borough_text), '') = '' AND extra IS NULL)
     )
     SELECT *,
       CASE WHEN coalesce(incident_id, '') = '' THEN 'empty' END AS incident_problem,
       CASE WHEN coalesce(victim_id, '') = '' THEN 'empty' END AS victim_problem,
       CASE WHEN coalesce(date_text, '') = '' THEN 'empty'
            WHEN day IS NULL AND ${DATE_SHAPE_SQL('date_text')} THEN 'no_such_date'
            WHEN day IS NULL THEN 'not_a_date'
            WHEN day > $1::DATE THEN 'future'
            WHEN day < $2::DATE THEN 'too_early' END AS date_problem,
       CASE WHEN extra IS NOT NULL THEN 'extra' END AS extra_problem
     FROM parsed`,
    [today, earliest],
  );
}

/**
 * Resolves every distinct borough value with the registry's own findBorough (so exactly the same
 * spellings are accepted everywhere) into BOROUGH_MAP(spelling, borough, suggestion). There are
 * only ever a few dozen distinct values; the rows themselves stay in DuckDB. Returns the spellings
 * read as another name, or null when there are too many values for a borough column.
 */
async function mapBoroughs(db: Database, names: ExtractNames, slices: TimeSlices): Promise<BoroughSpelling[] | null> {
  // Only values short enough to be a borough's name are looked up; longer ones stay unknown.
  const distinct = await db.query<{ spelling: string; rows: number }>(
    `SELECT borough_text AS spelling, count(*)::INTEGER AS rows FROM ${names.raw}
     WHERE borough_text IS NOT NULL AND length(borough_text) <= ${LONGEST_SPELLING}
     GROUP BY borough_text ORDER BY rows DESC, spelling LIMIT ${MAX_BOROUGH_SPELLINGS + 1}`,
  );
  await db.query(`CREATE OR REPLACE TEMP TABLE ${names.boroughMap} (spelling VARCHAR, borough VARCHAR, suggestion VARCHAR)`);
  if (distinct.length > MAX_BOROUGH_SPELLINGS) return null;
  // Thousands of values, each compared with every borough's spellings for a suggestion: in slices.
  const resolved: [string, SqlValue, SqlValue][] = [];
  for (const { spelling } of distinct) {
    resolved.push(resolveSpelling(spelling));
    await slices.check();
  }
  for (let i = 0; i < resolved.length; i += 300) {
    const chunk = resolved.slice(i, i + 300);
    await db.query(`INSERT INTO ${names.boroughMap} VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`, chunk.flat());
  }
  return distinct.flatMap(({ spelling, rows }, i) => {
    const borough = resolved[i]![1];
    return typeof borough === 'string' && borough !== spelling ? [{ spelling, borough, rows }] : [];
  });
}

/** [spelling, registry name or known non-borough area or null, suggestion for an unknown one or null]. */
function resolveSpelling(spelling: string): [string, SqlValue, SqlValue] {
  const borough = findBorough(spelling);
  if (borough) return [spelling, borough.name, null];
  if (isNonBoroughArea(spelling)) {
    return [spelling, NON_BOROUGH_AREAS.find((a) => spellingKey(a) === spellingKey(spelling))!, null];
  }
  return [spelling, null, nearestBorough(spelling)];
}

/** A registry name within two edits of the spelling (a typo such as "Hackny"), if there is one. */
function nearestBorough(spelling: string): string | null {
  const key = spellingKey(spelling);
  if (key.length < 4) return null;
  let best: { name: string; distance: number } | null = null;
  for (const b of BOROUGHS) {
    for (const candidate of [b.name, ...b.aliases]) {
      const other = spellingKey(candidate);
      // Two edits cannot bridge a greater difference in length: skip the work.
      if (Math.abs(other.length - key.length) > 2) continue;
      const distance = editDistance(key, other);
      if (distance <= 2 && (!best || distance < best.distance)) best = { name: b.name, distance };
    }
  }
  return best?.name ?? null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * GOOD: the rows that passed every check, the borough read as its registry name. A view, not a
 * copy: it is read twice (for repeated incident_ids, and to keep the rows), and joining the few
 * dozen borough spellings again costs less than writing a million rows out.
 */
async function createGoodView(db: Database, names: ExtractNames): Promise<void> {
  await db.query(
    `CREATE OR REPLACE TEMP VIEW ${names.good} AS
     SELECT r.row, r.incident_id, r.victim_id, m.borough, r.day
     FROM ${names.raw} r JOIN ${names.boroughMap} m ON m.spelling = r.borough_text AND m.borough IS NOT NULL
     WHERE r.incident_problem IS NULL AND r.victim_problem IS NULL AND r.date_problem IS NULL AND r.extra_problem IS NULL`,
  );
}

/**
 * PROBLEMS: one row per problem (a row can have several), with the data row, the column's position
 * in the file, a code and the offending value. A repeated incident_id is a problem of the later
 * rows only, and only among good rows, so the first good copy is the one kept.
 */
async function collectProblems(db: Database, names: ExtractNames, positions: ColumnPositions, width: number): Promise<void> {
  const perColumn = (name: Exclude<ExtractColumn, 'borough'>, code: string, value: string) =>
    `SELECT row, ${positions[name]} AS position, '${name}' AS column_name, ${code} AS code, ${value} AS value,
       NULL AS suggestion, NULL::BIGINT AS first_row FROM ${names.raw} WHERE ${code} IS NOT NULL`;
  await db.query(
    `CREATE OR REPLACE TEMP TABLE ${names.problems} AS
     ${perColumn('incident_id', 'incident_problem', 'incident_id')}
     UNION ALL ${perColumn('victim_id', 'victim_problem', 'victim_id')}
     UNION ALL ${perColumn('date', 'date_problem', 'date_text')}
     UNION ALL
     SELECT r.row, ${positions.borough}, 'borough', CASE WHEN coalesce(trim(r.borough_text), '') = '' THEN 'empty' ELSE 'unknown' END,
       r.borough_text, m.suggestion, NULL
     FROM ${names.raw} r LEFT JOIN ${names.boroughMap} m ON m.spelling = r.borough_text
     WHERE m.borough IS NULL
     UNION ALL SELECT row, ${width + 1}, NULL, 'extra', extra, NULL, NULL FROM ${names.raw} WHERE extra_problem IS NOT NULL
     UNION ALL
     SELECT row, ${positions.incident_id}, 'incident_id', 'duplicate', incident_id, NULL, first_row
     FROM ${names.repeats} WHERE row <> first_row`,
  );
}

/**
 * REPEATS(row, incident_id, first_row): the good rows whose incident_id another good row also has,
 * with the first such row. Ids are first grouped over every row with one (a plain scan, usually
 * finding none), so the join that tells good rows from bad is made only for the few repeated ids.
 */
async function findRepeats(db: Database, names: ExtractNames): Promise<void> {
  await db.query(
    `CREATE OR REPLACE TEMP TABLE ${names.repeats} AS
     WITH repeated AS (
       SELECT incident_id FROM ${names.raw} WHERE incident_problem IS NULL GROUP BY incident_id HAVING count(*) > 1
     ),
     candidates AS (
       SELECT row, incident_id FROM ${names.good} WHERE incident_id IN (SELECT incident_id FROM repeated)
     )
     SELECT row, incident_id, min(row) OVER (PARTITION BY incident_id) AS first_row FROM candidates`,
  );
}

interface ProblemRow {
  row: number;
  position: number;
  column_name: string | null;
  code: string;
  value: string | null;
  suggestion: string | null;
  first_row: number | null;
}

/**
 * A value as quoted in a message: long ones cut short, so one bad cell cannot flood the list, and any
 * character that does not show (a byte-order mark left mid-file, say) shown and named.
 */
function quoted(value: string | null): string {
  const text = value ?? '';
  const { text: shown, note } = showInvisible(text.length > 60 ? `${text.slice(0, 57)}…` : text);
  return note ? `"${shown}" (${note})` : `"${shown}"`;
}

/** Plain words for a problem code. */
function describe(p: ProblemRow, context: { width: number; today: string; earliest: string; lineOfRow: (row: number) => number }): string {
  switch (p.code) {
    case 'empty':
      return p.column_name === 'victim_id' ? 'is empty, so the incident cannot be linked to a victim' : 'is empty';
    case 'not_a_date':
      return `${quoted(p.value)} is not a date (accepted: YYYY-MM-DD, DD/MM/YYYY, or an ISO date and time)`;
    case 'no_such_date':
      return `${quoted(p.value)} is not a real calendar date`;
    case 'future':
      return `${quoted(p.value)} is after today (${context.today})`;
    case 'too_early':
      return `${quoted(p.value)} is before ${context.earliest}: is the year right?`;
    case 'unknown':
      return `${quoted(p.value)} is not a London borough${p.suggestion ? ` (did you mean "${p.suggestion}"?)` : ''}`;
    case 'extra':
      return `has more values than the header has columns (${context.width}): does a value with a comma lack its quotes?`;
    case 'duplicate':
      return `repeats incident_id ${quoted(p.value)} from line ${context.lineOfRow(p.first_row ?? 0)}; only the first is kept`;
    default:
      return p.code;
  }
}

/** Rows that passed every check, less later copies of an incident_id, typed for the measures. */
async function keepGoodRows(db: Database, names: ExtractNames): Promise<void> {
  await db.query(
    `CREATE OR REPLACE TABLE ${names.incidents} AS
     SELECT incident_id, victim_id, borough, (year(day) * 12 + month(day) - 1)::INTEGER AS month_index, day
     FROM ${names.good}
     WHERE row NOT IN (SELECT row FROM ${names.repeats} WHERE row <> first_row)`,
  );
}

interface Summary {
  rows_read: number;
  rows_used: number;
  problem_count: number;
  first_index: number | null;
  last_index: number | null;
  first_date: string | null;
  last_date: string | null;
}

async function summarise(db: Database, names: ExtractNames): Promise<Summary> {
  const [summary] = await db.query<Summary>(
    `SELECT (SELECT count(*) FROM ${names.raw})::INTEGER AS rows_read,
       count(*)::INTEGER AS rows_used,
       (SELECT count(*) FROM ${names.problems})::INTEGER AS problem_count,
       min(month_index) AS first_index, max(month_index) AS last_index,
       strftime(min(day), '%Y-%m-%d') AS first_date, strftime(max(day), '%Y-%m-%d') AS last_date
     FROM ${names.incidents}`,
  );
  return summary!;
}

const noRows = (problems: LoadProblem[]): ExtractLoadResult => ({
  rowsRead: 0,
  rowsUsed: 0,
  problems,
  problemCount: problems.length,
  firstMonth: null,
  lastMonth: null,
  firstDate: null,
  lastDate: null,
  boroughSpellings: [],
  encoding: 'utf-8',
});

/** A file DuckDB's reader refused, in plain words (csv-errors.ts): the engine's text is never shown. */
function readProblem(file: string, error: unknown): LoadProblem {
  const line = csvErrorLine(error);
  const message = `could not be read as CSV: ${csvErrorReason(error)}`;
  return line !== undefined ? { file, line, message } : { file, message };
}

const MB = 1024 * 1024;

/** A file whose first line runs on for megabytes: one line, not rows (or line ends of another kind). */
function oneLineProblem(file: string, bytes: Uint8Array): LoadProblem | null {
  const firstBreak = bytes.indexOf(10);
  if (bytes.length <= LONGEST_HEADER || (firstBreak !== -1 && firstBreak <= LONGEST_HEADER)) return null;
  const length = firstBreak === -1 ? bytes.length : firstBreak;
  const size = `${(length / MB).toFixed(length < 10 * MB ? 1 : 0)} MB`;
  // Old Mac files end lines with a carriage return alone.
  const returns = bytes.subarray(0, LONGEST_HEADER).filter((b) => b === 13).length;
  if (returns > 1) return { file, line: 1, message: `its lines end with a carriage return alone (as old Mac files do), so it reads as one line of ${size}: save it again as CSV and try again` };
  return firstBreak === -1
    ? { file, line: 1, message: `the file is one line of ${size}, with no line break: not a CSV file of rows (one row per line)` }
    : { file, line: 1, message: `the first line is ${size} long: not a CSV header (it should name the columns ${EXTRACT_COLUMNS.join(', ')})` };
}

/**
 * Loads an incident extract from its bytes (say, from a File the analyst picked) into
 * `{prefix}_incidents(incident_id, victim_id, borough, month_index, day)`. Bad rows are listed by
 * line and left out; the rest are kept. A file that cannot be read at all leaves the table empty.
 * Cancelled (options.signal), it throws the signal's reason and leaves none of its working tables.
 */
export async function loadIncidentExtract(
  db: Database,
  fileName: string,
  bytes: Uint8Array,
  options: ExtractOptions = {},
): Promise<ExtractLoadResult> {
  try {
    return await loadSteps(db, fileName, bytes, options);
  } catch (error) {
    // Cancelled: the load's results go too, so a cancelled load leaves nothing behind.
    if (options.signal?.aborted) await dropExtractTables(db, extractNames(options.prefix));
    throw error;
  }
}

async function loadSteps(db: Database, fileName: string, bytes: Uint8Array, options: ExtractOptions): Promise<ExtractLoadResult> {
  const file = fileName.split(/[/\\]/).pop() || fileName;
  const maxProblems = options.maxProblems ?? MAX_PROBLEMS_LISTED;
  const today = options.today ?? localToday();
  const earliest = options.earliest ?? '1990-01-01';
  const names = extractNames(options.prefix);
  const slices = new TimeSlices(options.signal, options.pause);
  const step = async (name: ExtractStep) => {
    options.onProgress?.(name, null);
    options.signal?.throwIfAborted();
  };
  await createEmptyExtractTables(db, names);

  const notText = utf16Problem(file, bytes) ?? binaryFileProblem(file, bytes);
  if (notText) return noRows([notText]);
  if (bytes.byteLength === 0 || new TextDecoder().decode(bytes.subarray(0, 4096)).trim() === '') {
    return noRows([{ file, message: 'the file is empty (it needs a header row and data rows)' }]);
  }
  const oneLine = oneLineProblem(file, bytes);
  if (oneLine) return noRows([oneLine]);
  const header = readHeader(bytes);
  const { positions, problems: headerProblems } = locateColumns(file, header);
  if (!positions) return noRows(headerProblems);
  // Before registering: DuckDB's worker may take the buffer over, leaving `bytes` empty.
  options.onProgress?.('scanning', 0);
  const { shifts, unclosedQuoteLine, longestRecord } = await scanLines(bytes, slices, (done) => options.onProgress?.('scanning', done));
  if (unclosedQuoteLine !== undefined) {
    return noRows([{ file, line: unclosedQuoteLine, message: 'a quote (") opens on this line and never closes, so the rest of the file cannot be read as rows' }]);
  }
  const lineOfRow = (row: number) => lineOf(row, shifts);

  await step('reading');
  await db.registerFile(names.file, bytes);
  try {
    let encoding: Encoding;
    try {
      encoding = await readRawText(db, names, { width: header.length, positions, today, earliest, longestRecord });
    } catch (error) {
      // A file DuckDB cannot read as CSV at all: say where, keep nothing.
      return noRows([readProblem(file, error)]);
    }
    await step('checking');
    const spellings = await mapBoroughs(db, names, slices);
    if (!spellings) {
      return noRows([{
        file,
        column: positions.borough,
        columnName: 'borough',
        message: `has more than ${MAX_BOROUGH_SPELLINGS.toLocaleString('en-GB')} different values: is it the borough column?`,
      }]);
    }
    await step('checking');
    await createGoodView(db, names);
    await findRepeats(db, names);
    await step('checking');
    await collectProblems(db, names, positions, header.length);
    await step('checking');
    await keepGoodRows(db, names);
    await step('checking');

    const listed = await db.query<ProblemRow>(
      `SELECT row::INTEGER AS row, position::INTEGER AS position, column_name, code,
         CASE WHEN length(value) > ${QUOTED_VALUE_LIMIT} THEN left(value, ${QUOTED_VALUE_LIMIT}) ELSE value END AS value,
         suggestion, first_row::INTEGER AS first_row
       FROM ${names.problems} ORDER BY row, position LIMIT ${Math.max(0, Math.floor(maxProblems))}`,
    );
    const context = { width: header.length, today, earliest, lineOfRow };
    const problems: LoadProblem[] = listed.map((p) => ({
      file,
      line: lineOfRow(p.row),
      column: p.position,
      ...(p.column_name ? { columnName: p.column_name } : {}),
      message: describe(p, context),
    }));
    const summary = await summarise(db, names);
    if (summary.problem_count > problems.length) {
      problems.push({ file, message: `and ${summary.problem_count - problems.length} more problems (only the first ${problems.length} are listed)` });
    }
    if (summary.rows_read === 0) problems.push({ file, line: 2, message: 'the file has a header but no data rows' });
    return {
      rowsRead: summary.rows_read,
      rowsUsed: summary.rows_used,
      problems,
      problemCount: summary.problem_count,
      firstMonth: summary.first_index === null ? null : monthFromIndex(summary.first_index),
      lastMonth: summary.last_index === null ? null : monthFromIndex(summary.last_index),
      firstDate: summary.first_date,
      lastDate: summary.last_date,
      boroughSpellings: spellings,
      encoding,
    };
  } finally {
    await db.query(`DROP VIEW IF EXISTS ${names.good}`);
    for (const table of [names.raw, names.repeats, names.problems, names.boroughMap]) await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.dropFile(names.file);
  }
}

/** Drops every table of a load (its results too). */
export async function dropExtractTables(db: Database, names: ExtractNames): Promise<void> {
  await db.query(`DROP VIEW IF EXISTS ${names.good}`);
  for (const table of [names.raw, names.repeats, names.problems, names.boroughMap, names.history, names.changes, names.incidents, names.repeatVictims]) {
    await db.query(`DROP TABLE IF EXISTS ${table}`);
  }
}

/**
 * Makes a finished load's results the ones the page reads (extract_incidents, extract_repeat_victims),
 * replacing the previous extract's, and drops the load's own tables. Each statement replaces a whole
 * table, so a query never sees half of one.
 */
export async function publishExtract(db: Database, prefix: string): Promise<void> {
  const from = extractNames(prefix);
  const to = extractNames(PUBLISHED_PREFIX);
  if (prefix === PUBLISHED_PREFIX) return;
  await db.query(`CREATE OR REPLACE TABLE ${to.incidents} AS SELECT * FROM ${from.incidents}`);
  await db.query(`CREATE OR REPLACE TABLE ${to.repeatVictims} AS SELECT * FROM ${from.repeatVictims}`);
  await dropExtractTables(db, from);
}

/** Empties the tables the page reads (the reader went back to the published figures). */
export async function clearPublishedExtract(db: Database): Promise<void> {
  await createEmptyExtractTables(db, extractNames(PUBLISHED_PREFIX));
}

/** SQL: `YYYY-MM` for a month index (the inverse of MONTH_INDEX_SQL). */
const MONTH_TEXT_SQL = (index: string) => `printf('%04d-%02d', ${index} // 12, ${index} % 12 + 1)`;

/**
 * Writes `extract_repeat_victims(month, month_index, borough, victims, repeat_victims, incidents)`
 * from extract_incidents: for each month, the 12 months ending that month, for London (borough =
 * 'London') and each borough that appears. A victim counts in every borough where they had an
 * incident in the window, and once in London. Every (month, area) has a row, zeros included.
 *
 * Months run from the extract's first month + 11 to its last month. Earlier windows would reach
 * back before the extract starts: their counts would be too low, and their repeat share lower
 * still (a repeat needs two incidents inside the window), so a trend drawn from them would show a
 * rise that is only the extract filling up. They are left out, as the published table leaves them.
 * (The last month may be part-covered if the extract was taken mid-month: see lastDate.)
 *
 * How it stays fast (one sort of the incidents, not a scan per month): each incident, next to the
 * victim's previous two in the same area, says for which window-end months it adds a victim, a
 * repeat victim and an incident. Those are runs of consecutive months, so each run becomes +1 where
 * it starts and -1 after it ends, and a running sum over the months gives the counts.
 */
export async function computeRepeatMeasures(db: Database, prefix = PUBLISHED_PREFIX, signal?: AbortSignal): Promise<void> {
  const names = extractNames(prefix);
  // Before any extract is loaded there is nothing to compute, but the page's queries must still run.
  await db.query(`CREATE TABLE IF NOT EXISTS ${names.incidents} (${INCIDENT_COLUMNS})`);
  try {
    await incidentHistory(db, names);
    signal?.throwIfAborted();
    await windowChanges(db, names);
    signal?.throwIfAborted();
    await runningTotals(db, names);
  } finally {
    for (const table of [names.history, names.changes]) await db.query(`DROP TABLE IF EXISTS ${table}`);
  }
}

/**
 * HISTORY(area, m, p1, p2, n): every incident twice, once in its borough and once in 'London', with
 * the months of the same victim's previous two incidents in that area (in month order; NULL when
 * there are fewer). In London a victim's incidents in all boroughs are one history, so they count
 * once. Only the months matter from here on, so incidents alike in (area, m, p1, p2) are counted
 * together: a million incidents become some tens of thousands of rows.
 */
async function incidentHistory(db: Database, names: ExtractNames): Promise<void> {
  await db.query(
    `CREATE OR REPLACE TEMP TABLE ${names.history} AS
     WITH by_area AS (
       SELECT borough AS area, victim_id, month_index FROM ${names.incidents}
       UNION ALL
       SELECT ${literal(LONDON)}, victim_id, month_index FROM ${names.incidents}
     )
     SELECT area, m, p1, p2, count(*) AS n
     FROM (
       SELECT area, month_index AS m, lag(month_index, 1) OVER w AS p1, lag(month_index, 2) OVER w AS p2
       FROM by_area
       WINDOW w AS (PARTITION BY area, victim_id ORDER BY month_index)
     )
     GROUP BY ALL`,
  );
}

/**
 * The run of window-end months for which an incident (month m; the victim's previous two in the
 * area in months p1 and p2) adds to each count. A window ending at E holds month m when
 * m <= E <= m + 11.
 * - incidents: every window that holds it, [m, m + 11].
 * - victims: the victim is in every window holding any of their incidents. Counting, for each
 *   incident, only the windows the previous one did not already cover, [max(m, p1 + 12), m + 11],
 *   counts each victim once per window (and nothing for a second incident in the same month).
 * - repeat victims: a window holds two or more of the victim's incidents exactly when it holds two
 *   consecutive ones, this and the previous: [m, p1 + 11]. Again only the part the previous pair,
 *   which ended at p2 + 11, did not cover is new: [max(m, p2 + 12), p1 + 11].
 * A run whose first month is after its last is empty (so is one with NULL ends).
 */
const RUNS: readonly { measure: 'victims' | 'repeat_victims' | 'incidents'; first: string; last: string }[] = [
  { measure: 'incidents', first: 'm', last: 'm + 11' },
  { measure: 'victims', first: 'greatest(m, coalesce(p1 + 12, m))', last: 'm + 11' },
  { measure: 'repeat_victims', first: 'greatest(m, coalesce(p2 + 12, m))', last: 'p1 + 11' },
];

/** CHANGES(area, month_index, measure, change): +1 per run starting at a month, -1 per run that ended the month before. */
async function windowChanges(db: Database, names: ExtractNames): Promise<void> {
  const parts = RUNS.flatMap(({ measure, first, last }) => [
    `SELECT area, ${first} AS month_index, '${measure}' AS measure, sum(n) AS change
     FROM ${names.history} WHERE ${first} <= ${last} GROUP BY ALL`,
    `SELECT area, ${last} + 1 AS month_index, '${measure}' AS measure, -sum(n) AS change
     FROM ${names.history} WHERE ${first} <= ${last} GROUP BY ALL`,
  ]);
  await db.query(`CREATE OR REPLACE TEMP TABLE ${names.changes} AS ${parts.join('\nUNION ALL\n')}`);
}

/** The running sums of CHANGES over every month, kept from the first full window to the last month. */
async function runningTotals(db: Database, names: ExtractNames): Promise<void> {
  const nonBoroughs = NON_BOROUGH_AREAS.map(literal).join(', ');
  await db.query(
    `CREATE OR REPLACE TABLE ${names.repeatVictims} AS
     WITH bounds AS (SELECT min(month_index) AS first_month, max(month_index) AS last_month FROM ${names.incidents}),
     areas AS (SELECT DISTINCT area FROM ${names.changes} WHERE area NOT IN (${nonBoroughs})),
     changes AS (
       SELECT area, month_index,
         sum(change) FILTER (WHERE measure = 'victims') AS victims,
         sum(change) FILTER (WHERE measure = 'repeat_victims') AS repeat_victims,
         sum(change) FILTER (WHERE measure = 'incidents') AS incidents
       FROM ${names.changes} GROUP BY area, month_index
     ),
     grid AS (
       SELECT a.area, g.range AS month_index
       FROM areas a CROSS JOIN bounds b CROSS JOIN range(b.first_month, b.last_month + 1) AS g
     ),
     totals AS (
       SELECT g.area, g.month_index,
         sum(coalesce(c.victims, 0)) OVER w AS victims,
         sum(coalesce(c.repeat_victims, 0)) OVER w AS repeat_victims,
         sum(coalesce(c.incidents, 0)) OVER w AS incidents
       FROM grid g LEFT JOIN changes c ON c.area = g.area AND c.month_index = g.month_index
       WINDOW w AS (PARTITION BY g.area ORDER BY g.month_index ROWS UNBOUNDED PRECEDING)
     )
     SELECT ${MONTH_TEXT_SQL('t.month_index')} AS month, t.month_index::INTEGER AS month_index, t.area AS borough,
       t.victims::BIGINT AS victims, t.repeat_victims::BIGINT AS repeat_victims, t.incidents::BIGINT AS incidents
     FROM totals t, bounds b
     WHERE t.month_index >= b.first_month + 11
     ORDER BY t.area <> ${literal(LONDON)}, t.area, t.month_index`,
  );
}
