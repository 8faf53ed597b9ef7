import { describe, expect, it } from 'vitest';
import { durationsFromQueue, quantile } from '../../../src/api/sync-durations.js';

describe('sync durations for /metrics', () => {
  it('interpolates quantiles like PostgreSQL percentile_cont', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([4], 0.95)).toBe(4);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    // (n-1)·0.95 = 3.8 → 4 + 0.8·(5 − 4)
    expect(quantile([1, 2, 3, 4, 5], 0.95)).toBeCloseTo(4.8);
  });

  it('asks the queue for sync job types only and summarises what it returns', async () => {
    const asked: Array<readonly string[] | undefined> = [];
    const source = durationsFromQueue(
      {
        completedDurations: async (_since, o) => {
          asked.push(o.types);
          return [3, 1, 2];
        },
      },
      ['sync_wallet'],
    );
    expect(await source.syncDurations(new Date(0))).toEqual({ count: 3, p50: 2, p95: 2.9 });
    expect(asked).toEqual([['sync_wallet']]);
  });
});
