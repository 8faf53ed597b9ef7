import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.js';
import { enterpriseAddress } from '../../../sim/util/cardano-address.js';
import { BlockfrostClient, collectPages } from '../../../src/chain/blockfrost-client.js';
import {
  BlockfrostHttpClient,
  type BlockfrostHttpClientOptions,
} from '../../../src/chain/blockfrost-http-client.js';
import {
  BlockfrostBannedError,
  BlockfrostMalformedResponseError,
  BlockfrostNotFoundError,
  BlockfrostUnavailableError,
  DailyBudgetExhaustedError,
} from '../../../src/chain/errors/index.js';
import { RedisTokenBucket } from '../../../src/chain/limiter/redis-token-bucket.js';
import {
  TokenBucketRateLimiter,
  type TokenBucketRateLimiterOptions,
} from '../../../src/chain/limiter/token-bucket-rate-limiter.js';
import { RequestCounter } from '../../../src/chain/request-counter.js';
import { createBlockfrost } from '../../../src/chain/create-blockfrost.js';
import { loadConfig } from '../../../src/config/config.js';
import { nextUtcMidnight } from '../../../src/chain/utc-day.js';
import { testRedisPrefix } from '../../support/test-database.js';
import { TEST_REDIS_URL } from '../../support/test-env.js';

type Sim = Awaited<ReturnType<typeof startSimulator>>;
interface Stats {
  total: number;
  byEndpoint: Record<string, number>;
  byStatus: Record<string, number>;
}
interface TruthWallet {
  id: string;
  kind: 'stake' | 'payment';
  address: string;
  addresses: string[];
  expected: { transactions: Array<{ txHash: string; blockHeight: number }>; tokens: Record<string, string> };
}

let sim: Sim;
let redis: Redis;
const prefix = testRedisPrefix('bf');
const redisConnections: Redis[] = [];
let wallets: TruthWallet[];

