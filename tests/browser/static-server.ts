/**
 * A minimal static file server for the built site, on 127.0.0.1 only, used by browser tests and
 * the screenshot script. It serves dist/ as a static host would, including pre-compressed files.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.csv': 'text/csv; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * The built site the browser tests serve: dist/, or the folder DASHBOARD_DIST names (a private
 * build, for when someone else may be rebuilding dist/ at the same time).
 */
export function distDir(): string {
  return path.resolve(process.env.DASHBOARD_DIST ?? 'dist');
}

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Headers sent with every response, as a static host sends those of a `_headers` file. */
  headers?: Record<string, string>;
}

export async function serveFolder(root: string, port = 0, options: ServeOptions = {}): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    let file = path.join(root, path.normalize(urlPath).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    // Like a static host with pre-compressed files: send file.br or file.gz when the browser accepts it.
    const accepts = String(req.headers['accept-encoding'] ?? '');
    const encoding = ['br', 'gzip'].find((e) => accepts.includes(e) && existsSync(`${file}.${e === 'gzip' ? 'gz' : 'br'}`));
    const headers: Record<string, string> = { ...options.headers, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', Vary: 'Accept-Encoding' };
    if (encoding) headers['Content-Encoding'] = encoding;
    res.writeHead(200, headers);
    createReadStream(encoding ? `${file}.${encoding === 'gzip' ? 'gz' : 'br'}` : file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
