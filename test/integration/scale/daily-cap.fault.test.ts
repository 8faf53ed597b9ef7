import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../support/test-env.js';
import { createFaultEnv, type FaultEnv } from './fault-env.js';
import { expectEqualToTruth } from './expect-truth.js';

/**
 * The worker processes' clocks cannot be moved, so "midnight" is what it changes for them: the
 * simulator's calendar moves to the next day (`POST /__sim/limits/next-day`: its daily count starts
 * again), the shared bucket's daily-cap pause (set by the 402) ends, and the delayed jobs come due.
 */
async function midnight(f: FaultEnv, redis: Redis): Promise<void> {
  await f.sim.control('/limits/next-day', {});
  await redis.hdel(`${f.env.REDIS_KEY_PREFIX}bf-bucket:{${f.sim.projectId}}:state`, 'dailyCapUntil');
  await f.db.sql.query(`UPDATE sync_jobs SET scheduled_at = now() WHERE status = 'pending'`);
}

describe("fault run: Blockfrost's daily cap reached mid-sync, then the day rolls over (2 worker processes, Prisma queue)", () => {
  let f: FaultEnv;
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL);
    f = await createFaultEnv({
      // Limits on, but only the daily cap binds.
      simArgs: [
        '--seed',
        '65',
        '--wallets',
        '40',
        '--txs-per-wallet',
        '6',
        '--rps',
        '100000',
        '--burst',
        '100000',
      ],
      env: { SYNC_BATCH_SIZE: '5', SYNC_CONCURRENCY: '4' },
    });
    await f.startWorkers(2, 4);
  }, 120_000);
  afterAll(async () => {
    await f?.close();
    redis?.disconnect();
  });

  it('jobs are delayed to the next UTC midnight (not failed), resume after the rollover and end equal to the truth', async () => {
    // A day's budget of about 60 % of what the initial sync needs.
    const daily = Math.floor(0.6 * f.run.walletTransactions);
    await f.sim.control('/limits', { daily });
    await f.run.enqueueAll();
    const days: Array<{ completed: number; delayed: number; stored: number }> = [];
    for (let day = 0; day < 8; day++) {
      // Wait until nothing runs: every job either completed or delayed by the cap.
      const until = Date.now() + 60_000;
      let p = await f.run.progress();
      while (!(
        p &&
        p.processing === 0 &&
        p.pending === p.delayed &&
        p.completed + p.delayed === f.run.jobIds.length
      )) {
        if (Date.now() > until) throw new Error(`day ${day}: not quiescent: ${JSON.stringify(p)}`);
        await new Promise((r) => setTimeout(r, 250));
        p = await f.run.progress();
      }
      expect(p.failed).toBe(0);
      const stored = Number(
        (await f.db.sql.query<{ n: string }>('SELECT count(*) AS n FROM transactions')).rows[0]!.n,
      );
      days.push({ completed: p.completed, delayed: p.delayed, stored });
      if (p.delayed === 0) break;
      // Delayed to the next UTC midnight, without using a retry.
      const { rows } = await f.db.sql.query<{ scheduled_at: Date; retry_count: number }>(
        `SELECT scheduled_at, retry_count FROM sync_jobs WHERE status = 'pending'`,
      );
      const next = new Date();
      next.setUTCHours(24, 0, 0, 0);
      for (const r of rows)
        expect({ at: r.scheduled_at.getTime(), retries: r.retry_count }).toEqual({
          at: next.getTime(),
          retries: 0,
        });
      // What is stored so far is exact: no record or reward differs from the truth or lies beyond it
      // (records and rewards not read yet are missing, as the day's budget ran out before them).
      const partial = await f.run.check({ snapshots: false });
      expect(
        partial.problems.filter(
          (x) => !/^(missing record|missing reward|wallet .* not reconciled|…)/.test(x),
        ),
      ).toEqual([]);
      await midnight(f, redis);
    }
    expect(days.length).toBeGreaterThanOrEqual(2);
    expect(days[0]!.delayed).toBeGreaterThan(0);
    expect(days[0]!.stored).toBeGreaterThan(0);
    expect(days.at(-1)!.delayed).toBe(0);
    const check = await f.run.check();
    const equal = expectEqualToTruth(check, f.run);
    console.log(
      `daily cap: ${daily} requests a day; per day (completed jobs, delayed jobs, records stored): ${days.map((d) => `${d.completed}/${d.delayed}/${d.stored}`).join(' → ')}; ${equal}`,
    );
  }, 240_000);
});
