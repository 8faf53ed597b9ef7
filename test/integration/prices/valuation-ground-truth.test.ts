import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChain, startSimulator } from '../../../sim/index.js';
import { PgPortfolioReadRepository } from '../../../src/db/repositories/pg-portfolio-read-repository.js';
import { PortfolioQueryService } from '../../../src/portfolio/portfolio-query-service.js';
import { PortfolioValuationService } from '../../../src/portfolio/portfolio-valuation-service.js';
import { PriceBookLoader } from '../../../src/portfolio/price-book-loader.js';
import {
  createSyncEnv,
  trackByOwner,
  truthOf,
  type RunningSim,
  type SyncEnv,
  type TrackedWallet,
} from '../sync/sync-test-env.js';

/**
 * A generated chain synced, priced by the refresh from the simulator's CoinGecko and Kraken, and
 * valued: every wallet's value on every day equals the ground truth (quantity held at the end of the
 * day × that day's price), and the stored snapshot values equal quantity × price in the base currency.
 */

const CHAIN = { seed: 31, wallets: 6, txsPerWallet: 10 };
const DAY = 86_400_000;
const dayText = (t: number) => new Date(t).toISOString().slice(0, 10);

let sim: RunningSim & { controlUrl: string };
let env: SyncEnv;
let tracked: TrackedWallet[];
let adaTruth: Record<string, Record<string, string>>;
const blockTime = new Map<number, number>();

beforeAll(async () => {
  sim = await startSimulator({ ...CHAIN, limits: { enabled: false }, port: 0 });
  for (const b of buildChain(CHAIN).model().blocks) blockTime.set(b.height, b.time * 1000);
  env = await createSyncEnv(sim, {
    unlimited: true,
    env: { PRICE_CURRENCIES: 'USD,EUR', BASE_CURRENCY: 'EUR' },
  });
  const truth = await truthOf(sim);
  tracked = await trackByOwner(env.app, truth, 'value');
  for (const t of tracked) await env.app.sync.sync({ userId: t.userId, walletId: t.walletId });
  adaTruth = (
    (await (await fetch(`${sim.controlUrl}/truth`)).json()) as {
      prices: { ada: Record<string, Record<string, string>> };
    }
  ).prices.ada;
}, 120_000);
afterAll(async () => {
  await env?.close();
  await sim?.close();
});

describe('valuation of a generated chain against ground truth', () => {
  it('the refresh stores every day since the first holding once, from the first source that has it, and a second refresh asks nothing', async () => {
    const first = await env.app.prices.refresh.refresh({ latest: true });
    expect(first.unpriced).toEqual([]);
    expect(first.dailyStored).toBeGreaterThan(0);
    const stored = await env.app.sql.query<{ source: string; n: string }>(
      `SELECT source, count(*)::text AS n FROM prices WHERE unit = 'lovelace' GROUP BY source`,
    );
    // The simulator demo's CoinGecko key is a pro key: full history, so Kraken is never needed.
    expect(stored.rows).toEqual([{ source: 'coingecko', n: expect.any(String) }]);
    const again = await env.app.prices.refresh.refresh({ latest: false });
    expect(again.dailyStored).toBe(0);
    expect(again.calls).toEqual({});
  });

  it('every wallet, every day: value = ADA held at the end of the day × the day price (USD and EUR), exact', async () => {
    const now = Date.now();
    const valuation = new PortfolioValuationService({
      portfolio: new PortfolioQueryService({ reader: new PgPortfolioReadRepository(env.app.prisma) }),
      books: new PriceBookLoader({ prices: env.app.repositories.prices, now: () => new Date() }),
      now: () => new Date(),
    });
    let checked = 0;
    for (const t of tracked) {
      const records = t.wallet.expected.transactions
        .map((r) => ({ at: blockTime.get(r.blockHeight)!, lovelace: BigInt(r.netLovelace) }))
        .sort((a, b) => a.at - b.at);
      const firstDay = Math.floor(records[0]!.at / DAY) * DAY;
      for (const currency of ['USD', 'EUR']) {
        const view = await valuation.history(t.userId, {
          from: new Date(firstDay),
          to: new Date(now),
          interval: 'day',
          walletAddresses: [t.wallet.address],
          units: ['lovelace'],
          currency,
        });
        expect(view.buckets.length).toBeGreaterThan(900);
        view.buckets.forEach((bucket, k) => {
          const start = new Date(bucket).getTime();
          const held = records.filter((r) => r.at < start + DAY).reduce((s, r) => s + r.lovelace, 0n);
          const price = adaTruth[currency]![dayText(start)]!;
          const expected = held === 0n ? null : new Decimal(held.toString()).div(1e6).times(price);
          const got = view.values.totals[k];
          expect({ day: dayText(start), value: got === null ? null : new Decimal(got).toFixed() }).toEqual({
            day: dayText(start),
            value: expected === null ? (got === null ? null : '0') : expected.toFixed(),
          });
          checked++;
        });
      }
    }
    expect(checked).toBeGreaterThan(tracked.length * 2 * 900);
  });

  it('snapshot values hold quantity × price in the base currency (EUR), rounded to 6 places; never 0 for a missing price', async () => {
    const r = await env.app.prices.valuer.revalue(null);
    expect(r.users).toBeGreaterThan(0);
    const rows = await env.app.sql.query<{ quantity: string; day: string; value: string | null }>(
      `SELECT quantity::text, to_char(as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, value::text
       FROM portfolio_holdings_snapshots WHERE token_unit = 'lovelace'`,
    );
    expect(rows.rows.length).toBeGreaterThan(10);
    for (const row of rows.rows) {
      const expected = new Decimal(row.quantity)
        .div(1e6)
        .times(adaTruth.EUR![row.day]!)
        .toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN);
      expect(new Decimal(row.value!).toFixed(6)).toBe(expected.toFixed(6));
    }
    // Tokens with no price source configured stay null, not 0.
    const tokenValues = await env.app.sql.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM portfolio_holdings_snapshots WHERE token_unit <> 'lovelace' AND value = 0`,
    );
    expect(tokenValues.rows[0]!.n).toBe('0');
  });
});
