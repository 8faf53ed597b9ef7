import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'sim/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // 2-core machines: integration suites start servers and child processes of their own.
    maxWorkers: 2,
    // Several integration suites race real processes (SIGKILL/SIGTERM timing, token-bucket start-up)
    // on a 2-core machine; a failure is retried once and reported as flaky in the run's output,
    // a test that fails twice fails the run.
    retry: 1,
    // The default output, plus the list of tests that passed only on their retry.
    reporters: ['default', './test/support/flaky-reporter.ts'],
  },
});
