/**
 * Loads the CSVs named in data/manifest.json into typed DuckDB tables, validating each against the
 * contract. A file that fails leaves an empty table of the right shape (so every query still runs)
 * and a list of problems naming file, line and column; the other files load as normal.
 */
import { TABLES, type Manifest, type TableName, type TableSpec } from './contract';
import type { Database } from './database';
import { clearCoverage, createCoverageTable, recordCoverage, type CoverageSource } from './coverage';
import { createReferenceTables } from './reference';
import { refreshSummaries } from './summaries';
import { utf16Problem } from './encoding';
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
  const registered = `${spec.name}.csv`;
  const raw = `raw_${spec.name}`;
  // Before anything reads the bytes as UTF-8 (unixLineEnds would damage UTF-16 line ends).
  const utf16 = utf16Problem(file, bytes);
  if (utf16) return { rows: 0, problems: [utf16] };
  bytes = unixLineEnds(bytes);
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
 */
export function unixLineEnds(bytes: Uint8Array): Uint8Array {
  if (!bytes.includes(0x0d)) return bytes;
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte !== 0x0d) out[n++] = byte;
    else if (bytes[i + 1] !== 0x0a) out[n++] = 0x0a;
  }
  return out.slice(0, n);
}

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

/** DuckDB's CSV errors (ragged rows, unterminated quotes) name the line; keep that and the gist. */
function csvReadProblem(file: string, error: unknown): LoadProblem {
  const text = error instanceof Error ? error.message : String(error);
  const line = /CSV Error on Line: (\d+)/.exec(text)?.[1];
  const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(text);
  if (line && columns) {
    return { file, line: Number(line), message: `has ${columns[2]} values where the header has ${columns[1]} columns` };
  }
  return line ? { file, line: Number(line), message: `could not be read as CSV: ${firstLine(error)}` } : { file, message: `could not be read as CSV: ${firstLine(error)}` };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const gist = text.split('\n').slice(0, 3).join(' ').trim();
  // DuckDB quotes the offending line, which may be a megabyte long.
  return gist.length > 300 ? `${gist.slice(0, 300)}…` : gist;
}

/** Creates the reference tables and an empty table of every contract table, so all queries run at once. */
export async function prepareDatabase(db: Database): Promise<void> {
  await createReferenceTables(db);
  await createCoverageTable(db);
  for (const spec of TABLES) await createEmptyTable(db, spec);
  await refreshSummaries(db);
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
  const result = await loadOneTable(db, spec, entry.path, bytes, currentMonth, {
    origin: manifest.sample ? 'sample' : 'published',
    source: entry.source,
    ...(manifest.provenance ? { provenance: manifest.provenance } : {}),
  }, checkedAtBuild);
  const loaded = result.rows > 0;
  if (!loaded) {
    await createEmptyTable(db, spec);
    await clearCoverage(db, table);
    await refreshSummaries(db, spec.name);
  }
  return { status: { table, file, rows: result.rows, loaded }, problems: result.problems };
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
