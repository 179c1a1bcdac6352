/**
 * Loads the CSVs named in data/manifest.json into typed DuckDB tables, validating each against the
 * contract. A file that fails leaves an empty table of the right shape (so every query still runs)
 * and a list of problems naming file, line and column; the other files load as normal.
 */
import { TABLES, type Manifest, type ManifestFile, type TableName, type TableSpec } from './contract';
import { batchingWrites, type Database } from './database';
import { clearCoverage, createCoverageTable, recordCoverage, type CoverageSource } from './coverage';
import { createReferenceTables } from './reference';
import { refreshSummaries } from './summaries';
import { createVersionTable, emptySummariesFrom, forgetVersion, markFromSnapshot, summariesFrom, type Snapshot } from './snapshot';
import { utf16Problem } from './encoding';
import { csvErrorLine, csvErrorReason } from './csv-errors';
import { binaryFileProblem } from './file-kind';
import { TimeSlices } from './time-slices';
import Papa from 'papaparse';
import { identifier, literal, MONTH_INDEX_SQL } from './sql';
import { ECHOED_VALUE_LIMIT, validateRows, MAX_PROBLEMS_LISTED, type LoadProblem } from './validate';

export interface TableStatus {
  table: TableName;
  file: string;
  /** Rows loaded (0 when the file failed or was not supplied). */
  rows: number;
  loaded: boolean;
}

export interface LoadResult {
  tables: TableStatus[];
  problems: LoadProblem[];
}

/** Reads a file named in the manifest (fetch in the browser, fs in tests). Throws on failure. */
export type FileReader = (path: string) => Promise<Uint8Array>;

/**
 * Files the build loaded and found valid (scripts/first-view.ts), by path: the SHA-256 of their
 * bytes. A file with those very bytes is loaded without being validated again at every start.
 */
export type Validated = Record<string, string>;

/** SHA-256 of the bytes, in hex; null where the browser offers no digest (an insecure context). */
export async function sha256(bytes: Uint8Array): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Typed column definitions, plus the integer helper columns queries use for windows. */
function typedSelect(spec: TableSpec, source: string): string {
  const columns = spec.columns.flatMap((c) => {
    const col = identifier(c.name);
    switch (c.kind) {
      case 'count':
        return [`CAST(${col} AS BIGINT) AS ${col}`];
      case 'year':
        return [`CAST(${col} AS INTEGER) AS ${col}`];
      case 'month':
        return [`${col}`, `${MONTH_INDEX_SQL(col)} AS month_index`];
      case 'financial_year':
        return [`${col}`, `CAST(substr(${col}, 1, 4) AS INTEGER) AS fy_start`];
      default:
        return [`${col}`];
    }
  });
  return `SELECT ${columns.join(', ')} FROM ${source}`;
}

/** An empty table of the contract's shape, so that queries on a missing or failed file return nothing. */
async function createEmptyTable(db: Database, spec: TableSpec): Promise<void> {
  const placeholders = spec.columns.map((c) => `NULL::VARCHAR AS ${identifier(c.name)}`).join(', ');
  await db.query(`CREATE OR REPLACE TABLE ${spec.name} AS ${typedSelect(spec, `(SELECT ${placeholders}) AS empty`)} LIMIT 0`);
}

/** Lower-cased, trimmed header names (a byte-order mark or stray spaces must not fail a file). */
function normaliseHeader(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase();
}

