import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';

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

export default defineConfig({
  // Relative paths, so the built folder works from any address on any static host.
  base: './',
  plugins: [dataFolder(path.resolve(process.env.DASHBOARD_DATA_DIR ?? 'data'))],
  build: {
    target: 'es2022',
    // DuckDB's wasm files are large by nature; they are fetched once and cached.
    chunkSizeWarningLimit: 1200,
  },
  worker: { format: 'es' },
});
