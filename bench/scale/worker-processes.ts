// `adafolio worker` processes as a deployment runs them: each its own process and env (DATABASE_URL,
// REDIS_URL, REDIS_KEY_PREFIX, QUEUE_BACKEND, …). A fault run SIGKILLs and restarts them; a benchmark
// reads their CPU and peak RSS from /proc before stopping them.
import type { ChildProcess } from 'node:child_process';
import { alive, exitOf, startAllOrNone, startCliProcess, stopAll } from './cli-process.js';
import { procUsage, type ProcUsage } from './proc-usage.js';

export interface WorkerProcess {
  index: number;
  child: ChildProcess;
  /** The last lines it logged (for a failing run's message). */
  output(): string;
}

export interface WorkerPool {
  workers: WorkerProcess[];
  /** Processes started so far (restarts included). */
  readonly started: number;
  /**
   * Warnings and errors the workers logged so far (every process, restarts included), by message: what
   * a fault run shows its fault was felt.
   */
  problemsLogged(): Record<string, number>;
  /** SIGKILLs `index` and starts a fresh process in its place (resolves once it is ready). */
  killAndRestart(index: number): Promise<void>;
  /** CPU and peak RSS of the live processes, read before they exit. */
  usage(): ProcUsage[];
  /** SIGTERM every worker (running jobs finish or are released), SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface WorkerPoolOptions {
  count: number;
  /** `--jobs` of each worker. */
  jobs: number;
  env: Record<string, string>;
  /** Bound on each start ('worker started' logged). Default 60 s. */
  startTimeoutMs?: number;
}

/** pino's level of `warn`: lines at or above it are counted. */
const WARN_LEVEL = 40;

/** Tallies the warn/error lines of a worker's JSON log (a line split across chunks is joined first). */
function problemTally(into: Map<string, number>): (d: Buffer) => void {
  let partial = '';
  return (d) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string };
        if ((entry.level ?? 0) >= WARN_LEVEL)
          into.set(entry.msg ?? '?', (into.get(entry.msg ?? '?') ?? 0) + 1);
      } catch {
        // Not a log line (a stack trace, a partial write): not a problem of the run's.
      }
    }
  };
}

async function startOne(
  index: number,
  options: WorkerPoolOptions,
  problems: Map<string, number>,
): Promise<WorkerProcess> {
  const p = await startCliProcess({
    args: ['worker', '--jobs', String(options.jobs), '--no-resync', '--no-price-refresh'],
    env: options.env,
    label: `worker ${index}`,
    readyLine: 'worker started',
    onStdout: problemTally(problems),
    ...(options.startTimeoutMs !== undefined ? { startTimeoutMs: options.startTimeoutMs } : {}),
  });
  return { index, ...p };
}

export async function startWorkerPool(options: WorkerPoolOptions): Promise<WorkerPool> {
  const problems = new Map<string, number>();
  const workers = await startAllOrNone(
    Array.from({ length: options.count }, (_, i) => startOne(i, options, problems)),
  );
  let started = workers.length;
  return {
    workers,
    get started() {
      return started;
    },
    problemsLogged: () => Object.fromEntries(problems),
    async killAndRestart(index) {
      const w = workers[index]!;
      w.child.kill('SIGKILL');
      await exitOf(w.child, 5_000);
      workers[index] = await startOne(index, options, problems);
      started++;
    },
    usage() {
      return workers.filter((w) => alive(w.child)).map((w) => procUsage(w.child.pid!, `worker ${w.index}`));
    },
    stop: (timeoutMs = 30_000) =>
      stopAll(
        workers.map((w) => w.child),
        timeoutMs,
      ),
  };
}