async function loadOneTable(
  db: Database,
  spec: TableSpec,
  path: string,
  bytes: Uint8Array,
  currentMonth: string,
  origin: Omit<CoverageSource, 'file'>,
  /** The build validated these very bytes: read them straight into the typed table. */
  validated = false,
): Promise<{ rows: number; problems: LoadProblem[] }> {
  const file = path.split('/').pop() ?? path;
  const load = (loadsStarted += 1);
  const registered = `${spec.name}_${load}.csv`;
  const raw = `raw_${spec.name}_${load}`;
  // Before anything reads the bytes as UTF-8 (unixLineEnds would damage UTF-16 line ends).
  const notText = utf16Problem(file, bytes) ?? binaryFileProblem(file, bytes);
  if (notText) return { rows: 0, problems: [notText] };
  bytes = await unixLineEnds(bytes);
  if (bytes.byteLength === 0 || new TextDecoder().decode(bytes.subarray(0, 4096)).trim() === '') {
    return { rows: 0, problems: [{ file, message: 'the file is empty (it needs a header row and data rows)' }] };
  }
  // Header first, read by us rather than DuckDB's sniffer (which may take a ragged row for the
  // header): a missing or renamed column makes every row meaningless, so stop there.
  const found = readHeader(bytes);
  const headerProblems = checkHeader(spec, file, found);
  if (headerProblems.length > 0) return { rows: 0, problems: headerProblems };

  // Registering may transfer the bytes to DuckDB's worker, leaving `bytes` empty: read them first.
  await db.registerFile(registered, bytes);
  try {

    // Every column as text, so that bad values are reported by validation rather than failing the read.
    const columns = found.map((name) => `${literal(name)}: 'VARCHAR'`).join(', ');
    const reader = `read_csv('${registered}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${columns}})`;
    if (validated) {
      // The same typed table the checked rows would give, without the checks the build made.
      await forgetVersion(db, spec.name);
      await db.query(`CREATE OR REPLACE TABLE ${spec.name} AS ${typedSelect(spec, reader)}`);
      const [{ n } = { n: 0 }] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${spec.name}`);
      await recordCoverage(db, spec.name, { ...origin, file });
      await refreshSummaries(db, spec.name);
      return { rows: n, problems: [] };
    }
    await db.query(`CREATE OR REPLACE TEMP TABLE ${raw} AS SELECT row_number() OVER () + 1 AS line, * FROM ${reader}`);
    const [{ n } = { n: 0 }] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${raw}`);
    if (n === 0) return { rows: 0, problems: [{ file, line: 2, message: 'the file has a header but no data rows' }] };

    const { problems, total } = await validateRows(db, spec, file, raw, currentMonth);
    if (total > problems.length) {
      problems.push({ file, message: `and ${total - problems.length} more problems (only the first ${MAX_PROBLEMS_LISTED} are listed)` });
    }
    if (problems.length > 0) return { rows: 0, problems };

    await forgetVersion(db, spec.name);
    await db.query(`CREATE OR REPLACE TABLE ${spec.name} AS ${typedSelect(spec, raw)}`);
    // What the table now covers, before the summaries that read it are worked out again.
    await recordCoverage(db, spec.name, { ...origin, file });
    await refreshSummaries(db, spec.name);
    return { rows: n, problems: [] };
  } catch (error) {
    return { rows: 0, problems: [csvReadProblem(file, error)] };
  } finally {
    await db.query(`DROP TABLE IF EXISTS ${raw}`);
    await db.dropFile(registered);
  }
}

/**
 * Every line end as LF. DuckDB's reader takes one kind of line end per file and rejects a file that
 * mixes them (a row added in another editor, say) without naming a line; mixed ends are harmless.
 * A reader's own file may be 100 MB of CRLF lines: the carriage returns are found with the native
 * indexOf and the text between them copied whole, in slices (time-slices.ts), into a buffer of the
 * exact size (so there is no last copy of the whole file), and the page stays responsive.
 */
export async function unixLineEnds(bytes: Uint8Array, slices = new TimeSlices()): Promise<Uint8Array> {
  const CR = 0x0d, LF = 0x0a;
  let at = bytes.indexOf(CR);
  if (at === -1) return bytes;
  // First count the CRLF pairs (each loses a byte), then copy.
  let pairs = 0;
  for (let steps = 1; at !== -1; at = bytes.indexOf(CR, at + 1), steps += 1) {
    if (bytes[at + 1] === LF) pairs += 1;
    if (steps % 4096 === 0) await slices.check();
  }
  const out = new Uint8Array(bytes.length - pairs);
  let n = 0;
  let from = 0;
  at = bytes.indexOf(CR);
  for (let steps = 1; at !== -1; at = bytes.indexOf(CR, from), steps += 1) {
    out.set(bytes.subarray(from, at), n);
    n += at - from;
    // CRLF: the LF that follows stays; a CR alone becomes an LF.
    if (bytes[at + 1] !== LF) out[n++] = LF;
    from = at + 1;
    if (steps % 4096 === 0) await slices.check();
  }
  out.set(bytes.subarray(from), n);
  return out;
}

