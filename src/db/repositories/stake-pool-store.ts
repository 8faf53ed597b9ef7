import type { EpochRef } from '../../domain/staking/staking-types.js';
import type { PoolEpochResult, PoolMetadataInfo } from '../../sync/chain/stake-rewards-source.js';

export interface StoredPool {
  poolId: string;
  ticker: string | null;
  name: string | null;
  homepage: string | null;
  metadataError: string | null;
  /** The last epoch of the pool's stored history, null when none was read. */
  historyEpoch: number | null;
  historyCount: number;
}

/**
 * Stake pools and the chain's epoch (public chain data, shared by every user): metadata read once per
 * pool for the whole system, results per epoch read incrementally, the latest epoch cached.
 */
export interface StakePoolStore {
  pools(poolIds: readonly string[]): Promise<Map<string, StoredPool>>;
  saveMetadata(info: PoolMetadataInfo, at: Date): Promise<void>;
  /** Upserts results and records the last epoch read (one statement). */
  saveHistory(poolId: string, results: PoolEpochResult[], historyEpoch: number, at: Date): Promise<void>;
  history(poolIds: readonly string[]): Promise<Map<string, PoolEpochResult[]>>;
  latestEpoch(): Promise<{ epoch: EpochRef; fetchedAt: Date } | null>;
  saveEpoch(epoch: EpochRef, at: Date): Promise<void>;
  /** Marks every stored epoch as read long ago, so the next epoch check asks the chain again. */
  expireEpochs(): Promise<void>;
}
