import { describe, expect, it } from 'vitest';
import type { BlockfrostClient } from '../../../src/chain/blockfrost-client.js';
import type { AssetContent } from '../../../src/chain/blockfrost-types.js';
import { RequestCounter } from '../../../src/chain/request-counter.js';
import type { TokenRecord } from '../../../src/chain/tokens/token-record.js';
import type { TokenStore } from '../../../src/chain/tokens/token-store.js';
import { BlockfrostTokenMetadataSource } from '../../../src/sync/token-metadata-source.js';

const POLICY = 'ab'.repeat(28);
const UNIT = POLICY + Buffer.from('HOSKY').toString('hex');

/** The `tokens` table as a map (the Prisma store is tested against PostgreSQL in test/integration/chain). */
class MemoryTokenStore implements TokenStore {
  readonly rows = new Map<string, TokenRecord>();
  async findMany(units: readonly string[]) {
    return units.flatMap((u) => (this.rows.has(u) ? [this.rows.get(u)!] : []));
  }
  async insertIfAbsent(r: TokenRecord) {
    if (!this.rows.has(r.unit)) this.rows.set(r.unit, r);
    return this.rows.get(r.unit)!;
  }
}

/**
 * Blockfrost's `/assets/{asset}` as the client's counting layer sees it: each call counts into the
 * counters of the client it was made on (`withCounter`), like `BlockfrostHttpClient` does.
 */
function assetClient(answer: (unit: string) => Promise<AssetContent>) {
  let calls = 0;
  const make = (counters: RequestCounter[]) => ({
    async asset({ unit }: { unit: string }) {
      calls++;
      for (const c of counters) c.increment('/assets/{asset}');
      return answer(unit);
    },
    withCounter: (c: RequestCounter) => make([...counters, c]) as unknown as BlockfrostClient,
  });
  return { client: make([]), calls: () => calls };
}

const hosky = (unit: string): AssetContent =>
  ({
    asset: unit,
    policy_id: POLICY,
    asset_name: unit.slice(56),
    fingerprint: 'asset1xyz',
    quantity: '1',
    initial_mint_tx_hash: '00'.repeat(32),
    mint_or_burn_count: 1,
    onchain_metadata: null,
    metadata: { name: 'Hosky', description: 'dog', ticker: 'HOSKY', decimals: 0 },
  }) as AssetContent;

describe('BlockfrostTokenMetadataSource', () => {
  it('counts a fetch into the job that started it; a job joining the fetch in flight pays nothing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { client, calls } = assetClient(async (unit) => {
      await gate;
      return hosky(unit);
    });
    const store = new MemoryTokenStore();
    const source = new BlockfrostTokenMetadataSource({}, { client, store });
    const jobA = new RequestCounter();
    const jobB = new RequestCounter();
    const a = source.ensure(UNIT, jobA);
    const b = source.ensure(UNIT, jobB);
    release();
    const [ra, rb] = await Promise.all([a, b]);
    expect(calls()).toBe(1);
    expect(jobA.snapshot()).toEqual({ '/assets/{asset}': 1 });
    expect(jobB.total).toBe(0);
    expect(ra).toMatchObject({ unit: UNIT, name: 'Hosky', ticker: 'HOSKY', decimals: 0 });
    expect(rb).toEqual(ra);
    expect([...(await source.known([UNIT, 'lovelace'])).keys()]).toEqual([UNIT]);

    // Stored: another job costs nothing.
    const jobC = new RequestCounter();
    await source.ensure(UNIT, jobC);
    expect(jobC.total).toBe(0);
    expect(calls()).toBe(1);
  });

  it('a failing fetch stores nothing and is tried again next time', async () => {
    let fail = true;
    const { client, calls } = assetClient(async (unit) => {
      if (fail) throw new Error('503 after retries');
      return hosky(unit);
    });
    const store = new MemoryTokenStore();
    const source = new BlockfrostTokenMetadataSource({}, { client, store });
    await expect(source.ensure(UNIT, new RequestCounter())).rejects.toThrow('503');
    expect(store.rows.size).toBe(0);
    fail = false;
    const job = new RequestCounter();
    await expect(source.ensure(UNIT, job)).resolves.toMatchObject({ ticker: 'HOSKY' });
    expect(job.total).toBe(1);
    expect(calls()).toBe(2);
  });
});
