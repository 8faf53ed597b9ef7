import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgPriceRepository } from '../../../src/db/repositories/pg-price-repository.js';
import type { DailyPrice } from '../../../src/domain/prices/price-types.js';
import { call, signIn, startApi, type ApiHarness, type SignedIn } from './support/api-harness.js';
import { TestWallet } from './support/cip30-wallet.js';
import { seedWallet, TOKEN_UNIT } from './support/seed.js';

/** Exact oracle for the expected values: Decimal with far more digits than any value here. */
const Wide = Decimal.clone({ precision: 200 });

interface Holding {
  unit: string;
  quantity: string;
  decimals: number;
  price: string | null;
  value: string | null;
  priceSource: string | null;
  priceDate: string | null;
  priceStale: boolean;
  priceReason: string | null;
}
interface Portfolio {
  currency: string;
  asOf: string | null;
  holdings: Holding[];
  total: {
    value: string | null;
    pricedUnits: number;
    unpricedUnits: Array<{ unit: string; reason: string }>;
  };
  change24h: { percent: string | null; from: string; to: string } | null;
  pricesAvailable: boolean;
}

const days = (from: string, n: number) =>
  Array.from({ length: n }, (_, i) => new Date(Date.parse(from) + i * 86_400_000).toISOString().slice(0, 10));

// ADA in USD and EUR every day of January 2026 (distinct prices); the token only in ADA from the 5th.
const prices: DailyPrice[] = [
  ...days('2026-01-01', 31).map((day, i) => ({
    unit: 'lovelace',
    currency: 'USD',
    day,
    price: new Decimal(`0.8${i}1234567`),
    source: 'kraken',
  })),
  ...days('2026-01-01', 31).map((day, i) => ({
    unit: 'lovelace',
    currency: 'EUR',
    day,
    price: new Decimal(`0.7${i}3`),
    source: 'kraken',
  })),
  ...days('2026-01-05', 27).map((day, i) => ({
    unit: TOKEN_UNIT,
    currency: 'ADA',
    day,
    price: new Decimal(`0.00${i + 1}7`),
    source: 'dex:minswap',
  })),
];
const priceOf = (unit: string, currency: string, day: string) =>
  prices.find((p) => p.unit === unit && p.currency === currency && p.day === day)!.price;

