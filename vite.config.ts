import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import { withoutUnusedExports } from './scripts/duckdb-wasm-exports.js';
import { headersFile, META_CSP } from './scripts/security-headers.js';
import { readSupportList, SUPPORT_CSV, SUPPORT_SOURCES } from './src/data/support/services.js';
import { describeProblem } from './src/data/validate.js';

/**
 * The data folder (data/ by default, or DASHBOARD_DATA_DIR) is served at /data/ in development and
 * copied to dist/data/ by the build, so data files are versioned with the code and the built site
 * is a plain folder any static host can serve.
 */
function dataFolder(dir: string): Plugin {
  const files = () => readdirSync(dir).filter((f) => statSync(path.join(dir, f)).isFile());
  return {
    name: 'dashboard-data-folder',
    configureServer(server) {
      server.middlewares.use('/data', (req, res, next) => {
        const name = decodeURIComponent((req.url ?? '').split('?')[0]!.replace(/^\//, ''));
        if (!files().includes(name)) return next();
        res.setHeader('Content-Type', name.endsWith('.json') || name.endsWith('.geojson') ? 'application/json' : 'text/csv; charset=utf-8');
        res.end(readFileSync(path.join(dir, name)));
      });
    },
    generateBundle() {
      for (const name of files()) {
        this.emitFile({ type: 'asset', fileName: `data/${name}`, source: readFileSync(path.join(dir, name)) });
      }
    },
  };
}

/**
 * DuckDB's wasm without the exports nothing calls (scripts/duckdb-wasm-exports.ts says which are kept
 * and why): 0.75 MB less to download, and 75,011 exports fewer for the browser and DuckDB's worker to
 * set up at every start. Made once per DuckDB version and version of that script, into
 * node_modules/.cache/duckdb-wasm/, and imported (`…/duckdb-eh.wasm?url`) in place of the package's file.
 */
function duckdbWasmWithoutUnusedExports(): Plugin {
  const dist = path.resolve('node_modules/@duckdb/duckdb-wasm/dist');
  const script = path.resolve('scripts/duckdb-wasm-exports.ts');
  const key = createHash('sha256').update(readFileSync(path.join(dist, '../package.json'))).update(readFileSync(script)).digest('hex').slice(0, 16);
  const cache = path.resolve('node_modules/.cache/duckdb-wasm', key);
  const slimmed = (build: string): string => {
    const out = path.join(cache, `duckdb-${build}.wasm`);
    if (!existsSync(out)) {
      const { bytes } = withoutUnusedExports(readFileSync(path.join(dist, `duckdb-${build}.wasm`)), readFileSync(path.join(dist, `duckdb-browser-${build}.worker.js`), 'utf8'));
      mkdirSync(cache, { recursive: true });
      // Written whole, then renamed: a build stopped halfway never leaves half a module in the cache.
      writeFileSync(`${out}.partial`, bytes);
      renameSync(`${out}.partial`, out);
    }
    return out;
  };
  return {
    name: 'duckdb-wasm-without-unused-exports',
    enforce: 'pre',
    resolveId(source) {
      const build = /^@duckdb\/duckdb-wasm\/dist\/duckdb-(eh|mvp)\.wasm\?url$/.exec(source)?.[1];
      return build ? `${slimmed(build)}?url` : null;
    },
  };
}

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });

/**
 * Where the first view for the current sources and data is cached: a folder (first-view.json and
 * answers/, see scripts/first-view.ts) named by a hash of everything scripts/first-view.ts reads
 * (src/, itself, the DuckDB helper it starts the database with, DuckDB's version, and the data
 * folder), so the build and `npm start` share one cache and either records it only when one of
 * those has changed.
 */
function firstViewCacheDir(dataDir: string): string {
  const inputs = [
    ...walk(path.resolve('src')),
    path.resolve('scripts/first-view.ts'),
    path.resolve('tests/unit/helpers/node-database.ts'),
    path.resolve('node_modules/@duckdb/duckdb-wasm/package.json'),
    ...walk(dataDir),
  ].sort();
  const hash = createHash('sha256');
  for (const file of inputs) hash.update(file).update(readFileSync(file));
  return path.resolve('node_modules/.cache/first-view', hash.digest('hex').slice(0, 32));
}

