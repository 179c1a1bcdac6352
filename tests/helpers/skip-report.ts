/**
 * A vitest reporter, after the default one: how many tests were skipped and why (the note a test
 * gave `ctx.skip(note)`, as tests/helpers/real-data.ts does), file by file. A skipped test checks
 * nothing, so under CI=true every skip is unexpected and fails the run: a test that may
 * legitimately not run in CI should not be in the CI suite.
 *
 * Tests left out by a name filter (`-t`) are not counted: they were not asked for.
 */
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { IN_CI } from './real-data';

export default class SkipReport implements Reporter {
  private filtered = false;

  onInit(vitest: Vitest): void {
    this.filtered = vitest.config.testNamePattern !== undefined;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const byReason = new Map<string, string[]>();
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state !== 'skipped') continue;
        if (this.filtered && result.note === undefined && test.options.mode === 'skip') continue;
        const reason = result.note ?? (test.options.mode === 'todo' ? 'marked todo' : 'skipped in the code, no reason given');
        const where = `${module.project.name}: ${module.relativeModuleId} › ${test.fullName}`;
        byReason.set(reason, [...(byReason.get(reason) ?? []), where]);
      }
    }
    const total = [...byReason.values()].reduce((n, tests) => n + tests.length, 0);
    if (total === 0) {
      console.log('\n  Skipped: no tests.');
      return;
    }
    console.log(`\n  Skipped: ${total} test${total === 1 ? '' : 's'}${IN_CI ? ' (CI=true: every skip fails the run)' : ''}.`);
    for (const [reason, tests] of byReason) {
      console.log(`    ${tests.length} — ${reason}:`);
      for (const test of tests) console.log(`      ${test}`);
    }
    if (IN_CI) process.exitCode = 1;
  }
}
