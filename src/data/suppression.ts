/**
 * Small-number suppression for a two-way table of counts (age band × sex, rolling year × outcome),
 * as UK official statistics do it (GSS / ONS guidance on disclosure control). Pure: no DOM, no DuckDB.
 *
 * The rules, with threshold T (default 10):
 *
 * 1. Primary: a count with 0 < count < T is not shown ("fewer than T"). True zeros are shown as 0, as
 *    ONS and GSS tables do: a zero is not a small number of people, and hiding zeros would hide far
 *    more than it protects. A reader therefore knows that a "fewer than T" count is 1 to T − 1.
 *    Totals the table shows (row totals, column totals, the grand total) are counts too, and follow
 *    the same rule, unless the same total is printed elsewhere on the page ('fixed', below).
 * 2. Secondary: no hidden count may be worked out from what is shown. A reader knows every shown
 *    count and total, that each row and column adds up to its total, that a "fewer than T" count is
 *    1 to T − 1, and that a count hidden for secondary reasons ("not shown") is T or more (only counts
 *    of T or more are ever chosen for it). Wherever that pins a hidden count to one value, more
 *    counts are hidden: the cheapest set (smallest sum of counts) that lets the pinned count move,
 *    found as a shortest path (see below). This repeats until every hidden count can take at least two
 *    values; because hiding more never pins anything, it ends.
 * 3. A count hidden for secondary reasons that turns out to be pinned itself (the totals give it away
 *    whatever else is hidden) is shown again: hiding it protects nothing.
 *
 * Why a shortest path: the table is a flow network. Each row is a node, each column a node, plus a
 * source S and a sink K. A cell (i, j) is an edge row i → column j; a row total an edge S → row i; a
 * column total an edge column j → K; the grand total an edge K → S. Every node's inflow equals its
 * outflow: that is exactly "rows and columns add up". Known figures are fixed edges; a hidden figure is
 * an edge with the bounds a reader knows (1 to T − 1, T or more, or 0 or more for a total the page
 * does not print). A hidden count can change by one, with everything the reader sees unchanged, exactly
 * when the edge lies on a cycle of edges that can each move by one in the cycle's direction; so it is
 * pinned when no such cycle exists. To unpin one, we look for the cycle through it that hides the least
 * (each shown count it passes through costs that count), and hide what it passes through.
 * (The flow structure makes the linear-programming bounds integral, so "pinned in whole numbers" and
 * "pinned" are the same question.)
 *
 * Margins take a policy: 'shown' (the table prints it; it may be hidden like any count), 'fixed' (the
 * same figure is printed elsewhere on the page, so it cannot be hidden here), or 'none' (not printed
 * anywhere: the reader does not know it).
 *
 * Rolling periods (12-month totals month by month) overlap, which gives a reader more to work with
 * than rows and columns: see suppressRolling, which protects them with certificates instead.
 */

export const DEFAULT_SUPPRESSION_THRESHOLD = 10;

/** Whether, and how, the page prints a total. */
export type MarginPolicy = 'none' | 'shown' | 'fixed';

/** A figure as the page may print it. Hidden figures carry no value, so that nothing can draw one by mistake. */
export type Published =
  /** Printed as it is. */
  | { status: 'shown'; value: number }
  /** Below the threshold (and above zero): printed as "fewer than T". */
  | { status: 'small' }
  /** T or more, hidden so that a small count cannot be worked out from the totals: "not shown". */
  | { status: 'withheld' };

export interface SuppressionOptions {
  /** Counts above zero and below this are hidden (default 10). 1 turns suppression off. */
  threshold?: number;
  /** Totals of each row: one policy for all, or one per row (default 'none'). */
  rowTotals?: MarginPolicy | readonly MarginPolicy[];
  /** Totals of each column: one policy for all, or one per column (default 'none'). */
  columnTotals?: MarginPolicy | readonly MarginPolicy[];
  /** The total of the whole table (default 'none'). */
  grandTotal?: MarginPolicy;
  /**
   * 'shown' (default): true zeros are printed. 'small': zeros are hidden like any count below the
   * threshold, so "fewer than T" means 0 to T − 1. For figures that overlap one another (rolling years),
   * where a printed zero tells the reader that every month in it was zero.
   */
  zeros?: 'shown' | 'small';
}

