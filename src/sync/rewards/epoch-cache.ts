import type { StakePoolStore } from '../../db/repositories/stake-pool-store.js';
import type { EpochRef } from '../../domain/staking/staking-types.js';
import type { StakeRewardsSource } from '../chain/stake-rewards-source.js';

/**
 * The chain's current epoch for the whole system, so a stake wallet's rewards are read once per epoch
 * and not on every sync. `/epochs/latest` is read again when the cached epoch has ended since it was
 * read (real chain: right after the boundary) or after `ttlMs` (a chain whose clock is not wall time,
 * such as the simulator's, and a safety net), once per process at a time.
 */
export class EpochCache {
  private inflight: Promise<EpochRef> | null = null;

  constructor(
    private readonly store: Pick<StakePoolStore, 'latestEpoch' | 'saveEpoch'>,
    private readonly ttlMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async current(source: StakeRewardsSource, signal?: AbortSignal): Promise<EpochRef> {
    const cached = await this.store.latestEpoch();
    const now = this.clock().getTime();
    if (cached) {
      const readAt = cached.fetchedAt.getTime();
      const endedSinceRead = readAt < cached.epoch.endTime * 1000 && now >= cached.epoch.endTime * 1000;
      if (!endedSinceRead && now - readAt < this.ttlMs) return cached.epoch;
    }
    this.inflight ??= (async () => {
      try {
        const epoch = await source.latestEpoch(signal);
        await this.store.saveEpoch(epoch, this.clock());
        return epoch;
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }
}
