/**
 * The attacker for the small-number tests: given what a page shows, it tries to work out every hidden
 * count. Written independently of src/data/suppression.ts (which reasons with flows): this one states
 * what the reader knows as a linear program over the unknowns and asks, for each hidden figure, for
 * its smallest and largest possible value (two-phase simplex). A figure is recovered when only one
 * whole number lies between the two. Also an exhaustive search over whole numbers, for small tables,
 * to check the simplex itself.
 */

// Only the shapes of the suppression module's results: none of its reasoning.
import type { MarginPolicy, Published, SuppressedTable } from '../../src/data/suppression';

/** A linear expression: pairs of (variable index, coefficient). */
export type Linear = readonly (readonly [number, number])[];

export interface Constraint {
  terms: Linear;
  /** '=' rhs, '<=' rhs or '>=' rhs. */
  op: '=' | '<=' | '>=';
  rhs: number;
}

export interface Problem {
  /** Number of unknowns; each is 0 or more unless `lower` says otherwise. */
  variables: number;
  lower?: readonly number[];
  /** Upper bounds (Infinity for none). */
  upper?: readonly number[];
  constraints: readonly Constraint[];
}

const EPS = 1e-9;
/** Smallest entry pivoted on: smaller ones are rounding noise. */
const PIVOT = 1e-7;

/**
 * A simplex tableau over z = y − lower ≥ 0 with slack and artificial columns. Rows 0 … m−1 are
 * constraints (last column the right-hand side); `basis[r]` is the column basic in row r.
 */
class Tableau {
  constructor(
    public rows: number,
    public columns: number,
    public cells: Float64Array,
    public basis: number[],
  ) {}

  at(r: number, c: number): number {
    return this.cells[r * (this.columns + 1) + c]!;
  }
  rhs(r: number): number {
    return this.cells[r * (this.columns + 1) + this.columns]!;
  }
  copy(): Tableau {
    return new Tableau(this.rows, this.columns, this.cells.slice(), [...this.basis]);
  }
  pivot(pr: number, pc: number, objective: Float64Array): void {
    const width = this.columns + 1;
    const cells = this.cells;
    const p = cells[pr * width + pc]!;
    for (let c = 0; c < width; c += 1) cells[pr * width + c]! /= p;
    for (let r = 0; r < this.rows; r += 1) {
      if (r === pr) continue;
      const f = cells[r * width + pc]!;
      if (Math.abs(f) < 1e-15) continue;
      for (let c = 0; c < width; c += 1) cells[r * width + c]! -= f * cells[pr * width + c]!;
    }
    const f = objective[pc]!;
    if (Math.abs(f) > 1e-15) for (let c = 0; c < width; c += 1) objective[c]! -= f * cells[pr * width + c]!;
    this.basis[pr] = pc;
  }
  /**
   * Minimises the objective row (reduced costs; last entry minus the objective value) over the
   * allowed columns. Dantzig's rule, falling back to Bland's after many steps without progress.
   * Returns false when unbounded.
   */
  minimise(objective: Float64Array, allowed: (c: number) => boolean): boolean {
    let stalled = 0;
    let last = Infinity;
    for (let iteration = 0; iteration < 50_000; iteration += 1) {
      const bland = stalled > 50;
      let entering = -1;
      let best = -EPS;
      for (let c = 0; c < this.columns; c += 1) {
        if (!allowed(c)) continue;
        const d = objective[c]!;
        if (d < best) {
          entering = c;
          if (bland) break;
          best = d;
        }
      }
      if (entering < 0) return true;
      let leaving = -1;
      let ratio = Infinity;
      for (let r = 0; r < this.rows; r += 1) {
        const a = this.at(r, entering);
        if (a > PIVOT) {
          const q = this.rhs(r) / a;
          if (q < ratio - EPS || (Math.abs(q - ratio) <= EPS && leaving >= 0 && this.basis[r]! < this.basis[leaving]!)) {
            ratio = q;
            leaving = r;
          }
        }
      }
      if (leaving < 0) return false;
      this.pivot(leaving, entering, objective);
      const value = -objective[this.columns]!;
      stalled = value < last - EPS ? 0 : stalled + 1;
      last = Math.min(last, value);
    }
    throw new Error('simplex: too many iterations');
  }
}

