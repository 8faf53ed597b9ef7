import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { QueueLocation } from './make-queue.js';

const script = fileURLToPath(new URL('./queue-consumer.child.ts', import.meta.url));

export interface ChildMessage {
  event: 'ready' | 'started' | 'handled';
  id?: string;
}

export interface ConsumerProcess {
  child: ChildProcess;
  handled: string[];
  ready: Promise<void>;
  /** Resolves with the id of the first `hang` job this process started. */
  started: Promise<string>;
  stop(): Promise<void>;
  kill(): Promise<void>;
  /** Sends SIGTERM and resolves with the exit code. */
  terminate(): Promise<number | null>;
}

/** Forks a consumer process (`node --import tsx queue-consumer.child.ts`). */
export function spawnConsumer(
  where: QueueLocation,
  env: { concurrency?: number; leaseMs?: number; hang?: boolean } = {},
  onHandled?: (id: string) => void,
): ConsumerProcess {
  const child = fork(script, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      QUEUE_LOCATION: JSON.stringify(where),
      CONCURRENCY: String(env.concurrency ?? 4),
      LEASE_MS: String(env.leaseMs ?? 30_000),
      HANG: env.hang ? '1' : '0',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const handled: string[] = [];
  let readyResolve!: () => void;
  let startedResolve!: (id: string) => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  const started = new Promise<string>((r) => (startedResolve = r));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.on('message', (m: ChildMessage) => {
    if (m.event === 'ready') readyResolve();
    else if (m.event === 'started') startedResolve(m.id!);
    else if (m.event === 'handled') {
      handled.push(m.id!);
      onHandled?.(m.id!);
    }
  });
  return {
    child,
    handled,
    ready,
    started,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.send({ cmd: 'stop' });
      await exited;
    },
    async terminate() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
