/** Blockfrost's reward types, plus `mir` for an instantaneous reward (reserves or treasury payment). */
export type RewardType = 'member' | 'leader' | 'pool_deposit_refund' | 'mir';

/** One entry of `/accounts/{stake}/rewards`: earned in `epoch`, credited at the start of `epoch + 2`. */
export interface ListedReward {
  epoch: number;
  amount: bigint;
  poolId: string;
  type: Exclude<RewardType, 'mir'>;
}

/** One entry of `/accounts/{stake}/mirs`. */
export interface ListedMir {
  txHash: string;
  amount: bigint;
  blockHeight: number;
  /** Unix seconds. */
  blockTime: number;
}

/** One entry of `/accounts/{stake}/history`: the account's stake and pool in `activeEpoch`. */
export interface StakeEpochEntry {
  activeEpoch: number;
  activeStake: bigint;
  poolId: string;
}

/** An epoch as `/epochs/latest` reports it (unix seconds). */
export interface EpochRef {
  epoch: number;
  startTime: number;
  endTime: number;
}

/** A reward as stored for a wallet: listed reward or MIR, with when it became withdrawable. */
export interface StakingRewardRecord {
  sourceKey: string;
  epoch: number;
  spendableEpoch: number;
  spendableAt: Date;
  type: RewardType;
  poolId: string | null;
  amount: bigint;
  activeStake: bigint | null;
  txHash: string | null;
}
