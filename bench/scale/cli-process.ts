// One `adafolio <command>` child process as a deployment runs it (worker, api): its own env, its output
// kept (the last lines, for a failing run's message), started once a line it logs says it is ready.
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './simulator-process.js';

export interface CliProcess {
  child: ChildProcess;
  /** The last lines it logged. */
  output(): string;
}

export interface CliProcessOptions {
  /** Arguments after `adafolio`, e.g. `['worker', '--jobs', '4']`. */
  args: string[];
  env: Record<string, string>;
  /** Names it in errors ("worker 1", "api 0"). */
  label: string;
  /** The log line that says it is ready (searched in stdout and stderr). */
  readyLine: string;
  /** Bound on the start. Default 60 s. */
  startTimeoutMs?: number;
  /** Also hears every stdout chunk from the first (e.g. to tally log lines). */
  onStdout?: (d: Buffer) => void;
}

/** Spawns the command and resolves once `readyLine` was logged; rejects if it exits or times out first. */
export async function startCliProcess(options: CliProcessOptions): Promise<CliProcess> {
  const child = spawn(process.execPath, [CLI, ...options.args], {
    env: { ...process.env, ...options.env, LOG_LEVEL: options.env.LOG_LEVEL ?? 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  if (options.onStdout) child.stdout!.on('data', options.onStdout);
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      tail = (tail + d.toString()).slice(-6_000);
      if (tail.includes(options.readyLine)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(new Error(`${options.label} exited ${code ?? signal}: ${tail}`)),
    );
  });
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    ready,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${options.label} not started within ${timeoutMs} ms: ${tail}`));
      }, timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  return { child, output: () => tail };
}

export const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

/** Waits for the process to exit, SIGKILLing it after `timeoutMs`. */
export async function exitOf(c: ChildProcess, timeoutMs: number): Promise<void> {
  if (!alive(c)) return;
  const gone = new Promise<void>((r) => c.once('exit', () => r()));
  const t = setTimeout(() => c.kill('SIGKILL'), timeoutMs);
  await gone;
  clearTimeout(t);
}

/** SIGTERM to every live process (they finish what they run), SIGKILL after `timeoutMs`. */
export async function stopAll(children: ChildProcess[], timeoutMs: number): Promise<void> {
  for (const c of children) if (alive(c)) c.kill('SIGTERM');
  await Promise.all(children.map((c) => exitOf(c, timeoutMs)));
}

/**
 * Waits for processes started in parallel; if one fails, stops the others before rethrowing (nothing
 * else holds them, so they would outlive the run).
 */
export async function startAllOrNone<T extends { child: ChildProcess }>(
  starts: Array<Promise<T>>,
): Promise<T[]> {
  const settled = await Promise.allSettled(starts);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const started = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (!failed) return started;
  await stopAll(
    started.map((p) => p.child),
    5_000,
  );
  throw failed.reason;
}