/** The arguments that run scripts/first-view.ts, writing to a folder of its own until it is done. */
function firstViewCommand(dataDir: string, cached: string): { args: string[]; partial: string } {
  mkdirSync(path.dirname(cached), { recursive: true });
  const partial = `${cached}.${process.pid}.partial`;
  return { args: [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/first-view.ts', '--data', dataDir, '--out', partial], partial };
}

/** The recorded files, by their path under data/ (first-view.json, answers/<page>/…). */
function recordedFiles(dir: string): Map<string, Buffer> {
  return new Map(walk(dir).map((file) => [path.relative(dir, file).split(path.sep).join('/'), readFileSync(file)]));
}

/**
 * Records the first view (scripts/first-view.ts) for the build: every query answer the default
 * views need, and the answers for every other area and period, computed by the same pages and SQL
 * in DuckDB's Node build, shipped as data/first-view.json and data/answers/ so that the first
 * charts of any view need not wait for DuckDB-WASM. Cached (above), since it takes a minute.
 */
function firstView(dataDir: string): Plugin {
  let files = new Map<string, Buffer>();
  return {
    name: 'dashboard-first-view',
    apply: 'build',
    buildStart() {
      const cached = firstViewCacheDir(dataDir);
      if (!existsSync(cached)) {
        const { args, partial } = firstViewCommand(dataDir, cached);
        execFileSync(process.execPath, args, { stdio: 'inherit' });
        renameSync(partial, cached);
      }
      files = recordedFiles(cached);
    },
    generateBundle() {
      for (const [name, source] of files) this.emitFile({ type: 'asset', fileName: `data/${name}`, source });
    },
  };
}

/**
 * The same recorded first view and answers for `npm start`, under /data/, so the development server
 * draws at once as the built site does. Recorded when the server starts (from the cache when the
 * sources and data are as they were), in the background so the server answers meanwhile; a request
 * for them waits for that. Recorded again when anything in the data folder changes, then the page
 * reloads. Edits to src/ do not record it again (that takes a minute): the page then draws from the
 * first view as the code was, and DuckDB redraws it from the code as it is moments later (answers to
 * queries that changed are not in the first view, so those wait for DuckDB).
 */
function firstViewInDevelopment(dataDir: string): Plugin {
  return {
    name: 'dashboard-first-view-development',
    apply: 'serve',
    configureServer(server) {
      const logger = server.config.logger;
      const record = async (): Promise<Map<string, Buffer> | null> => {
        try {
          const cached = firstViewCacheDir(dataDir);
          if (!existsSync(cached)) {
            logger.info('Recording the first view (scripts/first-view.ts)…', { timestamp: true });
            const { args, partial } = firstViewCommand(dataDir, cached);
            const { stdout } = await promisify(execFile)(process.execPath, args);
            renameSync(partial, cached);
            logger.info(stdout.trim(), { timestamp: true });
          }
          return recordedFiles(cached);
        } catch (error) {
          logger.warn(`The first view could not be recorded, so pages wait for DuckDB: ${error instanceof Error ? error.message : String(error)}`, { timestamp: true });
          return null;
        }
      };
      // One recording at a time: a change while one runs records again after it.
      let current = record();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const dataChanged = (file: string) => {
        if (path.relative(dataDir, file).startsWith('..')) return;
        // Several files change at once when the data is regenerated or imported.
        clearTimeout(timer);
        timer = setTimeout(() => {
          current = current.then(record);
          void current.then(() => server.ws.send({ type: 'full-reload' }));
        }, 300);
      };
      server.watcher.add(dataDir);
      for (const event of ['add', 'change', 'unlink'] as const) server.watcher.on(event, dataChanged);
      server.middlewares.use('/data', (req, res, next) => {
        const name = decodeURIComponent((req.url ?? '').split('?')[0]!.replace(/^\//, ''));
        if (name !== 'first-view.json' && !name.startsWith('answers/')) return next();
        void current.then((files) => {
          const json = files?.get(name);
          if (!json) {
            res.statusCode = 404;
            res.end(files ? 'Not recorded' : 'No first view: see the server log');
            return;
          }
          res.setHeader('Content-Type', 'application/json');
          // Without the snapshot (src/data/snapshot.ts): it holds the summaries as the code was when
          // recorded, and code edited since must be seen working on the CSVs.
          res.end(name === 'first-view.json' ? JSON.stringify({ ...(JSON.parse(json.toString('utf8')) as object), snapshot: undefined }) : json);
        });
      });
    },
  };
}

/**
 * Writes .br and .gz beside every compressible file of the build, so a static host that serves
 * pre-compressed files sends DuckDB's 34 MB wasm as about 6 MB. Brotli quality 9 for most files;
 * for the wasm every current browser loads (duckdb-eh), quality 10 with a 16 MB window: 5.1 MB
 * instead of 5.8 MB, 0.6 s less on a 10 Mbit/s line, for 50 s of one build on a 2-core machine
 * (quality 11 saves little more and takes twice as long). Results are cached by content hash and
 * settings, so only a new DuckDB version pays again.
 */
function precompress(): Plugin {
  const COMPRESSIBLE = /\.(wasm|js|css|html|json|geojson|csv|svg|arrows)$/;
  const cacheDir = path.resolve('node_modules/.cache/precompress');
  const compressed = (file: string, bytes: Buffer, kind: 'br' | 'gz'): Buffer => {
    const slowest = /duckdb-eh-[^/]*\.wasm$/.test(file);
    const brotli = slowest ? { quality: 10, window: 24 } : { quality: 9, window: zlibConstants.BROTLI_DEFAULT_WINDOW };
    const key = createHash('sha256').update(bytes).update(kind === 'br' ? JSON.stringify(brotli) : '').digest('hex').slice(0, 32);
    const cached = path.join(cacheDir, `${key}.${kind}`);
    if (existsSync(cached)) return readFileSync(cached);
    const out =
      kind === 'br'
        ? brotliCompressSync(bytes, {
            params: {
              [zlibConstants.BROTLI_PARAM_QUALITY]: brotli.quality,
              [zlibConstants.BROTLI_PARAM_LGWIN]: brotli.window,
              [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          })
        : gzipSync(bytes, { level: 9 });
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cached, out);
    return out;
  };
  let outDir = 'dist';
  return {
    name: 'dashboard-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const file of walk(outDir).filter((f) => COMPRESSIBLE.test(f))) {
        const bytes = readFileSync(file);
        if (bytes.length < 1024) continue;
        writeFileSync(`${file}.br`, compressed(file, bytes, 'br'));
        writeFileSync(`${file}.gz`, compressed(file, bytes, 'gz'));
      }
    },
  };
}

/**
 * The Content Security Policy (scripts/security-headers.ts): a <meta> tag first in the built
 * index.html, and `_headers` for static hosts that read one. Build only: the development server
 * injects styles inline for hot reloading, which the policy would rightly refuse.
 */
function securityHeaders(): Plugin {
  return {
    name: 'dashboard-security-headers',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      // Straight after the charset, before anything the policy governs.
      handler: (html) => {
        const meta = `<meta http-equiv="Content-Security-Policy" content="${META_CSP}" />`;
        if (!/<meta charset="utf-8" \/>/.test(html)) throw new Error('index.html: no <meta charset="utf-8" /> to put the CSP after');
        return html.replace(/<meta charset="utf-8" \/>/, (charset) => `${charset}\n    ${meta}`);
      },
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile() });
    },
  };
}

