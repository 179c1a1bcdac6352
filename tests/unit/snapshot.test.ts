/**
 * The build's snapshot (src/data/snapshot.ts) must leave DuckDB exactly as loading the CSVs and
 * working out the summaries would: every table, row for row and type for type, whatever order the
 * pages ask for tables in, and after a reader's own file has replaced one of them.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest, TableName } from '../../src/data/contract';
import { prepareDatabase, replaceTable, sha256 } from '../../src/data/load';
import { Snapshot, snapshotPath, summaryInputs } from '../../src/data/snapshot';
import { SUMMARIES } from '../../src/data/summaries';
import { TableLoader } from '../../src/data/table-loader';
import { folderReader, readManifest, REPO_ROOT } from './helpers/fixtures';
import { startNodeDatabase, type NodeDatabase } from './helpers/node-database';

const SAMPLE = path.join(REPO_ROOT, 'data');
const ID = 'test-build';

let manifest: Manifest;
/** What the build would write: every table and summary, as Arrow IPC, by path. */
const files = new Map<string, Uint8Array>();
/** And each summary's columns, as the build records them. */
const columns: Record<string, [string, string][]> = {};
/** The SHA-256 of each file the build read, as it records them (FirstView.validated). */
const validated: Record<string, string> = {};
/** Each table's rows as the build loaded them. */
const rows: Record<string, number> = {};

beforeAll(async () => {
  manifest = await readManifest(SAMPLE);
  const build = await startNodeDatabase();
  await prepareDatabase(build);
  const loader = new TableLoader(build, manifest, folderReader(SAMPLE), '2026-11');
  await loader.ensure(manifest.files.map((f) => f.table));
  const tables = [...loader.status.values()].filter((s) => s.loaded).map((s) => s.table as string);
  for (const status of loader.status.values()) if (status.loaded) rows[status.table] = status.rows;
  for (const f of manifest.files) validated[f.path] = (await sha256(await folderReader(SAMPLE)(f.path)))!;
  for (const name of [...tables, ...SUMMARIES.map((s) => s.name)]) files.set(snapshotPath(ID, name), build.exportArrow(`SELECT * FROM ${name}`));
  for (const { name } of SUMMARIES) {
    columns[name] = (await build.query<{ c: string; t: string }>(`SELECT column_name AS c, column_type AS t FROM (DESCRIBE ${name})`)).map((r) => [r.c, r.t]);
  }
}, 120_000);

/** Two databases: one reading the snapshot, one loading CSVs only; and which tables came as Arrow. */
async function pair(readFile = folderReader(SAMPLE)) {
  const read: string[] = [];
  const viaSnapshot = await startNodeDatabase();
  const recordingArrow: NodeDatabase = {
    ...viaSnapshot,
    loadArrow: (table, ipc) => (read.push(table), viaSnapshot.loadArrow(table, ipc)),
  };
  const snapshot = new Snapshot({ id: ID, tables: [...files.keys()].map((p) => path.basename(p, '.arrows')), columns, rows }, async (p) => {
    const bytes = files.get(p);
    if (!bytes) throw new Error(`HTTP 404 for ${p}`);
    return bytes;
  });
  const plain = await startNodeDatabase();
  await prepareDatabase(recordingArrow, snapshot);
  await prepareDatabase(plain);
  // Empty summaries made from the recorded columns, as their SQL makes them of empty tables.
  await expectSameDatabase(recordingArrow, plain);
  return {
    read,
    snapshot: recordingArrow,
    plain,
    snapshotLoader: new TableLoader(recordingArrow, manifest, readFile, '2026-11', validated, snapshot),
    plainLoader: new TableLoader(plain, manifest, readFile, '2026-11'),
  };
}

