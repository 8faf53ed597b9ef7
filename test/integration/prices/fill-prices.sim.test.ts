import { Decimal as BaseDecimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChain, startSimulator, type FillTruth } from '../../../sim/index.js';
import { PgPriceDemand } from '../../../src/db/repositories/pg-price-demand.js';
import type { PriceSource } from '../../../src/domain/prices/price-source.js';
import { PriceRefreshService } from '../../../src/prices/price-refresh-service.js';
import {
  createSyncEnv,
  trackByOwner,
  truthOf,
  type RunningSim,
  type SyncEnv,
  type TrackedWallet,
} from '../sync/sync-test-env.js';
import { valuationServiceFor } from './valuation-service.js';

/** Enough digits that the expected quotients are exact before their rounding to the table's 30 places. */
const Decimal = BaseDecimal.clone({ precision: 200 });

/**
 * A generated chain with DEX swaps (ADA → token, token → ADA, token → token; filled and refunded),
 * synced and priced with CoinGecko for ADA and the users' fills as the only token source: every
 * stored fill price equals the simulator's own record of what its batcher exchanged, and the
 * valuation uses them on those days.
 */

const CHAIN = { seed: 47, wallets: 8, txsPerWallet: 30 };
const dayOf = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

let sim: RunningSim & { controlUrl: string };
let env: SyncEnv;
let tracked: TrackedWallet[];
let decimals: Map<string, number>;
/** Days the source-order test gave to a higher-ranked source or a CSV import (rows no fill replaces). */
const notFillKeys = new Set<string>();
/** Fills with an ADA side, as the generator made them. */
let fills: Array<{
  unit: string;
  side: 'buy' | 'sell';
  lovelace: bigint;
  quantity: bigint;
  execution: FillTruth;
}>;

beforeAll(async () => {
  sim = await startSimulator({ ...CHAIN, limits: { enabled: false }, port: 0 });
  env = await createSyncEnv(sim, {
    unlimited: true,
    env: { PRICE_CURRENCIES: 'USD', BASE_CURRENCY: 'USD', PRICE_SOURCES: 'coingecko,fill' },
  });
  tracked = await trackByOwner(env.app, await truthOf(sim), 'fills');
  for (const t of tracked) await env.app.sync.sync({ userId: t.userId, walletId: t.walletId });
  decimals = new Map((await env.app.prisma.token.findMany()).map((t) => [t.unit, t.decimals ?? 0] as const));
  fills = [];
  for (const o of buildChain(CHAIN).settledOrders()) {
    if (o.outcome !== 'fill' || !o.execution) continue;
    if (o.offered === 'lovelace' && o.wanted !== 'lovelace')
      fills.push({
        unit: o.wanted,
        side: 'buy',
        lovelace: o.execution.paid,
        quantity: o.execution.received,
        execution: o.execution,
      });
    else if (o.wanted === 'lovelace' && o.offered !== 'lovelace')
      fills.push({
        unit: o.offered,
        side: 'sell',
        lovelace: o.execution.received,
        quantity: o.execution.paid,
        execution: o.execution,
      });
  }
}, 180_000);
afterAll(async () => {
  await env?.close();
  await sim?.close();
});

/** The expected daily price: Σ ADA / Σ whole tokens of the day's fills, half-even at 30 places. */
function expectedPrices(of: typeof fills = fills): Map<string, string> {
  const sums = new Map<string, { lovelace: bigint; quantity: bigint; unit: string }>();
  for (const f of of) {
    const key = `${f.unit}|${dayOf(f.execution.time)}`;
    const s = sums.get(key) ?? { lovelace: 0n, quantity: 0n, unit: f.unit };
    s.lovelace += f.lovelace;
    s.quantity += f.quantity;
    sums.set(key, s);
  }
  const out = new Map<string, string>();
  for (const [key, s] of sums) {
    const whole = new Decimal(s.quantity.toString()).div(new Decimal(10).pow(decimals.get(s.unit)!));
    const ada = new Decimal(s.lovelace.toString()).div(1_000_000);
    out.set(key, ada.div(whole).toDecimalPlaces(30, BaseDecimal.ROUND_HALF_EVEN).toFixed());
  }
  return out;
}

