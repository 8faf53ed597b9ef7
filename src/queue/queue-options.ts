/** Options every backend's queue understands. */
export interface QueueOptions {
  /** First retry delay; each further retry doubles it (exponential backoff). Default 1 000 ms. */
  retryBackoffMs?: number;
}

/** Options every backend's consumer understands. */
export interface ConsumerOptions {
  /**
   * How long a claimed job stays leased without a heartbeat. A consumer that dies loses its jobs to
   * others after at most this long. Default 30 000 ms; heartbeats run every third of it.
   */
  leaseMs?: number;
  /**
   * SQL backends: longest idle sleep between claims when no wake-up arrives. The Prisma backend is woken
   * by NOTIFY and uses it only as a safety net (default 5 000 ms); the Supabase backend polls (default 1 000 ms).
   */
  pollIntervalMs?: number;
  /** Name recorded as the job's holder (default `<host>:<pid>:<random>`). */
  workerId?: string;
  /**
   * BullMQ: how much longer than its grace period a stop may take (giving jobs back, closing the
   * worker) before the consumer stops waiting for Redis and disconnects; jobs it still held then return
   * when their lock expires. Its Redis commands would otherwise wait for an unreachable Redis forever.
   * Default 10 000 ms.
   */
  stopBoundMs?: number;
}

export const DEFAULT_RETRY_BACKOFF_MS = 1_000;
export const DEFAULT_LEASE_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 3;
