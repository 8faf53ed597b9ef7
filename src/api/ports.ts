/**
 * What the API needs from the parts outside it, as narrow ports. The composition root
 * (createApiDeps) adapts the concrete queue and Blockfrost usage reader to these.
 */

/** One sync job as the API shows it. */
export interface SyncJobView {
  id: string;
  status: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export interface ApiJobQueue {
  /** Enqueues the sync of one wallet; a second request while one is live joins it (`joined: true`). */
  requestSync(input: { userId: string; walletId: string; walletAddress: string }): Promise<{
    jobId: string;
    joined: boolean;
  }>;
  /** Recent jobs of one of the user's wallets, newest first. */
  recentJobs(userId: string, walletAddress: string, limit: number): Promise<SyncJobView[]>;
  /** Jobs per state (waiting, active, failed, …) for /readyz and metrics; throws when the queue is down. */
  depth(): Promise<Record<string, number>>;
}

export interface BlockfrostUsage {
  requestsToday: number;
  remaining: number;
}

export interface UsageReader {
  getUsage(): Promise<BlockfrostUsage>;
}
