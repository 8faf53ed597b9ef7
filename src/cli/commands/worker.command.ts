import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.js';
import { loadConfig } from '../../config/config.js';
import { createAppContext } from '../../composition/create-app-context.js';

/** Runs the sync worker until SIGTERM/SIGINT, then stops taking jobs and lets running ones finish. */
export const workerCommand: CliCommand = {
  name: 'worker',
  summary: 'Run the sync worker: consume wallet sync jobs, re-sync every RESYNC_INTERVAL_MINUTES',
  usage: 'usage: adafolio worker [--jobs N] [--no-resync]',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        jobs: { type: 'string' },
        'no-resync': { type: 'boolean', default: false },
      },
    });
    const config = loadConfig();
    const app = await createAppContext(config, { queue: true, asyncCommit: true });
    const { startWorker } = await import('../../composition/start-worker.js');
    const consumer = await startWorker(app, {
      jobs: values.jobs ? Math.max(1, Number(values.jobs)) : undefined,
      resync: !values['no-resync'],
    });
    return new Promise<number>((resolve) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        app.logger.info({ signal }, 'stopping worker: finishing running jobs');
        void consumer
          .stop({ graceful: true, timeoutMs: 30_000 })
          .then(() => app.close())
          .then(
            () => resolve(0),
            () => resolve(1),
          );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
  },
};
