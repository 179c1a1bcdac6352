/**
 * Small numbers in real Chromium: the recovery attack. For real page states it takes exactly what the
 * page shows — the data table (and a check that the chart's data download says no more than it),
 * the titles, notes and screen-reader summaries, every tooltip and label in the charts, the sizes of
 * the drawn bars read against the axis, and the totals printed in other charts on the page — writes
 * down everything a reader then knows as linear constraints, and asks the simplex of
 * tests/unit/suppression-attack.ts for the smallest and largest value of every hidden figure. The test
 * fails if any hidden figure has only one possible value. Rolling 12-month outcome splits are attacked
 * through the monthly counts underneath them (never negative), so overlapping periods are used too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinned, Solver, type Constraint } from '../unit/suppression-attack';
import { downloadedBytes, openBrowser, openView } from './harness';

const THRESHOLD = 10;
const FEWER = `fewer than ${THRESHOLD}`;
const NOT_SHOWN = 'not shown';

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// ---------------------------------------------------------------------------------------------------
// What the page shows

interface Seen {
  title: string;
  subtitle: string;
  description: string;
  /** The data table, header row first, as the page shows it. */
  table: string[][];
  /** The same table read from the page. */
  domTable: string[][];
  /** The rows of the chart's data download (a tidy CSV), when it offers one. */
  download: Record<string, string>[] | null;
  /** Every bar in the main chart: tooltip and geometry. */
  rects: { title: string; x: number; y: number; width: number; height: number }[];
  /**
   * Stacked columns (drawn as one path per part): each column's tip, line by line, read with the
   * pointer over it, and its rectangles, named by the legend entry of their colour.
   */
  columns: { tip: string[]; rects: { part: string; height: number }[] }[];
  /** The bars of the total strip above horizontal bars. */
  stripRects: { title: string; width: number }[];
  stripLabel: string | null;
  /** Text drawn in the charts (labels inside bars, totals above columns, notes). */
  texts: { text: string; x: number; y: number }[];
  /** Axis tick labels: position along the value axis, and value. */
  ticks: [number, number][];
}

async function readCard(page: Page, card: string, horizontal: boolean): Promise<Seen> {
  const seen = await page.locator(card).evaluate((root, horizontal) => {
    const text = (selector: string) => root.querySelector(selector)?.textContent?.trim() ?? '';
    const describedBy = root.querySelector('[aria-describedby]')?.getAttribute('aria-describedby');
    const table = root.querySelector('table.chart-table')!;
    const translate = (el: Element): [number, number] => {
      const m = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(el.getAttribute('transform') ?? '');
      return m ? [Number(m[1]), Number(m[2])] : [Number(el.getAttribute('x') ?? 0), Number(el.getAttribute('y') ?? 0)];
    };
    const main = root.querySelector('svg.chart-svg')!;
    const strip = root.querySelector('svg.stacked-bars-total');
    const rectsOf = (svg: Element) =>
      [...svg.querySelectorAll('g[aria-label="bar"] rect')]
        .filter((r) => r.querySelector('title'))
        .map((r) => ({
          title: r.querySelector('title')!.textContent ?? '',
          x: Number(r.getAttribute('x') ?? 0),
          y: Number(r.getAttribute('y') ?? 0),
          width: Number(r.getAttribute('width') ?? 0),
          height: Number(r.getAttribute('height') ?? 0),
        }));
    const axis = horizontal ? 'x-axis tick label' : 'y-axis tick label';
    return {
      title: text('.chart-title'),
      subtitle: text('.chart-subtitle'),
      description: describedBy ? (document.getElementById(describedBy)?.textContent ?? '') : '',
      domTable: [...table.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())),
      rects: rectsOf(main),
      stripRects: strip ? rectsOf(strip).map((r) => ({ title: r.title, width: r.width })) : [],
      stripLabel: strip?.getAttribute('aria-label') ?? null,
      texts: [...main.querySelectorAll('g[aria-label="text"] text'), ...(strip ? [...strip.querySelectorAll('g[aria-label="text"] text')] : [])].map((t) => {
        const [x, y] = translate(t);
        return { text: t.textContent ?? '', x: Number(t.getAttribute('x') ?? x), y: Number(t.getAttribute('y') ?? y) };
      }),
      ticks: [...main.querySelectorAll(`g[aria-label="${axis}"] text`)].map((t) => {
        const [x, y] = translate(t);
        return [horizontal ? x : y, Number((t.textContent ?? '').replace(/,/g, ''))] as [number, number];
      }),
    };
  }, horizontal);
  const columns = horizontal ? [] : await readColumns(page, card);
  const button = page.locator(`${card} button[data-export="csv"]`);
  // The attack reads the table as the page shows it; the download is checked to say no more (checkExport).
  const table = seen.domTable;
  let download: Record<string, string>[] | null = null;
  if ((await button.count()) > 0) {
    const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const zip = unzipSync(new Uint8Array(await downloadedBytes(file)));
    const csv = strFromU8(zip[Object.keys(zip).find((n) => n.endsWith('.csv'))!]!);
    download = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
  }
  return { ...seen, columns, table, download };
}

