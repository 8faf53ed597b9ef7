import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.js';
import { loadConfig } from '../../config/config.js';
import { createAppContext } from '../../composition/create-app-context.js';
import { nextStopSignal } from '../stop-signal.js';

/** Runs the sync worker until SIGTERM/SIGINT, then stops taking jobs and lets running ones finish. */
export const workerCommand: CliCommand = {
  name: 'worker',
  summary: 'Run the sync worker: consume wallet sync jobs, re-sync every RESYNC_INTERVAL_MINUTES',
  usage: 'usage: adafolio worker [--jobs N] [--no-resync] [--no-price-refresh]',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        jobs: { type: 'string' },
        'no-resync': { type: 'boolean', default: false },
        'no-price-refresh': { type: 'boolean', default: false },
      },
    });
    const config = loadConfig();
    // Before anything starts: 'worker started' is the line supervisors (and tests) wait for.
    const stopSignal = nextStopSignal();
    const jobs = values.jobs ? Math.max(1, Number(values.jobs)) : undefined;
    const { startWorker, workerPoolSize } = await import('../../composition/start-worker.js');
    const poolSize = config.pools.worker ?? workerPoolSize(jobs ?? 2);
    const app = await createAppContext(config, {
      queue: true,
      asyncCommit: true,
      poolSize,
      ...(config.redisKeyPrefix ? { redisPrefix: config.redisKeyPrefix } : {}),
    });
    if (config.pools.worker !== undefined && poolSize < 2 * (jobs ?? 2) + 2) {
      app.logger.warn(
        { poolSize, jobs: jobs ?? 2, suggested: workerPoolSize(jobs ?? 2) },
        'WORKER_DB_POOL_SIZE is below 2 × --jobs + 2: syncs will wait for database connections',
      );
    }
    const consumer = await startWorker(app, {
      jobs,
      resync: !values['no-resync'],
      priceRefresh: !values['no-price-refresh'],
      ...(config.queueLeaseMs ? { leaseMs: config.queueLeaseMs } : {}),
    });
    const signal = await stopSignal;
    app.logger.info({ signal }, 'stopping worker: finishing running jobs');
    try {
      await consumer.stop({ graceful: true, timeoutMs: 30_000 });
      await app.close();
      return 0;
    } catch {
      return 1;
    }
  },
};
