import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../sim/index.js';

const DAY = 86_400;
const now = () => Math.floor(Date.now() / 1000);
const dayOf = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);

describe('simulated CoinGecko and Kraken', () => {
  let sim: SimulatorHandle;
  let truth: Record<string, Record<string, string>>;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 3, wallets: 2, txsPerWallet: 5 });
    const t = (await (await fetch(`${sim.controlUrl}/truth`)).json()) as {
      prices: { ada: Record<string, Record<string, string>> };
    };
    truth = t.prices.ada;
  });
  afterAll(() => sim.close());

  const post = (path: string, body: unknown) =>
    fetch(`${sim.controlUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });

  it('serves daily points at 00:00 UTC for ranges over 90 days, as the truth prints them, then a "now" point', async () => {
    const to = now();
    const res = await fetch(
      `${sim.coingeckoUrl}/coins/cardano/market_chart/range?vs_currency=usd&from=${to - 200 * DAY}&to=${to}`,
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    const prices = text.slice(0, text.indexOf('"market_caps"'));
    const points = [...prices.matchAll(/\[(\d+),([0-9.eE+-]+)\]/g)];
    const daily = points.filter(([, ms]) => Number(ms) % (DAY * 1000) === 0);
    expect(daily.length).toBe(200);
    for (const [, ms, price] of daily) expect(price).toBe(truth.USD![dayOf(Number(ms) / 1000)]);
    expect(Number(points[points.length - 1]![1]) % (DAY * 1000)).not.toBe(0);
  });

  it('hourly points for short ranges; the 00:00 point is the day price', async () => {
    const day = Math.floor(now() / DAY) * DAY - 10 * DAY;
    const text = await (
      await fetch(
        `${sim.coingeckoUrl}/coins/cardano/market_chart/range?vs_currency=eur&from=${day}&to=${day + 2 * DAY}`,
      )
    ).text();
    const points = [...text.matchAll(/\[(\d+),([0-9.eE+-]+)\]/g)];
    expect(points.length / 3).toBe(49); // prices, market_caps, total_volumes each 49 hours
    expect(points[0]![2]).toBe(truth.EUR![dayOf(day)]);
  });

  it('public and demo keys: 401 error 10012 beyond 365 days; a pro key at the pro URL: full history', async () => {
    const from = now() - 500 * DAY;
    const url = (base: string) =>
      `${base}/coins/cardano/market_chart/range?vs_currency=usd&from=${from}&to=${from + 100 * DAY}`;
    const keyless = await fetch(url(sim.coingeckoUrl));
    expect(keyless.status).toBe(401);
    expect(
      ((await keyless.json()) as { error: { status: { error_code: number } } }).error.status.error_code,
    ).toBe(10012);
    const demo = await fetch(url(sim.coingeckoUrl), { headers: { 'x-cg-demo-api-key': 'CG-demo' } });
    expect(demo.status).toBe(401);
    const pro = await fetch(url(sim.coingeckoProUrl), { headers: { 'x-cg-pro-api-key': 'CG-pro' } });
    expect(pro.status).toBe(200);
    const noKey = await fetch(url(sim.coingeckoProUrl));
    expect(noKey.status).toBe(401);
    const proOnPublic = await fetch(url(sim.coingeckoUrl), { headers: { 'x-cg-pro-api-key': 'CG-pro' } });
    expect(proOnPublic.status).toBe(400);
  });

  it('the keyless window can be shortened (coingeckoKeylessDays): 10012 beyond it, its message naming the days', async () => {
    await post('/price-limits', { coingeckoKeylessDays: 30 });
    try {
      const url = (days: number) =>
        `${sim.coingeckoUrl}/coins/cardano/market_chart/range?vs_currency=usd&from=${now() - days * DAY}&to=${now()}`;
      const old = await fetch(url(31));
      expect(old.status).toBe(401);
      const body = (await old.json()) as { error: { status: { error_code: number; error_message: string } } };
      expect(body.error.status.error_code).toBe(10012);
      expect(body.error.status.error_message).toContain('within the past 30 days');
      expect((await fetch(url(29))).status).toBe(200);
    } finally {
      await post('/price-limits', { coingeckoKeylessDays: 365 });
    }
  });

  it('Kraken: the last 720 daily candles, opens equal to the truth, errors in its own shape', async () => {
    const body = (await (await fetch(`${sim.krakenUrl}/0/public/OHLC?pair=ADAGBP&interval=1440`)).json()) as {
      error: string[];
      result: { ADAGBP: Array<[number, string, string, string, string]>; last: number };
    };
    expect(body.error).toEqual([]);
    expect(body.result.ADAGBP).toHaveLength(720);
    for (const c of body.result.ADAGBP.slice(0, 5)) expect(c[1]).toBe(truth.GBP![dayOf(c[0])]);
    const since = (await (
      await fetch(`${sim.krakenUrl}/0/public/OHLC?pair=ADAUSD&interval=1440&since=${body.result.last}`)
    ).json()) as { result: { ADAUSD: unknown[] } };
    expect(since.result.ADAUSD).toHaveLength(2); // the last closed candle and today's open one
    const unknown = (await (
      await fetch(`${sim.krakenUrl}/0/public/OHLC?pair=ADAXYZ&interval=1440`)
    ).json()) as {
      error: string[];
    };
    expect(unknown.error).toEqual(['EQuery:Unknown asset pair']);
  });

  it('own rate limits (429 for CoinGecko, "Too many requests" for Kraken) and faults scoped by path', async () => {
    await post('/price-limits', { coingeckoPerMinute: 2, krakenPerSecond: 0.01 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${sim.coingeckoUrl}/ping`)).status);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    const kraken: string[][] = [];
    for (let i = 0; i < 17; i++) {
      kraken.push(
        (
          (await (await fetch(`${sim.krakenUrl}/0/public/OHLC?pair=ADAUSD&interval=1440`)).json()) as {
            error: string[];
          }
        ).error,
      );
    }
    expect(kraken[16]).toEqual(['EGeneral:Too many requests']);
    await post('/price-limits', { enabled: false });
    await post('/stats/reset', {});
    await post('/faults', { kind: 'status', status: 503, path: '/kraken/' });
    await post('/faults', { kind: 'status', status: 500, rate: 1 }); // unscoped: Blockfrost only
    expect((await fetch(`${sim.krakenUrl}/0/public/OHLC?pair=ADAUSD&interval=1440`)).status).toBe(503);
    expect((await fetch(`${sim.coingeckoUrl}/ping`)).status).toBe(200);
    await fetch(`${sim.controlUrl}/faults`, { method: 'DELETE' });
    // Price requests are counted apart from Blockfrost's.
    expect(((await (await fetch(`${sim.controlUrl}/stats`)).json()) as { total: number }).total).toBe(0);
    const priceStats = (await (await fetch(`${sim.controlUrl}/price-stats`)).json()) as {
      byStatus: Record<string, number>;
    };
    expect(priceStats.byStatus['503']).toBe(1);
  });
});