const WITHHELD_PART = 'withheld';

/** Stacked columns as a reader sees them: the rectangles of each colour, and the tip over each column. */
async function readColumns(page: Page, card: string): Promise<Seen['columns']> {
  await page.locator(`${card} svg.chart-svg`).scrollIntoViewIfNeeded();
  const drawn = await page.locator(`${card}`).evaluate((root, withheld) => {
    const legend = new Map(
      [...root.querySelectorAll('.chart-legend-item')].map((item) => [item.querySelector('rect')?.getAttribute('fill') ?? '', (item.textContent ?? '').trim()]),
    );
    const svg = root.querySelector<SVGSVGElement>('svg.chart-svg')!;
    const toScreen = svg.getScreenCTM()!;
    const columns = new Map<number, { part: string; height: number; width: number; top: number }[]>();
    for (const path of svg.querySelectorAll('g[aria-label="columns"] path')) {
      const fill = path.getAttribute('fill') ?? '';
      const part = fill.startsWith('url(') ? withheld : legend.get(fill);
      if (!part) throw new Error(`No legend entry for the colour ${fill}`);
      for (const piece of (path.getAttribute('d') ?? '').match(/M[^M]*/g) ?? []) {
        const m = /^M([^,]+),([^h]+)h([^V]+)V([^h]+)h([^Z]+)Z$/.exec(piece);
        if (!m) throw new Error(`Not a rectangle: ${piece}`);
        const [x, top, width, bottom] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
        columns.set(x, [...(columns.get(x) ?? []), { part, height: bottom - top, width, top }]);
      }
    }
    // Where to point at each column, on screen.
    return [...columns].sort(([a], [b]) => a - b).map(([x, rects]) => {
      const point = new DOMPoint(x + rects[0]!.width / 2, Math.min(...rects.map((r) => r.top)) + 2).matrixTransform(toScreen);
      return { point: [point.x, point.y] as [number, number], rects: rects.map(({ part, height }) => ({ part, height })) };
    });
  }, WITHHELD_PART);
  const columns: Seen['columns'] = [];
  for (const { point, rects } of drawn) {
    await page.mouse.move(point[0], point[1]);
    const tip = page.locator(`${card} g[aria-label="tip"] text`);
    await tip.waitFor();
    columns.push({ tip: await tip.locator('tspan').evaluateAll((spans) => spans.map((t) => (t.textContent ?? '').replace(/\u200b/g, ''))), rects });
  }
  await page.mouse.move(0, 0);
  return columns;
}

/** A table cell as the reader reads it. */
type Cell = { value: number } | { small: true } | { withheld: true };
function readCell(text: string): Cell {
  const t = text.trim();
  if (t === FEWER) return { small: true };
  if (t === NOT_SHOWN) return { withheld: true };
  const n = Number(t.replace(/,/g, ''));
  if (t === '' || !Number.isFinite(n)) throw new Error(`Unexpected cell "${text}"`);
  return { value: n };
}
const percentOf = (text: string): number | null => {
  const m = /^(-?\d+(?:\.\d+)?)%$/.exec(text.trim());
  return m ? Number(m[1]) : null;
};
const digits = (p: string) => (p.split('.')[1] ?? '').length;

// ---------------------------------------------------------------------------------------------------
// The reader's linear program

