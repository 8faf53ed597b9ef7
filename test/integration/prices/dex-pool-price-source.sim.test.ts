import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.js';
import { createBlockfrost } from '../../../src/chain/create-blockfrost.js';
import { MemoryTokenBucket } from '../../../src/chain/limiter/memory-token-bucket.js';
import { TokenBucketRateLimiter } from '../../../src/chain/limiter/token-bucket-rate-limiter.js';
import { loadConfig } from '../../../src/config/config.js';
import { PgDexPoolStore } from '../../../src/db/repositories/pg-dex-pool-store.js';
import { pgTokenDecimals } from '../../../src/db/repositories/pg-token-decimals.js';
import type { DailyPriceAnswer, PriceSource } from '../../../src/domain/prices/price-source.js';
import { dayNumber, dayText } from '../../../src/domain/valuation/utc-day.js';
import { createPriceSources } from '../../../src/prices/create-price-sources.js';
import { DexPoolPriceSource } from '../../../src/prices/dex-pool-price-source.js';
import { control, createSyncEnv, type RunningSim, type SyncEnv } from '../sync/sync-test-env.js';

/**
 * The DEX pool source over HTTP against the simulator's Blockfrost and its generated pools: a 429 is
 * retried and a lasting one is a gap, a Blockfrost that is down is a gap, and the daily history
 * budget (PRICE_DEX_DAILY_REQUESTS) really caps the requests sent: the days it could not read are a
 * `budget_exhausted` gap (never a 0 price), and the next UTC day resumes where the budget stopped.
 */

/** Enough blocks that the token's deepest pool moves several times over its history. */
const CHAIN = { seed: 31, wallets: 4, txsPerWallet: 40 };
const DAY = 86_400_000;

let sim: RunningSim & { controlUrl: string };
let env: SyncEnv;
let unit: string;
/** The truth's end-of-day price of `unit` per day. */
let truth: Record<string, string>;
/** The asked days: the pool's whole history in the truth. */
let range: { from: string; to: string };
/** Blockfrost requests that history costs without a budget. */
let fullCost: number;
/** Of those, pages of the pool NFT's transactions: a budget must cover them to price any day. */
let listingPages: number;

const request = () => ({ unit, currency: 'ADA', ...range });
const blockfrostRequests = async () =>
  await control<{ total: number; byEndpoint: Record<string, number>; byStatus: Record<string, number> }>(
    sim,
    '/stats',
  );

/** The sync's Blockfrost stack with short waits, so that retries and give-ups take milliseconds. */
function blockfrost() {
  return createBlockfrost(env.app.config.blockfrost, {
    http: { retryBaseMs: 1, retryMaxMs: 5, maxRateLimitRetries: 2, maxAttempts: 3 },
    limiter: { rateLimitPauseMs: 5, marginTokens: 0 },
  });
}

/** The source as the app composes it from PRICE_DEX_DAILY_REQUESTS. */
function configuredSource(dailyRequests: number): PriceSource {
  const config = loadConfig({
    ...env.env,
    PRICE_SOURCES: 'dex',
    PRICE_DEX_DAILY_REQUESTS: String(dailyRequests),
  });
  const [source] = createPriceSources(config.prices, {
    dex: { client: blockfrost().client, sql: env.app.sql },
  });
  return source!;
}

/** The source built by hand, its history budget on a clock the test can move to the next UTC day. */
function sourceOnClock(dailyRequests: number, clock: () => number): DexPoolPriceSource {
  return new DexPoolPriceSource(
    {},
    {
      client: blockfrost().client,
      pools: new PgDexPoolStore(env.app.sql),
      decimals: pgTokenDecimals(env.app.sql),
      historyBudget: new TokenBucketRateLimiter(
        { ratePerSecond: 1_000, burst: 1_000, dailyLimit: dailyRequests, marginTokens: 0 },
        { store: new MemoryTokenBucket(), clock },
      ),
    },
  );
}

/** Every price is the truth's, exactly; never 0. */
function expectTruth(answer: DailyPriceAnswer) {
  for (const p of answer.prices) {
    expect(p.source).toMatch(/^dex:/);
    expect(p.price.isPositive(), p.day).toBe(true);
    expect(p.price.toFixed(), p.day).toBe(truth[p.day]);
  }
}

const daysOf = (answer: DailyPriceAnswer) => answer.prices.map((p) => p.day).sort();
const daysBetween = (from: string, to: string) =>
  Array.from({ length: dayNumber(to) - dayNumber(from) + 1 }, (_, i) => dayText(dayNumber(from) + i));

beforeAll(async () => {
  sim = await startSimulator({ ...CHAIN, limits: { enabled: false }, port: 0 });
  env = await createSyncEnv(sim, { unlimited: true });
  const tokens = (
    await control<{ prices: { tokens: Record<string, { ADA: Record<string, string> }> } }>(sim, '/truth')
  ).prices.tokens;
  unit = Object.keys(tokens).sort()[0]!;
  truth = tokens[unit]!.ADA;
  // Decimals come from the stored metadata, as after a sync.
  await env.app.tokens.getMany([unit]);
  const days = Object.keys(truth).sort();
  range = { from: days[0]!, to: days[days.length - 1]! };
  // The pool is found once (current prices cost no history budget) and stored for every source.
  const latest = await configuredSource(0).latest([unit], 'ADA');
  expect(latest.gaps).toEqual([]);
}, 120_000);
afterAll(async () => {
  await env?.close();
  await sim?.close();
});
afterEach(async () => {
  await fetch(`${sim.controlUrl}/faults`, { method: 'DELETE' });
});

