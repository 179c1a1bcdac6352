/**
 * Debian's Chromium, driven by playwright-core: never a test tool's own browser download. The flags
 * keep it from reaching out to Google's services (there is no network here, and there must be none).
 */
import { chromium, type Browser, type BrowserContext, type BrowserServer } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Chromium as a server that many test files connect to (tests/browser/global-setup.ts starts one
 * for the whole browser run, so each file does not pay for a launch). Same binary, same flags.
 */
export function launchChromiumServer(): Promise<BrowserServer> {
  return chromium.launchServer({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** Connects to a Chromium started by launchChromiumServer; closing the result only disconnects. */
export function connectChromium(wsEndpoint: string): Promise<Browser> {
  return chromium.connect(wsEndpoint);
}

/**
 * A Chromium of its own with a profile on disk, for a test that must read what a profile keeps (its
 * saved history): the run's shared Chromium has no profile. Same binary, same flags.
 */
export function launchChromiumWithProfile(folder: string, viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  return chromium.launchPersistentContext(folder, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, viewport });
}