async function control(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') {
  const res = await fetch(`${sim.controlUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}
const stats = async () => (await control('/stats')) as Stats;
const fault = (rule: Record<string, unknown>) => control('/faults', rule);

/**
 * One "process" worth of the stack: its own Redis connection, limiter and client, sharing the bucket
 * of `projectId` with every other stack made for the same id (as separate worker processes do).
 */
function stack(
  projectId: string,
  limiter: Partial<TokenBucketRateLimiterOptions> = {},
  http: Partial<BlockfrostHttpClientOptions> = {},
) {
  const conn = new Redis(TEST_REDIS_URL);
  redisConnections.push(conn);
  const rateLimiter = new TokenBucketRateLimiter(
    { ratePerSecond: 10, burst: 500, dailyLimit: 50_000, ...limiter },
    { store: new RedisTokenBucket({ key: projectId, prefix }, { redis: conn }) },
  );
  const counter = new RequestCounter();
  const client = new BlockfrostClient(
    new BlockfrostHttpClient(
      { baseUrl: sim.url, projectId, retryBaseMs: 20, retryMaxMs: 200, ...http },
      { limiter: rateLimiter, counters: [counter] },
    ),
  );
  return { client, limiter: rateLimiter, counter };
}
const newProject = () => `mainnettest${randomBytes(8).toString('hex')}`;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 11, wallets: 4, txsPerWallet: 30 });
  redis = new Redis(TEST_REDIS_URL);
  wallets = ((await control('/truth')) as { wallets: TruthWallet[] }).wallets;
});

afterEach(async () => {
  await control('/faults', undefined, 'DELETE');
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await Promise.all([redis, ...redisConnections].map((c) => c.quit()));
  await sim.close();
});

describe('BlockfrostClient against the simulator', () => {
  it('lists an address page by page, stops at the first short page, and counts by endpoint', async () => {
    const wallet =
      wallets.find((w) => w.kind === 'payment' && w.expected.transactions.length > 10) ?? wallets[0]!;
    const address = wallet.kind === 'payment' ? wallet.address : wallet.addresses[0]!;
    const { client, counter, limiter } = stack(newProject());
    await control('/stats/reset', {});
    const pages = [];
    for await (const page of client.addressTransactions({ address, pageSize: 7 })) pages.push(page);
    const items = pages.flatMap((p) => p.items);
    const total = (await client.addressTotal({ address })).tx_count;
    expect(items).toHaveLength(total);
    expect(new Set(items.map((i) => i.tx_hash)).size).toBe(total);
    // Ascending by (height, index).
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [items[i - 1]!, items[i]!];
      expect(a.block_height * 1e6 + a.tx_index).toBeLessThan(b.block_height * 1e6 + b.tx_index);
    }
    // Exactly the pages needed: full pages, then the short (possibly empty) one.
    const expectedRequests = Math.floor(total / 7) + 1;
    const s = await stats();
    expect(s.byEndpoint['/addresses/{address}/transactions']).toBe(expectedRequests);
    expect(counter.snapshot()).toEqual({
      '/addresses/{address}/transactions': expectedRequests,
      '/addresses/{address}/total': 1,
    });
    // Every request sent took exactly one token of the day: nothing lost, nothing counted twice.
    expect((await limiter.getUsage()).requestsToday).toBe(s.total);
    expect(counter.total).toBe(s.total);

    // Resuming from a block: only that block on.
    const middle = items[Math.floor(items.length / 2)]!;
    const rest = await collectPages(
      client.addressTransactions({ address, from: `${middle.block_height}:${middle.tx_index}` }),
    );
    expect(rest[0]!.tx_hash).toBe(middle.tx_hash);
    expect(rest).toHaveLength(items.length - Math.floor(items.length / 2));
    // A consumer that stops early fetches nothing more.
    await control('/stats/reset', {});
    for await (const page of client.addressTransactions({ address, pageSize: 2 })) {
      expect(page.page).toBe(1);
      break;
    }
    expect((await stats()).total).toBe(1);
  });

  it('createBlockfrost composes the stack from the app config (BLOCKFROST_* settings)', async () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/unused',
      BLOCKFROST_URL: sim.url,
      BLOCKFROST_PROJECT_ID: newProject(),
      BLOCKFROST_DAILY_LIMIT: '100',
      BLOCKFROST_DAILY_RESERVE: '10',
      BLOCKFROST_BAN_PAUSE_SECONDS: '7',
    });
    expect(config.blockfrost).toMatchObject({ banPauseSeconds: 7, banPauseMaxSeconds: 3_600 });
    const { client, limiter, counter } = createBlockfrost(config.blockfrost, { redis, redisPrefix: prefix });
    await client.latestBlock();
    expect(counter.snapshot()).toEqual({ '/blocks/latest': 1 });
    expect(await limiter.getUsage()).toMatchObject({
      requestsToday: 1,
      dailyLimit: 100,
      reserve: 10,
      remaining: 89,
    });
    const banUntil = await limiter.reportBanned();
    expect(banUntil.getTime() - Date.now()).toBeGreaterThan(6_000);
    expect(banUntil.getTime() - Date.now()).toBeLessThanOrEqual(7_000);
  });

  it('types the other endpoints the sync uses', async () => {
    const { client } = stack(newProject());
    const tip = await client.latestBlock();
    expect(typeof tip.hash).toBe('string');
    expect((await client.block({ hashOrNumber: tip.height! })).hash).toBe(tip.hash);
    const payment = wallets.find((w) => w.kind === 'payment')!;
    const first = payment.expected.transactions[0]!;
    const tx = await client.tx({ hash: first.txHash });
    expect(tx.hash).toBe(first.txHash);
    expect(tx.block_height).toBe(first.blockHeight);
    const utxos = await client.txUtxos({ hash: first.txHash });
    expect(utxos.inputs.length + utxos.outputs.length).toBeGreaterThan(0);
    expect(Array.isArray(await client.txMetadata({ hash: first.txHash }))).toBe(true);
    expect((await client.address({ address: payment.address })).address).toBe(payment.address);
    await collectPages(client.addressUtxos({ address: payment.address }));
    const stake = wallets.find((w) => w.kind === 'stake');
    if (stake) {
      const info = await client.accountInfo({ stakeAddress: stake.address });
      expect(info.stake_address).toBe(stake.address);
      const addresses = await collectPages(client.accountAddresses({ stakeAddress: stake.address }));
      expect(addresses.map((a) => a.address).sort()).toEqual([...stake.addresses].sort());
      await collectPages(client.accountRegistrations({ stakeAddress: stake.address }));
      await collectPages(client.accountDelegations({ stakeAddress: stake.address }));
      await collectPages(client.accountWithdrawals({ stakeAddress: stake.address }));
      await collectPages(client.accountRewards({ stakeAddress: stake.address }));
    }
  });

  it('404: a typed not-found for one resource, an empty listing for an unused address', async () => {
    const { client } = stack(newProject());
    const unused = enterpriseAddress({ hash: '11'.repeat(28), script: false });
    await expect(client.tx({ hash: 'ab'.repeat(32) })).rejects.toBeInstanceOf(BlockfrostNotFoundError);
    await expect(client.address({ address: unused })).rejects.toMatchObject({
      reason: 'not_found',
      status: 404,
    });
    expect(await collectPages(client.addressTransactions({ address: unused }))).toEqual([]);
    expect(await collectPages(client.addressUtxos({ address: unused }))).toEqual([]);
  });

  it('5xx and connection resets are retried with a new token each; a lasting outage gives a typed error', async () => {
    const { client, limiter, counter } = stack(newProject());
    await control('/stats/reset', {});
    await fault({ kind: 'status', status: 500, count: 2, path: '/blocks/latest' });
    await client.latestBlock();
    expect(counter.total).toBe(3);
    await fault({ kind: 'reset', count: 1, path: '/blocks/latest' });
    await client.latestBlock();
    expect(counter.total).toBe(5);
    expect((await limiter.getUsage()).requestsToday).toBe(5);

    await fault({ kind: 'status', status: 503, count: 10, path: '/blocks/latest' });
    const error = await client.latestBlock().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlockfrostUnavailableError);
    expect(error).toMatchObject({ reason: 'unavailable', status: 503, endpoint: '/blocks/latest' });
    // Bounded: 5 attempts, each one a token and one request the server saw.
    expect(counter.total).toBe(10);
    expect((await limiter.getUsage()).requestsToday).toBe(10);
    expect((await stats()).total).toBe(10);
  });

  it('a response slower than the timeout is retried', async () => {
    const { client, counter } = stack(newProject(), {}, { timeoutMs: 300 });
    await control('/stats/reset', {});
    await fault({ kind: 'slow', delayMs: 1_500, count: 1, path: '/blocks/latest' });
    const t = Date.now();
    await client.latestBlock();
    expect(Date.now() - t).toBeLessThan(1_200);
    expect(counter.total).toBe(2);
    // The abandoned slow answer still completes on the server; wait for it so later counts are exact.
    while ((await stats()).total < 2) await new Promise((r) => setTimeout(r, 50));
  });

  it('a malformed body is a typed error, and the next call works', async () => {
    const { client } = stack(newProject());
    await fault({ kind: 'malformed', count: 1, path: '/blocks/latest' });
    const error = await client.latestBlock().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlockfrostMalformedResponseError);
    expect(error).toMatchObject({ reason: 'malformed', endpoint: '/blocks/latest' });
    expect((await client.latestBlock()).hash).toBeTypeOf('string');
  });

  it('429 pauses every process sharing the bucket, then the request is retried', async () => {
    const project = newProject();
    const a = stack(project, { rateLimitPauseMs: 1_500 });
    const b = stack(project, { rateLimitPauseMs: 1_500 });
    await control('/stats/reset', {});
    await fault({ kind: 'status', status: 429, count: 1, path: '/blocks/latest' });
    const t = Date.now();
    const first = a.client.latestBlock();
    // Wait until the 429 was answered, then let the other "process" ask.
    while (((await stats()).byStatus['429'] ?? 0) < 1) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    expect((await b.limiter.getUsage()).pauseReason).toBe('rate_limited');
    await b.client.latestBlock();
    expect(Date.now() - t).toBeGreaterThanOrEqual(1_400);
    await first;
    const s = await stats();
    expect(s.byStatus).toEqual({ '200': 2, '429': 1 });
    expect(a.counter.total + b.counter.total).toBe(3);
  });

  it('real 429s from an over-eager limiter are absorbed: every call succeeds, no ban', async () => {
    await control('/limits', { burst: 5, rps: 10 });
    try {
      // Our bucket thinks it may send 30 at once; the server allows 5.
      const { client, counter } = stack(newProject(), { burst: 30, rateLimitPauseMs: 300 });
      // (counter: every attempt, 429s included, is counted)
      await control('/stats/reset', {});
      const results = await Promise.all(Array.from({ length: 30 }, () => client.latestBlock()));
      expect(results).toHaveLength(30);
      const s = await stats();
      expect(s.byStatus['200']).toBe(30);
      expect(s.byStatus['418'] ?? 0).toBe(0);
      expect(s.byStatus['429'] ?? 0).toBeGreaterThan(0);
      expect(counter.total).toBe(s.total);
    } finally {
      await control('/limits', { burst: 500, rps: 10 });
    }
  });

  it('418 pauses every process for a growing period; nothing is sent meanwhile', async () => {
    const project = newProject();
    const a = stack(project, { banPauseMs: 800 });
    const b = stack(project, { banPauseMs: 800 });
    await control('/stats/reset', {});
    await fault({ kind: 'status', status: 418, count: 1, path: '/blocks/latest' });
    let t = Date.now();
    await a.client.latestBlock();
    expect(Date.now() - t).toBeGreaterThanOrEqual(750);
    // Second ban: twice as long, and the other process is held back too.
    await fault({ kind: 'status', status: 418, count: 1, path: '/blocks/latest' });
    t = Date.now();
    const first = a.client.latestBlock();
    while (((await stats()).byStatus['418'] ?? 0) < 2) await new Promise((r) => setTimeout(r, 5));
    const usage = await b.limiter.getUsage();
    expect(usage.pauseReason).toBe('banned');
    expect(usage.pausedUntil!.getTime() - t).toBeGreaterThanOrEqual(1_500);
    const sentDuringBan = (await stats()).total;
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await stats()).total).toBe(sentDuringBan);
    await b.client.latestBlock();
    await first;
    expect(Date.now() - t).toBeGreaterThanOrEqual(1_550);
    expect((await stats()).byStatus).toEqual({ '200': 3, '418': 2 });
  });

  it('a ban longer than a caller waits rejects with BlockfrostBannedError and resumeAt', async () => {
    const { client } = stack(newProject(), { banPauseMs: 600_000, maxPauseWaitMs: 1_000 });
    await fault({ kind: 'status', status: 418, count: 1, path: '/blocks/latest' });
    const error = await client.latestBlock().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlockfrostBannedError);
    expect((error as BlockfrostBannedError).resumeAt.getTime()).toBeGreaterThan(Date.now() + 590_000);
  });

  it('402 stops every process until 00:00 UTC; later calls are refused without being sent', async () => {
    const project = newProject();
    const a = stack(project);
    const b = stack(project);
    await control('/stats/reset', {});
    await fault({ kind: 'status', status: 402, count: 1, path: '/blocks/latest' });
    const error = await a.client.latestBlock().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DailyBudgetExhaustedError);
    const resumeAt = (error as DailyBudgetExhaustedError).resumeAt;
    expect(resumeAt.getTime()).toBe(nextUtcMidnight(Date.now()));
    const other = await b.client.latestBlock().catch((e: unknown) => e);
    expect(other).toMatchObject({ name: 'DailyBudgetExhaustedError', source: 'daily_cap', resumeAt });
    expect((await stats()).total).toBe(1);
    expect(await b.limiter.getUsage()).toMatchObject({
      requestsToday: 1,
      remaining: 0,
      pausedUntil: resumeAt,
      pauseReason: 'daily_cap',
    });
  });

  it('the simulator’s real daily cap (402) and our own reserve both stop syncing', async () => {
    await control('/limits', { daily: 5 });
    try {
      const { client } = stack(newProject());
      for (let i = 0; i < 5; i++) await client.latestBlock();
      await expect(client.latestBlock()).rejects.toMatchObject({
        name: 'DailyBudgetExhaustedError',
        source: 'daily_cap',
      });
    } finally {
      await control('/limits', { daily: 50_000 });
    }
    const { client, limiter } = stack(newProject(), { dailyLimit: 10, dailyReserve: 3 });
    await control('/stats/reset', {});
    for (let i = 0; i < 7; i++) await client.latestBlock();
    await expect(client.latestBlock()).rejects.toMatchObject({
      name: 'DailyBudgetExhaustedError',
      source: 'daily_budget',
    });
    expect((await stats()).total).toBe(7);
    expect(await limiter.getUsage()).toMatchObject({
      requestsToday: 7,
      dailyLimit: 10,
      reserve: 3,
      remaining: 0,
    });
  });
});

describe('pauses across separate OS processes', () => {
  function spawnWorker(
    projectId: string,
    env: Record<string, string>,
  ): { child: ChildProcess; done: Promise<WorkerOut> } {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/integration/chain/fixtures/client-worker.ts'],
      {
        env: {
          ...process.env,
          BF_URL: sim.url,
          PROJECT_ID: projectId,
          REDIS_URL: TEST_REDIS_URL,
          PREFIX: prefix,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    let readyResolve: () => void;
    const ready = new Promise<void>((r) => (readyResolve = r));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) readyResolve();
    });
    const done = new Promise<WorkerOut>((resolve, reject) =>
      child.on('exit', (code) => {
        if (code !== 0) return reject(new Error(`worker exited ${code}: ${out}`));
        resolve(JSON.parse(out.trim().split('\n').pop()!) as WorkerOut);
      }),
    );
    return { child, done: ready.then(() => done) };
  }
  interface WorkerOut {
    calls: Array<{ at: number; ok: boolean; error?: string; resumeAt?: string }>;
  }

  it('a 429 or 418 seen by one process pauses the other; a 402 stops both', async () => {
    const project = newProject();
    await control('/stats/reset', {});
    const workers = [0, 1].map(() =>
      spawnWorker(project, {
        DURATION_MS: '16000',
        SPACING_MS: '30',
        RATE_LIMIT_PAUSE_MS: '1500',
        BAN_PAUSE_MS: '2000',
      }),
    );
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // Whichever process gets the 429/418, both must go quiet for the pause, then both resume.
    async function quietAfter(status: 429 | 418, pauseMs: number) {
      await fault({ kind: 'status', status, count: 1, path: '/blocks/latest' });
      while (((await stats()).byStatus[String(status)] ?? 0) < 1) await sleep(10);
      const at = Date.now();
      const before = (await stats()).total;
      await sleep(pauseMs - 400);
      // Requests already in flight when the answer came back may land; nothing new is sent.
      expect((await stats()).total - before).toBeLessThanOrEqual(2);
      while (Date.now() < at + pauseMs + 1_200) await sleep(100);
      expect((await stats()).total - before).toBeGreaterThan(8);
      return at;
    }
    while (((await stats()).byEndpoint['/blocks/latest'] ?? 0) < 20) await sleep(50);
    await quietAfter(429, 1_500);
    const bannedAt = await quietAfter(418, 2_000);

    await fault({ kind: 'status', status: 402, count: 1, path: '/blocks/latest' });
    const outs = await Promise.all(workers.map((w) => w.done));
    const afterCap = (await stats()).total;
    for (const out of outs) {
      const last = out.calls.at(-1)!;
      expect(last).toMatchObject({ ok: false, error: 'DailyBudgetExhaustedError' });
      expect(new Date(last.resumeAt!).getTime()).toBe(nextUtcMidnight(Date.now()));
      // Each process stopped long before its 16 s were up.
      expect(out.calls.at(-1)!.at).toBeLessThan(bannedAt + 6_000);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect((await stats()).total).toBe(afterCap);
    const final = await stats();
    expect(final.byStatus['402']).toBe(1);
    expect(final.byStatus).toMatchObject({ '429': 1, '418': 1 });
    // Nothing lost or counted twice: every successful call is one 200 the server sent; the 429 and the
    // 418 were retried inside a call; one process got the 402, the other was refused without sending.
    const calls = outs.flatMap((o) => o.calls);
    expect(calls.filter((c) => c.ok)).toHaveLength(final.byStatus['200']!);
    expect(calls.filter((c) => !c.ok)).toHaveLength(2);
    expect(final.total).toBe(final.byStatus['200']! + 3);
  }, 40_000);
});
