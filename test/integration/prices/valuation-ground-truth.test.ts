import { Decimal as BaseDecimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChain, startSimulator } from '../../../sim/index.js';
import {
  control,
  createSyncEnv,
  trackByOwner,
  truthOf,
  type RunningSim,
  type SyncEnv,
  type TrackedWallet,
} from '../sync/sync-test-env.js';
import { valuationServiceFor } from './valuation-service.js';

/** Exact for these figures: 20 significant digits (decimal.js's default) would round the expectations. */
const Decimal = BaseDecimal.clone({ precision: 200 });

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
let tokenTruth: Record<string, { ADA: Record<string, string> }>;
const blockTime = new Map<number, number>();

beforeAll(async () => {
  sim = await startSimulator({ ...CHAIN, limits: { enabled: false }, port: 0 });
  for (const b of buildChain(CHAIN).model().blocks) blockTime.set(b.height, b.time * 1000);
  env = await createSyncEnv(sim, {
    unlimited: true,
    env: {
      PRICE_CURRENCIES: 'USD,EUR',
      BASE_CURRENCY: 'EUR',
      PRICE_DEX_DAILY_REQUESTS: '100000',
      // The truth's token prices are its pools' states; the simulator's batcher fills at amounts drawn
      // apart from them, so the users' fills (ranked above the pools by default) are left out here and
      // checked against the fills' own truth in fill-prices.sim.test.ts.
      PRICE_SOURCES: 'coingecko,kraken,dex',
    },
  });
  const truth = await truthOf(sim);
  tracked = await trackByOwner(env.app, truth, 'value');
  for (const t of tracked) await env.app.sync.sync({ userId: t.userId, walletId: t.walletId });
  const prices = (
    (await (await fetch(`${sim.controlUrl}/truth`)).json()) as {
      prices: { ada: Record<string, Record<string, string>>; tokens: typeof tokenTruth };
    }
  ).prices;
  adaTruth = prices.ada;
  tokenTruth = prices.tokens;
}, 120_000);
afterAll(async () => {
  await env?.close();
  await sim?.close();
});

/** The truth's token price of a day: the deepest pool's state at the day's end (the last state after the chain's end). */
function tokenPrice(unit: string, day: string): string | null {
  const days = tokenTruth[unit]?.ADA;
  if (!days) return null;
  if (days[day]) return days[day]!;
  const known = Object.keys(days).sort();
  return day > known[known.length - 1]! ? days[known[known.length - 1]!]! : null;
}

