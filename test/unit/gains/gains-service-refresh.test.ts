import { describe, expect, it } from 'vitest';
import type { CostBasisRecordRow } from '../../../src/db/repositories/cost-basis-records.js';
import { DEFAULT_COST_BASIS_SETTINGS } from '../../../src/domain/cost-basis/index.js';
import { GainsService } from '../../../src/gains/gains-service.js';
import { PriceBookLoader } from '../../../src/portfolio/price-book-loader.js';

const USER = 'user-1';
const FIFO = { ...DEFAULT_COST_BASIS_SETTINGS, currency: 'USD' };
const LIFO = { ...FIFO, method: 'lifo' as const };

/** A receive of `ada` ADA into wallet `a`, one a day. */
function receive(i: number, ada = 5n): CostBasisRecordRow {
  return {
    walletAddress: 'a',
    txHash: `t${i}`,
    blockHeight: i,
    blockTime: 1_700_000_000 + i * 86_400,
    txIndex: 0,
    action: 'receive',
    protocol: null,
    description: null,
    netLovelace: ada * 1_000_000n,
    fee: 0n,
    deposit: 0n,
    withdrawal: 0n,
    failed: false,
    flows: new Map([['lovelace', ada * 1_000_000n]]),
  };
}

/** A user's stored history in memory; `hold()` makes the next reads of the records wait. */
function history(count: number) {
  const rows = Array.from({ length: count }, (_, i) => receive(i));
  let gate: Promise<void> | null = null;
  const state = {
    rows,
    reads: 0,
    hold() {
      let release = () => {};
      gate = new Promise<void>((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
  };
  const service = new GainsService(
    {
      records: {
        version: async () => String(state.rows.length),
        records: async () => {
          state.reads++;
          const snapshot = [...state.rows];
          if (gate) await gate;
          return snapshot;
        },
      },
      rewards: { list: async () => [] },
      tokens: { tokens: async () => new Map() },
      books: new PriceBookLoader({
        prices: { daily: async () => [], latest: async () => [] },
        now: () => new Date(),
      }),
      wallets: { list: async () => [{ address: 'a' }] },
    },
    { checkpointEvery: 4 },
  );
  return { state, service };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

/** A held fifo result, a sync adding a row, and a refresh started whose read of the records waits. */
async function refreshHeldAfterSync() {
  const { state, service } = history(20);
  await service.compute(USER, FIFO);
  state.rows.push(receive(20));
  const release = state.hold();
  const refreshing = service.refreshCached(USER);
  await tick();
  return { state, service, release, refreshing };
}

describe('GainsService: refreshing what it holds after a sync', () => {
  it('a user with nothing held: no computation at all', async () => {
    const { state, service } = history(10);
    expect(await service.refreshCached(USER)).toEqual([]);
    expect(state.reads).toBe(0);
    expect(service.cachedSettings(USER)).toEqual([]);
  });

  it('brings every held settings of the user up to date, incrementally; the next request is cached', async () => {
    const { state, service } = history(20);
    expect((await service.compute(USER, FIFO)).mode).toBe('full');
    expect((await service.compute(USER, LIFO)).mode).toBe('full');
    expect(service.cachedSettings(USER).map((s) => s.method)).toEqual(['fifo', 'lifo']);
    state.rows.push(receive(20), receive(21));
    const refreshed = await service.refreshCached(USER);
    expect(refreshed.map((r) => [r.settings.method, r.mode, r.events])).toEqual([
      ['fifo', 'incremental', 22],
      ['lifo', 'incremental', 22],
    ]);
    expect(refreshed.every((r) => r.resumedAt >= 16 && r.durationMs >= 0)).toBe(true);
    const reads = state.reads;
    const next = await service.compute(USER, FIFO);
    expect(next.mode).toBe('cached');
    expect(next.events).toHaveLength(22);
    expect(state.reads).toBe(reads);
    // Nothing changed since: a second refresh has nothing to do.
    expect((await service.refreshCached(USER)).map((r) => r.mode)).toEqual(['cached', 'cached']);
  });

  it('a request during a refresh shares it instead of computing again', async () => {
    const { state, service, release, refreshing } = await refreshHeldAfterSync();
    expect(state.reads).toBe(2);
    const request = service.compute(USER, FIFO);
    await tick();
    release();
    const [refreshed, answered] = await Promise.all([refreshing, request]);
    expect(state.reads).toBe(2);
    expect(refreshed[0]!.mode).toBe('incremental');
    expect(answered.mode).toBe('incremental');
    expect(answered.events).toHaveLength(21);
  });

  it('a request sharing a refresh that read an older history computes once more, with the newer rows', async () => {
    const { state, service, release, refreshing } = await refreshHeldAfterSync();
    // Another sync stores a row after the refresh read the records, before the request.
    state.rows.push(receive(21));
    const request = service.compute(USER, FIFO);
    await tick();
    release();
    expect((await refreshing)[0]!.events).toBe(21);
    const answered = await request;
    expect(answered.events).toHaveLength(22);
    expect(state.reads).toBe(3);
  });

  it('invalidated while refreshing: the run does not put the result back', async () => {
    const { service, release, refreshing } = await refreshHeldAfterSync();
    service.invalidate(USER);
    release();
    await refreshing;
    expect(service.cachedSettings(USER)).toEqual([]);
    expect((await service.compute(USER, FIFO)).mode).toBe('full');
  });
});