/** Each load's working table and file get a number of their own, so two loads never share one. */
let loadsStarted = 0;

/** The header row's names, normalised. */
function readHeader(bytes: Uint8Array): string[] {
  const head = new TextDecoder().decode(bytes.subarray(0, 64 * 1024));
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  const parsed = Papa.parse<string[]>(firstLine, { delimiter: ',' });
  return (parsed.data[0] ?? []).map(normaliseHeader);
}

/** A header name as a problem quotes it: shortened, like a bad value. */
const shortName = (name: string) => (name.length > ECHOED_VALUE_LIMIT ? `${name.slice(0, ECHOED_VALUE_LIMIT)}…` : name);

/** The header's names for a message: the first dozen, then how many more. */
function foundList(found: string[]): string {
  const listed = found.slice(0, 12).map(shortName).join(', ');
  return found.length > 12 ? `${listed} and ${found.length - 12} more` : listed;
}

function checkHeader(spec: TableSpec, file: string, found: string[]): LoadProblem[] {
  const problems = checkHeaderNames(spec, file, found);
  // A wrong file may have thousands of columns: list as many problems as validation does.
  if (problems.length <= MAX_PROBLEMS_LISTED) return problems;
  return [
    ...problems.slice(0, MAX_PROBLEMS_LISTED),
    { file, line: 1, message: `and ${problems.length - MAX_PROBLEMS_LISTED} more problems in the header (only the first ${MAX_PROBLEMS_LISTED} are listed)` },
  ];
}

function checkHeaderNames(spec: TableSpec, file: string, found: string[]): LoadProblem[] {
  const problems: LoadProblem[] = [];
  const expected = spec.columns.map((c) => c.name);
  spec.columns.forEach((c, i) => {
    if (!found.includes(c.name)) {
      problems.push({
        file,
        line: 1,
        column: i + 1,
        columnName: c.name,
        message: `the header has no "${c.name}" column (expected: ${expected.join(', ')}; found: ${foundList(found)})`,
      });
    }
  });
  found.forEach((name, i) => {
    if (!expected.includes(name)) {
      problems.push({ file, line: 1, column: i + 1, columnName: shortName(name), message: `"${shortName(name)}" is not a column of ${file} in the data contract` });
    } else if (found.indexOf(name) !== i) {
      problems.push({ file, line: 1, column: i + 1, columnName: shortName(name), message: `the column "${shortName(name)}" appears twice` });
    }
  });
  return problems;
}

/** DuckDB's CSV errors (ragged rows, unterminated quotes) name the line; keep that, and say why in plain words (csv-errors.ts). */
function csvReadProblem(file: string, error: unknown): LoadProblem {
  const text = error instanceof Error ? error.message : String(error);
  const line = csvErrorLine(error);
  const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(text);
  if (line !== undefined && columns) {
    return { file, line, message: `has ${columns[2]} values where the header has ${columns[1]} columns` };
  }
  console.warn(firstLine(error));
  const message = `could not be read as CSV: ${csvErrorReason(error)}`;
  return line !== undefined ? { file, line, message } : { file, message };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const gist = text.split('\n').slice(0, 3).join(' ').trim();
  // DuckDB quotes the offending line, which may be a megabyte long.
  return gist.length > 300 ? `${gist.slice(0, 300)}…` : gist;
}

/**
 * Creates the reference tables and an empty table of every contract table, so all queries run at once.
 * With the build's snapshot, the (empty) summaries are created from the columns it recorded.
 */
export async function prepareDatabase(database: Database, snapshot: Snapshot | null = null): Promise<void> {
  const db = batchingWrites(database);
  await createReferenceTables(db);
  await createVersionTable(db);
  await createCoverageTable(db);
  for (const spec of TABLES) await createEmptyTable(db, spec);
  await refreshSummaries(db, undefined, snapshot ? emptySummariesFrom(db, snapshot) : undefined);
  await db.flush();
}

