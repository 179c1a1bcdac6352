import { defineConfig } from 'vitest/config';

/**
 * Two projects: unit tests (Node, jsdom, DuckDB's Node build) and real-browser tests against the
 * built site. `npm test` builds the site once, then runs both in one vitest run: the unit tests
 * first, then the browser tests, each two files at a time (this is a 2-core machine: a file mostly
 * keeps one core busy). See tests/README.md.
 */
export default defineConfig({
  test: {
    // After the usual summary: how many tests were skipped and why; under CI=true a skip fails the run.
    reporters: ['default', './tests/helpers/skip-report.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          // DuckDB's start-up in beforeAll can take well over 10 s when the machine is busy.
          hookTimeout: 120_000,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          // Serves dist/ and launches the one Chromium every browser test file connects to.
          globalSetup: ['tests/browser/global-setup.ts'],
          // A guard against hangs, not a speed check: two files share two cores, and a test that loads
          // four pages at 400% zoom took a minute on a machine other work had at a load of 16.
          testTimeout: 180_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
