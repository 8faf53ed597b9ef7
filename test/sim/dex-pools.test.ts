import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../sim/index.js';
import { dexPoolsOf } from '../../sim/generator/dex-pools.js';
import { loadProtocolScripts } from '../../sim/generator/protocol-scripts.js';
import {
  POOL_FORMULAS,
  POOL_NFT_POLICIES,
  poolPriceInAda,
  type PoolUtxo,
} from '../../src/domain/prices/pools/index.js';
import { api, schemaErrors, type Api } from './sim-test-helpers.js';

interface Truth {
  prices: { ada: Record<string, unknown>; tokens: Record<string, { ADA: Record<string, string> }> };
}

describe('generated DEX pools', () => {
  let sim: SimulatorHandle;
  let client: Api;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, wallets: 12, txsPerWallet: 40, limits: { enabled: false } });
    client = api(sim.url, sim.controlUrl);
  });
  afterAll(() => sim.close());

  it('serves each pool at its DEX address with its NFT, in Blockfrost’s schema, price = truth', async () => {
    const pools = dexPoolsOf(sim.model, loadProtocolScripts());
    const truth = (await (await fetch(`${sim.controlUrl}/truth`)).json()) as Truth;
    const tokens = Object.keys(truth.prices.tokens);
    expect(tokens.length).toBeGreaterThanOrEqual(12); // every market token at least
    expect(new Set(pools.pools.map((p) => p.kind)).size).toBe(5);
    for (const pool of pools.deepest()) {
      expect(pool.nftUnit.startsWith(POOL_NFT_POLICIES[pool.kind])).toBe(true);
      const r = await client.get(`/addresses/${pool.address}/utxos/${pool.nftUnit}`);
      expect(r.status).toBe(200);
      expect(schemaErrors('/addresses/{address}/utxos/{asset}', r.body)).toEqual([]);
      const utxos = r.body as PoolUtxo[];
      expect(utxos).toHaveLength(1);
      const reserves = POOL_FORMULAS[pool.kind].reserves(utxos[0]!, pool.tokenUnit);
      const days = truth.prices.tokens[pool.tokenUnit]!.ADA;
      const lastDay = Object.keys(days).sort().at(-1)!;
      expect(poolPriceInAda(reserves, pool.decimals).toFixed()).toBe(days[lastDay]);
    }
  });

  it('lists pool transactions by NFT; /txs/{h}/utxos chains states with inline datums', async () => {
    const pools = dexPoolsOf(sim.model, loadProtocolScripts());
    const pool = pools.pools.find((p) => p.kind === 'minswap-v2')!;
    const holders = await client.get(`/assets/${pool.nftUnit}/addresses`);
    expect(holders.body).toEqual([{ address: pool.address, quantity: '1' }]);
    expect(schemaErrors('/assets/{asset}/addresses', holders.body)).toEqual([]);
    const txs = await client.get(`/assets/${pool.nftUnit}/transactions?order=desc&count=3`);
    expect(schemaErrors('/assets/{asset}/transactions', txs.body)).toEqual([]);
    const list = txs.body as Array<{ tx_hash: string; block_height: number }>;
    expect(list.length).toBe(3);
    expect(list[0]!.block_height).toBeGreaterThan(list[1]!.block_height);
    const newest = await client.get(`/txs/${list[0]!.tx_hash}/utxos`);
    expect(schemaErrors('/txs/{hash}/utxos', newest.body)).toEqual([]);
    const body = newest.body as {
      inputs: Array<{ tx_hash: string }>;
      outputs: Array<PoolUtxo & { consumed_by_tx: string | null }>;
    };
    expect(body.outputs[0]!.inline_datum).toMatch(/^d879/);
    expect(body.outputs[0]!.consumed_by_tx).toBeNull();
    expect(body.inputs[0]!.tx_hash).toBe(list[1]!.tx_hash);
    const older = (await client.get(`/txs/${list[1]!.tx_hash}/utxos`)).body as typeof body;
    expect(older.outputs[0]!.consumed_by_tx).toBe(list[0]!.tx_hash);
    // Reserves move over time.
    const a = POOL_FORMULAS['minswap-v2'].reserves(body.outputs[0]!, pool.tokenUnit);
    const b = POOL_FORMULAS['minswap-v2'].reserves(older.outputs[0]!, pool.tokenUnit);
    expect(a).not.toEqual(b);
    // A hash that names no pool transaction is still a 404.
    expect((await client.get(`/txs/${list[0]!.tx_hash.slice(0, 60)}0000/utxos`)).status).toBe(404);
  });

  it('finds pools by token at a DEX address (discovery) and follows added blocks', async () => {
    const pools = dexPoolsOf(sim.model, loadProtocolScripts());
    const pool = pools.deepest()[0]!;
    const found = (await client.get(`/addresses/${pool.address}/utxos/${pool.tokenUnit}`)).body as PoolUtxo[];
    expect(found.some((u) => u.amount.some((a) => a.unit === pool.nftUnit))).toBe(true);
    const before = (await client.get(`/assets/${pool.nftUnit}/transactions?count=100`)).body as unknown[];
    await client.post('/blocks', { count: 4 });
    const after = (await client.get(`/assets/${pool.nftUnit}/transactions?count=100`)).body as unknown[];
    expect(after.length).toBeGreaterThan(before.length);
  });
});