/** Fetches and loads one contract table as the manifest names it (absent from the manifest: stays empty). */
export async function loadTable(
  db: Database,
  manifest: Manifest,
  table: TableName,
  readFile: FileReader,
  currentMonth: string,
  validated: Validated = {},
): Promise<{ status: TableStatus; problems: LoadProblem[] }> {
  const spec = TABLES.find((t) => t.name === table)!;
  const entry = manifest.files.find((f) => f.table === table);
  const file = entry?.path ?? `${table}.csv`;
  if (!entry) return { status: { table, file, rows: 0, loaded: false }, problems: [] };
  let bytes: Uint8Array;
  try {
    bytes = await readFile(entry.path);
  } catch (error) {
    return { status: { table, file, rows: 0, loaded: false }, problems: [{ file, message: `could not be loaded: ${firstLine(error)}` }] };
  }
  // Hashed before loading: registering the bytes may hand them to DuckDB's worker.
  const checkedAtBuild = validated[entry.path] !== undefined && (await sha256(bytes)) === validated[entry.path];
  const result = await loadOneTable(db, spec, entry.path, bytes, currentMonth, fileOrigin(manifest, entry), checkedAtBuild);
  const loaded = result.rows > 0;
  if (!loaded) {
    // In place of whatever the table held, the build's rows included (prepareDatabase's empty tables
    // need no such step: nothing is marked yet).
    await forgetVersion(db, spec.name);
    await createEmptyTable(db, spec);
    await clearCoverage(db, table);
    await refreshSummaries(db, spec.name);
  }
  return { status: { table, file, rows: result.rows, loaded }, problems: result.problems };
}

/**
 * Loads one contract table as the build wrote it (snapshot.ts), with its coverage and the summaries
 * worked out from it. Throws when the snapshot's file cannot be had or read (the caller then loads
 * the CSV).
 */
export async function loadTableFromSnapshot(
  database: Database,
  manifest: Manifest,
  table: TableName,
  snapshot: Snapshot,
): Promise<{ status: TableStatus; problems: LoadProblem[] }> {
  const entry = manifest.files.find((f) => f.table === table);
  if (!entry || !database.loadArrow) throw new Error(`${table} is not in the snapshot`);
  const file = entry.path.split('/').pop() ?? entry.path;
  await database.loadArrow(table, await snapshot.bytes(table));
  const db = batchingWrites(database);
  const n = snapshot.rows(table) ?? (await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`))[0]?.n ?? 0;
  // These writes go to DuckDB with the summaries' first question.
  await markFromSnapshot(db, table, snapshot.id);
  await recordCoverage(db, table, { ...fileOrigin(manifest, entry), file });
  await refreshSummaries(db, table, summariesFrom(db, snapshot));
  await db.flush();
  return { status: { table, file: entry.path, rows: n, loaded: n > 0 }, problems: [] };
}

/** Where a manifest's file comes from, as coverage records it. */
function fileOrigin(manifest: Manifest, entry: ManifestFile): Omit<CoverageSource, 'file'> {
  return {
    origin: manifest.sample ? 'sample' : 'published',
    source: entry.source,
    ...(manifest.provenance ? { provenance: manifest.provenance } : {}),
  };
}

/**
 * Replaces one table with a file from the reader's own computer, only if the file is valid: a file
 * with problems leaves the table as it was (the problems say why). `from` names the reader's files
 * (and, for published files imported in the browser, which months each supplied).
 */
export async function replaceTable(
  db: Database,
  table: TableName,
  file: string,
  bytes: Uint8Array,
  currentMonth: string,
  from: Omit<CoverageSource, 'file' | 'origin'> = { source: 'your file' },
): Promise<{ rows: number; problems: LoadProblem[] }> {
  const spec = TABLES.find((t) => t.name === table)!;
  return loadOneTable(db, spec, file, bytes, currentMonth, { ...from, origin: 'yours' });
}

/**
 * Creates the reference tables and loads every contract table the manifest lists. Tables it does
 * not list are created empty (imported data may lack some), without a problem being reported.
 */
export async function loadTables(
  db: Database,
  manifest: Manifest,
  readFile: FileReader,
  currentMonth: string,
): Promise<LoadResult> {
  await prepareDatabase(db);
  const results = [];
  for (const spec of TABLES) results.push(await loadTable(db, manifest, spec.name, readFile, currentMonth));
  return { tables: results.map((r) => r.status), problems: results.flatMap((r) => r.problems) };
}
