import { BlockfrostBannedError } from '../chain/errors/blockfrost-banned.error.js';
import { BlockfrostError } from '../chain/errors/blockfrost.error.js';
import { DailyBudgetExhaustedError } from '../chain/errors/daily-budget-exhausted.error.js';
import { isDatabaseUnreachable } from '../db/database-unreachable.js';
import type { WalletRepository } from '../db/repositories/wallet-repository.js';
import { InvalidAddressError } from '../domain/address/invalid-address.error.js';
import { DelayJobError } from '../queue/errors/delay-job.error.js';
import { UnrecoverableJobError } from '../queue/errors/unrecoverable-job.error.js';
import type { JobContext, JobHandler } from '../queue/job-consumer.js';
import type { EventPublisher } from '../realtime/event-publisher.js';
import type { SyncWalletJobData } from './sync-wallet-job.js';
import type { SyncLogger, WalletSyncReport, WalletSyncService } from './wallet-sync.service.js';
import { WalletNotFoundError } from './wallet-not-found.error.js';

export interface SyncWalletProcessorDeps {
  sync: Pick<WalletSyncService, 'sync'>;
  wallets: Pick<WalletRepository, 'getByAddress'>;
  events?: EventPublisher;
  logger?: SyncLogger & { error?(obj: object, msg?: string): void };
  /** Called after every successful sync (metrics, tests). */
  onSynced?: (report: WalletSyncReport) => void;
  /** How long a job waits when the database was unreachable (default 5 s). */
  databaseRetryDelayMs?: number;
}

export const DATABASE_RETRY_DELAY_MS = 5_000;

/**
 * The queue handler for sync jobs: resolves the wallet, runs the pipeline, and maps failures to the
 * queue's vocabulary — a spent daily budget (or a long ban) delays the job until it lifts without
 * consuming a retry, and so does an unreachable database (the job is not at fault and would only burn
 * its attempts during an outage); an unknown wallet fails at once; anything else is retried by the
 * queue. Every other failure is published as `sync_failed` with its reason.
 */
export function createSyncWalletHandler(deps: SyncWalletProcessorDeps): JobHandler {
  return async (ctx: JobContext) => {
    const data = ctx.job.data as SyncWalletJobData;
    const userId = data.userId ?? ctx.job.userId;
    const walletAddress = data.walletAddress ?? ctx.job.walletAddress;
    if (!userId) throw new UnrecoverableJobError('sync job without a userId');
    let walletId = data.walletId;
    if (!walletId) {
      if (!walletAddress)
        throw new UnrecoverableJobError('sync job names neither walletId nor walletAddress');
      const wallet = await deps.wallets.getByAddress(userId, walletAddress);
      if (!wallet) throw new UnrecoverableJobError(`wallet ${walletAddress} is not linked by this user`);
      walletId = wallet.id;
    }
    const publishFailure = (reason: string) =>
      deps.events
        ?.publish(userId, 'sync_failed', { walletId: walletId!, walletAddress: walletAddress ?? '', reason })
        .catch(() => undefined);
    try {
      const report = await deps.sync.sync(
        { userId, walletId },
        {
          signal: ctx.signal,
          onProgress: (p) => void ctx.reportProgress({ ...p }).catch(() => undefined),
        },
      );
      await ctx.reportProgress({
        phase: 'done',
        newTransactions: report.newTransactions,
        requests: report.requests.total,
        reconciliation: report.reconciliation?.status ?? null,
      });
      deps.logger?.info(
        {
          walletId,
          walletAddress: report.walletAddress,
          outcome: report.outcome,
          newTransactions: report.newTransactions,
          recordsWritten: report.recordsWritten,
          requests: report.requests,
          durationMs: report.durationMs,
        },
        'wallet synced',
      );
      deps.onSynced?.(report);
    } catch (error) {
      if (error instanceof DailyBudgetExhaustedError) {
        await deps.events
          ?.publish(userId, 'sync_progress', {
            walletId,
            walletAddress: walletAddress ?? '',
            phase: 'waiting_for_budget',
            done: 0,
            total: 0,
          })
          .catch(() => undefined);
        deps.logger?.warn({ walletId, resumeAt: error.resumeAt }, 'daily request budget spent; sync delayed');
        throw new DelayJobError(error.resumeAt, error.message, { cause: error });
      }
      if (error instanceof BlockfrostBannedError && error.resumeAt) {
        await publishFailure(`Blockfrost banned requests; retrying after ${error.resumeAt.toISOString()}`);
        throw new DelayJobError(error.resumeAt, error.message, { cause: error });
      }
      if (ctx.signal.aborted) throw error; // shutdown or cancel: the queue puts it back without a retry
      // Blockfrost's own socket errors are the chain client's to retry: only the database's count here.
      if (isDatabaseUnreachable(error, (e) => e instanceof BlockfrostError)) {
        const resumeAt = new Date(Date.now() + (deps.databaseRetryDelayMs ?? DATABASE_RETRY_DELAY_MS));
        deps.logger?.warn({ walletId, resumeAt, err: error }, 'database unreachable; sync delayed');
        throw new DelayJobError(resumeAt, `database unreachable; retrying at ${resumeAt.toISOString()}`, {
          cause: error,
        });
      }
      const reason = error instanceof Error ? error.message : String(error);
      await publishFailure(reason);
      if (error instanceof WalletNotFoundError || error instanceof InvalidAddressError) {
        throw new UnrecoverableJobError(reason, { cause: error });
      }
      throw error;
    }
  };
}
