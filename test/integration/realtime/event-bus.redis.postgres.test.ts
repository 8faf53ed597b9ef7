import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBus, RealtimeEvent } from '../../../src/realtime/index.js';
import { PostgresEventBus, RedisEventBus } from '../../../src/realtime/index.js';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '../../support/test-database.js';
import { TEST_REDIS_URL } from '../../support/test-env.js';

function collect(bus: EventBus) {
  const seen: RealtimeEvent[] = [];
  const waiters: Array<() => void> = [];
  const ready = bus.subscribe((e) => {
    seen.push(e);
    waiters.splice(0).forEach((w) => w());
  });
  return {
    seen,
    ready,
    async waitFor(n: number, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (seen.length < n) {
        if (Date.now() > deadline) throw new Error(`only ${seen.length} of ${n} events arrived`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
    },
  };
}

// Two bus instances stand for two processes (a worker publishing, an API subscribing).
const backends: Array<[string, () => Promise<{ a: EventBus; b: EventBus; cleanup(): Promise<void> }>]> = [
  [
    'RedisEventBus',
    async () => {
      const prefix = testRedisPrefix('bus');
      const a = new RedisEventBus({ url: TEST_REDIS_URL, prefix });
      const b = new RedisEventBus({ url: TEST_REDIS_URL, prefix });
      return { a, b, cleanup: async () => {} };
    },
  ],
  [
    'PostgresEventBus',
    async () => {
      const db: TestDatabase = await createTestDatabase();
      const channel = `ev_${db.name}`;
      const a = new PostgresEventBus({ databaseUrl: db.url, channel });
      const b = new PostgresEventBus({ databaseUrl: db.url, channel });
      return { a, b, cleanup: () => db.drop() };
    },
  ],
];

describe.each(backends)('%s', (_name, make) => {
  let a: EventBus;
  let b: EventBus;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ a, b, cleanup } = await make());
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await cleanup();
  });

  it('delivers typed events published in one process to subscribers in another', async () => {
    const sink = collect(b);
    await sink.ready;
    await a.publish('user-1', 'sync_progress', {
      walletId: 'w1',
      walletAddress: 'addr1x',
      phase: 'fetch',
      done: 3,
      total: 10,
    });
    await a.publish('user-2', 'sync_failed', {
      walletId: 'w2',
      walletAddress: 'stake1y',
      reason: 'daily cap',
    });
    await sink.waitFor(2);
    expect(sink.seen.map((e) => [e.type, e.userId])).toEqual([
      ['sync_progress', 'user-1'],
      ['sync_failed', 'user-2'],
    ]);
    expect(sink.seen[0]!.payload).toEqual({
      walletId: 'w1',
      walletAddress: 'addr1x',
      phase: 'fetch',
      done: 3,
      total: 10,
    });
    expect(typeof sink.seen[0]!.publishedAt).toBe('number');
  });

  it('answers ping and stops delivering to a removed handler', async () => {
    await b.ping();
    const seen: string[] = [];
    const off = await b.subscribe((e) => seen.push(e.userId));
    await a.publish('u-x', 'wallet_updated', { walletId: 'w', walletAddress: 'addr1z' });
    const deadline = Date.now() + 3000;
    while (!seen.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['u-x']);
    off();
    await a.publish('u-y', 'wallet_updated', { walletId: 'w', walletAddress: 'addr1z' });
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual(['u-x']);
  });
});
