/**
 * Resolves with the name of the first SIGTERM or SIGINT. Call it before anything starts: a signal that
 * arrives before a handler exists kills the process outright (the default action), skipping the
 * graceful stop. The handlers are once-only, so a second signal still kills a stop that hangs.
 */
export function nextStopSignal(): Promise<'SIGTERM' | 'SIGINT'> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}
