import type { StakingReward, Transaction } from '../api/types.js';

/**
 * The activity history's income rows. Rewards are not transactions (the ledger credits the reward
 * account at an epoch boundary; there is no tx hash), so they are merged into the transaction list
 * in the browser from `/api/staking`, not stored or paged as records.
 *
 * Why client-side: a stake wallet earns at most 73 rewards a year, so the filtered reward list is
 * small and the staking page already reads it (same cached response); the transactions API keeps
 * one meaning for its cursor (records), and needs no second keyset over two tables.
 * Paging stays sane by a cutoff: while older transaction pages remain, only rewards at or after the
 * oldest loaded transaction are shown, so "Load more" reveals older rewards in time order and a row
 * never appears above one already shown that is newer.
 */

/** The pseudo-action of the history's Action filter for rewards only. */
export const STAKING_INCOME = 'staking_income';

export type ActivityItem =
  | { kind: 'tx'; key: string; at: number; tx: Transaction }
  | { kind: 'reward'; key: string; at: number; reward: StakingReward };

/** Whether a history filter can match rewards: ADA income, credited without a transaction or protocol. */
export function filterMatchesRewards(f: { action: string; protocol: string; token: string }): boolean {
  return (
    (f.action === '' || f.action === STAKING_INCOME) &&
    f.protocol === '' &&
    (f.token === '' || f.token === 'lovelace')
  );
}

/** Newest first; rewards older than the oldest loaded transaction wait until the history is complete. */
export function mergeActivity(
  transactions: readonly Transaction[],
  rewards: readonly StakingReward[],
  options: { complete: boolean },
): { items: ActivityItem[]; shownRewards: number; heldBack: number } {
  const txItems: ActivityItem[] = transactions.map((tx) => ({
    kind: 'tx',
    key: `tx:${tx.id}`,
    at: Date.parse(tx.timestamp),
    tx,
  }));
  const oldest = txItems.reduce((min, t) => Math.min(min, t.at), Infinity);
  const cutoff = options.complete || txItems.length === 0 ? -Infinity : oldest;
  const rewardItems: ActivityItem[] = rewards
    .map((reward, i): ActivityItem => ({
      kind: 'reward',
      key: `reward:${reward.walletAddress}:${reward.epoch}:${reward.type}:${reward.poolId ?? ''}:${i}`,
      at: Date.parse(reward.spendableAt),
      reward,
    }))
    .filter((r) => r.at >= cutoff);
  // Stable: at equal times a transaction stays before the reward (and each list keeps its own order).
  const items = [...txItems, ...rewardItems].sort((a, b) => b.at - a.at);
  return { items, shownRewards: rewardItems.length, heldBack: rewards.length - rewardItems.length };
}
