import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.js';
import {
  control,
  createSyncEnv,
  normaliseTruth,
  storedAsTruth,
  trackByOwner,
  truthOf,
  type RunningSim,
  type SyncEnv,
  type TruthWallet,
} from './sync-test-env.js';

describe('rollbacks near the tip (simulator, PostgreSQL, Redis)', () => {
  let sim: RunningSim;
  let env: SyncEnv;
  const tracked: Array<{ wallet: TruthWallet; userId: string; walletId: string }> = [];

  const syncAll = async () => {
    const reports = [];
    for (const t of tracked)
      reports.push(await env.app.sync.sync({ userId: t.userId, walletId: t.walletId }));
    return reports;
  };

  const expectTruth = async () => {
    const truth = await truthOf(sim);
    const onChain = new Set(truth.wallets.flatMap((w) => w.expected.transactions.map((t) => t.txHash)));
    for (const t of tracked) {
      const expected = truth.wallets.find((w) => w.address === t.wallet.address)!.expected;
      const stored = await storedAsTruth(env.app, t.userId, t.wallet.address);
      expect(stored).toEqual(normaliseTruth(expected.transactions));
      for (const r of stored) expect(onChain.has(r.txHash)).toBe(true);
      const w = await env.app.repositories.wallets.get(t.userId, t.walletId);
      expect(w!.reconciliation?.status).toBe('matched');
      expect(w!.cursor!.blockHeight).toBeLessThanOrEqual(truth.tip.height);
    }
  };

  beforeAll(async () => {
    sim = await startSimulator({
      seed: 11,
      wallets: 8,
      txsPerWallet: 15,
      limits: { enabled: false },
      port: 0,
    });
    env = await createSyncEnv(sim, { unlimited: true });
    const truth = await truthOf(sim);
    tracked.push(...(await trackByOwner(env.app, truth, 'owner')));
    await syncAll();
    await expectTruth();
  }, 120_000);
  afterAll(async () => {
    await env?.close();
    await sim?.close();
  });

  it('after a rollback of the last k blocks no record of a dropped transaction remains, and replacements are picked up', async () => {
    const before = await truthOf(sim);
    const beforeHashes = new Set(before.wallets.flatMap((w) => w.expected.transactions.map((t) => t.txHash)));
    const tip = await control<{ height: number }>(sim, '/rollback', { depth: 4 });
    expect(tip.height).toBe(before.tip.height);
    const reports = await syncAll();
    expect(reports.some((r) => r.rollback !== null)).toBe(true);
    await expectTruth();
    const after = await truthOf(sim);
    const dropped = [...beforeHashes].filter(
      (h) => !after.wallets.some((w) => w.expected.transactions.some((t) => t.txHash === h)),
    );
    expect(dropped.length).toBeGreaterThan(0);
    const stillStored = await env.db.prisma.transaction.count({ where: { txHash: { in: dropped } } });
    expect(stillStored).toBe(0);
  }, 120_000);

  it('a rollback deeper than the blocks added since the last sync, then new blocks', async () => {
    await control(sim, '/blocks', { count: 2 });
    await syncAll();
    await control(sim, '/rollback', { depth: 6 });
    await control(sim, '/blocks', { count: 2 });
    await syncAll();
    await expectTruth();
    // Nothing left to do: every wallet is idle again.
    const again = await syncAll();
    expect(again.every((r) => r.outcome === 'idle')).toBe(true);
  }, 120_000);
});