/** A figure of the table: a cell, a row's total (column 'total'), a column's total (row 'total'), or the grand total. */
export interface FigureRef {
  row: number | 'total';
  column: number | 'total';
}

export interface SuppressedTable {
  threshold: number;
  /** cells[row][column]. */
  cells: Published[][];
  /** One per row: null where the row total is not printed ('none'). */
  rowTotals: (Published | null)[];
  columnTotals: (Published | null)[];
  grandTotal: Published | null;
  /**
   * Small counts that figures fixed elsewhere on the page give away, whatever this table hides (for
   * example the only non-zero cell of a table whose grand total is printed in another chart). They are
   * still printed as "fewer than T" here; the figure elsewhere is what discloses them. Empty when every
   * hidden count is protected.
   */
  exposed: FigureRef[];
  /** Whether anything at all is hidden. */
  anyHidden: boolean;
}

type EdgeKind = 'cell' | 'row' | 'column' | 'grand';
type EdgeState = 'known' | 'small' | 'withheld' | 'free';

interface Edge {
  kind: EdgeKind;
  row: number;
  column: number;
  from: number;
  to: number;
  value: number;
  /** May be hidden: cells, and margins the table prints. */
  hideable: boolean;
  state: EdgeState;
}

const INFINITY = Number.POSITIVE_INFINITY;

/** Checks a threshold: a whole number, 1 (nothing hidden) or 3 and more ("fewer than 2" would say "1"). */
export function checkThreshold(threshold: number): number {
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`The small-number threshold must be a whole number of 1 or more, not ${threshold}`);
  if (threshold === 2) throw new RangeError('A small-number threshold of 2 cannot protect anything: "fewer than 2" can only mean 1');
  return threshold;
}

function policies(policy: MarginPolicy | readonly MarginPolicy[] | undefined, length: number, what: string): MarginPolicy[] {
  if (policy === undefined || typeof policy === 'string') return Array.from({ length }, () => (policy as MarginPolicy | undefined) ?? 'none');
  if (policy.length !== length) throw new RangeError(`${what}: ${policy.length} policies for ${length} totals`);
  return [...policy];
}

/** The bounds a reader knows for a figure in each state. */
function bounds(edge: Edge, threshold: number, smallFloor: number): [number, number] {
  switch (edge.state) {
    case 'known':
      return [edge.value, edge.value];
    case 'small':
      return [smallFloor, threshold - 1];
    case 'withheld':
      return [threshold, INFINITY];
    case 'free':
      return [0, INFINITY];
  }
}

/**
 * Suppresses a table of counts: counts[row][column], non-negative whole numbers, every row the same
 * length. See the rules at the top of this file.
 */
