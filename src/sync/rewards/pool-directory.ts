import { DailyBudgetExhaustedError } from '../../chain/errors/daily-budget-exhausted.error.js';
import type { StakePoolStore } from '../../db/repositories/stake-pool-store.js';
import { resumePoint } from '../../domain/staking/listing-resume.js';
import type { StakeRewardsSource } from '../chain/stake-rewards-source.js';

export interface PoolDirectoryResult {
  metadataRead: number;
  historyRead: number;
  failed: number;
}

/** Pool results are re-read from a few epochs back: the latest ones fill in after the epoch ends. */
const HISTORY_REREAD_EPOCHS = 3;

/**
 * Pool names, tickers and results per epoch, read once per pool (metadata) and once per pool per epoch
 * (results) for the whole system. A failure never fails the sync: the pool shows its id until a later
 * sync reads it; a spent daily budget stops the reading for this run.
 */
export class PoolDirectory {
  private readonly inflight = new Map<string, Promise<void>>();

  constructor(
    private readonly store: StakePoolStore,
    private readonly clock: () => Date = () => new Date(),
    private readonly logger?: { warn(obj: object, msg?: string): void },
  ) {}

  async ensure(
    source: StakeRewardsSource,
    poolIds: Iterable<string>,
    currentEpoch: number,
    signal?: AbortSignal,
  ): Promise<PoolDirectoryResult> {
    const ids = [...new Set(poolIds)];
    const result: PoolDirectoryResult = { metadataRead: 0, historyRead: 0, failed: 0 };
    if (ids.length === 0) return result;
    const stored = await this.store.pools(ids);
    for (const [i, poolId] of ids.entries()) {
      const pool = stored.get(poolId);
      try {
        if (!pool || pool.metadataError === 'not read yet') {
          await this.once(`m:${poolId}`, async () => {
            const info = await source.poolMetadata(poolId, signal);
            await this.store.saveMetadata(
              info ?? { poolId, ticker: null, name: null, homepage: null, error: 'pool not found' },
              this.clock(),
            );
          });
          result.metadataRead++;
        }
        if (!pool || pool.historyEpoch === null || pool.historyEpoch < currentEpoch) {
          await this.once(`h:${poolId}`, async () => {
            const from = resumePoint(Math.max(0, (pool?.historyCount ?? 0) - HISTORY_REREAD_EPOCHS), 100);
            const listing = await source.poolHistory(poolId, from.page, signal);
            await this.store.saveHistory(poolId, listing.items, currentEpoch, this.clock());
          });
          result.historyRead++;
        }
      } catch (error) {
        if (error instanceof DailyBudgetExhaustedError) {
          result.failed += ids.length - i;
          break;
        }
        result.failed++;
        this.logger?.warn({ err: error, poolId }, 'pool metadata or history not read; left for a later sync');
      }
    }
    return result;
  }

  /** Concurrent jobs of this process needing the same pool share one read. */
  private once(key: string, fn: () => Promise<void>): Promise<void> {
    let p = this.inflight.get(key);
    if (!p) {
      p = fn().finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }
}
