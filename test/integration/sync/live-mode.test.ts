import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.js';
import {
  createSyncEnv,
  normaliseTruth,
  storedAsTruth,
  trackByOwner,
  truthOf,
  type RunningSim,
  type SyncEnv,
  type TruthWallet,
} from './sync-test-env.js';

describe('live mode: the simulator appends a block every second (simulator, PostgreSQL, Redis)', () => {
  let sim: RunningSim;
  let env: SyncEnv;
  const tracked: Array<{ wallet: TruthWallet; userId: string; walletId: string }> = [];

  beforeAll(async () => {
    sim = await startSimulator({
      seed: 41,
      wallets: 6,
      txsPerWallet: 10,
      liveIntervalSeconds: 1,
      limits: { enabled: false },
      port: 0,
    });
    env = await createSyncEnv(sim, { unlimited: true });
    const truth = await truthOf(sim);
    tracked.push(...(await trackByOwner(env.app, truth, 'live')));
  }, 60_000);
  afterAll(async () => {
    await env?.close();
    await sim?.close();
  });

  it('each pass picks up only what is new, and what is stored up to the cursor equals ground truth', async () => {
    let newAfterFirst = 0;
    for (let pass = 0; pass < 4; pass++) {
      for (const t of tracked) {
        const r = await env.app.sync.sync({ userId: t.userId, walletId: t.walletId });
        if (pass > 0) {
          newAfterFirst += r.newTransactions;
          // Incremental: only the new transactions are fetched, never the wallet's history again.
          expect(r.fetched.utxos).toBeLessThanOrEqual(r.newTransactions);
        }
      }
      await new Promise((r) => setTimeout(r, 1_500));
    }
    expect(newAfterFirst).toBeGreaterThan(0);
    const truth = await truthOf(sim);
    for (const t of tracked) {
      const wallet = await env.app.repositories.wallets.get(t.userId, t.walletId);
      const upTo = wallet!.cursor?.blockHeight ?? 0;
      const expected = truth.wallets
        .find((w) => w.address === t.wallet.address)!
        .expected.transactions.filter((x) => x.blockHeight <= upTo);
      expect(await storedAsTruth(env.app, t.userId, t.wallet.address)).toEqual(normaliseTruth(expected));
    }
  }, 120_000);
});
