import type { Reporter, TestCase } from 'vitest/node';

/**
 * Lists, at the end of a run, every test that passed only on a retry (`retry: 1` in vitest.config.ts),
 * and writes them to `.ci/out/flaky.txt` when that folder exists (CI), so a retry never passes
 * unnoticed as a plain pass.
 */
export default class FlakyReporter implements Reporter {
  private readonly flaky: string[] = [];

  onTestCaseResult(testCase: TestCase): void {
    const d = testCase.diagnostic();
    if (d?.flaky) this.flaky.push(`${testCase.module.relativeModuleId} > ${testCase.fullName}`);
  }

  async onTestRunEnd(): Promise<void> {
    const lines = this.flaky.map((t) => `  passed on retry: ${t}`);
    process.stdout.write(
      this.flaky.length ? `\n${this.flaky.length} test(s) passed only on retry:\n${lines.join('\n')}\n` : '',
    );
    const { existsSync, writeFileSync } = await import('node:fs');
    if (existsSync('.ci/out'))
      writeFileSync('.ci/out/flaky.txt', this.flaky.join('\n') + (this.flaky.length ? '\n' : ''));
  }
}
