import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChain, startSimulator } from '../../../sim/index.js';
import { mapWithConcurrency } from '../../../src/sync/map-with-concurrency.js';
import {
  control,
  createSyncEnv,
  normaliseTruth,
  storedAsTruth,
  trackByOwner,
  truthOf,
  type RunningSim,
  type SyncEnv,
  type Truth,
  type TrackedWallet,
} from './sync-test-env.js';

async function expectEqualToTruth(env: SyncEnv, tracked: TrackedWallet[], truth: Truth) {
  const byAddress = new Map(truth.wallets.map((w) => [w.address, w]));
  for (const t of tracked) {
    const expected = byAddress.get(t.wallet.address)!.expected;
    const stored = await storedAsTruth(env.app, t.userId, t.wallet.address);
    expect({ wallet: t.wallet.address, records: stored }).toEqual({
      wallet: t.wallet.address,
      records: normaliseTruth(expected.transactions),
    });
    const w = await env.app.repositories.wallets.get(t.userId, t.walletId);
    expect({ wallet: t.wallet.address, status: w!.reconciliation?.status }).toEqual({
      wallet: t.wallet.address,
      status: 'matched',
    });
    const balances = await env.app.repositories.transactions.balances(t.userId, t.wallet.address);
    expect((balances.get('lovelace') ?? 0n).toString()).toBe(expected.balanceLovelace);
  }
}

/** Seed 24: its 50 × 12 chain holds token → ADA orders both filled and refunded (asserted below). */
const CHAIN = { seed: 24, wallets: 50, txsPerWallet: 12 };

describe('sync of a generated chain of 50 wallets against ground truth (simulator, PostgreSQL, Redis)', () => {
  let sim: RunningSim;
  let env: SyncEnv;
  let tracked: TrackedWallet[];

  beforeAll(async () => {
    sim = await startSimulator({
      ...CHAIN,
      limits: { enabled: false },
      port: 0,
    });
    env = await createSyncEnv(sim, { unlimited: true });
    tracked = await trackByOwner(env.app, await truthOf(sim), 'owner');
  }, 60_000);
  afterAll(async () => {
    await env?.close();
    await sim?.close();
  });

  it('the chain has token → ADA orders filled and refunded, in the truth as such', async () => {
    // The same options build the same chain: the generator's own list says which orders wanted ADA.
    const toAda = buildChain(CHAIN)
      .settledOrders()
      .filter((o) => o.offered !== 'lovelace' && o.wanted === 'lovelace');
    const truth = await truthOf(sim);
    const actions = new Map<string, string>();
    for (const w of truth.wallets)
      for (const t of w.expected.transactions) if (t.link) actions.set(`${t.link} ${t.action}`, t.txHash);
    for (const outcome of ['fill', 'refund'] as const) {
      const settled = toAda.filter((o) => o.outcome === outcome);
      expect(settled.length, outcome).toBeGreaterThan(0);
      for (const o of settled) expect(actions.has(`${o.key} swap_${outcome}`), o.key).toBe(true);
    }
  });

  it('every wallet syncs to ground truth and reconciles', async () => {
    expect(tracked).toHaveLength(50);
    const reports = await mapWithConcurrency(tracked, 4, (t) =>
      env.app.sync.sync({ userId: t.userId, walletId: t.walletId }),
    );
    expect(reports.every((r) => r.reconciliation?.status === 'matched')).toBe(true);
    await expectEqualToTruth(env, tracked, await truthOf(sim));
  }, 120_000);

  it('an idle re-sync costs at most one request per wallet', async () => {
    await control(sim, '/stats/reset', {});
    const reports = await mapWithConcurrency(tracked, 4, (t) =>
      env.app.sync.sync({ userId: t.userId, walletId: t.walletId }),
    );
    const stats = await control<{ total: number }>(sim, '/stats');
    expect(reports.every((r) => r.outcome === 'idle')).toBe(true);
    expect(stats.total).toBeLessThanOrEqual(tracked.length);
  }, 60_000);

  it('new blocks are picked up incrementally', async () => {
    await control(sim, '/blocks', { count: 3 });
    await control(sim, '/stats/reset', {});
    const reports = await mapWithConcurrency(tracked, 4, (t) =>
      env.app.sync.sync({ userId: t.userId, walletId: t.walletId }),
    );
    const touched = reports.filter((r) => r.outcome === 'synced');
    expect(touched.length).toBeGreaterThan(0);
    // Only the new transactions were fetched: no wallet re-listed or re-fetched its history.
    const newTxs = touched.reduce((s, r) => s + r.newTransactions, 0);
    const utxoFetches = reports.reduce((s, r) => s + r.fetched.utxos, 0);
    expect(utxoFetches).toBeLessThanOrEqual(newTxs);
    await expectEqualToTruth(env, tracked, await truthOf(sim));
  }, 120_000);
});
