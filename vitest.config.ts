import { defineConfig } from 'vitest/config';

// Two projects so that `npm test` runs fast unit tests first and the real-browser tests after a build.
export default defineConfig({
  test: {
    // After the usual summary: how many tests were skipped and why; under CI=true a skip fails the run.
    reporters: ['default', './tests/support/skip-report.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          // DuckDB's start-up in beforeAll can take well over 10 s when the machine is busy.
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
