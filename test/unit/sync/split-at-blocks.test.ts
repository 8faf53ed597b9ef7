import { describe, expect, it } from 'vitest';
import { splitAtBlocks } from '../../../src/sync/wallet-sync.service.js';
import { mapWithConcurrency } from '../../../src/sync/map-with-concurrency.js';
import { SyncProgress, type SyncProgressState } from '../../../src/sync/sync-progress.js';

const ref = (h: number, i: number) => ({ txHash: `${h}-${i}`, blockHeight: h, txIndex: i, blockTime: h });

describe('splitAtBlocks', () => {
  it('never splits a block between batches', () => {
    const refs = [ref(1, 0), ref(1, 1), ref(2, 0), ref(2, 1), ref(2, 2), ref(3, 0), ref(4, 0)];
    const batches = splitAtBlocks(refs, 2);
    expect(batches.map((b) => b.map((r) => r.txHash))).toEqual([
      ['1-0', '1-1'],
      ['2-0', '2-1', '2-2'],
      ['3-0', '4-0'],
    ]);
    for (let i = 1; i < batches.length; i++) {
      expect(batches[i]![0]!.blockHeight).toBeGreaterThan(batches[i - 1]!.at(-1)!.blockHeight);
    }
    expect(batches.flat()).toEqual(refs);
  });

  it('empty input: no batches', () => {
    expect(splitAtBlocks([], 10)).toEqual([]);
  });
});

describe('mapWithConcurrency', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n * 3));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });

  it('rejects with the first error', async () => {
    await expect(
      mapWithConcurrency([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('boom');
        return n;
      }),
    ).rejects.toThrow('boom');
  });
});

describe('SyncProgress', () => {
  it('publishes on every phase change and as a heartbeat while running', async () => {
    const seen: SyncProgressState[] = [];
    const p = new SyncProgress((s) => seen.push(s), 20);
    p.start();
    p.set('fetching', 0, 10);
    p.advance(3);
    await new Promise((r) => setTimeout(r, 70));
    p.stop('done');
    expect(seen[0]).toEqual({ phase: 'checking', done: 0, total: 0 });
    expect(seen[1]).toEqual({ phase: 'fetching', done: 0, total: 10 });
    const beats = seen.filter((s) => s.phase === 'fetching' && s.done === 3);
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(seen.at(-1)).toEqual({ phase: 'done', done: 10, total: 10 });
  });
});
