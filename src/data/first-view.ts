/**
 * The first view, before DuckDB-WASM is ready. The build runs the real pages against the real data
 * in DuckDB (Node build, same wasm), records every query's answer for the default views, and ships
 * them as data/first-view.json. It then asks the very questions those views asked again for every
 * other area and period (as area-warming.ts does in the browser for areas) and writes the answers as
 * small files, one per page and area and one per page and period (data/answers/), which a shared
 * link's view fetches beside the first view. In the browser the pages ask a HandoverDatabase: it
 * answers from those recordings at once, and from DuckDB once that has started and loaded the data.
 * The answers are the same SQL's, so the figures before and after the hand-over are identical.
 */
import type { Manifest, TableName } from './contract';
import type { Database, SqlValue } from './database';
import type { MonthRange } from './queries/common';
import type { SnapshotIndex } from './snapshot';

/** A query's rows as column names then one array of values per row (half the bytes of objects). */
export type PackedRows = [string[], ...unknown[][]];
/** answerKey(sql, params) → rows. */
export type PackedAnswers = Record<string, PackedRows>;

export interface FirstView {
  /** The data this was computed from: it must match the manifest the site serves. */
  manifest: Manifest;
  offences: MonthRange | null;
  /** Query strings (as stateToSearch writes them) of the views recorded. */
  views: string[];
  /** Names this recording: answer files (below) are used only when they carry the same id. */
  id: string;
  answers: PackedAnswers;
  /** Data files the build loaded and found valid, by path: their SHA-256 (load.ts, Validated). */
  validated: Record<string, string>;
  /** The pages with answer files: one for every area in the Area list, and one for each of these periods. */
  recorded: Record<string, { periods: string[] }>;
  /** The build's tables, read by DuckDB without parsing or working out (snapshot.ts). */
  snapshot?: SnapshotIndex;
}

/**
 * One file of answers for other views: a page's questions about one area, or about one period.
 * Each query's SQL is written once (a page asks the same question of every period).
 */
export interface AnswerFile {
  id: string;
  sql: string[];
  /** [index in sql, parameters, rows]. */
  answers: [number, SqlValue[], PackedRows][];
}

export function answerKey(sql: string, params: readonly SqlValue[] = []): string {
  return JSON.stringify([sql.replace(/\s+/g, ' ').trim(), params]);
}

export function packRows(rows: readonly object[]): PackedRows {
  const columns = rows.length > 0 ? Object.keys(rows[0]!) : [];
  return [columns, ...rows.map((row) => columns.map((c) => (row as Record<string, unknown>)[c]))];
}

export function unpackRows([columns, ...rows]: PackedRows): Record<string, unknown>[] {
  return rows.map((values) => Object.fromEntries(columns.map((c, i) => [c, values[i]])));
}

/** An area as a file name: "Barking and Dagenham" → "barking-and-dagenham". */
export function areaFileName(area: string): string {
  return area.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export interface ViewChoice {
  page: string;
  area: string;
  period: string | null;
}

/**
 * The answer files (paths under data/) holding a view's questions that the first view does not:
 * its area's (every period), and its period's about every area (the map). The default views —
 * London, the latest year — are in the first view itself. Only files the build wrote are named.
 */
export function answerFilesFor(recorded: FirstView['recorded'], view: ViewChoice): string[] {
  const page = recorded[view.page];
  if (!page) return [];
  const files: string[] = [];
  if (view.area !== 'London' || view.period !== null) files.push(`answers/${view.page}/area/${areaFileName(view.area)}.json`);
  if (view.period !== null && page.periods.includes(view.period)) files.push(`answers/${view.page}/period/${view.period}.json`);
  return files;
}

/** Wraps a database and records the answer to every query, for the build. */
export function recordingDatabase(inner: Database, answers: Record<string, unknown[]>): Database {
  return {
    async query<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
      const rows = await inner.query<Row>(sql, params);
      answers[answerKey(sql, params)] = rows;
      return rows;
    },
    registerFile: (name, bytes) => inner.registerFile(name, bytes),
    dropFile: (name) => inner.dropFile(name),
  };
}

