/**
 * Traps for the security tests: every Content Security Policy violation (in the page, and in the
 * console of the page and its workers), every dialog, and a `window.__xss` list that hostile
 * payloads push to if they ever run.
 */
import type { BrowserContext, Page } from 'playwright-core';

declare global {
  interface Window {
    __cspViolations: string[];
    __xss: unknown[];
  }
}

export interface Traps {
  /** securitypolicyviolation events, and browser log messages about the policy, from page and workers. */
  violations(): Promise<string[]>;
  /** alert(), confirm() or prompt() calls: none should ever happen. */
  dialogs: string[];
  /** Calls hostile payloads made to window.__xss: none should ever happen. */
  xss(): Promise<unknown[]>;
  /** Console errors and uncaught exceptions, from page and workers. */
  errors: string[];
}

const POLICY_MESSAGE = /Content Security Policy|Content-Security-Policy|Permissions-Policy|Refused to/i;

/** Sets the traps on a context before its first page loads. */
export async function setTraps(context: BrowserContext, page: Page): Promise<Traps> {
  await context.addInitScript(() => {
    window.__cspViolations = [];
    window.__xss = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile}:${event.lineNumber} ${event.sample}`);
    });
  });
  const consoleViolations: string[] = [];
  const errors: string[] = [];
  const dialogs: string[] = [];
  const onConsole = (where: string) => (message: { type(): string; text(): string }) => {
    const text = message.text();
    if (POLICY_MESSAGE.test(text)) consoleViolations.push(`${where}: ${text}`);
    if (message.type() === 'error') errors.push(`${where}: ${text}`);
  };
  page.on('console', onConsole('page'));
  page.on('worker', (worker) => worker.on('console', onConsole(`worker ${worker.url()}`)));
  // The browser's own log: the only place a violation inside a worker (DuckDB's) shows up.
  const cdp = await context.newCDPSession(page);
  cdp.on('Log.entryAdded', ({ entry }) => {
    if (POLICY_MESSAGE.test(entry.text)) consoleViolations.push(`${entry.source} log: ${entry.text}`);
  });
  await cdp.send('Log.enable');
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return {
    async violations() {
      const inPage = await page.evaluate(() => window.__cspViolations ?? []).catch(() => [] as string[]);
      return [...inPage, ...consoleViolations];
    },
    dialogs,
    async xss() {
      return page.evaluate(() => window.__xss ?? []);
    },
    errors,
  };
}