/** Expressions are sparse sums over unknowns plus a constant. */
type Expr = { terms: Map<number, number>; constant: number };
const constant = (c: number): Expr => ({ terms: new Map(), constant: c });
const sum = (...parts: Expr[]): Expr => {
  const terms = new Map<number, number>();
  let c = 0;
  for (const p of parts) {
    c += p.constant;
    for (const [i, a] of p.terms) terms.set(i, (terms.get(i) ?? 0) + a);
  }
  return { terms, constant: c };
};
const scale = (e: Expr, f: number): Expr => ({ terms: new Map([...e.terms].map(([i, a]) => [i, a * f])), constant: e.constant * f });

class Reader {
  variables = 0;
  lower: number[] = [];
  upper: number[] = [];
  constraints: Constraint[] = [];
  hidden: { name: string; expr: Expr }[] = [];

  unknown(lower = 0, upper = Infinity): Expr {
    const i = this.variables++;
    this.lower.push(lower);
    this.upper.push(upper);
    return { terms: new Map([[i, 1]]), constant: 0 };
  }
  /** lo ≤ e ≤ hi. */
  bound(e: Expr, lo: number, hi: number): void {
    const terms = [...e.terms].filter(([, a]) => a !== 0);
    if (terms.length === 0) {
      if (e.constant < lo - 1e-6 || e.constant > hi + 1e-6) throw new Error(`The page contradicts itself: ${e.constant} not in [${lo}, ${hi}]`);
      return;
    }
    if (lo === hi) this.constraints.push({ terms, op: '=', rhs: lo - e.constant });
    else {
      if (Number.isFinite(lo)) this.constraints.push({ terms, op: '>=', rhs: lo - e.constant });
      if (Number.isFinite(hi)) this.constraints.push({ terms, op: '<=', rhs: hi - e.constant });
    }
  }
  equal(a: Expr, b: Expr): void {
    this.bound(sum(a, scale(b, -1)), 0, 0);
  }
  /** What a cell's text says about a figure; hidden figures are remembered as targets. */
  cell(e: Expr, c: Cell, name: string, floor: number): void {
    if ('value' in c) this.bound(e, c.value, c.value);
    else {
      if ('small' in c) this.bound(e, floor, THRESHOLD - 1);
      else this.bound(e, THRESHOLD, Infinity);
      this.hidden.push({ name, expr: e });
    }
  }
  /** part = p% of whole, p rounded to `places` decimals. */
  share(part: Expr, whole: Expr, p: number, places: number): void {
    const half = 0.5 * 10 ** -places + 1e-9;
    this.bound(sum(scale(part, 100), scale(whole, -(p + half))), -Infinity, 0);
    this.bound(sum(scale(part, 100), scale(whole, -(p - half))), 0, Infinity);
  }
  /** A length read off the chart: value within a hair of it. */
  measured(e: Expr, value: number): void {
    this.bound(e, value - 0.01, value + 0.01);
  }
  /** Hidden figures with only one possible whole-number value. */
  recovered(): string[] {
    if (this.hidden.length === 0) return [];
    const solver = new Solver({ variables: this.variables, lower: this.lower, upper: this.upper, constraints: this.constraints });
    return this.hidden
      .filter((h) => {
        const terms = [...h.expr.terms].filter(([, a]) => a !== 0) as [number, number][];
        if (terms.length === 0) return true;
        const [min, max] = solver.range(terms);
        return pinned([min + h.expr.constant, max + h.expr.constant]);
      })
      .map((h) => h.name);
  }
}

/** Pixels per unit, and where zero is, from the value axis's tick labels. */
function axisScale(ticks: [number, number][]): { perUnit: number; zero: number } {
  const sorted = [...ticks].sort((a, b) => a[1] - b[1]);
  const first = sorted[0]!;
  const last = sorted.at(-1)!;
  if (sorted.length < 2 || last[1] === first[1]) throw new Error('Not enough axis ticks to read the scale');
  const perUnit = (last[0] - first[0]) / (last[1] - first[1]);
  return { perUnit, zero: first[0] - first[1] * perUnit };
}

/** Splits "A: B (c% of D)" style tooltips: the name before the colon, the count, the share. */
function parseTooltip(title: string): { name: string; count: number; percent: string | null } | null {
  const m = /^(.*): ([\d,]+)(?: \((\d+(?:\.\d+)?)% of [^)]*\))?$/.exec(title);
  return m ? { name: m[1]!, count: Number(m[2]!.replace(/,/g, '')), percent: m[3] ?? null } : null;
}

