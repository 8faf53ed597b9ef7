import type { JobConsumer } from './job-consumer.js';

/**
 * On SIGTERM/SIGINT: stop taking jobs, let running handlers finish (or release them after
 * `timeoutMs`), then call `onStopped` (e.g. close the queue and exit). Returns a function that removes
 * the signal handlers.
 */
export function stopOnSignals(
  consumers: JobConsumer[],
  options: { timeoutMs?: number; onStopped?: () => Promise<void> | void } = {},
): () => void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    void Promise.all(consumers.map((c) => c.stop({ graceful: true, timeoutMs: options.timeoutMs }))).then(
      () => options.onStopped?.(),
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
}
