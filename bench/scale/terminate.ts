// Stopping a child process the bench started: SIGTERM (it closes its pools and servers), SIGKILL when it
// has not exited within `timeoutMs`.
import type { ChildProcess } from 'node:child_process';

export async function terminate(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await gone;
  clearTimeout(t);
}
