import { describe, expect, it } from 'vitest';
import type { BlockfrostClient, Page } from '../../../src/chain/blockfrost-client.js';
import type { AddressUtxo } from '../../../src/chain/blockfrost-types.js';
import { MemoryTokenBucket } from '../../../src/chain/limiter/memory-token-bucket.js';
import { POOL_ADDRESSES } from '../../../src/domain/prices/pools/pool-addresses.js';
import { dexHistoryBudget } from '../../../src/prices/create-price-sources.js';
import { DexPoolPriceSource } from '../../../src/prices/dex-pool-price-source.js';
import type { DexPoolRecord } from '../../../src/prices/dex-pool-store.js';

const DAY = 86_400_000;
const ADDRESSES = Object.values(POOL_ADDRESSES).flat().length;
const unit = (i: number) => 'ab'.repeat(28) + i.toString(16).padStart(4, '0');

/** A source over a chain with no pool at all, counting the Blockfrost requests of each call. */
function source(options: { rediscoverPerCall?: number }) {
  let now = Date.parse('2026-01-01T00:30:00Z');
  const records = new Map<string, DexPoolRecord>();
  const looked: string[] = [];
  const client = {
    async *addressUtxosOfAsset(args: { unit: string }): AsyncIterable<Page<AddressUtxo>> {
      looked.push(args.unit);
      yield { page: 1, items: [] };
    },
  } as unknown as BlockfrostClient;
  const dex = new DexPoolPriceSource(
    { ...options, now: () => now },
    {
      client,
      pools: {
        find: async (units) => units.flatMap((u) => records.get(u) ?? []),
        save: async (rs) => rs.forEach((r) => records.set(r.tokenUnit, r)),
        historyFrom: async () => null,
        setHistoryFrom: async () => undefined,
      },
      decimals: async (units) => new Map(units.map((u) => [u, 6])),
      historyBudget: dexHistoryBudget(200, new MemoryTokenBucket(), () => now),
    },
  );
  return {
    /** Requests of one `latest` call for `units`, `ms` after the previous call. */
    async call(units: string[], ms = 0) {
      now += ms;
      looked.length = 0;
      await dex.latest(units, 'ADA');
      return [...looked];
    },
  };
}

describe('DEX pool discovery', () => {
  const tokens = Array.from({ length: 10 }, (_, i) => unit(i));

  it('a token never looked for is looked for at once (one request per pool address); one without a pool not again before 14 days', async () => {
    const dex = source({});
    expect(await dex.call(tokens)).toHaveLength(tokens.length * ADDRESSES);
    expect(await dex.call(tokens, 13 * DAY)).toHaveLength(0);
  });

  it('the tokens found without a pool together fall due together, but are looked for again a few per call, the longest unchecked first', async () => {
    const dex = source({ rediscoverPerCall: 3 });
    await dex.call(tokens.slice(0, 4));
    await dex.call(tokens.slice(4), 3_600_000);
    const again = await dex.call(tokens, 15 * DAY);
    expect(again).toHaveLength(3 * ADDRESSES);
    expect(new Set(again)).toEqual(new Set(tokens.slice(0, 3)));
    expect(new Set(await dex.call(tokens, 3_600_000))).toEqual(new Set([tokens[3], ...tokens.slice(4, 6)]));
    // Default: one a call (24 a day with the hourly refresh).
    const one = source({});
    await one.call(tokens);
    expect(await one.call(tokens, 15 * DAY)).toHaveLength(ADDRESSES);
  });
});
