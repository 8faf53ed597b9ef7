import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../../../src/api/start-api.js';
import { createAppContext, type AppContext } from '../../../src/composition/create-app-context.js';
import { loadConfig } from '../../../src/config/config.js';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '../../support/test-database.js';
import { TEST_REDIS_URL } from '../../support/test-env.js';
import { TestWallet } from './support/cip30-wallet.js';

/** The API as `adafolio api` starts it: from the composition root and the environment's settings. */
describe('startApi', () => {
  let db: TestDatabase;
  let ctx: AppContext;
  let app: FastifyInstance;
  let url: string;
  const prefix = testRedisPrefix('start-api');
  const redis = new Redis(TEST_REDIS_URL);

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_BACKEND: 'prisma',
      LOG_LEVEL: 'silent',
      TRUST_PROXY: '127.0.0.1',
    });
    ctx = await createAppContext(config, { queue: true, redisPrefix: prefix, poolSize: 2 });
    app = await startApi(ctx, { port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
    await redis.quit();
    await db?.drop();
  });

  it("keeps the auth rate limit's counters under the context's Redis prefix, per forwarded client", async () => {
    const challenge = (client: string) =>
      fetch(`${url}/auth/challenge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
        body: JSON.stringify({ address: new TestWallet().baseAddress }),
      });
    expect((await challenge('203.0.113.7')).status).toBe(201);
    expect((await challenge('203.0.113.8')).status).toBe(201);
    const keys = await redis.keys(`${prefix}rate-limit:*`);
    // TRUST_PROXY=127.0.0.1: the proxy's X-Forwarded-For names the client, one counter each.
    expect(keys.sort()).toEqual([
      `${prefix}rate-limit:POST/auth/challenge-203.0.113.7`,
      `${prefix}rate-limit:POST/auth/challenge-203.0.113.8`,
    ]);
  });
});
