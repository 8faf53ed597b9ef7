/** Median and 95th percentile (seconds) of the sync jobs completed since a time, for `/metrics`. */
export interface SyncDurations {
  count: number;
  p50: number | null;
  p95: number | null;
}

/**
 * Where the metric reads them: the SQL queue backends from their `sync_jobs` table (the read
 * repository), BullMQ from its completed jobs in Redis (`durationsFromQueue`).
 */
export interface SyncDurationSource {
  syncDurations(since: Date): Promise<SyncDurations>;
}

/** The `q` quantile of ascending `sorted` values, interpolated like PostgreSQL's `percentile_cont`. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Sync durations from a queue that keeps its completed jobs (BullMQ). */
export function durationsFromQueue(
  queue: {
    completedDurations(since: Date, options: { types?: readonly string[] }): Promise<number[]>;
  },
  types: readonly string[],
): SyncDurationSource {
  return {
    async syncDurations(since) {
      const sorted = (await queue.completedDurations(since, { types })).sort((a, b) => a - b);
      return { count: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
    },
  };
}
