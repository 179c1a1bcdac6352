/**
 * The first view, before DuckDB-WASM is ready. The build runs the real pages against the real data
 * in DuckDB (Node build, same wasm), records every query's answer for the default views, and ships
 * them as data/first-view.json. In the browser the pages ask a HandoverDatabase: it answers from
 * those recordings at once, and from DuckDB once that has started and loaded the data. The answers
 * are the same SQL's, so the figures before and after the hand-over are identical.
 */
import type { Manifest, TableName } from './contract';
import type { Database, SqlValue } from './database';
import type { MonthRange } from './queries/common';

export interface FirstView {
  /** The data this was computed from: it must match the manifest the site serves. */
  manifest: Manifest;
  offences: MonthRange | null;
  /** Query strings (as stateToSearch writes them) of the views recorded. */
  views: string[];
  /** answerKey(sql, params) → rows. */
  answers: Record<string, unknown[]>;
}

export function answerKey(sql: string, params: readonly SqlValue[] = []): string {
  return JSON.stringify([sql.replace(/\s+/g, ' ').trim(), params]);
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
 * Answers recorded queries at once; any other query waits for the real database, and for the
 * tables the page has asked for so far to be loaded into it.
 */
export class HandoverDatabase implements Database, TableSource {
  private real: { db: Database; tables: TableSource } | null = null;
  private readonly realReady: Promise<{ db: Database; tables: TableSource }>;
  private resolveReal!: (real: { db: Database; tables: TableSource }) => void;
  private readonly requested = new Set<TableName>();

  constructor(private readonly answers: Record<string, unknown[]>) {
    this.realReady = new Promise((resolve) => (this.resolveReal = resolve));
  }

  /** From now on every query goes to DuckDB. */
  handOver(db: Database, tables: TableSource): void {
    this.real = { db, tables };
    this.resolveReal(this.real);
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
      const recorded = this.answers[answerKey(sql, params)];
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
