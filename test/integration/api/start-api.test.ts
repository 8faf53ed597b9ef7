import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../support/test-env.js';
import { startApiFromEnv, type StartedApi } from './support/started-api.js';
import { TestWallet } from './support/cip30-wallet.js';

/** The API as `adafolio api` starts it: from the composition root and the environment's settings. */
describe('startApi', () => {
  let api: StartedApi;
  let url: string;
  let prefix: string;
  const redis = new Redis(TEST_REDIS_URL);

  beforeAll(async () => {
    api = await startApiFromEnv('start-api', { QUEUE_BACKEND: 'prisma', TRUST_PROXY: '127.0.0.1' });
    ({ url, prefix } = api);
  });
  afterAll(async () => {
    await api?.close();
    await redis.quit();
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
