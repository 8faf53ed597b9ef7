import type { AddJobResult } from '../queue/job.js';
import type { JobQueue } from '../queue/job-queue.js';

/**
 * The job type of a wallet sync. The queue module (`JOB_TYPES.syncWallet`) and the API enqueue
 * `sync_wallet`; the worker also accepts the spelling `sync-wallet` from the original brief.
 */
export const SYNC_WALLET_JOB_TYPE = 'sync_wallet';
export const SYNC_WALLET_JOB_TYPES: readonly string[] = [SYNC_WALLET_JOB_TYPE, 'sync-wallet'];

/** The data of a sync job. `walletId` may be missing (periodic re-sync jobs name only the address). */
export interface SyncWalletJobData {
  [key: string]: unknown;
  walletId?: string;
  userId?: string;
  walletAddress?: string;
  reason?: string;
}

/**
 * Enqueues the sync of one wallet (for the API and the CLI). A second request while a sync of the same
 * wallet is pending or running joins that job (the queue's per-wallet dedup).
 */
export async function enqueueWalletSync(
  queue: Pick<JobQueue, 'add'>,
  wallet: { id: string; userId: string; address: string },
  options: { priority?: number; reason?: string } = {},
): Promise<AddJobResult<SyncWalletJobData>> {
  return queue.add<SyncWalletJobData>(
    SYNC_WALLET_JOB_TYPE,
    {
      walletId: wallet.id,
      userId: wallet.userId,
      walletAddress: wallet.address,
      reason: options.reason ?? 'manual',
    },
    { walletAddress: wallet.address, userId: wallet.userId, priority: options.priority ?? 10 },
  );
}
