/**
 * Serves the built site (dist/, made by `vite build` before this project runs) on 127.0.0.1 for
 * the real-browser tests.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { distDir, serveFolder, type StaticServer } from './static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let server: StaticServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  const dist = distDir();
  if (!existsSync(path.join(dist, 'index.html'))) {
    throw new Error('dist/index.html is missing: run `npm run build` (the test:browser script does) before the browser tests');
  }
  server = await serveFolder(dist);
  project.provide('baseUrl', server.url);
}

export async function teardown(): Promise<void> {
  await server?.close();
}
