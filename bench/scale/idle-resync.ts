// Steady state of hourly re-syncs: the database a finished sync left (its users and wallets reused, not
// added again), one re-sync of every wallet with nothing new on chain, and the Blockfrost requests the
// simulator served for it: per idle wallet per re-sync, and per day for hourly re-syncs.
import { fmt } from './scale-report.js';
import { openPartRun, type ScaleContext } from './scale-context.js';
import { startWorkerPool } from './worker-processes.js';

const DAILY_REQUESTS = 50_000;

interface SimStats {
  total: number;
  byEndpoint: Record<string, number>;
}

export async function idleResync(
  ctx: ScaleContext,
  url: string,
  extra: Record<string, string>,
): Promise<void> {
  const { run, env } = await openPartRun(ctx, url, extra, { reuseWallets: true });
  const pool = await startWorkerPool({ count: 2, jobs: 4, env, startTimeoutMs: 120_000 });
  try {
    // After the workers' start-up, so only the re-syncs' requests are counted.
    await ctx.sim.control('/stats/reset', {});
    await run.enqueueAll();
    const seconds = await run.waitUntilDone({ timeoutMs: 3600_000, pollMs: 250 });
    const stats = await ctx.sim.control<SimStats>('/stats');
    const check = await run.check({ snapshots: true });
    if (check.problems.length > 0)
      throw new Error(
        `idle re-sync: ${check.problems.length} differences from the truth: ${check.problems[0]}`,
      );
    const wallets = run.tracked.length;
    const perWallet = stats.total / wallets;
    const perDay = perWallet * 24 * 1000;
    const endpoints = Object.entries(stats.byEndpoint)
      .sort((a, b) => b[1] - a[1])
      .map(([e, n]) => `${e} ${fmt(n / wallets, 2)}`)
      .join(', ');
    ctx.report.line(
      `idle re-sync of ${fmt(wallets)} stored wallets (nothing new on chain): requests per wallet`,
      `${fmt(perWallet, 2)} (${fmt(stats.total)} in ${fmt(seconds, 1)} s; per wallet: ${endpoints}; still equal to the truth)`,
    );
    ctx.report.line(
      'hourly re-syncs of 1,000 idle wallets: requests per day',
      `${fmt(perDay)} (${fmt((perDay / DAILY_REQUESTS) * 100, 1)} % of the 50,000/day budget)`,
    );
    ctx.report.keep('idle', { wallets, seconds, stats, perWallet, perDay });
  } finally {
    await pool.stop(10_000).catch(() => undefined);
    await run.close().catch(() => undefined);
  }
}