// ---------------------------------------------------------------------------------------------------
// Age band × sex, with totals

/** Attacks a sex-and-age card; `grand` is a total of the same people printed in another chart. */
function attackBreakdown(seen: Seen, grand: number | null): { recovered: string[]; reader: Reader; figures: Map<string, Expr> } {
  const r = new Reader();
  const [header, ...body] = seen.table;
  const stacks = header!.slice(1).filter((h) => h !== 'Total' && !h.endsWith('(% of total)'));
  const column = (h: string) => header!.indexOf(h);
  const bars = body.map((row) => row[0]!);
  const allName = bars.at(-1)!; // "All ages"
  const figures = new Map<string, Expr>();
  const key = (bar: string, stack: string) => `${bar} | ${stack}`;
  for (const row of body) {
    const bar = row[0]!;
    for (const stack of [...stacks, 'Total']) {
      const c = readCell(row[column(stack)]!);
      const e = 'value' in c ? constant(c.value) : r.unknown();
      r.cell(e, c, key(bar, stack), 1);
      figures.set(key(bar, stack), e);
    }
  }
  const f = (bar: string, stack: string) => figures.get(key(bar, stack))!;
  const parts = bars.filter((b) => b !== allName);
  for (const bar of bars) r.equal(sum(...stacks.map((s) => f(bar, s))), f(bar, 'Total'));
  for (const stack of [...stacks, 'Total']) r.equal(sum(...parts.map((b) => f(b, stack))), f(allName, stack));
  if (grand !== null) r.bound(f(allName, 'Total'), grand, grand);

  // Shares in the table.
  for (const row of body) {
    for (const stack of stacks) {
      const i = column(`${stack} (% of total)`);
      if (i < 0) continue;
      const p = percentOf(row[i]!);
      if (p !== null) r.share(f(row[0]!, stack), f(row[0]!, 'Total'), p, digits(row[i]!.replace('%', '')));
    }
  }
  // Tooltips and sizes of the main bars, read against the axis.
  const { perUnit } = axisScale(seen.ticks);
  const byBar = new Map<string, typeof seen.rects>();
  for (const rect of seen.rects) {
    const bar = bars.find((b) => rect.title.startsWith(`${b}, `));
    if (!bar) throw new Error(`Tooltip names no bar: ${rect.title}`);
    byBar.set(bar, [...(byBar.get(bar) ?? []), rect]);
    const rest = rect.title.slice(bar.length + 2);
    const tip = parseTooltip(rect.title);
    let drawn: Expr;
    if (tip && stacks.includes(tip.name.slice(bar.length + 2))) {
      const stack = tip.name.slice(bar.length + 2);
      r.bound(f(bar, stack), tip.count, tip.count);
      if (tip.percent !== null) r.share(f(bar, stack), f(bar, 'Total'), Number(tip.percent), digits(tip.percent));
      drawn = f(bar, stack);
    } else {
      // The block of withheld parts: "Male fewer than 10, Not recorded not shown".
      const named = stacks.filter((s) => rest.includes(`${s} ${FEWER}`) || rest.includes(`${s} ${NOT_SHOWN}`));
      expect(named.length, rect.title).toBeGreaterThan(0);
      drawn = sum(...named.map((s) => f(bar, s)));
    }
    r.measured(drawn, rect.width / perUnit);
  }
  // Bars are drawn end to end from zero: no gap could stand for anything hidden.
  for (const [bar, rects] of byBar) {
    const sorted = [...rects].sort((a, b) => a.x - b.x);
    for (let i = 1; i < sorted.length; i += 1) expect(sorted[i]!.x, bar).toBeCloseTo(sorted[i - 1]!.x + sorted[i - 1]!.width, 3);
  }
  // Percentages printed inside bars (whole numbers): the bar whose box holds the label.
  for (const t of seen.texts) {
    const p = percentOf(t.text);
    if (p === null) continue;
    const rect = seen.rects.find((q) => t.x >= q.x && t.x <= q.x + q.width && t.y >= q.y - 1 && t.y <= q.y + q.height + 1);
    if (!rect) continue; // In the strip: checked with its tooltips below.
    const tip = parseTooltip(rect.title)!;
    const bar = bars.find((b) => rect.title.startsWith(`${b}, `))!;
    r.share(f(bar, tip.name.slice(bar.length + 2)), f(bar, 'Total'), p, 0);
  }
  // The total strip: tooltips, and each part's width as a share of the whole strip.
  const stripWidth = seen.stripRects.reduce((a, q) => a + q.width, 0);
  for (const rect of seen.stripRects) {
    const tip = parseTooltip(rect.title);
    let part: Expr;
    if (tip) {
      const stack = tip.name.slice(allName.length + 2);
      r.bound(f(allName, stack), tip.count, tip.count);
      if (tip.percent !== null) r.share(f(allName, stack), f(allName, 'Total'), Number(tip.percent), digits(tip.percent));
      part = f(allName, stack);
    } else {
      const rest = rect.title.slice(allName.length + 2);
      part = sum(...stacks.filter((s) => rest.includes(`${s} ${FEWER}`) || rest.includes(`${s} ${NOT_SHOWN}`)).map((s) => f(allName, s)));
    }
    // part / all = width / strip width.
    r.bound(sum(scale(part, stripWidth), scale(f(allName, 'Total'), -rect.width)), -0.01 * stripWidth, 0.01 * stripWidth);
  }
  // Shares said in the strip's label and the summary: "Female 81.3%".
  for (const said of [seen.stripLabel ?? '', seen.description]) {
    for (const stack of stacks) {
      const m = new RegExp(`${stack} (\\d+(?:\\.\\d+)?)%`).exec(said);
      if (m) r.share(f(allName, stack), f(allName, 'Total'), Number(m[1]), digits(m[1]!));
    }
  }
  const of = /chart of ([\d,]+) /.exec(seen.description);
  if (of) r.bound(f(allName, 'Total'), Number(of[1]!.replace(/,/g, '')), Number(of[1]!.replace(/,/g, '')));
  return { recovered: r.recovered(), reader: r, figures };
}

