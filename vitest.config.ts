import { defineConfig } from 'vitest/config';

// Fault runs (test/integration/scale/*.fault.test.ts) each start worker processes, a simulator and
// their own database pools (~30 PostgreSQL connections) and time faults against the sync: two at once
// beside the other suites exhausted a default max_connections of 100 and slowed each other past their
// schedules. They run after the rest, one file at a time.
const FAULT_RUNS = 'test/integration/scale/**/*.fault.test.ts';

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Several integration suites race real processes (SIGKILL/SIGTERM timing, token-bucket start-up)
    // on a 2-core machine; a failure is retried once and reported as flaky in the run's output,
    // a test that fails twice fails the run.
    retry: 1,
    // The default output, plus the list of tests that passed only on their retry.
    reporters: ['default', './test/support/flaky-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'suites',
          include: ['test/**/*.test.ts', 'sim/**/*.test.ts'],
          exclude: [FAULT_RUNS, '**/node_modules/**'],
          // 2-core machines: integration suites start servers and child processes of their own.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'fault-runs',
          include: [FAULT_RUNS],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
