/**
 * Area warming: while a view is on show, its questions are asked about the other areas in the
 * background. Checked two ways: which queries reach the database (a fake that logs them), and, with
 * real DuckDB over the fixture, that a switch is then answered from memory with exactly the rows
 * asking DuckDB directly gives.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { areaWarming, nearestFirst } from '../../src/data/area-warming';
import { memoizingDatabase, type Database, type SqlValue } from '../../src/data/database';
import { headlineFigures, monthlyTrend, victimsBySexAndAge } from '../../src/data/queries/recording';
import { FIXTURES, loadFolder } from './helpers/fixtures';
import { startNodeDatabase } from './helpers/node-database';

/** A warming database whose view (area A) has asked `sql` once; its log then starts empty. */
async function viewThatAsked(sql: string) {
  const inner = loggingDatabase();
  const warming = areaWarming(inner);
  warming.viewStarted('A');
  await warming.db.query(sql, ['A']);
  inner.asked.length = 0;
  return { inner, warming };
}

/** A database that answers nothing of interest and logs what it was asked. */
function loggingDatabase(): Database & { asked: [string, SqlValue[]][] } {
  const asked: [string, SqlValue[]][] = [];
  return {
    asked,
    async query<Row extends object>(sql: string, params: readonly SqlValue[] = []) {
      asked.push([sql, [...params]]);
      return [] as Row[];
    },
    registerFile: async () => undefined,
    dropFile: async () => undefined,
  };
}

describe('nearestFirst', () => {
  it('orders the other areas by distance in the list, the next before the previous', () => {
    expect(nearestFirst(['A', 'B', 'C', 'D', 'E'], 'C')).toEqual(['D', 'B', 'E', 'A']);
    expect(nearestFirst(['A', 'B', 'C', 'D', 'E'], 'A')).toEqual(['B', 'C', 'D', 'E']);
    expect(nearestFirst(['A', 'B', 'C', 'D', 'E'], 'E')).toEqual(['D', 'C', 'B', 'A']);
  });

  it('lists every area once, leaving out the one on show', () => {
    const areas = Array.from({ length: 34 }, (_, i) => `Area ${i}`);
    for (const from of areas) {
      const ordered = nearestFirst(areas, from);
      expect(ordered).toHaveLength(33);
      expect(new Set(ordered)).toEqual(new Set(areas.filter((a) => a !== from)));
    }
  });
});

describe('areaWarming', () => {
  it('asks the view’s questions that name its area again for each other area, nearest first', async () => {
    const inner = loggingDatabase();
    const warming = areaWarming(inner);
    warming.viewStarted('B');
    await warming.db.query('SELECT trend WHERE area = ?', ['B', 'domestic_abuse']);
    await warming.db.query('SELECT map WHERE month = ?', [300]); // the same for every area: not asked again
    await warming.db.query('SELECT trend WHERE area = ?', ['B', 'domestic_abuse']); // asked twice, warmed once
    inner.asked.length = 0;
    await warming.viewDrawn(['A', 'B', 'C', 'D']);
    expect(inner.asked).toEqual([
      ['SELECT trend WHERE area = ?', ['C', 'domestic_abuse']],
      ['SELECT trend WHERE area = ?', ['A', 'domestic_abuse']],
      ['SELECT trend WHERE area = ?', ['D', 'domestic_abuse']],
    ]);
  });

  it('stops asking when the reader moves to another view, and notes only the new view’s questions', async () => {
    const { inner, warming } = await viewThatAsked('SELECT old WHERE area = ?');
    const first = warming.viewDrawn(['A', 'B', 'C', 'D']);
    warming.viewStarted('C'); // before the first background question is answered
    await first;
    expect(inner.asked).toEqual([['SELECT old WHERE area = ?', ['B']]]);
    await warming.db.query('SELECT new WHERE area = ?', ['C']);
    inner.asked.length = 0;
    await warming.viewDrawn(['A', 'B', 'C', 'D']);
    expect(inner.asked.map(([sql]) => sql)).toEqual(['SELECT new WHERE area = ?', 'SELECT new WHERE area = ?', 'SELECT new WHERE area = ?']);
  });

  it('goes on with the latest round only, when two views finish drawing in quick succession', async () => {
    const { inner, warming } = await viewThatAsked('SELECT 1 WHERE area = ?');
    const first = warming.viewDrawn(['A', 'B', 'C', 'D']);
    const second = warming.viewDrawn(['A', 'B', 'C', 'D']);
    expect(await first).toBe(false);
    expect(await second).toBe(true);
    // The first asked about B before it stopped; the second asked about every area once.
    expect(inner.asked.map(([, params]) => params[0])).toEqual(['B', 'B', 'C', 'D']);
  });

  it('keeps going past a question that fails', async () => {
    const asked: SqlValue[] = [];
    const warming = areaWarming({
      async query<Row extends object>(_sql: string, params: readonly SqlValue[] = []) {
        asked.push(params[0]!);
        if (params[0] === 'B') throw new Error('no such area');
        return [] as Row[];
      },
      registerFile: async () => undefined,
      dropFile: async () => undefined,
    });
    warming.viewStarted('A');
    await warming.db.query('SELECT 1 WHERE area = ?', ['A']);
    await warming.viewDrawn(['A', 'B', 'C']);
    expect(asked).toEqual(['A', 'B', 'C']);
  });

  describe('over DuckDB', () => {
    let duckdb: Database;
    beforeAll(async () => {
      duckdb = await startNodeDatabase();
      const result = await loadFolder(duckdb, path.join(FIXTURES, 'basic'));
      expect(result.problems).toEqual([]);
    });

    it('answers a switch from memory, with the rows DuckDB gives when asked directly', async () => {
      let reachedDuckDB = 0;
      const counting: Database = {
        query: (sql, params) => ((reachedDuckDB += 1), duckdb.query(sql, params)),
        registerFile: (name, bytes) => duckdb.registerFile(name, bytes),
        dropFile: (name) => duckdb.dropFile(name),
      };
      const warming = areaWarming(memoizingDatabase(counting));
      const areas = ['London', 'Camden', 'Croydon', 'Westminster'];
      const view = (db: Database, area: string) =>
        Promise.all([headlineFigures(db, area, '2024-06'), monthlyTrend(db, area, 'sexual_offences'), victimsBySexAndAge(db, area, 'sexual_offences', '2024-06')]);

      warming.viewStarted('Camden');
      await view(warming.db, 'Camden');
      await warming.viewDrawn(areas);
      const afterWarming = reachedDuckDB;
      for (const area of areas) {
        warming.viewStarted(area);
        const remembered = await view(warming.db, area);
        expect(remembered).toEqual(await view(duckdb, area));
      }
      expect(reachedDuckDB).toBe(afterWarming);
    });
  });
});
