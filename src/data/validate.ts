/**
 * Checks one CSV, already registered with DuckDB, against the data contract, entirely in SQL.
 * Returns problems that name the file, line and column; an empty list means the file is valid.
 *
 * Line numbers count the header as line 1, so the first data row is line 2 (as a spreadsheet or
 * text editor shows it).
 */
// With extensions: the Vite config loads this file too (the support list's problems), and its
// loader asks for them.
import { findBorough } from './boroughs.js';
import type { ColumnSpec, TableSpec } from './contract';
import type { Database } from './database';
import { identifier, literal } from './sql.js';

export interface LoadProblem {
  file: string;
  line?: number;
  /** 1-based column position in the file. */
  column?: number;
  columnName?: string;
  message: string;
}

/** At most this many problems are listed per file; the count of the rest is reported. */
export const MAX_PROBLEMS_LISTED = 20;

/** Longest part of a bad value (or header name) a problem quotes. */
export const ECHOED_VALUE_LIMIT = 100;

/** SQL that yields a problem description for a bad value of this column, or NULL when it is fine. */
function problemExpression(spec: ColumnSpec, table: TableSpec): string {
  const v = identifier(spec.name);
  // A value is echoed in the message, shortened: a 200 KB cell must not make a 200 KB notice.
  const quoted = `'"' || CASE WHEN length(${v}) > ${ECHOED_VALUE_LIMIT} THEN left(${v}, ${ECHOED_VALUE_LIMIT}) || '…' ELSE ${v} END || '"'`;
  const empty = `WHEN ${v} IS NULL OR trim(${v}) = '' THEN 'is empty'`;
  switch (spec.kind) {
    case 'month':
      return `CASE ${empty}
        WHEN NOT regexp_full_match(${v}, '[0-9]{4}-(0[1-9]|1[0-2])') THEN ${quoted} || ' is not a month written YYYY-MM'
        WHEN ${v} > $current_month THEN ${quoted} || ' is in the future'
        ELSE NULL END`;
    case 'year':
      return `CASE ${empty}
        WHEN NOT regexp_full_match(${v}, '(19|20)[0-9]{2}') THEN ${quoted} || ' is not a year such as 2024'
        ELSE NULL END`;
    case 'financial_year':
      return `CASE ${empty}
        WHEN NOT regexp_full_match(${v}, '[0-9]{4}/[0-9]{2}')
          OR (CAST(substr(${v}, 1, 4) AS INTEGER) + 1) % 100 <> CAST(substr(${v}, 6, 2) AS INTEGER)
          THEN ${quoted} || ' is not a financial year such as 2023/24'
        ELSE NULL END`;
    case 'borough': {
      const allowed = table.allowsLondonRow ? `kind IN ('borough', 'non_borough', 'london')` : `kind IN ('borough', 'non_borough')`;
      return `CASE ${empty}
        WHEN ${v} NOT IN (SELECT name FROM ref_areas WHERE ${allowed}) THEN ${quoted} || ' is not the ONS name of a London borough'
        ELSE NULL END`;
    }
    case 'enum': {
      const values = (spec.values ?? []).map(literal).join(', ');
      return `CASE ${empty}
        WHEN ${v} NOT IN (${values}) THEN ${quoted} || ' is not one of: ' || ${literal((spec.values ?? []).join(', '))}
        ELSE NULL END`;
    }
    case 'count':
      return `CASE ${empty}
        WHEN NOT regexp_full_match(${v}, '[0-9]{1,12}') THEN ${quoted} || ' is not a whole number of 0 or more'
        ELSE NULL END`;
  }
}

/** Columns that identify a row: every column that is not a count. */
export function keyColumns(table: TableSpec): ColumnSpec[] {
  return table.columns.filter((c) => c.kind !== 'count');
}

interface ProblemRow {
  line: number;
  position: number;
  column_name: string;
  problem: string;
  value: string | null;
}

/**
 * Validates `raw` (a staging table with a `line` column and the contract's columns as VARCHAR).
 * The header must already have been checked.
 */
export async function validateRows(
  db: Database,
  table: TableSpec,
  file: string,
  rawTable: string,
  currentMonth: string,
): Promise<{ problems: LoadProblem[]; total: number }> {
  const perColumn = table.columns.map(
    (spec, i) =>
      `SELECT line, ${i + 1} AS position, ${literal(spec.name)} AS column_name, ${identifier(spec.name)} AS value,
        ${problemExpression(spec, table).replaceAll('$current_month', '$1')} AS problem
       FROM ${rawTable}`,
  );
  const keys = keyColumns(table).map((c) => identifier(c.name)).join(', ');
  const duplicates = `
    SELECT line, 1 AS position, ${literal(table.columns[0]!.name)} AS column_name, NULL AS value,
      'repeats the row on line ' || first_line || ' (same ' || ${literal(keyColumns(table).map((c) => c.name).join(', '))} || ')' AS problem
    FROM (SELECT line, min(line) OVER (PARTITION BY ${keys}) AS first_line,
                 row_number() OVER (PARTITION BY ${keys} ORDER BY line) AS n FROM ${rawTable})
    WHERE n > 1`;
  const all = `SELECT * FROM (${[...perColumn, duplicates].join('\nUNION ALL\n')}) WHERE problem IS NOT NULL`;
  // $1 is the current month, bound only where a month column uses it (DuckDB rejects unused parameters).
  // The checks run once into a temporary table; listing and counting then read that.
  const params = all.includes('$1') ? [currentMonth] : [];
  const found = `${rawTable}_problems`;
  await db.query(`CREATE OR REPLACE TEMP TABLE ${found} AS ${all}`, params);
  try {
    const rows = await db.query<ProblemRow>(
      `SELECT line::INTEGER AS line, position, column_name, problem, value FROM ${found} ORDER BY line, position LIMIT ${MAX_PROBLEMS_LISTED}`,
    );
    const [{ total } = { total: 0 }] = await db.query<{ total: number }>(`SELECT count(*)::INTEGER AS total FROM ${found}`);
    return { problems: rows.map((r) => toProblem(file, r)), total };
  } finally {
    await db.query(`DROP TABLE IF EXISTS ${found}`);
  }
}

function toProblem(file: string, r: ProblemRow): LoadProblem {
  return { file, line: r.line, column: r.position, columnName: r.column_name, message: withSuggestion(r) };
}
/** For an unknown borough, suggest the registry name a known spelling refers to. */
function withSuggestion(row: ProblemRow): string {
  if (row.column_name === 'borough' && row.value && row.problem.includes('not the ONS name')) {
    const match = findBorough(row.value);
    if (match) return `${row.problem} (did you mean "${match.name}"?)`;
  }
  return row.problem;
}

/** The one-line description of a problem: "offences.csv, line 5, column 4 (offences): …". */
export function describeProblem(p: LoadProblem): string {
  const where = [p.file];
  if (p.line !== undefined) where.push(`line ${p.line}`);
  if (p.column !== undefined) where.push(`column ${p.column}${p.columnName ? ` (${p.columnName})` : ''}`);
  return `${where.join(', ')}: ${p.message}`;
}
