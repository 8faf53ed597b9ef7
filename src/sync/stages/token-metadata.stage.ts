import { DailyBudgetExhaustedError } from '../../chain/errors/daily-budget-exhausted.error.js';
import { mapWithConcurrency } from '../map-with-concurrency.js';
import type { TokenMetadataSource } from '../token-metadata-source.js';
import type { SyncLogger } from '../wallet-sync.types.js';
import type { SyncRun } from './sync-run.js';

/**
 * Token metadata: fetches and stores the metadata of the units not stored yet, one `/assets/{asset}` per
 * new unit for the whole system, counted in this job's requests. A failure never fails the sync: the
 * unit is left for the next one; a spent daily budget stops the fetching for this run. Units already
 * stored cost nothing, so an idle re-sync stays at its one request.
 */
export class TokenMetadataStage {
  constructor(
    private readonly source: TokenMetadataSource | undefined,
    private readonly options: { enabled: boolean; concurrency: number; logger?: SyncLogger },
  ) {}

  async run(run: SyncRun, units: ReadonlySet<string>): Promise<void> {
    const source = this.source;
    if (!source || !this.options.enabled || units.size === 0) return;
    let missing: string[];
    try {
      const known = await source.known([...units]);
      missing = [...units].filter((u) => u !== 'lovelace' && !known.has(u));
    } catch (error) {
      this.options.logger?.warn({ err: error, walletId: run.wallet.id }, 'token metadata lookup failed');
      return;
    }
    if (missing.length === 0) return;
    let budgetSpent = false;
    const failed: Array<{ unit: string; error: string }> = [];
    await mapWithConcurrency(missing, this.options.concurrency, async (unit) => {
      if (budgetSpent || run.signal?.aborted) {
        failed.push({ unit, error: budgetSpent ? 'daily budget spent' : 'aborted' });
        return;
      }
      try {
        await source.ensure(unit, run.counter);
        run.tokenStats.fetched++;
      } catch (error) {
        if (error instanceof DailyBudgetExhaustedError) budgetSpent = true;
        failed.push({ unit, error: error instanceof Error ? error.message : String(error) });
      }
    });
    run.tokenStats.failed = failed.length;
    if (failed.length > 0) {
      this.options.logger?.warn(
        {
          walletId: run.wallet.id,
          walletAddress: run.wallet.address,
          failedUnits: failed.length,
          fetchedUnits: run.tokenStats.fetched,
          first: failed[0],
        },
        'token metadata not fetched for some units; left for the next sync',
      );
    }
  }
}
