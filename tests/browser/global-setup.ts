/**
 * Once for the whole browser run: serves the built site (dist/, made by `vite build` before this
 * project runs; `npm test` builds it once) on 127.0.0.1, and starts the one Chromium that every
 * browser test file connects to (harness.ts, openBrowser). Test files get their own browser
 * contexts in it, so they stay isolated from each other, and may run side by side.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { launchChromiumServer } from './chromium';
import { distDir, serveFolder, type StaticServer } from './static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** Where harness.ts's openBrowser connects: the run's one Chromium. */
    browserEndpoint: string;
  }
}

let server: StaticServer | undefined;
let chromium: BrowserServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  const dist = distDir();
  if (!existsSync(path.join(dist, 'index.html'))) {
    throw new Error('dist/index.html is missing: run `npm run build` (the test:browser script does) before the browser tests');
  }
  server = await serveFolder(dist);
  project.provide('baseUrl', server.url);
  chromium = await launchChromiumServer();
  project.provide('browserEndpoint', chromium.wsEndpoint());
}

export async function teardown(): Promise<void> {
  await chromium?.close();
  await server?.close();
}
