// What every part of bench:scale shares: the simulator and Redis processes the bench started, the base
// database URL, the report; the environment a part's producer, workers and API run with; and the CPU
// of the processes beside the workers (the bench database's PostgreSQL backends, the bench's own
// Redis, the simulator) over a part.
import { randomBytes } from 'node:crypto';
import { backendCpu, backendCpuSince } from './db-figures.js';
import { prepareFaultRun, type FaultRun } from './fault-run.js';
import { procUsage } from './proc-usage.js';
import type { RedisServerProcess } from './redis-server-process.js';
import type { ScaleReport } from './scale-report.js';
import type { SimulatorProcess } from './simulator-process.js';

export interface ScaleContext {
  sim: SimulatorProcess;
  redis: RedisServerProcess;
  /** Each part's database is this URL with a suffix. */
  baseUrl: string;
  report: ScaleReport;
}

export interface PartRun {
  url: string;
  env: Record<string, string>;
  run: FaultRun;
}

/** The producer's run on `url` (wallets added, or with `reuseWallets` those already stored). */
export async function openPartRun(
  ctx: ScaleContext,
  url: string,
  extra: Record<string, string>,
  options: { reuseWallets?: boolean } = {},
): Promise<PartRun> {
  // Each part its own key prefix: no bucket, event or lease state carries over from the one before.
  const prefix = `bench-scale-${randomBytes(4).toString('hex')}`;
  const env = {
    DATABASE_URL: url,
    REDIS_URL: ctx.redis.url,
    REDIS_KEY_PREFIX: prefix,
    BLOCKFROST_URL: ctx.sim.url,
    BLOCKFROST_PROJECT_ID: ctx.sim.projectId,
    QUEUE_BACKEND: 'prisma',
    ...extra,
  };
  const run = await prepareFaultRun({
    simControlUrl: ctx.sim.controlUrl,
    env,
    redisPrefix: prefix,
    ...options,
  });
  return { url, env, run };
}

export interface SideCpu {
  pg: number;
  redis: number;
  sim: number;
}

/** Starts counting; the returned function gives the CPU seconds spent since. */
export async function sideCpu(ctx: ScaleContext, url: string): Promise<() => Promise<SideCpu>> {
  const cpuOf = (pid: number | undefined) => (pid === undefined ? 0 : procUsage(pid, '').cpuSeconds);
  const pg0 = await backendCpu(url);
  const redis0 = cpuOf(ctx.redis.pid());
  const sim0 = cpuOf(ctx.sim.child.pid);
  return async () => ({
    pg: backendCpuSince(pg0, await backendCpu(url)),
    redis: cpuOf(ctx.redis.pid()) - redis0,
    sim: cpuOf(ctx.sim.child.pid) - sim0,
  });
}
