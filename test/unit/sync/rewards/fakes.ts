import { RequestCounter } from '../../../../src/chain/request-counter.js';
import type {
  RewardsWrite,
  RewardTotals,
  StakingRewardRepository,
  StoredRewardsState,
  StakingRewardRow,
} from '../../../../src/db/repositories/staking-reward-repository.js';
import type { StakePoolStore, StoredPool } from '../../../../src/db/repositories/stake-pool-store.js';
import type {
  EpochRef,
  ListedMir,
  ListedReward,
  StakeEpochEntry,
  StakingRewardRecord,
} from '../../../../src/domain/staking/staking-types.js';
import type {
  PoolEpochResult,
  PoolMetadataInfo,
  ResumedListing,
  StakeRewardsSource,
} from '../../../../src/sync/chain/stake-rewards-source.js';

const PAGE = 100;

/** An in-memory chain for the rewards stage: listings paged like Blockfrost, every read counted. */
export class FakeRewardsChain implements StakeRewardsSource {
  epoch: EpochRef = { epoch: 500, startTime: 1_722_000_000, endTime: 1_722_432_000 };
  rewardList: ListedReward[] = [];
  historyList: StakeEpochEntry[] = [];
  mirList: ListedMir[] = [];
  pools = new Map<string, PoolMetadataInfo | null>();
  poolResults = new Map<string, PoolEpochResult[]>();
  counter: RequestCounter | null = null;
  calls: string[] = [];

  /** One counter at a time is enough here: the tests run one stage at a time. */
  withCounter(counter: RequestCounter): StakeRewardsSource {
    this.counter = counter;
    return this;
  }

  private count(endpoint: string, n = 1): void {
    for (let i = 0; i < n; i++) {
      this.calls.push(endpoint);
      this.counter?.increment(endpoint);
    }
  }

  private paged<T>(endpoint: string, all: T[], fromPage: number): ResumedListing<T> {
    // Pages from `fromPage` until the first short one, one request each.
    let page = fromPage;
    const items: T[] = [];
    for (;;) {
      const slice = all.slice((page - 1) * PAGE, page * PAGE);
      this.count(endpoint);
      items.push(...slice);
      if (slice.length < PAGE) break;
      page++;
    }
    return { page: fromPage, pageSize: PAGE, items };
  }

  async latestEpoch(): Promise<EpochRef> {
    this.count('/epochs/latest');
    return this.epoch;
  }
  async rewards(_s: string, fromPage: number) {
    return this.paged('/accounts/{stake_address}/rewards', this.rewardList, fromPage);
  }
  async history(_s: string, fromPage: number) {
    return this.paged('/accounts/{stake_address}/history', this.historyList, fromPage);
  }
  async mirs() {
    this.count('/accounts/{stake_address}/mirs');
    return this.mirList;
  }
  async poolMetadata(poolId: string) {
    this.count('/pools/{pool_id}/metadata');
    return this.pools.get(poolId) ?? null;
  }
  async poolHistory(poolId: string, fromPage: number) {
    return this.paged('/pools/{pool_id}/history', this.poolResults.get(poolId) ?? [], fromPage);
  }
}

/** The rewards repository in memory (one user, one wallet is enough for the stage's logic). */
export class MemoryRewardStore implements StakingRewardRepository {
  rows = new Map<string, StakingRewardRecord>();
  history = new Map<number, StakeEpochEntry>();
  rewardsEpoch: number | null = null;
  withdrawn = 0n;
  writes = 0;

  async state(): Promise<StoredRewardsState> {
    const s: StoredRewardsState = {
      rewardKeys: new Set(),
      mirKeys: new Set(),
      history: new Map(this.history),
      rewardsEpoch: this.rewardsEpoch,
    };
    for (const r of this.rows.values()) (r.type === 'mir' ? s.mirKeys : s.rewardKeys).add(r.sourceKey);
    return s;
  }
  async write(_u: string, _w: string, _a: string, w: RewardsWrite): Promise<void> {
    this.writes++;
    const keys = new Set(w.rewards.map((r) => r.sourceKey));
    for (const [k, r] of this.rows) {
      const replace = r.type === 'mir' ? w.replace?.mirs : w.replace?.listed;
      if (replace && !keys.has(k)) this.rows.delete(k);
    }
    for (const r of w.rewards) this.rows.set(r.sourceKey, r);
    if (w.replaceHistory) this.history.clear();
    for (const h of w.history) this.history.set(h.activeEpoch, h);
    this.rewardsEpoch = w.rewardsEpoch;
  }
  async totals(): Promise<RewardTotals> {
    let rewards = 0n;
    let mirs = 0n;
    for (const r of this.rows.values()) {
      if (r.type === 'mir') mirs += r.amount;
      else rewards += r.amount;
    }
    return {
      count: this.rows.size,
      rewardsLovelace: rewards,
      mirLovelace: mirs,
      withdrawnLovelace: this.withdrawn,
    };
  }
  async list(): Promise<StakingRewardRow[]> {
    return [...this.rows.values()].map((r) => ({
      ...r,
      walletAddress: 'stake1x',
      poolTicker: null,
      poolName: null,
    }));
  }
  async stakeHistory() {
    return [...this.history.values()].map((h) => ({ ...h, walletAddress: 'stake1x' }));
  }
}

export class MemoryPoolStore implements StakePoolStore {
  meta = new Map<string, StoredPool>();
  results = new Map<string, PoolEpochResult[]>();
  epoch: { epoch: EpochRef; fetchedAt: Date } | null = null;

  async expireEpochs() {
    if (this.epoch) this.epoch = { ...this.epoch, fetchedAt: new Date(0) };
  }

  async pools(ids: readonly string[]) {
    return new Map(ids.filter((id) => this.meta.has(id)).map((id) => [id, this.meta.get(id)!]));
  }
  async saveMetadata(info: PoolMetadataInfo) {
    const old = this.meta.get(info.poolId);
    this.meta.set(info.poolId, {
      poolId: info.poolId,
      ticker: info.ticker,
      name: info.name,
      homepage: info.homepage,
      metadataError: info.error,
      historyEpoch: old?.historyEpoch ?? null,
      historyCount: old?.historyCount ?? 0,
    });
  }
  async saveHistory(poolId: string, results: PoolEpochResult[], historyEpoch: number) {
    const byEpoch = new Map((this.results.get(poolId) ?? []).map((r) => [r.epoch, r]));
    for (const r of results) byEpoch.set(r.epoch, r);
    this.results.set(poolId, [...byEpoch.values()]);
    const old = this.meta.get(poolId);
    this.meta.set(poolId, {
      poolId,
      ticker: old?.ticker ?? null,
      name: old?.name ?? null,
      homepage: old?.homepage ?? null,
      metadataError: old ? old.metadataError : 'not read yet',
      historyEpoch,
      historyCount: byEpoch.size,
    });
  }
  async history(ids: readonly string[]) {
    return new Map(ids.filter((id) => this.results.has(id)).map((id) => [id, this.results.get(id)!]));
  }
  async latestEpoch() {
    return this.epoch;
  }
  async saveEpoch(epoch: EpochRef, at: Date) {
    this.epoch = { epoch, fetchedAt: at };
  }
}
