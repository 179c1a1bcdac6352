/**
 * The hostile fixture through the loader in DuckDB: every file is rejected, every problem names
 * file, line and column and quotes the value exactly, and no value is ever taken as SQL.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../src/data/contract';
import type { Database } from '../../src/data/database';
import type { LoadResult } from '../../src/data/load';
import { XSS_PAYLOADS } from '../fixtures/hostile/payloads';
import { FIXTURES, loadFolder } from './helpers/fixtures';
import { startNodeDatabase } from './helpers/node-database';

const HOSTILE = path.join(FIXTURES, 'hostile');
let db: Database;
let result: LoadResult;

beforeAll(async () => {
  db = await startNodeDatabase();
  result = await loadFolder(db, HOSTILE);
}, 60_000);

describe('hostile fixture', () => {
  it('carries a payload in every column of every contract table', () => {
    for (const table of TABLES) {
      const lines = readFileSync(path.join(HOSTILE, `${table.name}.csv`), 'utf8').trimEnd().split('\n');
      expect(lines[0]).toBe(table.columns.map((c) => c.name).join(','));
      const problems = result.problems.filter((p) => p.file === `${table.name}.csv`);
      expect(new Set(problems.map((p) => p.columnName))).toEqual(new Set(table.columns.map((c) => c.name)));
    }
  });

  it('rejects every file, naming file, line and column and quoting each value exactly', () => {
    expect(result.tables.every((t) => !t.loaded && t.rows === 0)).toBe(true);
    for (const table of TABLES) {
      const problems = result.problems.filter((p) => p.file === `${table.name}.csv`);
      expect(problems.map((p) => p.line)).toEqual(XSS_PAYLOADS.map((_, i) => i + 2));
      problems.forEach((p, i) => {
        expect(p.column).toBe((i % table.columns.length) + 1);
        expect(p.message.startsWith(`"${XSS_PAYLOADS[i]}" `)).toBe(true);
      });
    }
  });

  it('takes no value as SQL: every table still exists, empty and of the contract shape', async () => {
    for (const table of TABLES) {
      const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table.name}`)) as [{ n: number }];
      expect(n).toBe(0);
      const columns = await db.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = ?`, [table.name]);
      for (const c of table.columns) expect(columns.map((r) => r.column_name)).toContain(c.name);
    }
  });
});
