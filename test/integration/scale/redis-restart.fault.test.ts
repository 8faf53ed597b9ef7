import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServerProcess } from '../../../bench/scale/redis-server-process.js';
import { createFaultEnv, SLOW_SYNC_ENV, type FaultEnv } from './fault-env.js';
import { expectEqualToTruth } from './expect-truth.js';

describe("fault run: the test's own Redis killed and restarted mid-sync (BullMQ queue, 2 worker processes)", () => {
  let redis: RedisServerProcess;
  let f: FaultEnv;

  beforeAll(async () => {
    redis = await startRedisServer();
    f = await createFaultEnv({
      simArgs: ['--seed', '64', '--wallets', '60', '--txs-per-wallet', '6', '--no-limits'],
      env: {
        QUEUE_BACKEND: 'bullmq',
        REDIS_URL: redis.url,
        ...SLOW_SYNC_ENV,
      },
    });
    await f.startWorkers(2, 4);
  }, 120_000);
  afterAll(async () => {
    await f?.close();
    await redis?.close();
  });

  it('the workers reconnect; the syncs enqueued again finish from their cursors and equal the truth', async () => {
    await f.run.enqueueAll();
    // Let the sync get going, then take Redis away (no persistence: queue, bucket and events are gone).
    const until = Date.now() + 30_000;
    let storedAtKill = 0;
    while (Date.now() < until) {
      storedAtKill = Number(
        (await f.db.sql.query<{ n: string }>('SELECT count(*) AS n FROM transactions')).rows[0]!.n,
      );
      if (storedAtKill > 0.2 * f.run.walletTransactions) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await redis.kill();
    await new Promise((r) => setTimeout(r, 2_000));
    await redis.start();
    expect(storedAtKill).toBeGreaterThan(0);
    expect(storedAtKill).toBeLessThan(f.run.walletTransactions);
    // The restarted Redis holds no job: the producer enqueues every wallet again (as the API's
    // "sync now" or the periodic re-sync would). The producer's BullMQ connection reconnects too.
    f.run.jobIds.length = 0;
    const reenqueue = Date.now() + 20_000;
    for (;;) {
      try {
        await f.run.enqueueAll();
        break;
      } catch (error) {
        if (Date.now() > reenqueue) throw error;
        f.run.jobIds.length = 0;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    const seconds = await f.run.waitUntilDone({ timeoutMs: 90_000 });
    const check = await f.run.check();
    const equal = expectEqualToTruth(check, f.run);
    console.log(
      `redis restart: killed with ${storedAtKill} of ${f.run.walletTransactions} records stored, down 2 s; done ${seconds.toFixed(1)} s after re-enqueue; ${equal}`,
    );
  }, 180_000);
});