/** A problem made ready to optimise many objectives over: Phase I done once. */
export class Solver {
  private readonly base: Tableau;
  private readonly n: number;
  private readonly lower: number[];

  constructor(problem: Problem) {
    const n = problem.variables;
    this.n = n;
    this.lower = Array.from({ length: n }, (_, i) => problem.lower?.[i] ?? 0);
    const upper = Array.from({ length: n }, (_, i) => problem.upper?.[i] ?? Infinity);
    type Row = { terms: Map<number, number>; slack: number; rhs: number };
    const rows: Row[] = [];
    let slacks = 0;
    const shift = (terms: Linear) => terms.reduce((s, [i, a]) => s + a * this.lower[i]!, 0);
    for (const c of problem.constraints) {
      const terms = new Map<number, number>();
      for (const [i, a] of c.terms) terms.set(i, (terms.get(i) ?? 0) + a);
      const rhs = c.rhs - shift(c.terms);
      if (c.op === '=') rows.push({ terms, slack: 0, rhs });
      else rows.push({ terms, slack: c.op === '<=' ? 1 : -1, rhs });
    }
    for (let i = 0; i < n; i += 1) {
      if (upper[i]! < Infinity) rows.push({ terms: new Map([[i, 1]]), slack: 1, rhs: upper[i]! - this.lower[i]! });
    }
    const m = rows.length;
    const slackColumn: number[] = rows.map((r) => (r.slack !== 0 ? n + slacks++ : -1));
    const artificialStart = n + slacks;
    const columns = artificialStart + m;
    const width = columns + 1;
    const cells = new Float64Array(m * width);
    const basis: number[] = [];
    const objective = new Float64Array(width);
    rows.forEach((row, r) => {
      const sign = row.rhs < 0 ? -1 : 1;
      for (const [i, a] of row.terms) cells[r * width + i] = sign * a;
      if (row.slack !== 0) cells[r * width + slackColumn[r]!] = sign * row.slack;
      cells[r * width + columns] = sign * row.rhs;
      if (row.slack !== 0 && sign * row.slack === 1) {
        basis.push(slackColumn[r]!);
      } else {
        cells[r * width + artificialStart + r] = 1;
        basis.push(artificialStart + r);
        // Phase I objective: the sum of artificials, priced out.
        for (let c = 0; c < width; c += 1) objective[c]! -= cells[r * width + c]!;
        objective[artificialStart + r] = 0;
      }
    });
    const tableau = new Tableau(m, columns, cells, basis);
    tableau.minimise(objective, () => true);
    if (-objective[columns]! > 1e-6) throw new Error(`the attacker's constraints are infeasible (${-objective[columns]!}): the model of the page is wrong`);
    // Drive artificials out of the basis; drop rows that are redundant.
    const keep: number[] = [];
    for (let r = 0; r < m; r += 1) {
      if (tableau.basis[r]! < artificialStart) {
        keep.push(r);
        continue;
      }
      let column = -1;
      for (let c = 0; c < artificialStart; c += 1) if (Math.abs(tableau.at(r, c)) > 1e-7) { column = c; break; }
      if (column >= 0) {
        tableau.pivot(r, column, objective);
        keep.push(r);
      }
    }
    const newWidth = artificialStart + 1;
    const reduced = new Float64Array(keep.length * newWidth);
    keep.forEach((r, k) => {
      for (let c = 0; c < artificialStart; c += 1) reduced[k * newWidth + c] = tableau.at(r, c);
      reduced[k * newWidth + artificialStart] = tableau.rhs(r);
    });
    this.base = new Tableau(keep.length, artificialStart, reduced, keep.map((r) => tableau.basis[r]!));
  }

