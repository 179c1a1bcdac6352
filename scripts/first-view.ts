/**
 * Records the first view: runs the real pages, in jsdom, against the real data in DuckDB's Node
 * build (the same wasm as the browser's), for each page's default views, and writes every query's
 * answer to a JSON file (see src/data/first-view.ts). The build calls this; it writes nothing else.
 *
 *   npx tsx scripts/first-view.ts --data data --out /tmp/first-view.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { createServer } from 'vite';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const dataDir = path.resolve(option('data', 'data'));
const out = path.resolve(option('out', 'first-view.json'));

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
  const load = <T>(id: string) => vite.ssrLoadModule(id) as Promise<T>;
  const { startNodeDatabase } = await load<typeof import('../tests/unit/helpers/node-database')>('/tests/unit/helpers/node-database.ts');
  const { prepareDatabase } = await load<typeof import('../src/data/load')>('/src/data/load.ts');
  const { TableLoader } = await load<typeof import('../src/data/table-loader')>('/src/data/table-loader.ts');
  const { monthRange } = await load<typeof import('../src/data/queries/common')>('/src/data/queries/common.ts');
  const { recordingDatabase } = await load<typeof import('../src/data/first-view')>('/src/data/first-view.ts');
  const { createPage } = await load<typeof import('../src/pages/index')>('/src/pages/index.ts');
  const { DEFAULT_STATE, PAGES, stateToSearch } = await load<typeof import('../src/app/state')>('/src/app/state.ts');
  const { DISPLAY_CATEGORIES } = await load<typeof import('../src/data/contract')>('/src/data/contract.ts');
  const { currentMonth } = await load<typeof import('../src/app/data-info')>('/src/app/data-info.ts');
  type FirstView = import('../src/data/first-view').FirstView;
  type Manifest = import('../src/data/contract').Manifest;

  const manifest = JSON.parse(readFileSync(path.join(dataDir, 'manifest.json'), 'utf8')) as Manifest;
  const db = await startNodeDatabase();
  await prepareDatabase(db);
  const tables = new TableLoader(db, manifest, async (file) => new Uint8Array(readFileSync(path.join(dataDir, file))), currentMonth());
  await tables.ensure(['population', 'offences']);
  const offences = await monthRange(db, 'offences');
  // As in the browser (fetchBoundaries), a boundary file that is missing or not JSON means the tile map.
  const boundaries = manifest.boundaries ? readJson(path.join(dataDir, manifest.boundaries)) : null;

  const answers: FirstView['answers'] = {};
  const recording = recordingDatabase(db, answers);
  const views: string[] = [];
  for (const page of PAGES) {
    for (const category of DISPLAY_CATEGORIES) {
      for (const measure of ['rate', 'count'] as const) {
        const state = { ...DEFAULT_STATE, page, category, measure };
        const view = createPage(page, { db: recording, data: { manifest, offences, boundaries, loader: tables }, navigate: () => undefined });
        await view.update(state);
        view.destroy();
        views.push(stateToSearch(state));
      }
    }
  }
  const firstView: FirstView = { manifest, offences, views, answers };
  writeFileSync(out, JSON.stringify(firstView));
  console.log(`first view: ${views.length} views, ${Object.keys(answers).length} answers, ${(JSON.stringify(firstView).length / 1024).toFixed(0)} KB`);
} finally {
  await vite.close();
}