/** The part of the table loader pages use. */
export interface TableSource {
  ensure(tables: readonly TableName[]): Promise<void>;
}

/**
 * Answers recorded queries at once; any other query waits for answer files still arriving, then for
 * the real database, and for the tables the page has asked for so far to be loaded into it.
 */
export class HandoverDatabase implements Database, TableSource {
  private real: { db: Database; tables: TableSource } | null = null;
  private readonly realReady: Promise<{ db: Database; tables: TableSource }>;
  private resolveReal!: (real: { db: Database; tables: TableSource }) => void;
  private readonly requested = new Set<TableName>();
  /** Unpacked when first asked for, once: a card keeps its drawing when handed the very same rows. */
  private readonly unpacked = new Map<string, unknown[]>();
  private readonly packed = new Map<string, PackedRows>();
  /** Answer files on their way. */
  private arriving: Promise<unknown> = Promise.resolve();

  private readonly fetched = new Set<string>();

  /**
   * `firstView` null: no recording (every query waits for DuckDB). `fetchFile` fetches an answer
   * file by its path under data/, resolving null when it cannot.
   */
  constructor(
    private readonly firstView: FirstView | null,
    private readonly fetchFile: (path: string) => Promise<AnswerFile | null>,
  ) {
    this.realReady = new Promise((resolve) => (this.resolveReal = resolve));
    for (const [key, rows] of Object.entries(firstView?.answers ?? {})) this.packed.set(key, rows);
  }

  /**
   * A view is about to be drawn: until DuckDB takes over, fetch the answer files for its area and
   * period (each once), and have its queries wait for them before they wait for DuckDB.
   */
  prepareFor(view: ViewChoice): void {
    if (this.real || !this.firstView) return;
    const files = answerFilesFor(this.firstView.recorded, view).filter((path) => !this.fetched.has(path));
    if (files.length === 0) return;
    files.forEach((path) => this.fetched.add(path));
    const arrived = Promise.all(files.map((path) => this.fetchFile(path).then((file) => file && this.add(file), () => undefined)));
    this.arriving = Promise.all([this.arriving, arrived]);
  }

  /** Resolves when the answer files asked for so far have arrived (or failed). */
  async arrived(): Promise<void> {
    await this.arriving;
  }

  /** A file's answers, when it is this recording's (not one from another build). */
  private add(file: AnswerFile): void {
    if (file.id !== this.firstView?.id) return;
    for (const [sql, params, rows] of file.answers) {
      const key = answerKey(file.sql[sql]!, params);
      if (!this.packed.has(key)) this.packed.set(key, rows);
    }
  }

  private recorded(key: string): unknown[] | undefined {
    let rows = this.unpacked.get(key);
    if (!rows) {
      const packed = this.packed.get(key);
      if (!packed) return undefined;
      rows = unpackRows(packed);
      this.unpacked.set(key, rows);
    }
    return rows;
  }

  /** From now on every query goes to DuckDB. */
  handOver(db: Database, tables: TableSource): void {
    this.real = { db, tables };
    this.packed.clear();
    this.unpacked.clear();
    this.resolveReal(this.real);
  }

  /** The tables the pages drawn so far asked for (to fetch with the first tables, rather than after). */
  get requestedTables(): TableName[] {
    return [...this.requested];
  }

  get handedOver(): boolean {
    return this.real !== null;
  }

  async ensure(tables: readonly TableName[]): Promise<void> {
    if (this.real) return this.real.tables.ensure(tables);
    tables.forEach((t) => this.requested.add(t));
  }

  async query<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    if (!this.real) {
      const key = answerKey(sql, params);
      let recorded = this.recorded(key);
      if (!recorded) {
        await this.arriving;
        if (!this.real) recorded = this.recorded(key);
      }
      if (recorded) return recorded as Row[];
    }
    const real = await this.realReady;
    await real.tables.ensure([...this.requested]);
    return real.db.query<Row>(sql, params);
  }

  async registerFile(name: string, bytes: Uint8Array): Promise<void> {
    return (await this.realReady).db.registerFile(name, bytes);
  }

  async dropFile(name: string): Promise<void> {
    return (await this.realReady).db.dropFile(name);
  }
}