/**
 * The Get support list (data/support/services.csv and SOURCES.md) is checked before anything is
 * built, with the validator the page itself uses: a phone that is not a UK number, a website that is
 * not https, an unknown area or need, … stops the build, naming file, line and column. The page
 * bundles the CSV as text (src/data/support/list.ts); of SOURCES.md it needs only the date the list
 * was last checked, which is given to it here. The development server only warns (the page then
 * lists the problems), so that a half-typed line does not stop it.
 */
function supportList(): Plugin {
  return {
    name: 'dashboard-support-list',
    config(config, { command }) {
      const root = path.resolve(config.root ?? '.');
      const read = (file: string) => {
        try {
          return readFileSync(path.join(root, file), 'utf8');
        } catch {
          throw new Error(`${file} is missing: the Get support page is built from it (see ${SUPPORT_SOURCES})`);
        }
      };
      const { checked, problems } = readSupportList(read(SUPPORT_CSV), read(SUPPORT_SOURCES));
      if (problems.length > 0) {
        const message = `The support list has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map((p) => `  ${describeProblem(p)}`).join('\n')}`;
        if (command === 'build') throw new Error(message);
        console.warn(message);
      }
      return { define: { 'import.meta.env.SUPPORT_LIST_CHECKED': JSON.stringify(checked) } };
    },
  };
}

const dataDir = path.resolve(process.env.DASHBOARD_DATA_DIR ?? 'data');

export default defineConfig({
  // Relative paths, so the built folder works from any address on any static host.
  base: './',
  plugins: [duckdbWasmWithoutUnusedExports(), supportList(), securityHeaders(), dataFolder(dataDir), firstView(dataDir), firstViewInDevelopment(dataDir), precompress()],
  build: {
    target: 'es2022',
    // DuckDB's wasm files are large by nature; they are fetched once and cached.
    chunkSizeWarningLimit: 1200,
  },
  worker: { format: 'es' },
});
