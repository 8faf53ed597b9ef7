// `adafolio worker` processes as a deployment runs them: each its own process and env (DATABASE_URL,
// REDIS_URL, REDIS_KEY_PREFIX, QUEUE_BACKEND, …). A fault run SIGKILLs and restarts them; a benchmark
// reads their CPU and peak RSS from /proc before stopping them.
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './simulator-process.js';
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

async function startOne(index: number, options: WorkerPoolOptions): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    [CLI, 'worker', '--jobs', String(options.jobs), '--no-resync', '--no-price-refresh'],
    {
      env: { ...process.env, ...options.env, LOG_LEVEL: options.env.LOG_LEVEL ?? 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let tail = '';
  const keep = (d: Buffer) => (tail = (tail + d.toString()).slice(-6_000));
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      keep(d);
      if (tail.includes('worker started')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(new Error(`worker ${index} exited ${code ?? signal}: ${tail}`)),
    );
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    ready,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          new Error(`worker ${index} not started within ${options.startTimeoutMs ?? 60_000} ms: ${tail}`),
        );
      }, options.startTimeoutMs ?? 60_000);
    }),
  ]).finally(() => clearTimeout(timer));
  return { index, child, output: () => tail };
}

const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

async function exitOf(c: ChildProcess, timeoutMs: number): Promise<void> {
  if (!alive(c)) return;
  const gone = new Promise<void>((r) => c.once('exit', () => r()));
  const t = setTimeout(() => c.kill('SIGKILL'), timeoutMs);
  await gone;
  clearTimeout(t);
}

export async function startWorkerPool(options: WorkerPoolOptions): Promise<WorkerPool> {
  const workers = await Promise.all(Array.from({ length: options.count }, (_, i) => startOne(i, options)));
  let started = workers.length;
  return {
    workers,
    get started() {
      return started;
    },
    async killAndRestart(index) {
      const w = workers[index]!;
      w.child.kill('SIGKILL');
      await exitOf(w.child, 5_000);
      workers[index] = await startOne(index, options);
      started++;
    },
    usage() {
      return workers.filter((w) => alive(w.child)).map((w) => procUsage(w.child.pid!, `worker ${w.index}`));
    },
    async stop(timeoutMs = 30_000) {
      for (const w of workers) if (alive(w.child)) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => exitOf(w.child, timeoutMs)));
    },
  };
}