describe('DEX pool price source against the simulator', () => {
  it('with a budget to spare: every asked day priced exactly as the truth (the measure the budget tests use)', async () => {
    await control(sim, '/stats/reset', {});
    const answer = await configuredSource(100_000).daily(request());
    expect(answer.gaps).toEqual([]);
    expect(daysOf(answer)).toEqual(daysBetween(range.from, range.to));
    expectTruth(answer);
    const stats = await blockfrostRequests();
    fullCost = stats.total;
    listingPages = stats.byEndpoint['/assets/{asset}/transactions']!;
    expect(listingPages).toBeGreaterThan(0);
    // Then one request per distinct pool state: more than the budgets below allow.
    expect(fullCost).toBeGreaterThan(listingPages + 4);
  });

  it('a 429 from Blockfrost is retried and the answer is whole; a lasting one is an unavailable gap, not a 0', async () => {
    await control(sim, '/stats/reset', {});
    await control(sim, '/faults', { kind: 'status', status: 429, count: 1, path: '/utxos' });
    const retried = await configuredSource(100_000).daily(request());
    expect(retried.gaps).toEqual([]);
    expect(daysOf(retried)).toEqual(daysBetween(range.from, range.to));
    expectTruth(retried);
    expect((await blockfrostRequests()).byStatus['429']).toBe(1);

    await control(sim, '/faults', { kind: 'status', status: 429, path: '/utxos' });
    const limited = await configuredSource(100_000).daily(request());
    expect(limited.prices).toEqual([]);
    expect(limited.gaps).toEqual([
      {
        ...range,
        gap: {
          kind: 'unavailable',
          message: expect.stringMatching(/^dex: .*still rate limited after 3 tries/),
        },
      },
    ]);
    const limitedLatest = await configuredSource(100_000).latest([unit], 'ADA');
    expect(limitedLatest.prices).toEqual([]);
    expect(limitedLatest.gaps).toEqual([
      { unit, gap: { kind: 'unavailable', message: expect.stringContaining('still rate limited') } },
    ]);
  });

  it('Blockfrost down (5xx): the asked days and the current price are unavailable gaps after the retries; nothing priced, nothing thrown', async () => {
    await control(sim, '/faults', { kind: 'status', status: 503, path: '/assets/' });
    const down = await configuredSource(100_000).daily(request());
    expect(down).toEqual({
      prices: [],
      gaps: [
        {
          ...range,
          gap: { kind: 'unavailable', message: expect.stringMatching(/^dex: .*answered 503 3 times/) },
        },
      ],
    });
    await fetch(`${sim.controlUrl}/faults`, { method: 'DELETE' });

    await control(sim, '/faults', { kind: 'status', status: 500, path: '/addresses/' });
    const downLatest = await configuredSource(100_000).latest([unit], 'ADA');
    expect(downLatest).toEqual({
      prices: [],
      gaps: [{ unit, gap: { kind: 'unavailable', message: expect.stringMatching(/answered 500 3 times/) } }],
    });
  });

  it('PRICE_DEX_DAILY_REQUESTS caps the requests: the newest days are priced, the older ones are a budget_exhausted gap; no 0', async () => {
    const budget = listingPages + 2;
    await control(sim, '/stats/reset', {});
    const source = configuredSource(budget);
    const capped = await source.daily(request());
    expect((await blockfrostRequests()).total).toBe(budget);
    expect(capped.prices.length).toBeGreaterThan(0);
    const priced = daysOf(capped);
    // The newest days, without a hole, up to the end of the range.
    expect(priced).toEqual(daysBetween(priced[0]!, range.to));
    expect(priced.length).toBeLessThan(daysBetween(range.from, range.to).length);
    expectTruth(capped);
    expect(capped.gaps).toEqual([
      { from: range.from, to: dayText(dayNumber(priced[0]!) - 1), gap: { kind: 'budget_exhausted' } },
    ]);
    // A spent budget sends nothing more that day.
    await control(sim, '/stats/reset', {});
    const none = await source.daily(request());
    expect(none).toEqual({ prices: [], gaps: [{ ...range, gap: { kind: 'budget_exhausted' } }] });
    expect((await blockfrostRequests()).total).toBe(0);
  });

  it('the next UTC day the budget is whole again and the history resumes where it stopped, exactly', async () => {
    let offset = 0;
    const source = sourceOnClock(listingPages + 2, () => Date.now() + offset);
    const first = await source.daily(request());
    const gap = first.gaps[0]!;
    expect(first.gaps).toEqual([{ from: range.from, to: gap.to, gap: { kind: 'budget_exhausted' } }]);
    const again = await source.daily({ unit, currency: 'ADA', from: gap.from, to: gap.to });
    expect(again).toEqual({
      prices: [],
      gaps: [{ from: gap.from, to: gap.to, gap: { kind: 'budget_exhausted' } }],
    });

    offset = DAY;
    let resumed: DailyPriceAnswer = again;
    const days = [...daysOf(first)];
    // Day after day, each with its own budget, until the asked days are all priced.
    for (let spent = 1; resumed.gaps.length > 0; spent++) {
      expect(spent, 'days of budget needed').toBeLessThanOrEqual(fullCost);
      const left = resumed.gaps[0]!;
      resumed = await source.daily({ unit, currency: 'ADA', from: left.from, to: left.to });
      expect(resumed.prices.length, `budget of day ${spent}`).toBeGreaterThan(0);
      expectTruth(resumed);
      days.push(...daysOf(resumed));
      offset += DAY;
    }
    expect(days.sort()).toEqual(daysBetween(range.from, range.to));
  });
});