  /** The smallest value of the expression over every solution (−Infinity when unbounded). */
  minimum(expression: Linear): number {
    const t = this.base.copy();
    const width = t.columns + 1;
    const objective = new Float64Array(width);
    for (const [i, a] of expression) objective[i]! += a;
    // Price out the basic columns.
    for (let r = 0; r < t.rows; r += 1) {
      const f = objective[t.basis[r]!]!;
      if (f !== 0) for (let c = 0; c < width; c += 1) objective[c]! -= f * t.cells[r * width + c]!;
    }
    if (!t.minimise(objective, () => true)) return -Infinity;
    const constant = expression.reduce((s, [i, a]) => s + a * this.lower[i]!, 0);
    return -objective[t.columns]! + constant;
  }

  maximum(expression: Linear): number {
    return -this.minimum(expression.map(([i, a]) => [i, -a] as const));
  }

  /** [min, max] of the expression. */
  range(expression: Linear): [number, number] {
    return [this.minimum(expression), this.maximum(expression)];
  }

  get variables(): number {
    return this.n;
  }
}

/** Whether a range of a whole-number quantity holds exactly one whole number. */
export function pinned([min, max]: [number, number]): boolean {
  const lo = Math.ceil(min - 1e-6);
  const hi = Math.floor(max + 1e-6);
  return lo === hi;
}

/**
 * Every whole-number solution of a small problem, by depth-first search with the constraints checked
 * as soon as all their variables are set; returns the set of values each variable takes. Variables
 * must be bounded (cap any open upper bound before calling).
 */
export function enumerateSolutions(problem: Problem, limit = 2_000_000): Set<number>[] {
  const n = problem.variables;
  const lower = Array.from({ length: n }, (_, i) => problem.lower?.[i] ?? 0);
  const upper = Array.from({ length: n }, (_, i) => problem.upper?.[i] ?? Infinity);
  if (upper.some((u) => !Number.isFinite(u))) throw new Error('enumerateSolutions needs every variable bounded');
  const lastVariable = problem.constraints.map((c) => Math.max(-1, ...c.terms.map(([i]) => i)));
  const byLast = Array.from({ length: n }, (_, i) => problem.constraints.filter((_, k) => lastVariable[k] === i));
  const values = new Array<number>(n).fill(0);
  const seen = Array.from({ length: n }, () => new Set<number>());
  let visited = 0;
  const holds = (c: Constraint) => {
    const s = c.terms.reduce((sum, [i, a]) => sum + a * values[i]!, 0);
    return c.op === '=' ? Math.abs(s - c.rhs) < 1e-9 : c.op === '<=' ? s <= c.rhs + 1e-9 : s >= c.rhs - 1e-9;
  };
  const search = (i: number): void => {
    if (++visited > limit) throw new Error('enumerateSolutions: too many cases');
    if (i === n) {
      values.forEach((v, k) => seen[k]!.add(v));
      return;
    }
    for (let v = lower[i]!; v <= upper[i]!; v += 1) {
      values[i] = v;
      if (byLast[i]!.every(holds)) search(i + 1);
    }
  };
  if (problem.constraints.filter((c) => c.terms.length === 0).every(holds)) search(0);
  return seen;
}

// ---------------------------------------------------------------------------------------------------
// Readers of suppressed tables (what src/data/suppression.ts returns), for the unit tests

export interface Policies {
  rowTotals: MarginPolicy[];
  columnTotals: MarginPolicy[];
  grandTotal: MarginPolicy;
}

/**
 * What a reader knows, from the published table alone, as a linear program: one unknown per hidden
 * figure (and per total the page does not print), with the bounds the labels give ("fewer than T":
 * 1 to T − 1; "not shown": T or more), rows and columns adding up to their totals, and the totals to
 * the grand total. `figures` names each unknown's figure.
 */