/** Every table of `a` equals the same table of `b`: column names and types, and rows (as multisets); all but which tables hold the build's rows. */
async function expectSameDatabase(a: NodeDatabase, b: NodeDatabase): Promise<void> {
  const names = (db: NodeDatabase) => db.query<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE NOT temporary AND table_name NOT LIKE 'other_%' AND table_name <> 'data_versions' ORDER BY 1`);
  const tables = (await names(a)).map((r) => r.name);
  expect(tables).toEqual((await names(b)).map((r) => r.name));
  for (const table of tables) {
    const shape = (db: NodeDatabase) => db.query(`SELECT column_name, column_type FROM (DESCRIBE ${table})`);
    expect(await shape(a), table).toEqual(await shape(b));
    await b.loadArrow(`other_${table}`, a.exportArrow(`SELECT * FROM ${table}`));
    const [{ differ } = { differ: -1 }] = await b.query<{ differ: number }>(
      `SELECT ((SELECT count(*) FROM (SELECT * FROM ${table} EXCEPT ALL SELECT * FROM other_${table})) +
               (SELECT count(*) FROM (SELECT * FROM other_${table} EXCEPT ALL SELECT * FROM ${table})))::INTEGER AS differ`,
    );
    expect(differ, `rows of ${table} that differ`).toBe(0);
    await b.query(`DROP TABLE other_${table}`);
  }
}

describe('the build snapshot', () => {
  it('gives every table and summary exactly as loading the CSVs does, step by step, and is used', async () => {
    const { read, snapshot, plain, snapshotLoader, plainLoader } = await pair();
    // The order the browser asks in: the first view's tables, then a page's, then the rest.
    const steps: TableName[][] = [['population', 'offences'], ['proceedings'], manifest.files.map((f) => f.table)];
    for (const step of steps) {
      await snapshotLoader.ensure(step);
      await plainLoader.ensure(step);
      await expectSameDatabase(snapshot, plain);
    }
    expect(read).toEqual(expect.arrayContaining(['offences', 'population', 'proceedings', 'summary_offence_months', 'summary_justice_categories']));
    for (const f of manifest.files) expect(snapshotLoader.status.get(f.table)).toEqual(plainLoader.status.get(f.table));
  }, 120_000);

  it('works a summary out by its SQL when a table it reads is not the build’s', async () => {
    const { read, snapshot, plain, snapshotLoader, plainLoader } = await pair();
    const both = async (act: (db: NodeDatabase, loader: TableLoader) => Promise<unknown>) => {
      await act(snapshot, snapshotLoader);
      await act(plain, plainLoader);
      await expectSameDatabase(snapshot, plain);
    };
    // Proceedings alone first: the justice summaries also read offences, not loaded yet.
    await both((_, loader) => loader.ensure(['proceedings']));
    expect(read).not.toContain('summary_justice_categories');
    await both((_, loader) => loader.ensure(['offences']));
    expect(read).toContain('summary_justice_categories');
    // A reader's own offences replace the build's; what is worked out from offences must follow them.
    const own = new TextEncoder().encode('month,borough,category,offences\n2023-01,Croydon,rape,5\n2023-02,Croydon,rape,7\n');
    await both(async (db) => expect((await replaceTable(db, 'offences', 'mine.csv', own.slice(), '2026-11')).problems).toEqual([]));
    read.length = 0;
    // Population's summaries (rates, London's population) read offences too.
    await both((_, loader) => loader.ensure(['population']));
    expect(read).toEqual(['population']);
  }, 120_000);

  it('loads a CSV the host serves changed since the build from the CSV, and what comes from it by SQL', async () => {
    const sample = folderReader(SAMPLE);
    const changed = async (file: string) => {
      const bytes = await sample(file);
      // One more rape offence in Croydon's first month: a file the build never read.
      return file === 'offences.csv' ? new TextEncoder().encode(new TextDecoder().decode(bytes).replace(/\n(\d{4}-\d{2}),Croydon,rape,(\d+)/, (_, m, n) => `\n${m},Croydon,rape,${Number(n) + 1}`)) : bytes;
    };
    expect(new TextDecoder().decode(await changed('offences.csv'))).not.toEqual(new TextDecoder().decode(await sample('offences.csv')));
    const { read, snapshot, plain, snapshotLoader, plainLoader } = await pair(changed);
    await snapshotLoader.ensure(['population', 'offences', 'proceedings']);
    await plainLoader.ensure(['population', 'offences', 'proceedings']);
    await expectSameDatabase(snapshot, plain);
    expect(read).toContain('proceedings');
    expect(read.filter((name) => name === 'offences' || summaryInputs(name).includes('offences'))).toEqual([]);
  }, 120_000);

  it('falls back to the CSV when a table’s snapshot cannot be downloaded', async () => {
    const failing = new Snapshot({ id: ID, tables: ['offences'] }, async () => {
      throw new Error('HTTP 500');
    });
    const db = await startNodeDatabase();
    await prepareDatabase(db);
    const loader = new TableLoader(db, manifest, folderReader(SAMPLE), '2026-11', validated, failing);
    await loader.ensure(['offences']);
    expect(loader.status.get('offences')?.loaded).toBe(true);
    expect(loader.problems).toEqual([]);
  }, 60_000);
});
