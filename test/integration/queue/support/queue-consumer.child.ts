// A consumer in its own process, for the multi-process and crash tests. Started with
// `node --import tsx` (child_process.fork). Reports over IPC: ready, started <id>, handled <id>.
import { stopOnSignals } from '../../../../src/queue/stop-on-signals.js';
import { makeQueue, type QueueLocation } from './make-queue.js';

const where = JSON.parse(process.env.QUEUE_LOCATION!) as QueueLocation;
const concurrency = Number(process.env.CONCURRENCY ?? '4');
const leaseMs = Number(process.env.LEASE_MS ?? '30000');
const hang = process.env.HANG === '1';

const queue = makeQueue(where);
const consumer = queue.createConsumer({ leaseMs });
const send = (message: object) => process.send?.(message);

// SIGTERM: stop taking jobs, let handlers finish or release what they hold, then exit 0. Listening
// before start, so a signal that follows 'ready' or 'started' at once meets the handler.
stopOnSignals([consumer], {
  timeoutMs: 5_000,
  onStopped: async () => {
    await queue.close();
    process.exit(0);
  },
});

await consumer.start(
  async ({ job, signal }) => {
    if (job.type === 'hang' && hang) {
      send({ event: 'started', id: job.id });
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      throw new Error('aborted');
    }
    send({ event: 'handled', id: job.id });
  },
  { concurrency },
);
send({ event: 'ready' });

process.on('message', (m: { cmd?: string }) => {
  if (m.cmd === 'stop') {
    void consumer
      .stop({ graceful: true, timeoutMs: 5_000 })
      .then(() => queue.close())
      .then(() => process.exit(0));
  }
});
