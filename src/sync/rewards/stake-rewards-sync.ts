import type { RequestCounter } from '../../chain/request-counter.js';
import type {
  StakingRewardRepository,
  StoredRewardsState,
} from '../../db/repositories/staking-reward-repository.js';
import { newItemsAfterOverlap, resumePoint } from '../../domain/staking/listing-resume.js';
import { checkRewardsLedger, type RewardsLedgerResult } from '../../domain/staking/rewards-ledger.js';
import { rewardKey, toRewardRecords } from '../../domain/staking/reward-records.js';
import type { EpochRef, ListedReward, StakeEpochEntry } from '../../domain/staking/staking-types.js';
import type { ListingMemo } from './listing-memo.js';
import type { StakeRewardsSource } from '../chain/stake-rewards-source.js';
import type { EpochCache } from './epoch-cache.js';
import type { PoolDirectory, PoolDirectoryResult } from './pool-directory.js';

export interface RewardsTarget {
  userId: string;
  walletId: string;
  stakeAddress: string;
  counter: RequestCounter;
  signal?: AbortSignal;
}

export interface RewardsReadResult {
  /** false: this epoch's rewards were already read (no request made), or the chain has no epochs. */
  read: boolean;
  /** The chain answers no `/epochs/latest` (a recorded chain without epochs): rewards are unknown. */
  unavailable: boolean;
  epoch: number | null;
  /** Rewards (and MIRs) stored by this read that were not stored before. */
  newRewards: number;
  /** Listings read again from their first page (first read, a changed listing, or a repair). */
  fullRead: boolean;
  pools: PoolDirectoryResult;
}

/** The rewards ledger as the reconciliation stores it: the check, the epoch it was made in, whether a full re-read preceded it. */
export interface StoredRewardsLedger extends RewardsLedgerResult {
  epoch: number;
  repaired: boolean;
}

export interface RewardsSummary {
  count: number;
  totalLovelace: bigint;
  withdrawnLovelace: bigint;
  withdrawableLovelace: bigint | null;
  ledger: RewardsLedgerResult | null;
}

const NONE: PoolDirectoryResult = { metadataRead: 0, historyRead: 0, failed: 0 };

const historyKey = (h: StakeEpochEntry) => String(h.activeEpoch);

/**
 * The rewards stage's work for one stake wallet: reads `/accounts/{s}/rewards` and `/history` from the
 * page that can hold new entries (once per epoch: rewards arrive at epoch boundaries), `/mirs` on the
 * first read and on a repair, and stores them with one atomic write. Then checks the rewards ledger
 * (Σ rewards + Σ MIR − Σ withdrawals = withdrawable) and, on a gap, reads everything again once (a
 * rolled-back epoch boundary, a corrected listing) before reporting a mismatch.
 */
export class StakeRewardsSync {
  constructor(
    private readonly deps: {
      source: StakeRewardsSource;
      store: StakingRewardRepository;
      epochs: EpochCache;
      pools: PoolDirectory;
      /** Shares listings between users of the same stake account in this process (none: every read asks). */
      listings?: ListingMemo;
    },
  ) {}

  /**
   * `knownEpoch`: the epoch of the wallet's last complete read as the caller already has it (the wallet
   * row), sparing the stored-state read on the common path where this epoch was read already.
   */
  async read(
    target: RewardsTarget,
    options: { full?: boolean; knownEpoch?: number | null } = {},
  ): Promise<RewardsReadResult> {
    const source = this.deps.source.withCounter(target.counter);
    const clock = await this.currentEpoch(source, target.signal);
    if (!clock)
      return { read: false, unavailable: true, epoch: null, newRewards: 0, fullRead: false, pools: NONE };
    const unread: RewardsReadResult = {
      read: false,
      unavailable: false,
      epoch: clock.epoch,
      newRewards: 0,
      fullRead: false,
      pools: NONE,
    };
    if (!options.full && options.knownEpoch === clock.epoch) return unread;
    const state = await this.deps.store.state(target.userId, target.stakeAddress);
    if (!options.full && state.rewardsEpoch === clock.epoch) return unread;
    const first = options.full === true || state.rewardsEpoch === null;
    if (options.full) this.deps.listings?.forget(target.stakeAddress);
    const memo = <T>(key: string, read: () => Promise<T>): Promise<T> =>
      this.deps.listings
        ? this.deps.listings.get(target.stakeAddress, `${clock.epoch}:${key}`, read)
        : read();
    const shared: StakeRewardsSource = {
      withCounter: (c) => source.withCounter(c),
      latestEpoch: (signal) => source.latestEpoch(signal),
      poolMetadata: (id, signal) => source.poolMetadata(id, signal),
      poolHistory: (id, page, signal) => source.poolHistory(id, page, signal),
      rewards: (stake, page, signal) => memo(`rewards:${page}`, () => source.rewards(stake, page, signal)),
      history: (stake, page, signal) => memo(`history:${page}`, () => source.history(stake, page, signal)),
      mirs: (stake, signal) => memo('mirs', () => source.mirs(stake, signal)),
    };
    const [rewards, history, mirs] = await Promise.all([
      this.readRewards(shared, target, state, first),
      this.readHistory(shared, target, state, first),
      first ? shared.mirs(target.stakeAddress, target.signal) : Promise.resolve(null),
    ]);
    const stakeByEpoch = new Map(state.history);
    if (history.replace) stakeByEpoch.clear();
    for (const h of history.items) stakeByEpoch.set(h.activeEpoch, h);
    const records = toRewardRecords(rewards.items, mirs ?? [], stakeByEpoch, clock);
    await this.deps.store.write(target.userId, target.walletId, target.stakeAddress, {
      rewards: records,
      replace: { listed: rewards.replace, mirs: mirs !== null },
      history: history.items,
      replaceHistory: history.replace,
      rewardsEpoch: clock.epoch,
    });
    const known = new Set([...state.rewardKeys, ...state.mirKeys]);
    const pools = new Set<string>();
    for (const r of rewards.items) pools.add(r.poolId);
    for (const h of history.items) pools.add(h.poolId);
    const poolResult = await this.deps.pools.ensure(source, pools, clock.epoch, target.signal);
    return {
      read: true,
      unavailable: false,
      epoch: clock.epoch,
      newRewards: records.filter((r) => !known.has(r.sourceKey)).length,
      fullRead: first || rewards.replace || history.replace,
      pools: poolResult,
    };
  }

