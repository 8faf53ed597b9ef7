import type { RewardType, StakeEpochEntry, StakingRewardRecord } from '../../domain/staking/staking-types.js';

/** What is stored of a stake wallet's rewards, enough for the rewards stage to resume its listings. */
export interface StoredRewardsState {
  /** Source keys of the stored listed rewards (not MIRs). */
  rewardKeys: Set<string>;
  mirKeys: Set<string>;
  /** Stored stake history, by epoch. */
  history: Map<number, StakeEpochEntry>;
  /** The chain epoch of the last complete read (`wallets.rewards_epoch`), null before the first. */
  rewardsEpoch: number | null;
}

export interface RewardsWrite {
  /** Records to insert or update (by source key). */
  rewards: StakingRewardRecord[];
  /**
   * When set, the listing was read again in full: stored rewards of these kinds whose key is not in
   * `rewards` are deleted (they were rolled back or corrected on chain).
   */
  replace?: { listed: boolean; mirs: boolean };
  history: StakeEpochEntry[];
  replaceHistory: boolean;
  rewardsEpoch: number;
}

export interface RewardTotals {
  count: number;
  rewardsLovelace: bigint;
  mirLovelace: bigint;
  /** Σ withdrawals of the wallet's own transaction records. */
  withdrawnLovelace: bigint;
}

export interface StakingRewardRow extends StakingRewardRecord {
  walletAddress: string;
  poolTicker: string | null;
  poolName: string | null;
}

export interface RewardQuery {
  /** Only these wallets (default: all the user's). */
  walletAddresses?: string[];
  /** Spendable from (inclusive). */
  from?: Date;
  /** Spendable before (exclusive). */
  to?: Date;
  types?: RewardType[];
}

export interface StakeEpochRow extends StakeEpochEntry {
  walletAddress: string;
}

/**
 * A user's staking rewards and stake history (user data; every method scoped by `userId`). Writes of one
 * rewards read (its rewards, history and the epoch it read up to) are one database transaction, so a
 * worker killed mid-stage leaves the last complete read and the next run repeats the rest.
 */
export interface StakingRewardRepository {
  state(userId: string, walletAddress: string): Promise<StoredRewardsState>;
  write(userId: string, walletId: string, walletAddress: string, write: RewardsWrite): Promise<void>;
  totals(userId: string, walletAddress: string): Promise<RewardTotals>;
  /** Oldest first (spendable time, then epoch). */
  list(userId: string, query?: RewardQuery): Promise<StakingRewardRow[]>;
  stakeHistory(userId: string, walletAddresses?: string[]): Promise<StakeEpochRow[]>;
}
