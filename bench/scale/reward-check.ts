// The staking-rewards part of the truth check: every stored reward of a tracked wallet against the
// truth's `expected.rewards` (missing, extra, duplicated, unequal), one problem line each. A reward is
// identified by what the listing identifies it by (earning epoch, type, pool), read from the stored
// columns rather than the stored source key, so a second row for the same reward counts as a duplicate
// even when its key differs.
import type { SqlPool } from '../../src/db/prisma-client.js';
import type { TruthReward, TruthWallet } from '../../sim/truth/ground-truth.js';

export type { TruthReward };

/** A stored reward in the truth's format. */
export type StoredReward = TruthReward;

const identity = (r: Pick<TruthReward, 'epoch' | 'type' | 'poolId'>) => `${r.epoch}:${r.type}:${r.poolId}`;

const canonical = (r: TruthReward) => JSON.stringify([r.epoch, r.spendableEpoch, r.type, r.poolId, r.amount]);

/** Every stored reward, by `user_id wallet_address`. */
export async function loadStoredRewards(sql: SqlPool): Promise<Map<string, StoredReward[]>> {
  const { rows } = await sql.query<{
    user_id: string;
    wallet_address: string;
    epoch: number;
    spendable_epoch: number;
    amount: string;
    pool_id: string | null;
    type: string;
  }>(
    `SELECT user_id, wallet_address, epoch, spendable_epoch, amount::text, pool_id, type
       FROM staking_rewards`,
  );
  const byWallet = new Map<string, StoredReward[]>();
  for (const r of rows) {
    const k = `${r.user_id} ${r.wallet_address}`;
    const reward: StoredReward = {
      epoch: r.epoch,
      spendableEpoch: r.spendable_epoch,
      amount: r.amount,
      // As stored: a MIR (no pool) or a type outside the truth's vocabulary fails the comparison.
      poolId: r.pool_id ?? '',
      type: r.type as TruthReward['type'],
    };
    byWallet.set(k, [...(byWallet.get(k) ?? []), reward]);
  }
  return byWallet;
}

/**
 * The rewards the truth expects of a tracked wallet: none for a payment wallet; undefined (not
 * checked) for a stake account whose rewards the truth does not know (a recorded chain's account).
 */
export function expectedRewards(wallet: TruthWallet): TruthReward[] | undefined {
  return wallet.kind === 'payment' ? [] : wallet.expected.rewards;
}

/** Compares one wallet's stored rewards with the truth's, naming each difference under `walletKey`. */
export function compareRewards(
  walletKey: string,
  expected: readonly TruthReward[],
  stored: readonly StoredReward[],
  problem: (line: string) => void,
): void {
  const storedById = new Map<string, StoredReward>();
  for (const s of stored) {
    const id = identity(s);
    if (storedById.has(id)) problem(`duplicate reward ${walletKey} ${id}`);
    storedById.set(id, s);
  }
  const expectedIds = new Set<string>();
  for (const e of expected) {
    const id = identity(e);
    expectedIds.add(id);
    const s = storedById.get(id);
    if (!s) problem(`missing reward ${walletKey} ${id} (${e.amount} lovelace)`);
    else if (canonical(s) !== canonical(e))
      problem(`unequal reward ${walletKey} ${id}: stored ${canonical(s)} truth ${canonical(e)}`);
  }
  for (const id of storedById.keys()) if (!expectedIds.has(id)) problem(`extra reward ${walletKey} ${id}`);
}
