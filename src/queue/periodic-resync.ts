import type { Job } from './job.js';
import type { JobQueue } from './job-queue.js';

/** Job types the queue module names (the sync pipeline handles `sync_wallet`). */
export const JOB_TYPES = {
  syncWallet: 'sync_wallet',
  resyncAll: 'resync_all',
} as const;

export const RESYNC_SCHEDULE_ID = 'resync-all-wallets';

/**
 * Schedules the periodic re-sync (RESYNC_INTERVAL_MINUTES): a recurring `resync_all` job whose handler
 * (createResyncAllHandler) enqueues one `sync_wallet` job per tracked wallet. Idempotent: calling it
 * again (every worker start) updates the one schedule.
 */
export async function scheduleWalletResync(
  queue: JobQueue,
  options: { intervalMinutes: number; runNow?: boolean },
): Promise<void> {
  await queue.scheduleRecurring(RESYNC_SCHEDULE_ID, {
    everyMs: options.intervalMinutes * 60_000,
    type: JOB_TYPES.resyncAll,
    priority: -10,
    runNow: options.runNow,
  });
}

export interface TrackedWallet {
  userId: string;
  address: string;
}

/**
 * The `resync_all` job: one low-priority `sync_wallet` job per wallet. A wallet whose sync is already
 * pending or running joins that job (one live job per wallet), so a slow sync is never doubled.
 */
export function createResyncAllHandler(deps: {
  queue: JobQueue;
  listWallets: () => Promise<TrackedWallet[]>;
  syncJobType?: string;
  priority?: number;
}): (job: Job) => Promise<{ enqueued: number; joined: number }> {
  return async () => {
    let enqueued = 0;
    let joined = 0;
    for (const w of await deps.listWallets()) {
      const { created } = await deps.queue.add(
        deps.syncJobType ?? JOB_TYPES.syncWallet,
        { reason: 'periodic', walletAddress: w.address, userId: w.userId },
        { walletAddress: w.address, userId: w.userId, priority: deps.priority ?? -10 },
      );
      if (created) enqueued++;
      else joined++;
    }
    return { enqueued, joined };
  };
}