  /**
   * The rewards ledger against the chain's withdrawable amount. On a gap the listings are read again in
   * full (counted in `target.counter`) and the check repeated, unless `previous` shows the same gap was
   * already found in this epoch (a gap the chain's own listings cannot close is not re-read on every
   * reconciliation). null when the chain has no epochs.
   */
  async checkLedger(
    target: RewardsTarget,
    withdrawableLovelace: bigint,
    previous?: StoredRewardsLedger | null,
  ): Promise<StoredRewardsLedger | null> {
    const source = this.deps.source.withCounter(target.counter);
    const epoch = await this.currentEpoch(source, target.signal);
    if (!epoch) return null;
    let ledger = await this.ledger(target, withdrawableLovelace, epoch.epoch);
    let repaired = false;
    const known =
      previous?.status === 'mismatch' &&
      previous.epoch === epoch.epoch &&
      previous.differenceLovelace === ledger.differenceLovelace;
    if (ledger.status === 'mismatch' && !known) {
      await this.read(target, { full: true });
      ledger = await this.ledger(target, withdrawableLovelace, epoch.epoch);
      repaired = true;
    }
    return { ...ledger, epoch: epoch.epoch, repaired };
  }

  /**
   * A rollback was found (by any wallet's sync): the epoch and the listings read before it may be
   * undone. The next read of every stake wallet asks the chain's epoch again; one whose rewards were
   * read in another epoch than the chain's now resumes its listing and, where the listing no longer
   * matches what is stored, reads and replaces it.
   */
  async chainRolledBack(): Promise<void> {
    this.deps.listings?.clear();
    await this.deps.epochs.expire();
  }

  private currentEpoch(source: StakeRewardsSource, signal?: AbortSignal): Promise<EpochRef | null> {
    return this.deps.epochs.current(source, signal);
  }

  async summary(
    userId: string,
    stakeAddress: string,
  ): Promise<Omit<RewardsSummary, 'withdrawableLovelace' | 'ledger'>> {
    const totals = await this.deps.store.totals(userId, stakeAddress);
    return {
      count: totals.count,
      totalLovelace: totals.rewardsLovelace + totals.mirLovelace,
      withdrawnLovelace: totals.withdrawnLovelace,
    };
  }

  private async ledger(target: RewardsTarget, withdrawable: bigint, currentEpoch: number) {
    const [totals, stored] = await Promise.all([
      this.deps.store.totals(target.userId, target.stakeAddress),
      this.deps.store.state(target.userId, target.stakeAddress),
    ]);
    const rewardEpochs = new Set<number>();
    for (const k of stored.rewardKeys) rewardEpochs.add(Number(k.split(':')[1]));
    return checkRewardsLedger({
      rewardsLovelace: totals.rewardsLovelace,
      mirLovelace: totals.mirLovelace,
      withdrawnLovelace: totals.withdrawnLovelace,
      withdrawableLovelace: withdrawable,
      rewardEpochs,
      history: [...stored.history.values()],
      currentEpoch,
    });
  }

  private async readRewards(
    source: StakeRewardsSource,
    target: RewardsTarget,
    state: StoredRewardsState,
    full: boolean,
  ): Promise<{ items: ListedReward[]; replace: boolean }> {
    return this.resume(full, state.rewardKeys, rewardKey, (page) =>
      source.rewards(target.stakeAddress, page, target.signal),
    );
  }

  private async readHistory(
    source: StakeRewardsSource,
    target: RewardsTarget,
    state: StoredRewardsState,
    full: boolean,
  ): Promise<{ items: StakeEpochEntry[]; replace: boolean }> {
    const keys = new Set([...state.history.values()].map(historyKey));
    return this.resume(full, keys, historyKey, (page) =>
      source.history(target.stakeAddress, page, target.signal),
    );
  }

  /**
   * Reads a listing from the page holding its first new entry; when the already-stored part of that
   * page no longer matches (the listing changed), reads it all again and replaces what is stored.
   */
  private async resume<T>(
    full: boolean,
    storedKeys: ReadonlySet<string>,
    keyOf: (item: T) => string,
    readFrom: (page: number) => Promise<{ items: T[]; pageSize: number }>,
  ): Promise<{ items: T[]; replace: boolean }> {
    if (!full && storedKeys.size > 0) {
      const at = resumePoint(storedKeys.size, 100);
      const listing = await readFrom(at.page);
      const fresh = newItemsAfterOverlap(listing.items, at.overlap, storedKeys, keyOf);
      if (fresh) return { items: fresh, replace: false };
    }
    const all = await readFrom(1);
    return { items: all.items, replace: true };
  }
}
