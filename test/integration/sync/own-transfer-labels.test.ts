import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.js';
import { call, signIn, startApi, type ApiHarness } from '../api/support/api-harness.js';
import {
  createSyncEnv,
  normaliseTruth,
  storedAsTruth,
  truthOf,
  type RunningSim,
  type SyncEnv,
  type Truth,
  type TruthWallet,
} from './sync-test-env.js';

// Records are labelled with the wallet set of the sync that wrote them. Linking a second wallet of the
// same owner later must turn the first wallet's sends to it into internal transfers (and removing it
// turn them back), without a chain request: the transactions are parsed again from the shared cache.
describe('send / internal-transfer labels follow the wallets a user links and removes', () => {
  let sim: RunningSim;
  let env: SyncEnv;
  let api: ApiHarness;
  let truth: Truth;
  /** An owner's wallets, the first of which has internal transfers with the others. */
  let first: TruthWallet;
  let others: TruthWallet[];

  beforeAll(async () => {
    sim = await startSimulator({
      seed: 33,
      wallets: 20,
      txsPerWallet: 15,
      limits: { enabled: false },
      port: 0,
    });
    env = await createSyncEnv(sim, { unlimited: true });
    // The real API on the same database, its removal hook wired to the sync as `adafolio api` wires it.
    api = await startApi({}, env.db, { onWalletRemoved: (u) => env.app.sync.afterWalletRemoved(u) });
    truth = await truthOf(sim);
    const byOwner = new Map<string, TruthWallet[]>();
    for (const w of truth.wallets) byOwner.set(w.owner, [...(byOwner.get(w.owner) ?? []), w]);
    for (const wallets of byOwner.values()) {
      const a = wallets.find((w) => w.expected.transactions.some((t) => t.action === 'internal_transfer'));
      if (wallets.length >= 2 && a) {
        first = a;
        others = wallets.filter((w) => w !== a);
        break;
      }
    }
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await env?.close();
    await sim?.close();
  });

  it('relabels on link and on removal, and ends equal to the truth', async () => {
    expect(first, 'the chain has an owner with internal transfers').toBeDefined();
    const internal = first.expected.transactions.filter((t) => t.action === 'internal_transfer');
    const { userId, accessToken } = await signIn(api);
    const { id: firstId } = await env.app.repositories.wallets.add(userId, {
      address: first.address,
      kind: first.kind,
    });
    await env.app.sync.sync({ userId, walletId: firstId });

    // Alone, the first wallet's transfers to its siblings are plain sends and receives.
    const alone = new Map(
      (await storedAsTruth(env.app, userId, first.address)).map((r) => [r.txHash, r.action]),
    );
    for (const t of internal) expect(['send', 'receive']).toContain(alone.get(t.txHash));

    // Link the siblings and sync them: the first wallet's records are relabelled without a resync.
    const added: string[] = [];
    for (const w of others) {
      const { id } = await env.app.repositories.wallets.add(userId, { address: w.address, kind: w.kind });
      added.push(id);
      await env.app.sync.sync({ userId, walletId: id });
    }
    for (const w of [first, ...others]) {
      expect({ wallet: w.address, records: await storedAsTruth(env.app, userId, w.address) }).toEqual({
        wallet: w.address,
        records: normaliseTruth(w.expected.transactions),
      });
    }
    const described = await env.db.sql.query<{ description: string }>(
      `SELECT description FROM transactions WHERE user_id = $1 AND wallet_address = $2 AND tx_hash = $3`,
      [userId, first.address, internal[0]!.txHash],
    );
    expect(described.rows[0]!.description).toMatch(/another of your wallets/);

    // Remove the siblings through the API: the first wallet's records are back to what it had alone.
    for (const id of added) {
      expect((await call(api, 'DELETE', `/api/wallets/${id}`, { token: accessToken })).status).toBe(204);
    }
    const after = new Map(
      (await storedAsTruth(env.app, userId, first.address)).map((r) => [r.txHash, r.action]),
    );
    expect(after).toEqual(alone);
  }, 60_000);
});
