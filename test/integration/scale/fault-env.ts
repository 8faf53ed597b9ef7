// What every fault-run test sets up: a fresh test database, the simulator in its own process (generated
// chain, seeded), the producer (fault-run.ts) and N `adafolio worker` processes, each with the same
// env (DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX, QUEUE_BACKEND, short lease). Torn down by close().
import { prepareFaultRun, type FaultRun } from '../../../bench/scale/fault-run.js';
import { startSimulatorProcess, type SimulatorProcess } from '../../../bench/scale/simulator-process.js';
import { startWorkerPool, type WorkerPool } from '../../../bench/scale/worker-processes.js';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '../../support/test-database.js';
import { TEST_REDIS_URL } from '../../support/test-env.js';

/**
 * Workers' settings that stretch a sync of ~100 small wallets over several seconds, so a fault lands
 * mid-sync: the shared bucket at 250 requests/s, batches of 5 transactions, 4 fetches in flight.
 */
export const SLOW_SYNC_ENV = {
  BLOCKFROST_RPS: '250',
  BLOCKFROST_BURST: '1',
  SYNC_BATCH_SIZE: '5',
  SYNC_CONCURRENCY: '4',
} as const;

/** Attempts the queue recorded beyond the first (Prisma backend: `sync_jobs.retry_count`). */
export interface JobRetries {
  /** Jobs that ran more than once. */
  jobs: number;
  total: number;
  max: number;
}

export async function jobRetries(sql: TestDatabase['sql']): Promise<JobRetries> {
  const { rows } = await sql.query<{ jobs: string; total: string; max: number }>(
    `SELECT count(*) FILTER (WHERE retry_count > 0) AS jobs, coalesce(sum(retry_count), 0) AS total,
            coalesce(max(retry_count), 0) AS max
       FROM sync_jobs`,
  );
  const r = rows[0]!;
  return { jobs: Number(r.jobs), total: Number(r.total), max: r.max };
}

export interface FaultEnv {
  db: TestDatabase;
  sim: SimulatorProcess;
  run: FaultRun;
  /** The workers' env (before `workerEnv` overrides). */
  env: Record<string, string>;
  startWorkers(count: number, jobs: number, workerEnv?: Record<string, string>): Promise<WorkerPool>;
  close(): Promise<void>;
}

export interface FaultEnvOptions {
  /** `adafolio sim` arguments (seed, wallets, txs per wallet, limits). */
  simArgs: string[];
  /** Overrides of the common env (QUEUE_BACKEND, REDIS_URL, BLOCKFROST_RPS, …). */
  env?: Record<string, string>;
  sharedEvery?: number;
}

/**
 * The env every process of a fault run shares (producer and workers): the database, the test Redis
 * under the run's own key prefix, the simulator, the Prisma queue with a short lease and an unlimited
 * bucket, then `overrides`.
 */
export function faultRunEnv(
  databaseUrl: string,
  sim: Pick<SimulatorProcess, 'url' | 'projectId'>,
  redisPrefix: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: redisPrefix,
    BLOCKFROST_URL: sim.url,
    BLOCKFROST_PROJECT_ID: sim.projectId,
    QUEUE_BACKEND: 'prisma',
    QUEUE_LEASE_MS: '2000',
    BLOCKFROST_RPS: '1000000',
    BLOCKFROST_BURST: '1000000',
    ...overrides,
  };
}

export async function createFaultEnv(options: FaultEnvOptions): Promise<FaultEnv> {
  const db = await createTestDatabase();
  const sim = await startSimulatorProcess(options.simArgs);
  const redisPrefix = testRedisPrefix('fault');
  const env = faultRunEnv(db.url, sim, redisPrefix, options.env);
  const pools: WorkerPool[] = [];
  let run: FaultRun | undefined;
  try {
    run = await prepareFaultRun({
      simControlUrl: sim.controlUrl,
      env,
      redisPrefix,
      ...(options.sharedEvery !== undefined ? { sharedEvery: options.sharedEvery } : {}),
    });
  } catch (error) {
    await sim.close();
    await db.drop();
    throw error;
  }
  return {
    db,
    sim,
    run,
    env,
    async startWorkers(count, jobs, workerEnv = {}) {
      const pool = await startWorkerPool({ count, jobs, env: { ...env, ...workerEnv } });
      pools.push(pool);
      return pool;
    },
    async close() {
      for (const p of pools) await p.stop(5_000).catch(() => undefined);
      await run?.close().catch(() => undefined);
      await sim.close();
      await db.drop();
    },
  };
}
