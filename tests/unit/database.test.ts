import { describe, expect, it } from 'vitest';
import { isReadOnly, memoizingDatabase, type Database, type SqlValue } from '../../src/data/database';

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