export function suppressTable(counts: readonly (readonly number[])[], options: SuppressionOptions = {}): SuppressedTable {
  const threshold = checkThreshold(options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD);
  const rows = counts.length;
  const columns = counts[0]?.length ?? 0;
  counts.forEach((row, i) => {
    if (row.length !== columns) throw new RangeError(`Row ${i} has ${row.length} counts, not ${columns}`);
    row.forEach((v, j) => {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`Count at row ${i}, column ${j} is not a whole number of 0 or more: ${v}`);
    });
  });
  const rowPolicy = policies(options.rowTotals, rows, 'rowTotals');
  const columnPolicy = policies(options.columnTotals, columns, 'columnTotals');
  const grandPolicy = options.grandTotal ?? 'none';
  const hideZeros = options.zeros === 'small';
  const smallFloor = hideZeros ? 0 : 1;

  // Nodes: S = 0, K = 1, rows 2 … 2 + rows − 1, then columns.
  const S = 0;
  const K = 1;
  const rowNode = (i: number) => 2 + i;
  const columnNode = (j: number) => 2 + rows + j;
  const nodeCount = 2 + rows + columns;

  const edges: Edge[] = [];
  const margin = (kind: EdgeKind, row: number, column: number, from: number, to: number, value: number, policy: MarginPolicy): Edge => ({
    kind,
    row,
    column,
    from,
    to,
    value,
    hideable: policy === 'shown',
    state: policy === 'none' ? 'free' : 'known',
  });
  const rowSums = counts.map((row) => row.reduce((s, v) => s + v, 0));
  const columnSums = Array.from({ length: columns }, (_, j) => counts.reduce((s, row) => s + row[j]!, 0));
  const grandSum = rowSums.reduce((s, v) => s + v, 0);
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j < columns; j += 1) {
      edges.push({ kind: 'cell', row: i, column: j, from: rowNode(i), to: columnNode(j), value: counts[i]![j]!, hideable: true, state: 'known' });
    }
  }
  for (let i = 0; i < rows; i += 1) edges.push(margin('row', i, -1, S, rowNode(i), rowSums[i]!, rowPolicy[i]!));
  for (let j = 0; j < columns; j += 1) edges.push(margin('column', -1, j, columnNode(j), K, columnSums[j]!, columnPolicy[j]!));
  edges.push(margin('grand', -1, -1, K, S, grandSum, grandPolicy));

  // 1. Primary suppression.
  for (const edge of edges) {
    if (edge.hideable && (edge.value > 0 || hideZeros) && edge.value < threshold && threshold > 1) edge.state = 'small';
  }

  const hidden = (edge: Edge) => edge.state !== 'known';
  /** Whether `target` can be reached from `start` moving one unit along hidden edges, not using `skip`. */
  const reachable = (start: number, target: number, skip: Edge): boolean => {
    const seen = new Array<boolean>(nodeCount).fill(false);
    const stack = [start];
    seen[start] = true;
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node === target) return true;
      for (const edge of edges) {
        if (edge === skip || !hidden(edge)) continue;
        const [lo, hi] = bounds(edge, threshold, smallFloor);
        let next = -1;
        if (edge.from === node && edge.value + 1 <= hi) next = edge.to;
        else if (edge.to === node && edge.value - 1 >= lo) next = edge.from;
        if (next >= 0 && !seen[next]) {
          seen[next] = true;
          stack.push(next);
        }
      }
    }
    return false;
  };
  const pinned = (edge: Edge): boolean => {
    const [lo, hi] = bounds(edge, threshold, smallFloor);
    const up = edge.value + 1 <= hi && reachable(edge.to, edge.from, edge);
    const down = edge.value - 1 >= lo && reachable(edge.from, edge.to, edge);
    return !up && !down;
  };

  /**
   * The cheapest set of shown figures whose hiding lets `edge` move by one: a shortest path (Dijkstra)
   * from one end of the edge back to the other, where hidden edges cost nothing and a shown, hideable
   * figure of T or more costs its value (hidden, it would be "T or more": it can always go up, and go
   * down when it is above T). Null when no set of hideable figures will do.
   */
  const cheapestCover = (edge: Edge): Edge[] | null => {
    const [lo, hi] = bounds(edge, threshold, smallFloor);
    const tries: [number, number][] = [];
    if (edge.value + 1 <= hi) tries.push([edge.to, edge.from]);
    if (edge.value - 1 >= lo) tries.push([edge.from, edge.to]);
    let best: { cost: number; path: Edge[] } | null = null;
    for (const [start, target] of tries) {
      const found = shortestPath(start, target, edge);
      if (found && (!best || found.cost < best.cost)) best = found;
    }
    return best?.path ?? null;
  };
  const shortestPath = (start: number, target: number, skip: Edge): { cost: number; path: Edge[] } | null => {
    const dist = new Array<number>(nodeCount).fill(INFINITY);
    const via = new Array<Edge | null>(nodeCount).fill(null);
    const done = new Array<boolean>(nodeCount).fill(false);
    dist[start] = 0;
    for (;;) {
      let node = -1;
      for (let n = 0; n < nodeCount; n += 1) if (!done[n] && dist[n]! < INFINITY && (node < 0 || dist[n]! < dist[node]!)) node = n;
      if (node < 0) return null;
      if (node === target) break;
      done[node] = true;
      for (const e of edges) {
        if (e === skip) continue;
        let cost: number;
        let up: boolean;
        let down: boolean;
        if (hidden(e)) {
          const [lo, hi] = bounds(e, threshold, smallFloor);
          cost = 0;
          up = e.value + 1 <= hi;
          down = e.value - 1 >= lo;
        } else if (e.hideable && e.value >= threshold) {
          // Ties go to cells rather than totals, and to earlier figures (deterministic).
          cost = e.value + (e.kind === 'cell' ? 0 : 0.5);
          up = true;
          down = e.value - 1 >= threshold;
        } else continue;
        let next = -1;
        if (e.from === node && up) next = e.to;
        else if (e.to === node && down) next = e.from;
        if (next < 0 || done[next]) continue;
        if (dist[node]! + cost < dist[next]!) {
          dist[next] = dist[node]! + cost;
          via[next] = e;
        }
      }
    }
    const path: Edge[] = [];
    for (let node = target; node !== start; ) {
      const e = via[node]!;
      path.push(e);
      node = e.to === node ? e.from : e.to;
    }
    return { cost: dist[target]!, path };
  };

  // 2. Secondary suppression, until nothing small is pinned (or what is left cannot be helped).
  const hopeless = new Set<Edge>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const edge of edges) {
      if (edge.state !== 'small' || hopeless.has(edge) || !pinned(edge)) continue;
      const cover = cheapestCover(edge);
      if (!cover) {
        hopeless.add(edge);
        continue;
      }
      for (const e of cover) if (e.state === 'known') e.state = 'withheld';
      changed = true;
    }
  }
  // 3. Withheld figures the totals give away anyway protect nothing: show them. (An edge on no
  // cycle is on no other edge's cycle either, so this cannot pin anything else.)
  for (const edge of edges) if (edge.state === 'withheld' && pinned(edge)) edge.state = 'known';

  const publish = (edge: Edge): Published =>
    edge.state === 'small' ? { status: 'small' } : edge.state === 'withheld' ? { status: 'withheld' } : { status: 'shown', value: edge.value };
  const marginOut = (edge: Edge): Published | null => (edge.state === 'free' ? null : publish(edge));
  const cellEdges = edges.filter((e) => e.kind === 'cell');
  return {
    threshold,
    cells: Array.from({ length: rows }, (_, i) => cellEdges.slice(i * columns, (i + 1) * columns).map(publish)),
    rowTotals: edges.filter((e) => e.kind === 'row').map(marginOut),
    columnTotals: edges.filter((e) => e.kind === 'column').map(marginOut),
    grandTotal: marginOut(edges.find((e) => e.kind === 'grand')!),
    exposed: edges
      .filter((e) => e.state === 'small' && pinned(e))
      .map((e) => ({ row: e.kind === 'cell' || e.kind === 'row' ? e.row : 'total', column: e.kind === 'cell' || e.kind === 'column' ? e.column : 'total' })),
    anyHidden: edges.some((e) => e.state === 'small' || e.state === 'withheld'),
  };
}