describe('valuation API (PostgreSQL, Redis)', () => {
  let h: ApiHarness;
  let user: SignedIn;
  let walletId: string;

  const portfolio = (query: string, token = user.accessToken) =>
    call<Portfolio>(h, 'GET', `/api/portfolio${query}`, { token });

  beforeAll(async () => {
    h = await startApi();
    user = await signIn(h);
    const added = await call<{ wallet: { id: string; address: string } }>(h, 'POST', '/api/wallets', {
      token: user.accessToken,
      body: { address: new TestWallet().baseAddress },
    });
    walletId = added.body.wallet.id;
    await seedWallet(h, user.userId, walletId, added.body.wallet.address);
    await new PgPriceRepository(h.db.sql).upsertDaily(prices);
  });
  afterAll(() => h?.close());

  it('values holdings as of a past day: quantity then × that day’s price, cross rate via ADA', async () => {
    const res = await portfolio('?currency=USD&asOf=2026-01-06');
    expect(res.status).toBe(200);
    const { holdings } = res.body;
    // Snapshots: Jan 6 holds 4.62 ADA and 100 TST (2 decimals).
    const ada = holdings.find((x) => x.unit === 'lovelace')!;
    const tst = holdings.find((x) => x.unit === TOKEN_UNIT)!;
    expect(ada.quantity).toBe('4620000');
    expect(tst.quantity).toBe('10000');
    const adaUsd = priceOf('lovelace', 'USD', '2026-01-06');
    const tstUsd = new Wide(priceOf(TOKEN_UNIT, 'ADA', '2026-01-06')).times(adaUsd);
    expect(ada).toMatchObject({
      price: adaUsd.toFixed(),
      value: new Wide('4620000').div(1e6).times(adaUsd).toFixed(),
      priceSource: 'kraken',
      priceDate: '2026-01-06',
      priceStale: false,
      priceReason: null,
    });
    expect(tst).toMatchObject({
      price: tstUsd.toFixed(),
      value: new Wide('10000').div(100).times(tstUsd).toFixed(),
      priceSource: 'dex:minswap×kraken',
    });
    expect(res.body.total).toEqual({
      value: new Wide(ada.value!).plus(tst.value!).toFixed(),
      pricedUnits: 2,
      unpricedUnits: [],
    });
    expect(res.body.change24h).toMatchObject({
      from: new Wide('4.62')
        .times(priceOf('lovelace', 'USD', '2026-01-05'))
        .plus(
          new Wide(priceOf(TOKEN_UNIT, 'ADA', '2026-01-05'))
            .times(priceOf('lovelace', 'USD', '2026-01-05'))
            .times(100),
        )
        .toFixed(),
      to: res.body.total.value,
    });
  });

  it('switching the currency changes the values (and is cached apart); ADA prices ADA at 1', async () => {
    const usd = await portfolio('?currency=USD&asOf=2026-01-08');
    const eur = await portfolio('?currency=EUR&asOf=2026-01-08');
    expect(eur.headers.get('x-cache')).toBe('miss');
    expect(eur.body.currency).toBe('EUR');
    expect(eur.body.total.value).not.toBe(usd.body.total.value);
    const adaEur = eur.body.holdings.find((x) => x.unit === 'lovelace')!;
    expect(adaEur.price).toBe(priceOf('lovelace', 'EUR', '2026-01-08').toFixed());
    const inAda = await portfolio('?currency=ada&asOf=2026-01-08');
    expect(inAda.body.currency).toBe('ADA');
    expect(inAda.body.holdings.find((x) => x.unit === 'lovelace')).toMatchObject({
      price: '1',
      value: '5.62',
    });
    expect(inAda.body.holdings.find((x) => x.unit === TOKEN_UNIT)!.price).toBe(
      priceOf(TOKEN_UNIT, 'ADA', '2026-01-08').toFixed(),
    );
  });

  it('a missing price is null with its reason and listed as unpriced, never 0', async () => {
    // Before the token's first price: outside_history; the total is ADA's alone.
    const early = await portfolio('?currency=USD&asOf=2026-01-03');
    const tst = early.body.holdings.find((x) => x.unit === TOKEN_UNIT)!;
    expect(tst).toMatchObject({ price: null, value: null, priceReason: 'outside_history' });
    expect(early.body.total.unpricedUnits).toEqual([
      { unit: TOKEN_UNIT, reason: 'outside_history', priceDate: null },
    ]);
    expect(early.body.total.value).toBe(early.body.holdings.find((x) => x.unit === 'lovelace')!.value);
    // Now (months after the last stored price): stale, with the last price's date; no total at all.
    const now = await portfolio('?currency=USD');
    expect(now.status).toBe(200);
    for (const x of now.body.holdings) {
      expect(x).toMatchObject({ price: null, value: null, priceReason: 'stale', priceDate: '2026-01-31' });
    }
    expect(now.body.total.value).toBeNull();
    expect(now.body.total.unpricedUnits.map((u) => u.reason)).toEqual(['stale', 'stale']);
    // GBP is configured but never priced: no_source.
    const gbp = await portfolio('?currency=GBP&asOf=2026-01-08');
    expect(gbp.body.holdings.map((x) => x.priceReason)).toEqual(['no_source', 'no_source']);
    expect(gbp.body.total.value).toBeNull();
  });

  it('refuses unknown currencies and malformed or future dates with 400s naming what is accepted', async () => {
    const bad = await portfolio('?currency=XYZ');
    expect(bad.status).toBe(400);
    expect((bad.body as unknown as { message: string }).message).toBe(
      'currency must be one of ADA, USD, EUR, GBP, JPY',
    );
    for (const asOf of ['2026-1-6', '2026-02-30', 'yesterday']) {
      const r = await portfolio(`?asOf=${asOf}`);
      expect(r.status).toBe(400);
      expect((r.body as unknown as { message: string }).message).toContain('YYYY-MM-DD');
    }
    const tomorrow = new Date(h.clock.now.getTime() + 86_400_000).toISOString().slice(0, 10);
    const future = await portfolio(`?asOf=${tomorrow}`);
    expect(future.status).toBe(400);
    expect((future.body as unknown as { message: string }).message).toContain('after today');
    const hist = await call(h, 'GET', '/api/portfolio/history?currency=BTC', { token: user.accessToken });
    expect(hist.status).toBe(400);
    expect((hist.body as unknown as { message: string }).message).toBe(
      'currency must be one of ADA, USD, EUR, GBP, JPY',
    );
    const histDay = await call(h, 'GET', '/api/portfolio/history?currency=USD&asOf=2026-13-01', {
      token: user.accessToken,
    });
    expect(histDay.status).toBe(400);
    expect((histDay.body as unknown as { message: string }).message).toContain('YYYY-MM-DD');
  });

  it('values the history bucket by bucket next to the quantities', async () => {
    const res = await call<{
      buckets: string[];
      values: { currency: string; totals: Array<string | null>; unpriced: number[] };
    }>(h, 'GET', '/api/portfolio/history?interval=day&from=2026-01-01&asOf=2026-01-08&currency=USD', {
      token: user.accessToken,
    });
    expect(res.status).toBe(200);
    const { buckets, values } = res.body;
    expect(values.currency).toBe('USD');
    expect(buckets.length).toBe(values.totals.length);
    const byDay = Object.fromEntries(
      buckets.map((b, i) => [b.slice(0, 10), [values.totals[i], values.unpriced[i]]]),
    );
    const usd = (d: string) => priceOf('lovelace', 'USD', d);
    // Jan 2: 10 ADA, 100 TST unpriced (before its first price).
    expect(byDay['2026-01-02']).toEqual([new Wide(10).times(usd('2026-01-02')).toFixed(), 1]);
    // Jan 7: 5.62 ADA + 150 TST × TST/ADA × ADA/USD.
    const jan7 = new Wide('5.62')
      .times(usd('2026-01-07'))
      .plus(new Wide(150).times(priceOf(TOKEN_UNIT, 'ADA', '2026-01-07')).times(usd('2026-01-07')));
    expect(byDay['2026-01-07']).toEqual([jan7.toFixed(), 0]);
    expect(buckets.at(-1)!.slice(0, 10)).toBe('2026-01-08');
  });

  it('remembers a preferred currency and time zone per user; other users are unaffected', async () => {
    const other = await signIn(h);
    const bad = await call(h, 'PATCH', '/api/me/settings', {
      token: user.accessToken,
      body: { preferredCurrency: 'DOGE' },
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { message: string }).message).toContain('ADA, USD, EUR, GBP, JPY');
    const badZone = await call(h, 'PATCH', '/api/me/settings', {
      token: user.accessToken,
      body: { timeZone: 'Mars/Base' },
    });
    expect(badZone.status).toBe(400);
    // Cached in USD first: the change must not serve the cached USD body.
    expect((await portfolio('?asOf=2026-01-08')).body.currency).toBe('USD');
    const set = await call(h, 'PATCH', '/api/me/settings', {
      token: user.accessToken,
      body: { preferredCurrency: 'eur', timeZone: 'America/Los_Angeles' },
    });
    expect(set.body).toMatchObject({
      preferredCurrency: 'EUR',
      timeZone: 'America/Los_Angeles',
      currency: 'EUR',
    });
    expect((await call(h, 'GET', '/api/me/settings', { token: user.accessToken })).body).toMatchObject({
      currency: 'EUR',
      currencies: ['ADA', 'USD', 'EUR', 'GBP', 'JPY'],
    });
    expect((await portfolio('?asOf=2026-01-08')).body.currency).toBe('EUR');
    // The end of Jan 3 in Los Angeles is Jan 4 07:59 UTC: the Jan 4 snapshot (6.8 ADA) counts.
    const la = await portfolio('?asOf=2026-01-03');
    expect(la.body.holdings.find((x) => x.unit === 'lovelace')!.quantity).toBe('6800000');
    // Isolation: the other user sees none of it and keeps the defaults.
    const theirs = await portfolio('?asOf=2026-01-08', other.accessToken);
    expect(theirs.body).toMatchObject({
      currency: 'USD',
      holdings: [],
      total: { value: '0', pricedUnits: 0 },
    });
    expect((await portfolio(`?walletIds=${walletId}`, other.accessToken)).status).toBe(404);
    await call(h, 'PATCH', '/api/me/settings', {
      token: user.accessToken,
      body: { preferredCurrency: null, timeZone: null },
    });
    expect(
      (await portfolio('?asOf=2026-01-03')).body.holdings.find((x) => x.unit === 'lovelace')!.quantity,
    ).toBe('10000000');
  });

  it('a price table that cannot be read leaves the portfolio up, unpriced', async () => {
    const broken = await startApi({}, h.db, {
      prices: {
        daily: () => Promise.reject(new Error('prices down')),
        latest: () => Promise.reject(new Error('prices down')),
      },
    });
    try {
      const res = await call<Portfolio>(broken, 'GET', '/api/portfolio?currency=USD&asOf=2026-01-08', {
        token: user.accessToken,
      });
      expect(res.status).toBe(200);
      expect(res.body.pricesAvailable).toBe(false);
      expect(res.body.holdings.map((x) => [x.quantity, x.value, x.priceReason])).toEqual([
        ['5620000', null, 'no_source'],
        ['15000', null, 'no_source'],
      ]);
    } finally {
      await broken.close();
    }
  });
});
