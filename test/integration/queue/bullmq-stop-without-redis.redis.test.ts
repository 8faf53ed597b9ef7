import net from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { BullmqJobQueue } from '../../../src/queue/bullmq/bullmq-job-queue.js';
import { testRedisPrefix } from '../../support/test-database.js';
import { TEST_REDIS_URL } from '../../support/test-env.js';
import { testLogger } from './support/make-queue.js';

/** A TCP proxy to the test Redis that can be cut: Redis becoming unreachable mid-run. */
async function cuttableProxy(): Promise<{ url: string; cut(): void }> {
  const target = new URL(TEST_REDIS_URL);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `redis://127.0.0.1:${port}`,
    cut() {
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}

describe('BullMQ consumer stop when Redis has become unreachable (Redis)', () => {
  const prefix = testRedisPrefix('bullmq-stop');
  afterAll(async () => {
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('returns within its bound instead of waiting for Redis forever', async () => {
    const proxy = await cuttableProxy();
    const queue = new BullmqJobQueue({ redisUrl: proxy.url, prefix }, { logger: testLogger });
    const consumer = queue.createConsumer({ stopBoundMs: 1_500 });
    await consumer.start(async () => undefined, { concurrency: 1 });
    proxy.cut();
    const t0 = Date.now();
    await consumer.stop({ graceful: true, timeoutMs: 200 });
    expect(Date.now() - t0).toBeLessThan(5_000);
    await Promise.race([queue.close(), new Promise((r) => setTimeout(r, 2_000))]);
  }, 30_000);
});