/** The value of a figure the page may print, or null when it is hidden. */
export function shownValue(figure: Published | null): number | null {
  return figure?.status === 'shown' ? figure.value : null;
}

export interface RollingSuppressionOptions {
  /** Counts above zero and below this are hidden (default 10). */
  threshold?: number;
  /** Months in each period (default 12). Period p covers months p … p + window − 1. */
  window?: number;
  /** Whether each period's total is printed: one policy for all, or one per period (default 'shown'). */
  totals?: MarginPolicy | readonly MarginPolicy[];
  /** As for suppressTable; default 'shown'. */
  zeros?: 'shown' | 'small';
}

/**
 * Small-number suppression for rolling periods: `rolling[p][s]` is series s (an outcome, say) summed
 * over the `window` months ending at period p, for consecutive periods, each a month after the one
 * before. Overlapping periods say more than a plain table: the difference between two neighbouring
 * periods is one month in minus one month out, so a reader who knows the counts are monthly and never
 * negative can chain periods together (a period printed as 0 says twelve months were 0). So here a
 * hidden figure counts as protected only with a certificate: a second set of monthly counts, never
 * negative, that prints exactly the same page (every shown figure and total the same, every hidden one
 * within what its label says) but gives that figure another value. Certificates are small moves of
 * one person between months or series (see `moves`); where none exists, the cheapest move that would do
 * once some shown counts are hidden too is made, hiding them ("not shown"), until every hidden figure
 * has one. A figure with no possible certificate is listed in `exposed` (a conservative list: the
 * moves are not every possible change).
 *
 * The monthly counts are not needed: any monthly counts that give the same rolling figures serve as
 * the starting point, and one is rebuilt from the rolling figures (see monthlyFromRolling).
 *
 * Returns a table with a row per period and a column per series, row totals as `totals` says, no
 * column or grand totals.
 */
