/**
 * The published files some tests read: ../shared/data/real, beside the repository (public copies,
 * never committed; CI lays ../shared beside its clone). Found from this file's place in the
 * repository, never from the working directory or an absolute path.
 *
 * A test that needs them starts with `needRealData(ctx)`:
 * - the folder is there: the test runs;
 * - it is missing under CI=true: the test fails, saying where it looked (CI must never pass
 *   without checking the real files);
 * - it is missing elsewhere: the test is skipped with that reason, and the run's summary
 *   (tests/helpers/skip-report.ts) counts it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'vitest';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const REAL_DATA = path.resolve(REPO_ROOT, '../shared/data/real');

/** CI=true (or 1), as CI sets it. */
export const IN_CI = /^(true|1)$/i.test(process.env.CI ?? '');

/** The reason a test is skipped without the files; the skip report groups by it. */
export const NO_REAL_DATA = `needs the published files in ../shared/data/real (looked in ${REAL_DATA})`;

/** Where a published file is (whether or not it is there). */
export const realFile = (name: string) => path.join(REAL_DATA, name);

/** The named files (or the folder) that are not there. */
function missing(files: readonly string[]): string[] {
  const wanted = files.length > 0 ? files.map(realFile) : [REAL_DATA];
  return wanted.filter((file) => !existsSync(file));
}

/** Whether every named file (or, with none named, the folder) is there. */
export function haveRealData(...files: string[]): boolean {
  return missing(files).length === 0;
}

/**
 * Call first in a test (or a beforeEach) that reads the published files: skips it when they are
 * missing, or under CI fails it with a message that says what to lay beside the repository.
 */
export function needRealData(ctx: Pick<TestContext, 'skip'>, ...files: string[]): void {
  const absent = missing(files);
  if (absent.length === 0) return;
  if (IN_CI) {
    throw new Error(
      `CI=true and the published files are missing: ${absent.join(', ')}. ` +
        'Lay the shared folder beside the repository (../shared/data/real, as CI does) rather than skipping these tests.',
    );
  }
  ctx.skip(NO_REAL_DATA);
}
