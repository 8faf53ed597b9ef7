import type { RequestCounter } from '../../chain/request-counter.js';
import type {
  EpochRef,
  ListedMir,
  ListedReward,
  StakeEpochEntry,
} from '../../domain/staking/staking-types.js';

/** A page-resumed listing: the items from page `page` on (page size `pageSize`). */
export interface ResumedListing<T> {
  page: number;
  pageSize: number;
  items: T[];
}

export interface PoolMetadataInfo {
  poolId: string;
  ticker: string | null;
  name: string | null;
  homepage: string | null;
  /** Set when the pool registered no metadata or it could not be read (Blockfrost's `error`). */
  error: string | null;
}

export interface PoolEpochResult {
  epoch: number;
  activeStake: bigint;
  rewards: bigint;
  fees: bigint;
  blocks: number;
  delegators: number;
}

/**
 * The chain reads of the rewards stage (port): each method is one Blockfrost endpoint, listings read
 * from a given page on so a re-sync reads only the pages that can hold new entries.
 */
export interface StakeRewardsSource {
  withCounter(counter: RequestCounter): StakeRewardsSource;
  latestEpoch(signal?: AbortSignal): Promise<EpochRef>;
  rewards(
    stakeAddress: string,
    fromPage: number,
    signal?: AbortSignal,
  ): Promise<ResumedListing<ListedReward>>;
  history(
    stakeAddress: string,
    fromPage: number,
    signal?: AbortSignal,
  ): Promise<ResumedListing<StakeEpochEntry>>;
  mirs(stakeAddress: string, signal?: AbortSignal): Promise<ListedMir[]>;
  /** null when Blockfrost knows no such pool. */
  poolMetadata(poolId: string, signal?: AbortSignal): Promise<PoolMetadataInfo | null>;
  poolHistory(
    poolId: string,
    fromPage: number,
    signal?: AbortSignal,
  ): Promise<ResumedListing<PoolEpochResult>>;
}
