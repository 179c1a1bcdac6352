/**
 * Records the first view: runs the real pages, in jsdom, against the real data in DuckDB's Node
 * build (the same wasm as the browser's), for each page's default views, and writes every query's
 * answer (see src/data/first-view.ts). Then, for a shared link to any other view, it asks the very
 * questions each dashboard page asked again with only the area and the period changed (the
 * substitution area-warming.ts makes in the browser), for every area in the Area list and every
 * period in the page's Period list, and writes those answers by page and area, and by page and
 * period. A question is only ever stored under the SQL and parameters DuckDB answered, so a
 * substitution that means nothing is an unused answer, never a wrong one. The build calls this.
 *
 *   npx tsx scripts/first-view.ts --data data --out /tmp/first-view   (writes first-view.json, answers/…)
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { createServer } from 'vite';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const dataDir = path.resolve(option('data', 'data'));
const outDir = path.resolve(option('out', 'first-view'));

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

// The pages build DOM nodes as they query; jsdom gives them a document. Sizes are all zero, which
// changes how charts are drawn but not what is asked of the database.
const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true, url: 'http://127.0.0.1/' });
const globals = globalThis as Record<string, unknown>;
for (const key of Object.getOwnPropertyNames(dom.window)) {
  if (key in globals) continue;
  try {
    globals[key] = (dom.window as unknown as Record<string, unknown>)[key];
  } catch {
    // A few properties (storage) refuse to be read outside a real page; the pages do not use them.
  }
}
globals.ResizeObserver = class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};

// Vite loads the TypeScript sources as the app build does (CSS imports are ignored in SSR).
const vite = await createServer({ configFile: false, logLevel: 'error', server: { middlewareMode: true, hmr: false, watch: null }, appType: 'custom', optimizeDeps: { noDiscovery: true } });
try {
  const started = Date.now();
  const load = <T>(id: string) => vite.ssrLoadModule(id) as Promise<T>;
  const { startNodeDatabase } = await load<typeof import('../tests/unit/helpers/node-database')>('/tests/unit/helpers/node-database.ts');
  const { prepareDatabase } = await load<typeof import('../src/data/load')>('/src/data/load.ts');
  const { TableLoader } = await load<typeof import('../src/data/table-loader')>('/src/data/table-loader.ts');
  const { monthRange } = await load<typeof import('../src/data/queries/common')>('/src/data/queries/common.ts');
  const { answerKey, areaFileName, packRows } = await load<typeof import('../src/data/first-view')>('/src/data/first-view.ts');
  const { createPage } = await load<typeof import('../src/pages/index')>('/src/pages/index.ts');
  const { DEFAULT_STATE, PAGES, isDashboardPage, stateToSearch } = await load<typeof import('../src/app/state')>('/src/app/state.ts');
  const { DISPLAY_CATEGORIES } = await load<typeof import('../src/data/contract')>('/src/data/contract.ts');
  const { AREAS_IN_LIST_ORDER, LONDON } = await load<typeof import('../src/data/boroughs')>('/src/data/boroughs.ts');
  const { monthIndex } = await load<typeof import('../src/data/months')>('/src/data/months.ts');
  const { currentMonth } = await load<typeof import('../src/app/data-info')>('/src/app/data-info.ts');
  type FirstView = import('../src/data/first-view').FirstView;
  type PackedAnswers = import('../src/data/first-view').PackedAnswers;
  type AnswerFile = import('../src/data/first-view').AnswerFile;
  type Database = import('../src/data/database').Database;
  type SqlValue = import('../src/data/database').SqlValue;
  type Manifest = import('../src/data/contract').Manifest;

  const manifest = JSON.parse(readFileSync(path.join(dataDir, 'manifest.json'), 'utf8')) as Manifest;
  const db = await startNodeDatabase({ keepStatements: true });
  await prepareDatabase(db);
  const tables = new TableLoader(db, manifest, async (file) => new Uint8Array(readFileSync(path.join(dataDir, file))), currentMonth());
  await tables.ensure(['population', 'offences']);
  const offences = await monthRange(db, 'offences');
  // As in the browser (fetchBoundaries), a boundary file that is missing or not JSON means the tile map.
  const boundaries = manifest.boundaries ? readJson(path.join(dataDir, manifest.boundaries)) : null;

  // Every answer DuckDB gave, by key; and the questions each view asked, in order.
  const answered = new Map<string, unknown[]>();
  let asked: { sql: string; params: readonly SqlValue[] }[] = [];
  const recording: Database = {
    async query<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
      const rows = await db.query<Row>(sql, params);
      answered.set(answerKey(sql, params), rows);
      asked.push({ sql, params });
      return rows;
    },
    registerFile: (name, bytes) => db.registerFile(name, bytes),
    dropFile: (name) => db.dropFile(name),
  };
  const data = { manifest, offences, boundaries, loader: tables };

  /** Draws one view in jsdom; returns the questions it asked and the periods its Period list offers. */
  async function drawView(state: typeof DEFAULT_STATE): Promise<{ questions: typeof asked; periods: string[]; latest: string | null }> {
    asked = [];
    const view = createPage(state.page, { db: recording, data, navigate: () => undefined });
    await view.update(state);
    // The Period list, newest first, shows the latest year when the state names no period.
    const select = view.element.querySelector<HTMLSelectElement>('select[id^="period-"]');
    view.destroy();
    return { questions: asked, periods: select ? [...select.options].map((o) => o.value) : [], latest: select?.value ?? null };
  }

  // The default views (London, the latest year): shipped whole in first-view.json.
  const firstViewKeys = new Set<string>();
  const views: string[] = [];
  // What each dashboard page asked, from London's view and a borough's (a page may ask a borough
  // something it does not ask London), with the area and the last month of the period it showed.
  const templates: { page: string; area: string; end: number; sql: string; params: readonly SqlValue[] }[] = [];
  const periodsOf = new Map<string, string[]>();
  const baseBorough = AREAS_IN_LIST_ORDER.find((a) => a !== LONDON)!;
  for (const page of PAGES) {
    for (const area of isDashboardPage(page) ? [LONDON, baseBorough] : [LONDON]) {
      for (const category of DISPLAY_CATEGORIES) {
        for (const measure of ['rate', 'count'] as const) {
          const state = { ...DEFAULT_STATE, page, area, category, measure };
          const { questions, periods, latest } = await drawView(state);
          if (area === LONDON) {
            questions.forEach((q) => firstViewKeys.add(answerKey(q.sql, q.params)));
            views.push(stateToSearch(state));
          }
          if (!isDashboardPage(page) || latest === null) continue;
          periodsOf.set(page, periods);
          const end = monthIndex(latest);
          for (const q of questions) templates.push({ page, area, end, ...q });
        }
      }
    }
  }
  const defaultsDone = Date.now();

  // Every other area and period: the same questions, with the area and the period's month replaced.
  const areaFiles = new Map<string, Set<string>>();
  const periodFiles = new Map<string, Set<string>>();
  const into = (files: Map<string, Set<string>>, name: string, key: string) => {
    let keys = files.get(name);
    if (!keys) files.set(name, (keys = new Set()));
    keys.add(key);
  };
  const seen = new Set<string>();
  let asks = 0;
  for (const t of templates) {
    const templateKey = JSON.stringify([t.page, t.area, t.sql, t.params]);
    if (seen.has(templateKey)) continue;
    seen.add(templateKey);
    const byArea = t.params.includes(t.area);
    const byEnd = t.params.includes(t.end);
    if (!byArea && !byEnd) continue;
    const periods = periodsOf.get(t.page)!;
    for (const area of byArea ? AREAS_IN_LIST_ORDER : [null]) {
      for (const period of byEnd ? periods : [null]) {
        const params = t.params.map((p) => (area !== null && p === t.area ? area : period !== null && p === t.end ? monthIndex(period) : p));
        const key = answerKey(t.sql, params);
        if (!answered.has(key)) {
          answered.set(key, await db.query(t.sql, params));
          asks += 1;
        }
        if (area !== null) into(areaFiles, `${t.page}/area/${areaFileName(area)}`, key);
        else into(periodFiles, `${t.page}/period/${period}`, key);
      }
    }
  }

  const pack = (keys: Iterable<string>): PackedAnswers => {
    const out: PackedAnswers = {};
    for (const key of [...keys].sort()) out[key] = packRows(answered.get(key)! as object[]);
    return out;
  };
  /** A file's answers with each query's SQL written once (answer keys hold it normalised). */
  const answerFile = (keys: Iterable<string>): Omit<AnswerFile, 'id'> => {
    const sql: string[] = [];
    const answers: AnswerFile['answers'] = [];
    for (const key of [...keys].sort()) {
      const [text, params] = JSON.parse(key) as [string, SqlValue[]];
      if (!sql.includes(text)) sql.push(text);
      answers.push([sql.indexOf(text), params, packRows(answered.get(key)! as object[])]);
    }
    return { sql, answers };
  };
  // A file for every area of every page with periods, and every period it offers: a view's
  // files are then known from the first view alone (FirstView.recorded), whatever a page asks.
  const files = new Map<string, Omit<AnswerFile, 'id'>>();
  const recorded: FirstView['recorded'] = {};
  for (const [page, periods] of periodsOf) {
    recorded[page] = { periods: periods.filter((period) => periodFiles.has(`${page}/period/${period}`)) };
    for (const area of AREAS_IN_LIST_ORDER) files.set(`${page}/area/${areaFileName(area)}`, answerFile(areaFiles.get(`${page}/area/${areaFileName(area)}`) ?? []));
    for (const period of recorded[page].periods) files.set(`${page}/period/${period}`, answerFile(periodFiles.get(`${page}/period/${period}`)!));
  }
  const firstAnswers = pack(firstViewKeys);

  // Every file the pages loaded without a problem (and those no page drew: all of them are loaded
  // for the snapshot below), so the browser need not check those bytes again.
  await tables.ensure(manifest.files.map((f) => f.table));
  const { sha256 } = await load<typeof import('../src/data/load')>('/src/data/load.ts');
  const validated: FirstView['validated'] = {};
  for (const status of tables.status.values()) {
    if (status.loaded) validated[status.file] = (await sha256(new Uint8Array(readFileSync(path.join(dataDir, status.file)))))!;
  }

  // The snapshot (src/data/snapshot.ts): each table loaded from a valid file, and each summary
  // worked out from such tables alone, as DuckDB holds it now, types and all.
  const { summaryInputs, snapshotPath } = await load<typeof import('../src/data/snapshot')>('/src/data/snapshot.ts');
  const { SUMMARIES } = await load<typeof import('../src/data/summaries')>('/src/data/summaries.ts');
  const builtTables = [...tables.status.values()].filter((status) => status.loaded).map((status) => status.table as string);
  const columns: Record<string, [string, string][]> = {};
  for (const { name } of SUMMARIES) {
    columns[name] = (await db.query<{ c: string; t: string }>(`SELECT column_name AS c, column_type AS t FROM (DESCRIBE ${name})`)).map((r) => [r.c, r.t]);
  }
  const rows = Object.fromEntries([...tables.status.values()].filter((status) => status.loaded).map((status) => [status.table, status.rows]));
  const snapshotTables = [...builtTables, ...SUMMARIES.map((s) => s.name).filter((name) => summaryInputs(name).every((t) => builtTables.includes(t)))];
  const snapshotBytes = new Map(snapshotTables.map((name) => [name, db.exportArrow(`SELECT * FROM ${name}`)]));

  // The id names this recording (its data, files, answers and snapshot): a file from another build is never used.
  const hash = createHash('sha256').update(JSON.stringify(manifest)).update(JSON.stringify(validated)).update(JSON.stringify(firstAnswers));
  for (const [name, file] of files) hash.update(name).update(JSON.stringify(file));
  for (const [name, bytes] of snapshotBytes) hash.update(name).update(bytes);
  const id = hash.digest('hex').slice(0, 16);
  const snapshot = { id, tables: snapshotTables, columns, rows };
  const snapshotFiles = new Map([...snapshotBytes].map(([name, bytes]) => [snapshotPath(id, name), bytes]));

  rmSync(outDir, { recursive: true, force: true });
  const firstView: FirstView = { manifest, offences, views, id, answers: firstAnswers, validated, recorded, snapshot };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'first-view.json'), JSON.stringify(firstView));
  for (const [name, bytes] of snapshotFiles) {
    mkdirSync(path.dirname(path.join(outDir, name)), { recursive: true });
    writeFileSync(path.join(outDir, name), bytes);
  }
  let bytes = 0;
  for (const [name, file] of files) {
    const target = path.join(outDir, 'answers', `${name}.json`);
    mkdirSync(path.dirname(target), { recursive: true });
    const text = JSON.stringify({ id, ...file });
    bytes += text.length;
    writeFileSync(target, text);
  }
  console.log(
    `first view: ${views.length} views, ${firstViewKeys.size} answers, ${(JSON.stringify(firstView).length / 1024).toFixed(0)} KB (${((defaultsDone - started) / 1000).toFixed(1)} s); ` +
      `other views: ${files.size} files, ${asks} more answers, ${(bytes / 1024 / 1024).toFixed(1)} MB (${((Date.now() - defaultsDone) / 1000).toFixed(1)} s); ` +
      `snapshot: ${snapshotFiles.size} tables, ${([...snapshotFiles.values()].reduce((n, b) => n + b.length, 0) / 1024 / 1024).toFixed(1)} MB`,
  );
} finally {
  await vite.close();
}