// ---------------------------------------------------------------------------------------------------
// Rolling 12-month outcomes, through the months underneath

function attackRolling(seen: Seen, endTotal: number): string[] {
  const r = new Reader();
  const [header, ...body] = seen.table;
  const series = header!.slice(1).filter((h) => h !== 'Total' && !h.endsWith('(% of total)'));
  const column = (h: string) => header!.indexOf(h);
  const periods = body.map((row) => row[0]!);
  const months = periods.length + 11;
  const monthly = series.map(() => Array.from({ length: months }, () => r.unknown(0)));
  const sumOf = (p: number, s: number | null): Expr =>
    s === null ? sum(...series.map((_, t) => sumOf(p, t))) : sum(...monthly[s]!.slice(p, p + 12));
  const cells = body.map((row) => [...series.map((name) => readCell(row[column(name)]!)), readCell(row[column('Total')]!)]);
  /**
   * A figure for what else the page says about it: its printed value where the table prints one
   * (what else is said about it then adds nothing, once checked against it), else its sum of months.
   */
  const figure = (p: number, s: number | null): Expr => {
    const c = cells[p]![s === null ? series.length : s]!;
    return 'value' in c ? constant(c.value) : sumOf(p, s);
  };
  body.forEach((row, p) => {
    series.forEach((name, s) => r.cell(sumOf(p, s), cells[p]![s]!, `${periods[p]} | ${name}`, 0));
    r.cell(sumOf(p, null), cells[p]![series.length]!, `${periods[p]} | Total`, 0);
    series.forEach((name, s) => {
      const text = row[column(`${name} (% of total)`)];
      const pct = text === undefined ? null : percentOf(text);
      if (pct !== null) r.share(figure(p, s), figure(p, null), pct, digits(text!.replace('%', '')));
    });
  });
  // The outlined period, whose total the categories chart prints too.
  const outlined = /Outlined: the (12 months to [A-Za-z]+ \d{4})/.exec(seen.subtitle)![1]!;
  const last = periods.indexOf(outlined);
  expect(last, outlined).toBeGreaterThanOrEqual(0);
  r.bound(figure(last, null), endTotal, endTotal);
  // Tips and heights of the columns.
  const { perUnit } = axisScale(seen.ticks);
  expect(seen.columns.length).toBeGreaterThan(0);
  for (const column of seen.columns) {
    const [name, ...lines] = column.tip;
    const p = periods.indexOf(name!);
    expect(p, name).toBeGreaterThanOrEqual(0);
    // "Charge: 1,230 (71.3%)", "Caution: fewer than 10", …, "Total: 1,726".
    const said = new Map(lines.map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]));
    expect([...said.keys()], name).toEqual([...series, 'Total']);
    const withheld: number[] = [];
    [...series, 'Total'].forEach((part, s) => {
      const text = said.get(part)!;
      const m = /^([\d,]+)(?: \((\d+(?:\.\d+)?)%\))?$/.exec(text);
      const which = part === 'Total' ? null : s;
      if (!m) {
        expect([FEWER, NOT_SHOWN], `${name}: ${part}`).toContain(text);
        if (which !== null) withheld.push(which);
        return;
      }
      const count = Number(m[1]!.replace(/,/g, ''));
      r.bound(figure(p, which), count, count);
      if (m[2] && which !== null) r.share(figure(p, which), figure(p, null), Number(m[2]), digits(m[2]));
    });
    for (const rect of column.rects) {
      let drawn: Expr;
      if (rect.part === WITHHELD_PART) {
        // The block is what the printed total leaves: in months, unless the total is printed.
        expect(withheld.length, name).toBeGreaterThan(0);
        const total = figure(p, null);
        drawn = total.terms.size === 0 ? sum(total, ...series.map((_, s) => (withheld.includes(s) ? constant(0) : scale(figure(p, s), -1)))) : sum(...withheld.map((s) => sumOf(p, s)));
      } else {
        const s = series.indexOf(rect.part);
        expect(s, rect.part).toBeGreaterThanOrEqual(0);
        drawn = figure(p, s);
      }
      r.measured(drawn, rect.height / -perUnit);
    }
  }
  // The outlined total, and the split in the subtitle and the summary: "charge 70.4%".
  for (const t of seen.texts) {
    const c = readCell(t.text);
    if ('value' in c) r.bound(figure(last, null), c.value, c.value);
  }
  for (const said of [seen.subtitle, seen.description]) {
    series.forEach((name, s) => {
      const m = new RegExp(`${name} (?:[\\d,]+ )?\\(?(\\d+(?:\\.\\d+)?)%`, 'i').exec(said);
      if (m) r.share(figure(last, s), figure(last, null), Number(m[1]), digits(m[1]!));
    });
  }
  return r.recovered();
}