async function storedFillPrices(): Promise<Map<string, string>> {
  const { rows } = await env.app.sql.query<{ unit: string; day: string; price: string }>(
    `SELECT unit, to_char(day, 'YYYY-MM-DD') AS day, price::text FROM prices WHERE source = 'fill' AND currency = 'ADA'`,
  );
  return new Map(rows.map((r) => [`${r.unit}|${r.day}`, new Decimal(r.price).toFixed()]));
}

describe('the users’ own DEX fills as price points', () => {
  it('the chain has what the test needs: buys, sells, refunds and a token → token fill', () => {
    const settled = buildChain(CHAIN).settledOrders();
    expect(fills.filter((f) => f.side === 'buy').length).toBeGreaterThan(3);
    expect(fills.filter((f) => f.side === 'sell').length).toBeGreaterThan(0);
    expect(settled.filter((o) => o.outcome === 'refund').length).toBeGreaterThan(0);
    expect(
      settled.some((o) => o.outcome === 'fill' && o.offered !== 'lovelace' && o.wanted !== 'lovelace'),
    ).toBe(true);
  });

  it('a refresh stores exactly one price per (token, day) with a fill: the execution price, exact; none for refunds or token → token', async () => {
    const report = await env.app.prices.refresh.refresh({ latest: false });
    expect(report.calls.fill).toBeGreaterThan(0);
    expect(Object.fromEntries(await storedFillPrices())).toEqual(Object.fromEntries(expectedPrices()));
    // Nothing else prices tokens here, so every token price is a fill.
    const others = await env.app.sql.query(
      `SELECT 1 FROM prices WHERE currency = 'ADA' AND source <> 'fill'`,
    );
    expect(others.rows).toEqual([]);
    // Asked again: nothing is rewritten (unchanged rows are left alone), so nothing is revalued.
    const again = await env.app.prices.refresh.refresh({ latest: false });
    expect(again.dailyStored).toBe(0);
    expect(again.changedFrom).toBeNull();
  });

  it('valuation as of a buy’s day uses its fill price: quantity × fill price, source `fill`, that day', async () => {
    const valuation = valuationServiceFor(env.app);
    const stored = await storedFillPrices();
    let checked = 0;
    for (const f of fills.filter((x) => x.side === 'buy')) {
      const day = dayOf(f.execution.time);
      const owner = tracked.find((t) =>
        t.wallet.expected.transactions.some((r) => r.txHash === f.execution.txHash),
      );
      expect(owner, f.execution.txHash).toBeDefined();
      const view = await valuation.portfolio(owner!.userId, [owner!.wallet.address], {
        currency: 'ADA',
        asOf: day,
      });
      const h = view.holdings.find((x) => x.unit === f.unit);
      if (!h || BigInt(h.quantity) === 0n) continue; // sold again the same day
      const price = stored.get(`${f.unit}|${day}`)!;
      expect({ unit: f.unit, source: h.priceSource, date: h.priceDate, price: h.price }).toEqual({
        unit: f.unit,
        source: 'fill',
        date: day,
        price,
      });
      const whole = new Decimal(h.quantity).div(new Decimal(10).pow(decimals.get(f.unit)!));
      expect(new Decimal(h.value!).toFixed()).toBe(whole.times(price).toFixed());
      checked++;
    }
    expect(checked).toBeGreaterThan(2);
  });

  it('the source order decides who wins a day: a fill replaces a lower-ranked row, never a higher-ranked one or a CSV import', async () => {
    const [lower, higher, csv] = [...(await storedFillPrices()).keys()].map(
      (k) => k.split('|') as [string, string],
    );
    const set = (k: [string, string], source: string, price: string) =>
      env.app.sql.query(
        `UPDATE prices SET source = $3, price = $4 WHERE unit = $1 AND day = $2 AND currency = 'ADA'`,
        [...k, source, price],
      );
    await set(lower!, 'dex:minswap-v2', '1');
    await set(higher!, 'coingecko', '2');
    await set(csv!, 'csv', '3');
    notFillKeys.add(higher!.join('|')).add(csv!.join('|'));
    const fill = env.app.prices.sources.find((s) => s.name === 'fill')!;
    const ranked = (name: string): PriceSource => ({
      name,
      supports: () => false,
      daily: () => Promise.reject(new Error('not asked')),
      latest: () => Promise.reject(new Error('not asked')),
    });
    const refresh = new PriceRefreshService({
      prices: env.app.repositories.prices,
      demand: new PgPriceDemand(env.app.sql),
      sources: [ranked('coingecko'), fill, ranked('dex')],
      currencies: ['USD'],
    });
    const report = await refresh.refresh({ latest: false });
    expect(report.dailyStored).toBe(1);
    expect(report.changedFrom).not.toBeNull();
    const rows = await env.app.sql.query<{ key: string; source: string; price: string }>(
      `SELECT unit || '|' || to_char(day, 'YYYY-MM-DD') AS key, source, price::text FROM prices WHERE currency = 'ADA'`,
    );
    const byKey = new Map(
      rows.rows.map((r) => [r.key, { source: r.source, price: new Decimal(r.price).toFixed() }]),
    );
    const expected = expectedPrices();
    expect(byKey.get(lower!.join('|'))).toEqual({ source: 'fill', price: expected.get(lower!.join('|')) });
    expect(byKey.get(higher!.join('|'))).toEqual({ source: 'coingecko', price: '2' });
    expect(byKey.get(csv!.join('|'))).toEqual({ source: 'csv', price: '3' });
  });

  it('a fill rolled off the chain takes its price with it: the row goes, that day is revalued, the rest stay', async () => {
    // The latest fill of the chain, removed from every wallet that stored it as a rollback does.
    const latest = [...fills].sort((a, b) => b.execution.time - a.execution.time)[0]!;
    const holders = await env.app.sql.query<{
      user_id: string;
      wallet_address: string;
      block_height: number;
    }>(`SELECT user_id::text, wallet_address, block_height FROM transactions WHERE tx_hash = $1`, [
      latest.execution.txHash,
    ]);
    expect(holders.rows.length).toBeGreaterThan(0);
    for (const h of holders.rows)
      await env.app.repositories.transactions.deleteAboveHeight(
        h.user_id,
        h.wallet_address,
        h.block_height - 1,
      );
    // What the fills still stored say: the fills of completed Actions only.
    const completed = await env.app.sql.query<{ tx_hash: string }>(
      `SELECT t.tx_hash FROM transactions t JOIN actions a ON a.id = t.action_id
        WHERE a.status = 'completed' AND t.tx_action = 'swap_fill'`,
    );
    const kept = new Set(completed.rows.map((r) => r.tx_hash));
    expect(kept.has(latest.execution.txHash)).toBe(false);
    const before = await storedFillPrices();
    const expected = expectedPrices(fills.filter((f) => kept.has(f.execution.txHash)));
    for (const k of notFillKeys) expected.delete(k);
    const gone = [...before.keys()].filter((k) => !expected.has(k));
    expect(gone.length).toBeGreaterThan(0);

    const report = await env.app.prices.refresh.refresh({ latest: false });
    expect(report.dailyWithdrawn).toBe(gone.length);
    const earliestGone = gone.map((k) => k.split('|')[1]!).sort()[0]!;
    expect(report.changedFrom! <= earliestGone).toBe(true);
    expect(Object.fromEntries(await storedFillPrices())).toEqual(Object.fromEntries(expected));
    // Asked again: nothing more to withdraw or store.
    const again = await env.app.prices.refresh.refresh({ latest: false });
    expect({ stored: again.dailyStored, withdrawn: again.dailyWithdrawn }).toEqual({
      stored: 0,
      withdrawn: 0,
    });
  });
});
