import type { ApiJobQueue, SyncJobView } from '../ports.js';

/** The job type the sync pipeline handles (queue module's JOB_TYPES.syncWallet). */
export const SYNC_WALLET_JOB = 'sync_wallet';

/** The part of the queue module's JobQueue port the API uses (kept structural: any backend fits). */
export interface JobQueueLike {
  add(
    type: string,
    data: Record<string, unknown>,
    options?: { walletAddress?: string; userId?: string; priority?: number },
  ): Promise<{ job: { id: string }; created: boolean }>;
  listByWallet(
    walletAddress: string,
    options?: { userId?: string; limit?: number },
  ): Promise<
    Array<{
      id: string;
      status: string;
      createdAt: Date;
      startedAt?: Date;
      finishedAt?: Date;
      error?: string;
    }>
  >;
  stats(): Promise<object>;
}

/**
 * Adapts the queue to the API port. A manual sync runs ahead of periodic resyncs (priority 10 vs −10);
 * the queue's per-wallet dedup makes a second request join the live job.
 */
export function jobQueueForApi(queue: JobQueueLike): ApiJobQueue {
  return {
    async requestSync({ userId, walletId, walletAddress }) {
      const { job, created } = await queue.add(
        SYNC_WALLET_JOB,
        { reason: 'manual', walletId },
        { walletAddress, userId, priority: 10 },
      );
      return { jobId: job.id, joined: !created };
    },
    async recentJobs(userId, walletAddress, limit): Promise<SyncJobView[]> {
      // userId is always passed: the queue filters by it, so another user's jobs never come back.
      const jobs = await queue.listByWallet(walletAddress, { userId, limit });
      return jobs.map((j) => ({
        id: j.id,
        status: j.status,
        createdAt: j.createdAt.toISOString(),
        startedAt: j.startedAt?.toISOString() ?? null,
        finishedAt: j.finishedAt?.toISOString() ?? null,
        error: j.error ?? null,
      }));
    },
    async depth() {
      const stats = await queue.stats();
      return Object.fromEntries(
        Object.entries(stats).filter((e): e is [string, number] => typeof e[1] === 'number'),
      );
    },
  };
}