export function readerProblem(table: SuppressedTable, policies: Policies): { problem: Problem; figures: { name: string; hidden: boolean }[] } {
  const T = table.threshold;
  const rows = table.cells.length;
  const columns = table.cells[0]?.length ?? 0;
  const lower: number[] = [];
  const upper: number[] = [];
  const figures: { name: string; hidden: boolean }[] = [];
  /** A figure as a linear expression: a constant when shown, else a new unknown. */
  const term = (p: Published | null, name: string): { constant: number; terms: Linear } => {
    if (p?.status === 'shown') return { constant: p.value, terms: [] };
    const index = lower.length;
    lower.push(p === null ? 0 : p.status === 'small' ? 1 : T);
    upper.push(p?.status === 'small' ? T - 1 : Infinity);
    figures.push({ name, hidden: p !== null });
    return { constant: 0, terms: [[index, 1]] };
  };
  const cells = table.cells.map((row, i) => row.map((c, j) => term(c, `cell ${i},${j}`)));
  const rowTotals = table.rowTotals.map((p, i) => term(policies.rowTotals[i] === 'none' ? null : p, `row ${i}`));
  const columnTotals = table.columnTotals.map((p, j) => term(policies.columnTotals[j] === 'none' ? null : p, `column ${j}`));
  const grand = term(policies.grandTotal === 'none' ? null : table.grandTotal, 'grand');
  const constraints: Constraint[] = [];
  const equal = (parts: { constant: number; terms: Linear }[], total: { constant: number; terms: Linear }) => {
    const terms: [number, number][] = [];
    let constant = 0;
    for (const p of parts) {
      constant += p.constant;
      terms.push(...p.terms.map(([i, a]) => [i, a] as [number, number]));
    }
    terms.push(...total.terms.map(([i, a]) => [i, -a] as [number, number]));
    constraints.push({ terms, op: '=', rhs: total.constant - constant });
  };
  for (let i = 0; i < rows; i += 1) equal(cells[i]!, rowTotals[i]!);
  for (let j = 0; j < columns; j += 1) equal(cells.map((row) => row[j]!), columnTotals[j]!);
  equal(rowTotals, grand);
  equal(columnTotals, grand);
  return { problem: { variables: lower.length, lower, upper, constraints }, figures };
}


/** Sums of `window` months ending at each month from the window-th on. */
export function rollingSums(monthly: readonly (readonly number[])[], window = 12): number[][] {
  const months = monthly[0]?.length ?? 0;
  const rows: number[][] = [];
  for (let end = window - 1; end < months; end += 1) {
    rows.push(monthly.map((series) => series.slice(end - window + 1, end + 1).reduce((a, v) => a + v, 0)));
  }
  return rows;
}

/**
 * The reader of a rolling table: unknown monthly counts (never negative) for every series and month;
 * each shown figure and total fixes a 12-month sum, each hidden one bounds it by its label ("fewer
 * than T": `floor` to T − 1; "not shown": T or more). Returns the hidden figures the reader pins.
 */
export function rollingRecovered(table: SuppressedTable, window: number, floor: number): string[] {
  const T = table.threshold;
  const periods = table.cells.length;
  const series = table.cells[0]?.length ?? 0;
  const months = periods + window - 1;
  const variable = (s: number, k: number) => s * months + k;
  const constraints: Constraint[] = [];
  const targets: { name: string; terms: Linear }[] = [];
  const publish = (terms: Linear, p: Published | null, name: string) => {
    if (p === null) return;
    if (p.status === 'shown') constraints.push({ terms, op: '=', rhs: p.value });
    else {
      if (p.status === 'small') {
        constraints.push({ terms, op: '>=', rhs: floor });
        constraints.push({ terms, op: '<=', rhs: T - 1 });
      } else constraints.push({ terms, op: '>=', rhs: T });
      targets.push({ name, terms });
    }
  };
  for (let p = 0; p < periods; p += 1) {
    const all: [number, number][] = [];
    for (let s = 0; s < series; s += 1) {
      const terms: [number, number][] = [];
      for (let k = p; k < p + window; k += 1) terms.push([variable(s, k), 1]);
      all.push(...terms);
      publish(terms, table.cells[p]![s]!, `period ${p}, series ${s}`);
    }
    publish(all, table.rowTotals[p] ?? null, `period ${p}, total`);
  }
  if (targets.length === 0) return [];
  const solver = new Solver({ variables: series * months, constraints });
  return targets.filter((t) => pinned(solver.range(t.terms))).map((t) => t.name);
}

