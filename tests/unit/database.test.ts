import { describe, expect, it } from 'vitest';
import { batchingWrites, isReadOnly, memoizingDatabase, type Database, type SqlValue } from '../../src/data/database';
import { startNodeDatabase } from './helpers/node-database';

/** A stand-in database that counts what reaches it and answers with the call number. */
function countingDatabase() {
  const calls: [string, readonly SqlValue[]][] = [];
  const db: Database = {
    async query<Row extends object>(sql: string, params: readonly SqlValue[] = []) {
      calls.push([sql, params]);
      return [{ call: calls.length }] as unknown as Row[];
    },
    async registerFile() {},
    async dropFile() {},
  };
  return { db, calls };
}

describe('memoizingDatabase', () => {
  it('answers a repeated read-only query from memory, and a different parameter afresh', async () => {
    const { db, calls } = countingDatabase();
    const memo = memoizingDatabase(db);
    expect(await memo.query('SELECT ?', ['a'])).toEqual([{ call: 1 }]);
    expect(await memo.query('SELECT ?', ['a'])).toEqual([{ call: 1 }]);
    expect(await memo.query('SELECT ?', ['b'])).toEqual([{ call: 2 }]);
    expect(await memo.query('WITH x AS (SELECT 1) SELECT * FROM x')).toEqual([{ call: 3 }]);
    expect(calls).toHaveLength(3);
  });

  it('forgets everything when a statement writes or a file is registered', async () => {
    const { db, calls } = countingDatabase();
    const memo = memoizingDatabase(db);
    await memo.query('SELECT 1');
    await memo.query('CREATE OR REPLACE TABLE t AS SELECT 1');
    expect(await memo.query('SELECT 1')).toEqual([{ call: 3 }]);
    await memo.registerFile('x.csv', new Uint8Array());
    expect(await memo.query('SELECT 1')).toEqual([{ call: 4 }]);
    expect(calls.map(([sql]) => sql)).toEqual(['SELECT 1', 'CREATE OR REPLACE TABLE t AS SELECT 1', 'SELECT 1', 'SELECT 1']);
  });

  it('keeps at most the given number of answers, forgetting the least recently used', async () => {
    const { db, calls } = countingDatabase();
    const memo = memoizingDatabase(db, 2);
    await memo.query('SELECT ?', [1]);
    await memo.query('SELECT ?', [2]);
    await memo.query('SELECT ?', [1]);
    await memo.query('SELECT ?', [3]);
    await memo.query('SELECT ?', [1]);
    await memo.query('SELECT ?', [2]);
    expect(calls.map(([, p]) => p[0])).toEqual([1, 2, 3, 2]);
  });

  it('tells reading statements from writing ones', () => {
    expect(['SELECT 1', '  with a as (select 1) select 1', 'DESCRIBE t'].every(isReadOnly)).toBe(true);
    expect(['CREATE TABLE t (a INT)', 'INSERT INTO t VALUES (1)', 'DROP TABLE t'].some(isReadOnly)).toBe(false);
  });
});

describe('batchingWrites', () => {
  it('sends waiting writes as one script with the next read, or before a parameterised statement or a file, in order', async () => {
    const { db, calls } = countingDatabase();
    const batch = batchingWrites(db);
    await batch.query('CREATE TABLE a (x INT) -- a comment to the end of the line');
    await batch.query('INSERT INTO a VALUES (1)');
    expect(calls).toHaveLength(0);
    expect(await batch.query('SELECT * FROM a')).toEqual([{ call: 1 }]);
    await batch.query('SELECT 2');
    await batch.query('DELETE FROM a');
    await batch.query('INSERT INTO a VALUES (?)', [2]);
    await batch.query('DROP TABLE a');
    await batch.registerFile('x.csv', new Uint8Array());
    await batch.query('CREATE TABLE b (y INT)');
    await batch.flush();
    await batch.flush();
    expect(calls.map(([sql]) => sql)).toEqual([
      'CREATE TABLE a (x INT) -- a comment to the end of the line\n;\nINSERT INTO a VALUES (1)\n;\nSELECT * FROM a',
      'SELECT 2',
      'DELETE FROM a',
      'INSERT INTO a VALUES (?)',
      'DROP TABLE a',
      'CREATE TABLE b (y INT)',
    ]);
  });

  it('runs on DuckDB as the statements would one by one, and a failing one throws at the read or flush that sent it', async () => {
    const duckdb = await startNodeDatabase();
    const batch = batchingWrites(duckdb);
    await batch.query('CREATE TABLE a (x INT) -- the next statement is on its own line');
    await batch.query('INSERT INTO a VALUES (1), (2)');
    expect(await batch.query('SELECT sum(x)::INTEGER AS s FROM a')).toEqual([{ s: 3 }]);
    await batch.query('INSERT INTO a VALUES (4)');
    await batch.query('INSERT INTO missing VALUES (1)');
    await batch.query('INSERT INTO a VALUES (8)');
    await expect(batch.flush()).rejects.toThrow(/missing/);
    expect(await duckdb.query('SELECT sum(x)::INTEGER AS s FROM a')).toEqual([{ s: 7 }]);
    await batch.query('INSERT INTO missing VALUES (1)');
    await expect(batch.query('SELECT sum(x)::INTEGER AS s FROM a')).rejects.toThrow(/missing/);
    await batch.query('INSERT INTO a VALUES (16)');
    expect(await batch.query('SELECT sum(x)::INTEGER AS s FROM a')).toEqual([{ s: 23 }]);
  });
});
