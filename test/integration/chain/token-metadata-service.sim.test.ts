import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.js';
import { BlockfrostClient } from '../../../src/chain/blockfrost-client.js';
import { BlockfrostHttpClient } from '../../../src/chain/blockfrost-http-client.js';
import { BlockfrostUnavailableError } from '../../../src/chain/errors/index.js';
import { RedisTokenBucket } from '../../../src/chain/limiter/redis-token-bucket.js';
import { TokenBucketRateLimiter } from '../../../src/chain/limiter/token-bucket-rate-limiter.js';
import { RequestCounter } from '../../../src/chain/request-counter.js';
import { PrismaTokenStore } from '../../../src/chain/tokens/prisma-token-store.js';
import { TokenMetadataService } from '../../../src/chain/tokens/token-metadata-service.js';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '../../support/test-database.js';
import { TEST_REDIS_URL } from '../../support/test-env.js';

let sim: Awaited<ReturnType<typeof startSimulator>>;
let db: TestDatabase;
let redis: Redis;
const prefix = testRedisPrefix('tokens');
let units: string[];
const ASSETS = '/assets/{asset}';

beforeAll(async () => {
  [sim, db] = await Promise.all([
    startSimulator({ port: 0, seed: 21, wallets: 6, txsPerWallet: 20 }),
    createTestDatabase(),
  ]);
  redis = new Redis(TEST_REDIS_URL);
  const truth = (await (await fetch(`${sim.controlUrl}/truth`)).json()) as {
    wallets: Array<{ expected: { tokens: Record<string, string> } }>;
  };
  units = [...new Set(truth.wallets.flatMap((w) => Object.keys(w.expected.tokens)))];
});
afterEach(async () => {
  await fetch(`${sim.controlUrl}/faults`, { method: 'DELETE' });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await Promise.all([sim.close(), db.drop()]);
});

/** A service as one worker process builds it: its own cache and counter, the shared store and bucket. */
function service() {
  const projectId = `mainnettok${randomBytes(6).toString('hex')}`;
  const limiter = new TokenBucketRateLimiter(
    { ratePerSecond: 10, burst: 500, dailyLimit: 50_000 },
    { store: new RedisTokenBucket({ key: projectId, prefix }, { redis }) },
  );
  const counter = new RequestCounter();
  const client = new BlockfrostClient(
    new BlockfrostHttpClient(
      { baseUrl: sim.url, projectId, retryBaseMs: 10, retryMaxMs: 50 },
      { limiter, counters: [counter] },
    ),
  );
  return {
    counter,
    tokens: new TokenMetadataService({}, { client, store: new PrismaTokenStore({ prisma: db.prisma }) }),
  };
}

describe('TokenMetadataService (simulator + PostgreSQL)', () => {
  it('fetches each unit at most once: concurrent callers share one fetch, other processes read the store', async () => {
    expect(units.length).toBeGreaterThanOrEqual(2);
    const [u1, u2] = units as [string, string];
    const a = service();
    const records = await Promise.all([
      a.tokens.get(u1),
      a.tokens.get(u1),
      a.tokens.get(u1),
      a.tokens.get(u1),
    ]);
    expect(new Set(records.map((r) => r.unit))).toEqual(new Set([u1]));
    expect(records[0]!.policyId).toBe(u1.slice(0, 56));
    expect(a.counter.snapshot()).toEqual({ [ASSETS]: 1 });

    const many = await a.tokens.getMany([u1, u2, u1, 'lovelace']);
    expect([...many.keys()].sort()).toEqual([u1, u2].sort());
    expect(a.counter.snapshot()).toEqual({ [ASSETS]: 2 });
    await a.tokens.get(u2);
    expect(a.counter.total).toBe(2);

    // Another process (empty cache) finds them stored: no request.
    const b = service();
    const again = await b.tokens.getMany([u1, u2]);
    expect(again.get(u1)).toEqual(many.get(u1));
    expect(b.counter.total).toBe(0);
    expect(await db.prisma.token.count({ where: { unit: { in: [u1, u2] } } })).toBe(2);
  });

  it('a token Blockfrost does not know is stored with empty metadata, not an error', async () => {
    const unknown = '00'.repeat(28) + '6e6f6e65';
    const a = service();
    const r = await a.tokens.get(unknown);
    expect(r).toMatchObject({
      unit: unknown,
      name: 'none',
      ticker: null,
      decimals: null,
      metadataStandard: null,
      metadata: null,
    });
    const b = service();
    expect(await b.tokens.get(unknown)).toEqual(r);
    expect(b.counter.total).toBe(0);
  });

  it('a passing failure is thrown and nothing is stored, so a later call fetches it', async () => {
    const unit = units[2] ?? units[0]!;
    await db.prisma.token.deleteMany({ where: { unit } });
    await fetch(`${sim.controlUrl}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'status', status: 503, count: 5, path: '/assets/' }),
    });
    const a = service();
    await expect(a.tokens.get(unit)).rejects.toBeInstanceOf(BlockfrostUnavailableError);
    expect(await db.prisma.token.count({ where: { unit } })).toBe(0);
    expect((await a.tokens.get(unit)).unit).toBe(unit);
    expect(await db.prisma.token.count({ where: { unit } })).toBe(1);
  });
});
