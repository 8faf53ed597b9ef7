import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.js';
import { BlockfrostClient } from '../../../src/chain/blockfrost-client.js';
import { BlockfrostHttpClient } from '../../../src/chain/blockfrost-http-client.js';
import { RedisTokenBucket } from '../../../src/chain/limiter/redis-token-bucket.js';
import { TokenBucketRateLimiter } from '../../../src/chain/limiter/token-bucket-rate-limiter.js';
import { DelayJobError } from '../../../src/queue/errors/delay-job.error.js';
import type { Job } from '../../../src/queue/job.js';
import { BlockfrostSyncChainSource } from '../../../src/sync/chain/blockfrost-sync-chain-source.js';
import { createSyncWalletHandler } from '../../../src/sync/sync-wallet.processor.js';
import { WalletSyncService } from '../../../src/sync/wallet-sync.service.js';
import { testRedisPrefix } from '../../support/test-database.js';
import { TEST_REDIS_URL } from '../../support/test-env.js';
import {
  addUserWithWallets,
  control,
  createSyncEnv,
  normaliseTruth,
  storedAsTruth,
  truthOf,
  type RunningSim,
  type SyncEnv,
  type TruthWallet,
} from './sync-test-env.js';

describe('daily request cap and the shared chain cache (simulator, PostgreSQL, Redis)', () => {
  let sim: RunningSim;
  let env: SyncEnv;
  let redis: Redis;

  beforeAll(async () => {
    sim = await startSimulator({
      seed: 23,
      wallets: 6,
      txsPerWallet: 20,
      limits: { enabled: false },
      port: 0,
    });
    env = await createSyncEnv(sim, { unlimited: true });
    redis = new Redis(TEST_REDIS_URL);
  }, 60_000);
  afterAll(async () => {
    redis?.disconnect();
    await env?.close();
    await sim?.close();
  });

  it('a spent daily budget delays the job until the next UTC day, and the rerun loses nothing', async () => {
    const truth = await truthOf(sim);
    const owner = truth.wallets[0]!.owner;
    const wallets = truth.wallets.filter((w) => w.owner === owner);
    const target = wallets.reduce((a, b) =>
      b.expected.transactions.length > a.expected.transactions.length ? b : a,
    );
    const { userId, walletIds } = await addUserWithWallets(env.app, 'cap-user', wallets);
    const walletId = walletIds.get(target.address)!;

    // A limiter whose clock the test moves, with a budget far smaller than the wallet needs.
    let now = Date.parse('2026-11-25T21:00:00Z');
    const limiter = new TokenBucketRateLimiter(
      { ratePerSecond: 1_000_000, burst: 1_000_000, dailyLimit: 20, dailyReserve: 0 },
      {
        store: new RedisTokenBucket({ key: sim.projectId, prefix: testRedisPrefix('cap') }, { redis }),
        clock: () => now,
      },
    );
    const http = new BlockfrostHttpClient({ baseUrl: sim.url, projectId: sim.projectId }, { limiter });
    const sync = new WalletSyncService(
      { concurrency: 4, batchSize: 3 },
      {
        chain: new BlockfrostSyncChainSource(new BlockfrostClient(http), http),
        wallets: env.app.repositories.wallets,
        transactions: env.app.repositories.transactions,
        snapshots: env.app.repositories.snapshots,
        chainTransactions: env.app.repositories.chainTransactions,
        clock: () => new Date(now),
      },
    );
    const handler = createSyncWalletHandler({ sync, wallets: env.app.repositories.wallets });
    const job = {
      id: 'job-1',
      type: 'sync_wallet',
      data: { walletId, userId, walletAddress: target.address },
      priority: 0,
      attempts: 0,
      maxRetries: 3,
      status: 'processing',
      createdAt: new Date(now),
      scheduledAt: new Date(now),
    } as Job;
    const ctx = { job, reportProgress: async () => undefined, signal: new AbortController().signal };

    const error = await handler(ctx).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DelayJobError);
    expect((error as DelayJobError).resumeAt.toISOString()).toBe('2026-11-26T00:00:00.000Z');
    // Whole batches written before the cap stay, with the cursor at their last block.
    const partial = await env.app.repositories.transactions.listByWallet(userId, target.address);
    const wallet = await env.app.repositories.wallets.get(userId, walletId);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(target.expected.transactions.length);
    expect(wallet!.cursor!.blockHeight).toBe(Math.max(...partial.map((r) => r.blockHeight)));

    // The next UTC day: the budget is back; the rerun completes and matches ground truth exactly.
    now = Date.parse('2026-11-26T00:00:05Z');
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await handler(ctx);
        break;
      } catch (e) {
        // 20 requests a day: each day moves the cursor a few blocks further; never a lost record.
        expect(e).toBeInstanceOf(DelayJobError);
        now = (e as DelayJobError).resumeAt.getTime() + 5_000;
      }
    }
    expect(await storedAsTruth(env.app, userId, target.address)).toEqual(
      normaliseTruth(target.expected.transactions),
    );
    expect((await env.app.repositories.wallets.get(userId, walletId))!.reconciliation?.status).toBe(
      'matched',
    );
  }, 120_000);

  it("a transaction shared by two users' wallets is fetched once and stored for both", async () => {
    const truth = await truthOf(sim);
    const owners = [...new Set(truth.wallets.map((w) => w.owner))];
    // Two owners whose wallets transacted with each other.
    let pair: [TruthWallet[], TruthWallet[], string[]] | undefined;
    for (const a of owners) {
      for (const b of owners) {
        if (a >= b) continue;
        const wa = truth.wallets.filter((w) => w.owner === a);
        const wb = truth.wallets.filter((w) => w.owner === b);
        const ha = new Set(wa.flatMap((w) => w.expected.transactions.map((t) => t.txHash)));
        const shared = [...new Set(wb.flatMap((w) => w.expected.transactions.map((t) => t.txHash)))].filter(
          (h) => ha.has(h),
        );
        if (shared.length > 0 && (!pair || shared.length > pair[2].length)) pair = [wa, wb, shared];
      }
    }
    expect(pair).toBeDefined();
    const [walletsA, walletsB, shared] = pair!;
    // A fresh database: no cache from the other test.
    const fresh = await createSyncEnv(sim, { unlimited: true });
    try {
      await control(sim, '/stats/reset', {});
      const a = await addUserWithWallets(fresh.app, 'user-a', walletsA);
      const b = await addUserWithWallets(fresh.app, 'user-b', walletsB);
      for (const w of walletsA)
        await fresh.app.sync.sync({ userId: a.userId, walletId: a.walletIds.get(w.address)! });
      const reportsB = [];
      for (const w of walletsB) {
        reportsB.push(await fresh.app.sync.sync({ userId: b.userId, walletId: b.walletIds.get(w.address)! }));
      }
      expect(reportsB.reduce((s, r) => s + r.fetched.cached, 0)).toBeGreaterThanOrEqual(shared.length);
      const stats = await control<{ byEndpoint: Record<string, number> }>(sim, '/stats');
      const distinct = new Set(
        [...walletsA, ...walletsB].flatMap((w) => w.expected.transactions.map((t) => t.txHash)),
      );
      // One /utxos request per distinct transaction for the whole system, shared ones included.
      expect(stats.byEndpoint['/txs/{hash}/utxos']).toBe(distinct.size);
      for (const [userId, list] of [
        [a.userId, walletsA],
        [b.userId, walletsB],
      ] as const) {
        for (const w of list) {
          expect(await storedAsTruth(fresh.app, userId, w.address)).toEqual(
            normaliseTruth(w.expected.transactions),
          );
        }
      }
      const stored = await fresh.db.prisma.transaction.findMany({
        where: { txHash: { in: shared } },
        select: { userId: true },
      });
      expect(new Set(stored.map((s) => s.userId))).toEqual(new Set([a.userId, b.userId]));
    } finally {
      await fresh.close();
    }
  }, 120_000);
});
