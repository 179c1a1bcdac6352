/**
 * A borough switch asks DuckDB the same questions as the view on show, about another area. While a
 * reader looks at a view, those questions are asked about the other areas in the background, one at
 * a time and nearest in the Area list first, so that the remembered answers (memoizingDatabase) are
 * there when the reader moves on: a switch then draws at once, without waiting on the worker.
 *
 * Nothing new is computed: the very queries the page asks are asked again with only the area
 * changed, so the figures are the ones the page would get by asking itself.
 */
import type { Database, SqlValue } from './database';

interface Question {
  sql: string;
  params: readonly SqlValue[];
}

export interface AreaWarming {
  /** The database pages ask: every query passes through; read-only ones asked during a view are noted. */
  db: Database;
  /** A view of `area` starts drawing: background questions stop, and the view's own are noted afresh. */
  viewStarted(area: string): void;
  /**
   * The view has drawn: asks its questions about each of `areas` (nearest to the view's area first)
   * in the background, until the next view starts. Resolves true when all are answered, false when
   * a newer view stopped it.
   */
  viewDrawn(areas: readonly string[]): Promise<boolean>;
}

export function areaWarming(inner: Database): AreaWarming {
  let area: string | null = null;
  // Keyed as memoizingDatabase keys its answers: each question once, however often the view asks it.
  let asked = new Map<string, Question>();
  // Which round of background questions may go on: a newer view, or a newer round, stops them.
  let generation = 0;

  return {
    db: {
      query<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
        if (area !== null && params.includes(area)) asked.set(JSON.stringify([sql, params]), { sql, params });
        return inner.query<Row>(sql, params);
      },
      registerFile: (name, bytes) => inner.registerFile(name, bytes),
      dropFile: (name) => inner.dropFile(name),
    },
    viewStarted(next) {
      generation += 1;
      area = next;
      asked = new Map();
    },
    async viewDrawn(areas) {
      // The latest call alone goes on (two views drawn in quick succession both call this).
      const mine = ++generation;
      const from = area;
      const questions = [...asked.values()];
      if (from === null) return true;
      for (const other of nearestFirst(areas, from)) {
        for (const question of questions) {
          if (generation !== mine) return false;
          const params = question.params.map((p) => (p === from ? other : p));
          // One at a time: a reader's own question then waits behind one small query at most.
          // A failure is the page's to report when it asks; here it only means nothing is remembered.
          await inner.query(question.sql, params).catch(() => undefined);
        }
      }
      return generation === mine;
    },
  };
}

/**
 * The areas other than `from`, ordered by their distance from it in the list: next, previous, the
 * one after next, … — the order a reader stepping through the Area list or a presentation meets them.
 */
export function nearestFirst(areas: readonly string[], from: string): string[] {
  const at = areas.indexOf(from);
  if (at < 0) return [...areas];
  const ordered: string[] = [];
  for (let step = 1; ordered.length < areas.length - 1; step += 1) {
    if (at + step < areas.length) ordered.push(areas[at + step]!);
    if (at - step >= 0) ordered.push(areas[at - step]!);
  }
  return ordered;
}