export function suppressRolling(rolling: readonly (readonly number[])[], options: RollingSuppressionOptions = {}): SuppressedTable {
  const threshold = checkThreshold(options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD);
  const W = options.window ?? 12;
  if (!Number.isInteger(W) || W < 1) throw new RangeError(`The window must be a whole number of months, not ${W}`);
  const P = rolling.length;
  const S = rolling[0]?.length ?? 0;
  rolling.forEach((row, p) => {
    if (row.length !== S) throw new RangeError(`Period ${p} has ${row.length} counts, not ${S}`);
    row.forEach((v, s) => {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`Count at period ${p}, series ${s} is not a whole number of 0 or more: ${v}`);
    });
  });
  const totalPolicy = policies(options.totals ?? 'shown', P, 'totals');
  const hideZeros = options.zeros === 'small';
  const floor = hideZeros ? 0 : 1;
  const monthly = Array.from({ length: S }, (_, s) => monthlyFromRolling(rolling.map((row) => row[s]!), W));
  const N = P + W - 1;

  // Figure states: cells [p][s], totals [p].
  const cellValue = (p: number, s: number) => rolling[p]![s]!;
  const totals = rolling.map((row) => row.reduce((a, v) => a + v, 0));
  const isSmall = (v: number) => (v > 0 || hideZeros) && v < threshold && threshold > 1;
  const cellState: EdgeState[][] = rolling.map((row) => row.map((v) => (isSmall(v) ? 'small' : 'known')));
  const totalState: EdgeState[] = totals.map((v, p) =>
    totalPolicy[p] === 'none' ? 'free' : totalPolicy[p] === 'shown' && isSmall(v) ? 'small' : 'known',
  );
  const range = (state: EdgeState, value: number): [number, number] =>
    state === 'known' ? [value, value] : state === 'small' ? [floor, threshold - 1] : state === 'withheld' ? [threshold, INFINITY] : [0, INFINITY];

  /**
   * Moves that change figure (p, s), or period p's total when s is null, as lists of monthly changes
   * [series, month, change]: one person moved between two series in one month; moved between series
   * and between months j apart; added to or taken from one series in one month; moved between months
   * within one series.
   */
  const moves = function* (p: number, s: number | null): Generator<[number, number, number][]> {
    const series = s === null ? Array.from({ length: S }, (_, i) => i) : [s];
    for (const a of series) {
      for (let j = 1; j < W; j += 1) {
        // Month k is in period p and month k + j is not, or the other way round.
        for (let i = 0; i < 2 * j; i += 1) {
          const k = i < j ? p + W - j + i : p - 2 * j + i;
          for (let b = 0; b < S; b += 1) {
            if (b === a) continue;
            yield [[a, k, -1], [a, k + j, 1], [b, k, 1], [b, k + j, -1]];
            yield [[a, k, 1], [a, k + j, -1], [b, k, -1], [b, k + j, 1]];
          }
          yield [[a, k, -1], [a, k + j, 1]];
          yield [[a, k, 1], [a, k + j, -1]];
        }
      }
      for (let k = p; k < p + W; k += 1) {
        for (let b = 0; b < S; b += 1) {
          if (b === a) continue;
          yield [[a, k, -1], [b, k, 1]];
          yield [[a, k, 1], [b, k, -1]];
        }
        yield [[a, k, 1]];
        yield [[a, k, -1]];
      }
    }
  };

  // Scratch space for what a move does to each period: change per (period, series), reset after use.
  const change = new Int32Array(P * S);
  const touched: number[] = [];
  const stamp = new Int32Array(P);
  let mark = 0;

  /** Whether a figure in a state can change by delta: 'ok', 'hide' (it must be hidden first) or null (it cannot). */
  const verdict = (state: EdgeState, value: number, delta: number, hideable: boolean): 'ok' | 'hide' | null => {
    if (delta === 0) return 'ok';
    if (state === 'known') {
      if (!hideable || value < threshold) return null;
      return value + delta >= threshold ? 'hide' : null;
    }
    const [lo, hi] = range(state, value);
    return value + delta >= lo && value + delta <= hi ? 'ok' : null;
  };

  /**
   * What it would take for a move to be a certificate for figure (p, s) (s null: the total): -1 when
   * it cannot be (a month would go negative, the figure does not change, or a figure that cannot be
   * hidden changes, or a hidden one leaves its label's range); else the cost of the shown figures that
   * would have to be hidden (the sum of their values; 0 when the move is a certificate as things
   * stand). With `hide`, those figures are listed into it.
   */
  const evaluate = (deltas: readonly [number, number, number][], p: number, s: number | null, hide?: { cells: [number, number][]; totals: number[] }): number => {
    for (const [t, k, d] of deltas) if (k < 0 || k >= N || monthly[t]![k]! + d < 0) return -1;
    mark += 1;
    touched.length = 0;
    for (const [t, k, d] of deltas) {
      const lo = Math.max(0, k - W + 1);
      const hi = Math.min(P - 1, k);
      for (let q = lo; q <= hi; q += 1) {
        if (stamp[q] !== mark) {
          stamp[q] = mark;
          touched.push(q);
        }
        change[q * S + t]! += d;
      }
    }
    let cost = 0;
    let hits = false;
    for (const q of touched) {
      let totalDelta = 0;
      for (let t = 0; t < S; t += 1) {
        const d = change[q * S + t]!;
        if (d === 0) continue;
        totalDelta += d;
        if (cost >= 0) {
          const v = verdict(cellState[q]![t]!, cellValue(q, t), d, true);
          if (v === null) cost = -1;
          else if (v === 'hide') {
            cost += cellValue(q, t);
            hide?.cells.push([q, t]);
          }
        }
        if (q === p && t === s) hits = true;
      }
      if (q === p && s === null && totalDelta !== 0) hits = true;
      if (cost >= 0) {
        const v = verdict(totalState[q]!, totals[q]!, totalDelta, totalPolicy[q] === 'shown');
        if (v === null) cost = -1;
        else if (v === 'hide') {
          // A hidden total leaves a gap in a chart of totals: hide parts rather than totals where one can.
          cost += 3 * totals[q]!;
          hide?.totals.push(q);
        }
      }
      for (let t = 0; t < S; t += 1) change[q * S + t] = 0;
    }
    return hits ? cost : -1;
  };

  /** The cheapest move that gives figure (p, s) a certificate once some figures are hidden; null if none. */
  const cheapest = (p: number, s: number | null): { cost: number; cells: [number, number][]; totals: number[] } | null => {
    let best: [number, number, number][] | null = null;
    let bestCost = INFINITY;
    for (const deltas of moves(p, s)) {
      const cost = evaluate(deltas, p, s);
      if (cost < 0 || cost >= bestCost) continue;
      best = deltas;
      bestCost = cost;
      if (cost === 0) break;
    }
    if (!best) return null;
    const hide = { cells: [] as [number, number][], totals: [] as number[] };
    evaluate(best, p, s, hide);
    return { cost: bestCost, ...hide };
  };

  const hasCertificate = (p: number, s: number | null): boolean => {
    for (const deltas of moves(p, s)) if (evaluate(deltas, p, s) === 0) return true;
    return false;
  };

  const hiddenFigures = (): [number, number | null][] => {
    const list: [number, number | null][] = [];
    for (let p = 0; p < P; p += 1) {
      for (let s = 0; s < S; s += 1) if (cellState[p]![s] === 'small') list.push([p, s]);
      if (totalState[p] === 'small') list.push([p, null]);
    }
    return list;
  };
  /** Gives every hidden figure a certificate where it can; returns those it cannot. */
  // Hiding more never takes a certificate away, so a figure certified once stays certified.
  const certified = new Set<string>();
  const certify = (): Set<string> => {
    const hopeless = new Set<string>();
    for (let changed = true; changed; ) {
      changed = false;
      for (const [p, s] of hiddenFigures()) {
        const key = `${p}:${s}`;
        if (hopeless.has(key) || certified.has(key)) continue;
        const best = cheapest(p, s);
        if (!best) {
          hopeless.add(key);
          continue;
        }
        certified.add(key);
        if (best.cost === 0) continue;
        for (const [q, t] of best.cells) cellState[q]![t] = 'withheld';
        for (const q of best.totals) totalState[q] = 'withheld';
        changed = true;
      }
    }
    return hopeless;
  };
  /** Hides every figure of a series, in every period. */
  const hideSeries = (s: number) => {
    for (let p = 0; p < P; p += 1) {
      const v = cellValue(p, s);
      if (cellState[p]![s] === 'known' && (v > 0 || hideZeros)) cellState[p]![s] = v < threshold ? 'small' : 'withheld';
    }
  };
  const seriesHidden = (s: number) => rolling.every((row, p) => cellState[p]![s] !== 'known' || (row[s] === 0 && !hideZeros));
  let hopeless = certify();
  // Where single figures cannot be hidden safely, whole series are: first those with a figure left
  // without a certificate, with the smallest other series beside them; then every series.
  if (hopeless.size > 0) {
    const stuck = new Set([...hopeless].map((key) => key.split(':')[1]).filter((s) => s !== 'null').map(Number));
    const size = (s: number) => rolling.reduce((a, row) => a + row[s]!, 0);
    const partner = Array.from({ length: S }, (_, s) => s)
      .filter((s) => !stuck.has(s) && !seriesHidden(s))
      .sort((a, b) => size(a) - size(b) || a - b)[0];
    for (const s of stuck) hideSeries(s);
    if (partner !== undefined) hideSeries(partner);
    hopeless = certify();
  }
  if (hopeless.size > 0) {
    for (let s = 0; s < S; s += 1) hideSeries(s);
    hopeless = certify();
  }
  // A figure hidden for another's sake that no move can change is given away anyway (a whole series
  // hidden beside a printed total and zeros, say): show it. No move that changes nothing can be
  // another figure's certificate, so this takes none away.
  for (let p = 0; p < P; p += 1) {
    for (let s = 0; s < S; s += 1) if (cellState[p]![s] === 'withheld' && !hasCertificate(p, s)) cellState[p]![s] = 'known';
    if (totalState[p] === 'withheld' && !hasCertificate(p, null)) totalState[p] = 'known';
  }

  const publish = (state: EdgeState, value: number): Published =>
    state === 'small' ? { status: 'small' } : state === 'withheld' ? { status: 'withheld' } : { status: 'shown', value };
  return {
    threshold,
    cells: rolling.map((row, p) => row.map((v, s) => publish(cellState[p]![s]!, v))),
    rowTotals: totals.map((v, p) => (totalState[p] === 'free' ? null : publish(totalState[p]!, v))),
    columnTotals: Array.from({ length: S }, () => null),
    grandTotal: null,
    exposed: [...hopeless].map((key) => {
      const [p, s] = key.split(':');
      return { row: Number(p), column: s === 'null' ? 'total' : Number(s) };
    }),
    anyHidden: cellState.some((row) => row.some((st) => st !== 'known')) || totalState.some((st) => st === 'small' || st === 'withheld'),
  };
}

