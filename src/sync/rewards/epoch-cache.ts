import { BlockfrostNotFoundError } from '../../chain/errors/blockfrost-not-found.error.js';
import type { StakePoolStore } from '../../db/repositories/stake-pool-store.js';
import type { EpochRef } from '../../domain/staking/staking-types.js';
import type { StakeRewardsSource } from '../chain/stake-rewards-source.js';

/**
 * The chain's current epoch for the whole system, so a stake wallet's rewards are read once per epoch
 * and not on every sync. `/epochs/latest` is read again when the cached epoch has ended since it was
 * read (real chain: right after the boundary) or after `ttlMs` (a chain whose clock is not wall time,
 * such as the simulator's, and a safety net), once per process at a time. A chain that answers no
 * epochs (404: a recorded chain) gives null, remembered in this process for `ttlMs` so idle re-syncs
 * do not ask again.
 */
export class EpochCache {
  private inflight: Promise<EpochRef | null> | null = null;
  private noEpochsUntil = 0;

  constructor(
    private readonly store: Pick<StakePoolStore, 'latestEpoch' | 'saveEpoch' | 'expireEpochs'>,
    private readonly ttlMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Forgets the cached epoch for every process (a rollback was found: it may have undone an epoch
   * boundary, and the rewards it paid). The next check reads `/epochs/latest` again.
   */
  async expire(): Promise<void> {
    this.noEpochsUntil = 0;
    await this.store.expireEpochs();
  }

  async current(source: StakeRewardsSource, signal?: AbortSignal): Promise<EpochRef | null> {
    const now = this.clock().getTime();
    if (now < this.noEpochsUntil) return null;
    const cached = await this.store.latestEpoch();
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
      } catch (error) {
        if (!(error instanceof BlockfrostNotFoundError)) throw error;
        this.noEpochsUntil = this.clock().getTime() + this.ttlMs;
        return null;
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }
}