describe('valuation of a generated chain against ground truth', () => {
  it('the refresh stores each (unit, currency, day) once, from the first source that has it: ADA from CoinGecko, tokens from their deepest pool; a second refresh asks nothing', async () => {
    await control(sim, '/stats/reset', {});
    const first = await env.app.prices.refresh.refresh({ latest: true });
    expect(first.unpriced.filter((u) => u.unit === 'lovelace')).toEqual([]);
    expect(first.dailyStored).toBeGreaterThan(0);
    const bySource = await env.app.sql.query<{ unit_kind: string; source: string }>(
      `SELECT DISTINCT CASE WHEN unit = 'lovelace' THEN 'ada' ELSE 'token' END AS unit_kind, split_part(source, ':', 1) AS source FROM prices ORDER BY 1`,
    );
    // The simulator demo's CoinGecko key is a pro key: full history, so Kraken is never needed.
    expect(bySource.rows).toEqual([
      { unit_kind: 'ada', source: 'coingecko' },
      { unit_kind: 'token', source: 'dex' },
    ]);
    // Current pool prices: one Blockfrost request per token after its pool was found.
    const latest = await env.app.sql.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM latest_prices WHERE currency = 'ADA'`,
    );
    const pooled = await env.app.sql.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM dex_pools WHERE nft_unit IS NOT NULL`,
    );
    expect(Number(latest.rows[0]!.n)).toBe(Number(pooled.rows[0]!.n));
    expect(Number(pooled.rows[0]!.n)).toBeGreaterThan(0);
    await control(sim, '/stats/reset', {});
    const again = await env.app.prices.refresh.refresh({ latest: false });
    expect(again.dailyStored).toBe(0);
    expect((await control<{ total: number }>(sim, '/stats')).total).toBe(0);
    // A scheduled refresh re-reads ADA's latest price every time, a token's pool only when its
    // price is older than PRICE_DEX_LATEST_HOURS (12): none yet, then one request per pooled token.
    await control(sim, '/price-stats/reset', {});
    const scheduled = await env.app.prices.refresh.refresh({ latest: true });
    expect((await control<{ total: number }>(sim, '/stats')).total).toBe(0);
    expect((await control<{ total: number }>(sim, '/price-stats')).total).toBe(2); // USD, EUR
    expect(scheduled.dailyStored).toBe(0);
    await env.app.sql.query(
      `UPDATE latest_prices SET observed_at = observed_at - interval '13 hours' WHERE currency = 'ADA'`,
    );
    await env.app.prices.refresh.refresh({ latest: true });
    expect((await control<{ total: number }>(sim, '/stats')).total).toBe(Number(pooled.rows[0]!.n));
  });

  it('token prices stored from the pools equal the truth (end-of-day state of the deepest pool), exactly', async () => {
    const rows = await env.app.sql.query<{ unit: string; day: string; price: string }>(
      `SELECT unit, to_char(day, 'YYYY-MM-DD') AS day, price::text FROM prices WHERE currency = 'ADA'`,
    );
    let compared = 0;
    for (const r of rows.rows) {
      const expected = tokenPrice(r.unit, r.day);
      expect({ unit: r.unit, day: r.day, price: new Decimal(r.price).toFixed() }).toEqual({
        unit: r.unit,
        day: r.day,
        price: expected === null ? 'no truth' : new Decimal(expected).toFixed(),
      });
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('every wallet, every day: value = Σ quantity held at the end of the day × that day price (tokens through ADA), in USD and EUR, exact', async () => {
    const now = Date.now();
    const valuation = valuationServiceFor(env.app);
    const decimals = new Map(
      (await env.app.prisma.token.findMany()).map((t) => [t.unit, t.decimals ?? 0] as const),
    );
    let checked = 0;
    let withTokens = 0;
    for (const t of tracked) {
      const records = t.wallet.expected.transactions
        .map((r) => ({
          at: blockTime.get(r.blockHeight)!,
          flows: { ...r.flows, lovelace: r.netLovelace } as Record<string, string>,
        }))
        .sort((a, b) => a.at - b.at);
      const firstDay = Math.floor(records[0]!.at / DAY) * DAY;
      for (const currency of ['USD', 'EUR']) {
        const view = await valuation.history(t.userId, {
          from: new Date(firstDay),
          to: new Date(now),
          interval: 'day',
          walletAddresses: [t.wallet.address],
          currency,
        });
        expect(view.buckets.length).toBeGreaterThan(900);
        view.buckets.forEach((bucket, k) => {
          const start = new Date(bucket).getTime();
          const day = dayText(start);
          const held = new Map<string, bigint>();
          for (const r of records) {
            if (r.at >= start + DAY) break;
            for (const [unit, q] of Object.entries(r.flows))
              held.set(unit, (held.get(unit) ?? 0n) + BigInt(q));
          }
          const ada = new Decimal(adaTruth[currency]![day]!);
          let total: BaseDecimal | null = null;
          for (const [unit, q] of held) {
            if (q === 0n) continue;
            const inAda = unit === 'lovelace' ? '1' : tokenPrice(unit, day);
            if (inAda === null) continue;
            if (unit !== 'lovelace') withTokens++;
            const whole = new Decimal(q.toString()).div(
              new Decimal(10).pow(unit === 'lovelace' ? 6 : decimals.get(unit)!),
            );
            total = (total ?? new Decimal(0)).plus(whole.times(inAda).times(ada));
          }
          const got = view.values.totals[k];
          expect({ day, value: got === null ? null : new Decimal(got).toFixed() }).toEqual({
            day,
            value: total === null ? null : total.toFixed(),
          });
          checked++;
        });
      }
    }
    expect(checked).toBeGreaterThan(tracked.length * 2 * 900);
    expect(withTokens).toBeGreaterThan(100);
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
    // A token snapshot without a price stays null, never 0.
    const unpriced = await env.app.sql.query<{ zero: string; nulls: string }>(
      `SELECT count(*) FILTER (WHERE value = 0)::text AS zero, count(*) FILTER (WHERE value IS NULL)::text AS nulls
       FROM portfolio_holdings_snapshots WHERE token_unit <> 'lovelace' AND quantity <> 0`,
    );
    expect(unpriced.rows[0]!.zero).toBe('0');
  });
});

describe('a price source that fails', () => {
  it('leaves the last known prices in place: a malformed pool answer is a gap, nothing is overwritten or zeroed', async () => {
    const read = () =>
      env.app.sql.query<{ unit: string; price: string; observed_at: Date }>(
        `SELECT unit, price::text, observed_at FROM latest_prices WHERE currency = 'ADA' ORDER BY unit`,
      );
    const before = (await read()).rows;
    expect(before.length).toBeGreaterThan(0);
    await control(sim, '/faults', { kind: 'malformed', path: '/utxos/' });
    try {
      const report = await env.app.prices.refresh.refresh({ latest: true });
      expect(report.latestStored).toBe(2); // ADA in USD and EUR from CoinGecko; no token
    } finally {
      await fetch(`${sim.controlUrl}/faults`, { method: 'DELETE' });
    }
    expect((await read()).rows).toEqual(before);
  });
});
