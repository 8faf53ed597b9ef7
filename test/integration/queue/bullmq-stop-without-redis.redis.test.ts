import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { BullmqJobQueue } from '../../../src/queue/bullmq/bullmq-job-queue.js';
import { testRedisPrefix } from '../../support/test-database.js';
import { TEST_REDIS_URL } from '../../support/test-env.js';
import { testLogger } from './support/make-queue.js';
import { startCuttableProxy, viaProxy } from '../../../bench/scale/tcp-proxy.js';

describe('BullMQ consumer stop when Redis has become unreachable (Redis)', () => {
  const prefix = testRedisPrefix('bullmq-stop');
  afterAll(async () => {
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('returns within its bound instead of waiting for Redis forever', async () => {
    const target = new URL(TEST_REDIS_URL);
    const proxy = await startCuttableProxy({ host: target.hostname, port: Number(target.port || 6379) });
    const queue = new BullmqJobQueue(
      { redisUrl: viaProxy(TEST_REDIS_URL, proxy), prefix },
      { logger: testLogger },
    );
    const consumer = queue.createConsumer({ stopBoundMs: 1_500 });
    await consumer.start(async () => undefined, { concurrency: 1 });
    await proxy.cut();
    const t0 = Date.now();
    await consumer.stop({ graceful: true, timeoutMs: 200 });
    expect(Date.now() - t0).toBeLessThan(5_000);
    await Promise.race([queue.close(), new Promise((r) => setTimeout(r, 2_000))]);
  }, 30_000);
});
