import type { RewardType } from '../api/types.js';

export const REWARD_TYPE_LABEL: Record<RewardType, string> = {
  member: 'Member reward',
  leader: 'Leader reward',
  pool_deposit_refund: 'Pool deposit refund',
  mir: 'MIR (reserves or treasury)',
};

/** True when the API fell back to the pool id: the pool has no readable metadata. */
export function labelIsPoolId(pool: { poolId: string | null; poolLabel: string | null }): boolean {
  return pool.poolId !== null && (pool.poolLabel === null || pool.poolLabel === pool.poolId);
}

/**
 * A pool's name: the ticker (or name) from its metadata, else its full pool id (which the page shows
 * as it is, so a user can look the pool up); rewards without a pool (MIR) show "No pool".
 */
export function poolText(pool: { poolId: string | null; poolLabel: string | null }): string {
  if (!pool.poolId) return 'No pool';
  return pool.poolLabel ?? pool.poolId;
}
