import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/composition/create-app-context.js';
import type { JobConsumer } from '../../../src/queue/job-consumer.js';
import { SYNC_WALLET_JOB_TYPE } from '../../../src/sync/sync-wallet-job.js';
import { TEST_REDIS_URL } from '../../support/test-env.js';
import { startApiFromEnv, type StartedApi } from './support/started-api.js';

/** With BullMQ the jobs live in Redis, not in `sync_jobs`: the metric must still see them. */
describe('adafolio_sync_duration_seconds with the BullMQ backend (PostgreSQL, Redis)', () => {
  let api: StartedApi;
  let ctx: AppContext;
  let consumer: JobConsumer;
  let url: string;
  const redis = new Redis(TEST_REDIS_URL);

  beforeAll(async () => {
    api = await startApiFromEnv('sync-metric', { QUEUE_BACKEND: 'bullmq' });
    ({ ctx, url } = api);
    consumer = ctx.queue!.createConsumer();
  });
  afterAll(async () => {
    await consumer?.stop({ graceful: false });
    await api?.close();
    const keys = api ? await redis.keys(`${api.prefix}*`) : [];
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  const metric = async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    const m = /adafolio_sync_duration_seconds\{quantile="0\.5"\} ([\d.e-]+)/.exec(text);
    return m ? Number(m[1]) : null;
  };

  it('reports the median run time of the sync jobs BullMQ completed', async () => {
    expect(await metric()).toBeNull();
    await consumer.start(
      async () => {
        await new Promise((r) => setTimeout(r, 120));
      },
      { concurrency: 1 },
    );
    const { job } = await ctx.queue!.add(
      SYNC_WALLET_JOB_TYPE,
      { walletId: 'w', userId: 'u', walletAddress: 'addr_test' },
      { walletAddress: 'addr_test', userId: 'u' },
    );
    // Another job type is not a sync: it must not count.
    await ctx.queue!.add('other_job', {});
    for (let i = 0; i < 100 && (await ctx.queue!.get(job.id))?.status !== 'completed'; i++)
      await new Promise((r) => setTimeout(r, 50));
    const median = await metric();
    expect(median).not.toBeNull();
    expect(median!).toBeGreaterThanOrEqual(0.1);
    expect(median!).toBeLessThan(5);
  });
});