/**
 * Monthly counts, never negative, whose sums over `window` months are the rolling figures given
 * (period p covers months p … p + window − 1). Month m and month m − window differ by the change from
 * period m − window to period m − window + 1, so each month is its residue's first month plus a known
 * amount; those first months are set as low as non-negativity allows, and what is left of the first
 * period shared out among them as evenly as it goes (so that moves have months to work with).
 */
export function monthlyFromRolling(rolling: readonly number[], window: number): number[] {
  const P = rolling.length;
  const N = P + window - 1;
  if (P === 0) return [];
  const offset = new Array<number>(N).fill(0);
  const least = new Array<number>(window).fill(0);
  for (let m = window; m < N; m += 1) {
    offset[m] = offset[m - window]! + rolling[m - window + 1]! - rolling[m - window]!;
    const r = m % window;
    least[r] = Math.max(least[r]!, -offset[m]!);
  }
  let spare = rolling[0]! - least.reduce((a, v) => a + v, 0);
  if (spare < 0) throw new RangeError('These rolling figures cannot come from monthly counts of 0 or more');
  const first = [...least];
  for (let i = 0; spare > 0; i = (i + 1) % window) {
    first[i]! += 1;
    spare -= 1;
  }
  return offset.map((o, m) => first[m % window]! + o);
}
