import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../sim/index.js';
import { loadConfig } from '../../../src/config/config.js';
import type { DailyPriceAnswer } from '../../../src/domain/prices/price-source.js';
import { CoinGeckoPriceSource, type CoinGeckoPlan } from '../../../src/prices/coingecko-price-source.js';
import { createPriceSources } from '../../../src/prices/create-price-sources.js';
import { KrakenPriceSource } from '../../../src/prices/kraken-price-source.js';
import { PriceHttpClient } from '../../../src/prices/price-http-client.js';
import { TokenBucketRateLimiter } from '../../../src/chain/limiter/token-bucket-rate-limiter.js';
import { MemoryTokenBucket } from '../../../src/chain/limiter/memory-token-bucket.js';

/**
 * The CoinGecko and Kraken adapters over HTTP against the simulator's price services: exact prices
 * (the truth's decimal text), the keyless history limit, 429s, malformed bodies and a source that is down.
 */

const DAY = 86_400_000;
const day = (offset: number) =>
  new Date(Math.floor(Date.now() / DAY) * DAY + offset * DAY).toISOString().slice(0, 10);

let sim: SimulatorHandle;
let truth: Record<string, Record<string, string>>;

const post = (path: string, body: unknown) =>
  fetch(`${sim.controlUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
const priceStats = async () =>
  (await (await fetch(`${sim.controlUrl}/price-stats`)).json()) as {
    total: number;
    byStatus: Record<string, number>;
  };

function http(source: string) {
  return new PriceHttpClient(
    { source, retries: 2, backoffMs: 5, maxRetryWaitMs: 50 },
    {
      limiter: new TokenBucketRateLimiter(
        { ratePerSecond: 100, burst: 100, dailyLimit: 1e9, marginTokens: 0 },
        { store: new MemoryTokenBucket() },
      ),
    },
  );
}
const coingecko = (plan: CoinGeckoPlan) =>
  new CoinGeckoPriceSource(
    {
      baseUrl: plan === 'pro' ? sim.coingeckoProUrl : sim.coingeckoUrl,
      plan,
      ...(plan === 'public' ? {} : { apiKey: `CG-${plan}` }),
    },
    http('coingecko'),
  );
const kraken = (baseUrl = sim.krakenUrl) =>
  new KrakenPriceSource({ baseUrl, busyBackoffMs: 5 }, http('kraken'));

/** A URL nothing listens on: a port the system gave out and that was closed again. */
async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

function expectTruth(answer: DailyPriceAnswer, currency: string) {
  for (const p of answer.prices) {
    expect(p.price.toFixed(), `${currency} ${p.day}`).toBe(truth[currency]![p.day]);
  }
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 11, wallets: 2, txsPerWallet: 5 });
  truth = (
    (await (await fetch(`${sim.controlUrl}/truth`)).json()) as {
      prices: { ada: Record<string, Record<string, string>> };
    }
  ).prices.ada;
});
afterAll(() => sim.close());
afterEach(async () => {
  await fetch(`${sim.controlUrl}/faults`, { method: 'DELETE' });
  await post('/price-limits', {
    enabled: true,
    coingeckoPerMinute: 30,
    krakenPerSecond: 1,
    coingeckoKeylessDays: 365,
  });
});

describe('CoinGecko adapter', () => {
  it('keyless: the last 365 days exactly as the source prints them in one call; older days are an outside_history gap, not an error', async () => {
    await post('/price-stats/reset', {});
    const answer = await coingecko('public').daily({
      unit: 'lovelace',
      currency: 'USD',
      from: day(-400),
      to: day(0),
    });
    const days = new Set(answer.prices.map((p) => p.day));
    for (let d = -364; d <= 0; d++) expect(days.has(day(d)), day(d)).toBe(true);
    expect(answer.prices.every((p) => p.source === 'coingecko')).toBe(true);
    expectTruth(answer, 'USD');
    expect(answer.gaps).toEqual([
      { from: day(-400), to: day(-365), gap: { kind: 'outside_history', earliest: day(-364) } },
    ]);
    expect((await priceStats()).total).toBe(1);
  });

  it('keyless window shorter than assumed: the real "too old" answer (HTTP 401, error 10012) is asked again within the days it names; older days are an outside_history gap, the rest kept exactly', async () => {
    await post('/price-limits', { coingeckoKeylessDays: 200 });
    await post('/price-stats/reset', {});
    const source = coingecko('public');
    const answer = await source.daily({ unit: 'lovelace', currency: 'USD', from: day(-300), to: day(0) });
    expect(answer.gaps).toEqual([
      { from: day(-300), to: day(-200), gap: { kind: 'outside_history', earliest: day(-199) } },
    ]);
    expect(answer.prices.map((p) => p.day)).toEqual(Array.from({ length: 200 }, (_, i) => day(i - 199)));
    expectTruth(answer, 'USD');
    expect((await priceStats()).byStatus).toEqual({ '401': 1, '200': 1 });
    // The narrower window is remembered: the next request is asked within it at once.
    await post('/price-stats/reset', {});
    const again = await source.daily({ unit: 'lovelace', currency: 'EUR', from: day(-250), to: day(-150) });
    expect(again.gaps).toEqual([
      { from: day(-250), to: day(-200), gap: { kind: 'outside_history', earliest: day(-199) } },
    ]);
    // (A short range is widened forwards to a daily answer: the extra days come along.)
    const days = again.prices.map((p) => p.day);
    expect(days[0]).toBe(day(-199));
    for (let d = -199; d <= -150; d++) expect(days).toContain(day(d));
    expectTruth(again, 'EUR');
    expect((await priceStats()).byStatus).toEqual({ '200': 1 });
  });

  it('a short range is widened to a daily answer (no hourly points mistaken for days); a pro key reads the full history at its own URL', async () => {
    const short = await coingecko('demo').daily({
      unit: 'lovelace',
      currency: 'EUR',
      from: day(-3),
      to: day(-1),
    });
    expect(short.gaps).toEqual([]);
    expect(short.prices.length).toBeGreaterThanOrEqual(91);
    expectTruth(short, 'EUR');
    const firstDay = Object.keys(truth.GBP!).sort()[0]!;
    const pro = await coingecko('pro').daily({
      unit: 'lovelace',
      currency: 'GBP',
      from: firstDay,
      to: day(0),
    });
    expect(pro.gaps).toEqual([]);
    expect(pro.prices.map((p) => p.day)).toEqual(Object.keys(truth.GBP!).sort());
    expectTruth(pro, 'GBP');
  });

  it('latest: simple/price, exact', async () => {
    const answer = await coingecko('public').latest(['lovelace', 'ab'.repeat(28)], 'JPY');
    expect(answer.prices).toHaveLength(1);
    expect(answer.prices[0]!.price.isPositive()).toBe(true);
    expect(answer.gaps).toEqual([{ unit: 'ab'.repeat(28), gap: { kind: 'unsupported' } }]);
  });

  it('a 429 is retried within the wait allowed; one asking for 60 s leaves a gap that says so', async () => {
    await post('/faults', { kind: 'status', status: 429, count: 1, path: '/coingecko/' });
    const retried = await coingecko('public').latest(['lovelace'], 'USD');
    expect(retried.prices).toHaveLength(1);

    await post('/price-limits', { coingeckoPerMinute: 1 });
    const source = coingecko('public');
    await source.latest(['lovelace'], 'USD');
    const limited = await source.daily({ unit: 'lovelace', currency: 'USD', from: day(-10), to: day(0) });
    expect(limited.prices).toEqual([]);
    expect(limited.gaps).toHaveLength(1);
    expect(limited.gaps[0]!.gap).toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(/rate limited.*retry after 60 s/),
    });
  });

  it('a malformed body and a source that is down are unavailable gaps, and a token it does not list is unsupported', async () => {
    await post('/faults', { kind: 'malformed', path: '/coingecko/' });
    const malformed = await coingecko('public').daily({
      unit: 'lovelace',
      currency: 'USD',
      from: day(-5),
      to: day(0),
    });
    expect(malformed.prices).toEqual([]);
    expect(malformed.gaps[0]!.gap).toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('malformed'),
    });
    await fetch(`${sim.controlUrl}/faults`, { method: 'DELETE' });

    await post('/faults', { kind: 'status', status: 503, path: '/coingecko/' });
    const down = await coingecko('public').latest(['lovelace'], 'USD');
    expect(down.gaps[0]!.gap).toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('HTTP 503 after 3 tries'),
    });
    await fetch(`${sim.controlUrl}/faults`, { method: 'DELETE' });

    const withTokens = new CoinGeckoPriceSource(
      { baseUrl: sim.coingeckoUrl, plan: 'public', tokens: true },
      http('coingecko'),
    );
    const unit = 'cd'.repeat(28) + '4d494e';
    expect(withTokens.supports(unit, 'USD')).toBe(true);
    const unlisted = await withTokens.daily({ unit, currency: 'USD', from: day(-5), to: day(0) });
    expect(unlisted.gaps[0]!.gap).toEqual({ kind: 'unsupported' });
    expect(withTokens.supports(unit, 'USD')).toBe(false); // not asked again for a week
  });
});

describe('Kraken adapter', () => {
  it('720 daily candles: opens are the day prices, older days an outside_history gap', async () => {
    const answer = await kraken().daily({ unit: 'lovelace', currency: 'EUR', from: day(-800), to: day(0) });
    expect(answer.prices).toHaveLength(720);
    expect(answer.prices.every((p) => p.source === 'kraken')).toBe(true);
    expectTruth(answer, 'EUR');
    expect(answer.gaps).toEqual([
      { from: day(-800), to: day(-720), gap: { kind: 'outside_history', earliest: day(-719) } },
    ]);
    const latest = await kraken().latest(['lovelace'], 'EUR');
    expect(latest.prices[0]!.price.isPositive()).toBe(true);
  });

  it('an unknown pair is unsupported; "Too many requests" is retried, then a gap; a malformed body is a gap', async () => {
    const unknown = await kraken().daily({ unit: 'lovelace', currency: 'XYZ', from: day(-3), to: day(0) });
    expect(unknown.gaps[0]!.gap).toEqual({ kind: 'unsupported' });
    await post('/price-limits', { krakenPerSecond: 0.001 });
    const source = kraken();
    const answers = [];
    for (let i = 0; i < 16; i++) answers.push(await source.latest(['lovelace'], 'USD'));
    expect(answers[0]!.prices).toHaveLength(1);
    expect(answers[15]!.gaps[0]!.gap).toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('Too many requests'),
    });
    await post('/price-limits', { krakenPerSecond: 1 });
    await post('/price-limits', { enabled: false });
    await post('/faults', { kind: 'malformed', path: '/kraken/' });
    const malformed = await kraken().daily({ unit: 'lovelace', currency: 'USD', from: day(-3), to: day(0) });
    expect(malformed.gaps[0]!.gap).toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('malformed'),
    });
  });
  it('a source that is down: 5xx answers are retried, then the whole asked range is an unavailable gap; a refused connection too; nothing is priced and nothing thrown', async () => {
    await post('/price-limits', { enabled: false });
    // One 503 is retried and the answer is whole.
    await post('/faults', { kind: 'status', status: 503, count: 1, path: '/kraken/' });
    const recovered = await kraken().daily({
      unit: 'lovelace',
      currency: 'USD',
      from: day(-10),
      to: day(-1),
    });
    expect(recovered.gaps).toEqual([]);
    expect(recovered.prices.map((p) => p.day)).toEqual(Array.from({ length: 10 }, (_, i) => day(i - 10)));
    expectTruth(recovered, 'USD');
    await fetch(`${sim.controlUrl}/faults`, { method: 'DELETE' });

    await post('/price-stats/reset', {});
    await post('/faults', { kind: 'status', status: 502, path: '/kraken/' });
    const down = await kraken().daily({ unit: 'lovelace', currency: 'USD', from: day(-10), to: day(-1) });
    expect(down).toEqual({
      prices: [],
      gaps: [
        {
          from: day(-10),
          to: day(-1),
          gap: { kind: 'unavailable', message: 'kraken: HTTP 502 after 3 tries' },
        },
      ],
    });
    expect((await priceStats()).byStatus).toEqual({ '502': 3 });
    const downLatest = await kraken().latest(['lovelace'], 'EUR');
    expect(downLatest).toEqual({
      prices: [],
      gaps: [{ unit: 'lovelace', gap: { kind: 'unavailable', message: 'kraken: HTTP 502 after 3 tries' } }],
    });
    await fetch(`${sim.controlUrl}/faults`, { method: 'DELETE' });

    const refused = kraken(await refusedUrl());
    const offline = await refused.daily({ unit: 'lovelace', currency: 'EUR', from: day(-3), to: day(0) });
    expect(offline.prices).toEqual([]);
    expect(offline.gaps).toEqual([
      {
        from: day(-3),
        to: day(0),
        gap: {
          kind: 'unavailable',
          message: expect.stringMatching(/^kraken: request failed .*after 3 tries$/),
        },
      },
    ]);
    const offlineLatest = await refused.latest(['lovelace'], 'EUR');
    expect(offlineLatest.prices).toEqual([]);
    expect(offlineLatest.gaps[0]!.gap).toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('request failed'),
    });
  });
});

describe('composition from the configuration', () => {
  it('on the simulator with no keys: CoinGecko pro (full history) and Kraken at the simulator, in the configured order', async () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x',
      BLOCKFROST_URL: sim.url,
      PRICE_SOURCES: 'kraken,coingecko',
    });
    expect(config.prices.coingecko).toMatchObject({ plan: 'pro', baseUrl: sim.coingeckoProUrl });
    const sources = createPriceSources(config.prices);
    expect(sources.map((s) => s.name)).toEqual(['kraken', 'coingecko']);
    const firstDay = Object.keys(truth.USD!).sort()[0]!;
    const answer = await sources[1]!.daily({ unit: 'lovelace', currency: 'USD', from: firstDay, to: day(0) });
    expect(answer.gaps).toEqual([]);
    expectTruth(answer, 'USD');
  });

  it('real services by default with a real project id; a key is a demo key unless told pro', () => {
    const base = {
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x',
      BLOCKFROST_PROJECT_ID: 'mainnetabcdefabcdefabcdefabcdefabcd',
    };
    expect(loadConfig(base).prices.coingecko).toMatchObject({
      plan: 'public',
      baseUrl: 'https://api.coingecko.com/api/v3',
      callsPerMinute: 10,
    });
    expect(loadConfig(base).prices.kraken.baseUrl).toBe('https://api.kraken.com');
    expect(loadConfig({ ...base, COINGECKO_API_KEY: 'CG-x' }).prices.coingecko).toMatchObject({
      plan: 'demo',
      callsPerMinute: 30,
    });
    expect(
      loadConfig({ ...base, COINGECKO_API_KEY: 'CG-x', COINGECKO_API_PLAN: 'pro' }).prices.coingecko,
    ).toMatchObject({
      plan: 'pro',
      baseUrl: 'https://pro-api.coingecko.com/api/v3',
    });
    expect(() => loadConfig({ ...base, PRICE_SOURCES: 'coingecko,bitstamp' })).toThrow(
      /PRICE_SOURCES must be/,
    );
    expect(() => loadConfig({ ...base, COINGECKO_API_PLAN: 'gold', COINGECKO_API_KEY: 'k' })).toThrow(
      /demo or pro/,
    );
  });
});
