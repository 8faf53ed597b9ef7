import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../../../src/api/start-api.js';
import { createAppContext, type AppContext } from '../../../src/composition/create-app-context.js';
import { loadConfig } from '../../../src/config/config.js';
import type { JobConsumer } from '../../../src/queue/job-consumer.js';
import { SYNC_WALLET_JOB_TYPE } from '../../../src/sync/sync-wallet-job.js';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '../../support/test-database.js';
import { TEST_REDIS_URL } from '../../support/test-env.js';

/** With BullMQ the jobs live in Redis, not in `sync_jobs`: the metric must still see them. */
describe('adafolio_sync_duration_seconds with the BullMQ backend (PostgreSQL, Redis)', () => {
  let db: TestDatabase;
  let ctx: AppContext;
  let app: FastifyInstance;
  let consumer: JobConsumer;
  let url: string;
  const prefix = testRedisPrefix('sync-metric');
  const redis = new Redis(TEST_REDIS_URL);

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_BACKEND: 'bullmq',
      LOG_LEVEL: 'silent',
    });
    ctx = await createAppContext(config, { queue: true, redisPrefix: prefix, poolSize: 2 });
    app = await startApi(ctx, { port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    consumer = ctx.queue!.createConsumer();
  });
  afterAll(async () => {
    await consumer?.stop({ graceful: false });
    await app?.close();
    await ctx?.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await db?.drop();
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