// ---------------------------------------------------------------------------------------------------

/** People proceeded against for the page's category, as the categories chart prints them. */
async function categoryTotal(page: Page, sexual: boolean): Promise<number> {
  const rows = await page.locator('.card--categories tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
  const people = (name: string) => Number(rows.find((row) => row[0] === name)![1]!.replace(/,/g, ''));
  return sexual ? people('Rape') + people('Other sexual offences') : people('Domestic abuse');
}

const open = (query: string) => openView(browser, query);

/** Names of the download's codes in the table's rows and columns. */
const ROW_NAMES: Record<string, string> = { unknown: 'Age not recorded', all: 'All ages' };
const COLUMN_NAMES: Record<string, string> = { female: 'Female', male: 'Male', unknown: 'Not recorded', all: 'Total', charge: 'Charge', caution: 'Caution', other_sanction: 'Other sanction' };

/**
 * The download says no more than the table: each of its counts is the table's cell (a number where
 * the table prints one, empty where the table says "fewer than 10" or "not shown", with that status),
 * and each of its percentages is one the table prints (to the table's precision).
 */
function checkExport(seen: Seen): void {
  if (!seen.download) return;
  const [header, ...body] = seen.domTable;
  expect(seen.download.length).toBe(body.length * (header!.filter((h) => !h.endsWith('(% of total)')).length - 1));
  for (const row of seen.download) {
    const rowName = row.age_band !== undefined ? (ROW_NAMES[row.age_band] ?? row.age_band) : `12 months to ${new Date(`${row.period_end}-01T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })}`;
    const part = row.sex ?? row.outcome!;
    const cells = body.find((r) => r[0] === rowName);
    expect(cells, rowName).toBeDefined();
    const column = header!.indexOf(COLUMN_NAMES[part]!);
    const shown = cells![column]!;
    const count = row.victims ?? row.people!;
    if (row.status === 'shown') expect(count.replace(/\B(?=(\d{3})+(?!\d))/g, ','), `${rowName} ${part}`).toBe(shown);
    else {
      expect(count).toBe('');
      expect(shown, `${rowName} ${part}`).toBe(row.status === 'suppressed' ? FEWER : NOT_SHOWN);
    }
    const percent = row.percent_of_age_band ?? row.percent_of_all_outcomes ?? '';
    const shareColumn = header!.indexOf(`${COLUMN_NAMES[part]} (% of total)`);
    // The table prints a share to 1 decimal place, the download to 2.
    if (percent !== '' && shareColumn >= 0) expect(Math.abs(Number(percent) - Number(cells![shareColumn]!.replace('%', '')))).toBeLessThanOrEqual(0.055);
    if (percent !== '') expect(row.status).toBe('shown');
  }
}

describe('small numbers: no hidden count can be worked out from the page', () => {
  it.each([
    '',
    '?category=sexual_offences',
    '?borough=Kingston%20upon%20Thames&category=sexual_offences',
    '?borough=Richmond%20upon%20Thames&category=sexual_offences',
    '?borough=Croydon',
    '?borough=Sutton&category=sexual_offences&period=2024-05',
  ])('victims by sex and age (%s)', async (query) => {
    const w = await open(query);
    const seen = await readCard(w.page, '.card--victims', true);
    checkExport(seen);
    const { recovered } = attackBreakdown(seen, null);
    expect(recovered).toEqual([]);
    if (query.includes('borough=')) expect(seen.table.flat()).toContain(FEWER);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it.each([
    '?page=justice',
    '?page=justice&borough=Richmond%20upon%20Thames&category=sexual_offences',
    '?page=justice&borough=Sutton&category=sexual_offences',
    '?page=justice&borough=Kensington%20and%20Chelsea',
    '?page=justice&borough=Greenwich&category=sexual_offences&period=2025-01',
  ])('people proceeded against by sex and age, and a borough’s outcomes (%s)', async (query) => {
    const w = await open(query);
    const sexual = query.includes('sexual_offences');
    const total = await categoryTotal(w.page, sexual);
    const people = await readCard(w.page, '.card--people', true);
    checkExport(people);
    expect(attackBreakdown(people, total).recovered).toEqual([]);
    if (query.includes('borough=')) {
      const outcomes = await readCard(w.page, '.card--outcomes', false);
      checkExport(outcomes);
      expect(outcomes.table.flat()).toContain(FEWER);
      expect(attackRolling(outcomes, total)).toEqual([]);
    }
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('the attack has teeth: told one "not shown" count, it works out a small one', async () => {
    const w = await open('?borough=Kingston%20upon%20Thames&category=sexual_offences');
    const seen = await readCard(w.page, '.card--victims', true);
    const { reader, figures } = attackBreakdown(seen, null);
    // The true count behind one "not shown", summed here from the very CSV the page loaded.
    const [header, ...body] = seen.table;
    const row = body.find((cells) => cells.slice(1, -1).includes(NOT_SHOWN))!;
    const stack = header![row.indexOf(NOT_SHOWN, 1)]!;
    const victims = Papa.parse<Record<string, string>>(readFileSync(path.resolve('dist/data/victims.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    const latest = victims.reduce((m, v) => (v.month! > m ? v.month! : m), '');
    const end = Number(latest.slice(0, 4)) * 12 + Number(latest.slice(5, 7));
    const sexes: Record<string, string> = { Female: 'female', Male: 'male', 'Not recorded': 'unknown' };
    const band = row[0] === 'Age not recorded' ? 'unknown' : row[0];
    const truth = victims
      .filter((v) => {
        const m = Number(v.month!.slice(0, 4)) * 12 + Number(v.month!.slice(5, 7));
        return v.borough === 'Kingston upon Thames' && ['rape', 'other_sexual'].includes(v.category!) && m > end - 12 && m <= end && v.sex === sexes[stack] && v.age_band === band;
      })
      .reduce((a, v) => a + Number(v.victims), 0);
    expect(truth).toBeGreaterThanOrEqual(THRESHOLD);
    reader.bound(figures.get(`${row[0]} | ${stack}`)!, truth, truth);
    expect(reader.recovered().filter((name) => name !== `${row[0]} | ${stack}`).length).toBeGreaterThan(0);
    await w.context.close();
  });
});
