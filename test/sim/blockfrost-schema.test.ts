import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../sim/index.js';
import { api, FIXTURE_DIR, schemaErrors, type Api } from './sim-test-helpers.js';

/** Every endpoint the sync and the dashboard use, checked against @blockfrost/openapi's JSON schema. */
async function checkAll(client: Api, sim: SimulatorHandle, seen: Map<string, number>): Promise<void> {
  const check = async (template: string, path: string): Promise<unknown> => {
    const { status, body } = await client.get(path);
    expect([200, 404], `${path} → ${status} ${JSON.stringify(body)}`).toContain(status);
    expect(schemaErrors(template, body, status), `${path} (${status})`).toEqual([]);
    if (status === 200) seen.set(template, (seen.get(template) ?? 0) + 1);
    return body;
  };
  const model = sim.model;
  await check('/health', '/health');
  await check('/blocks/latest', '/blocks/latest');
  await check('/blocks/{hash_or_number}', `/blocks/${model.tip!.height}`);
  await check('/blocks/{hash_or_number}', `/blocks/${model.blocks[0]!.hash}`);
  await check('/blocks/{hash_or_number}/txs', `/blocks/${model.blocks[0]!.hash}/txs`);
  for (const w of sim.wallets) {
    if (w.kind === 'stake') {
      const s = w.address;
      await check('/accounts/{stake_address}', `/accounts/${s}`);
      for (const sub of [
        'addresses',
        'transactions',
        'history',
        'rewards',
        'withdrawals',
        'delegations',
        'registrations',
      ]) {
        await check(`/accounts/{stake_address}/${sub}`, `/accounts/${s}/${sub}?count=100`);
      }
      await check('/accounts/{stake_address}/addresses/total', `/accounts/${s}/addresses/total`);
      await check('/accounts/{stake_address}/mirs', `/accounts/${s}/mirs`);
    }
    for (const a of w.kind === 'stake' ? (model.account(w.address)?.addresses ?? []) : [w.address]) {
      await check('/addresses/{address}', `/addresses/${a}`);
      await check('/addresses/{address}/total', `/addresses/${a}/total`);
      await check('/addresses/{address}/transactions', `/addresses/${a}/transactions?order=desc`);
      await check('/addresses/{address}/utxos', `/addresses/${a}/utxos`);
    }
  }
  for (const tx of model.txs) {
    await check('/txs/{hash}', `/txs/${tx.hash}`);
    await check('/txs/{hash}/utxos', `/txs/${tx.hash}/utxos`);
    await check('/txs/{hash}/metadata', `/txs/${tx.hash}/metadata`);
    await check('/txs/{hash}/redeemers', `/txs/${tx.hash}/redeemers`);
    await check('/txs/{hash}/cbor', `/txs/${tx.hash}/cbor`);
    await check('/txs/{hash}/withdrawals', `/txs/${tx.hash}/withdrawals`);
    await check('/txs/{hash}/stakes', `/txs/${tx.hash}/stakes`);
    await check('/txs/{hash}/delegations', `/txs/${tx.hash}/delegations`);
  }
  for (const unit of model.assets.keys()) await check('/assets/{asset}', `/assets/${unit}`);
  await check('/epochs/latest', '/epochs/latest');
  await check('/epochs/{number}', `/epochs/${model.blocks[0]?.epoch ?? 0}`);
  for (const poolId of model.pools.keys()) {
    await check('/pools/{pool_id}/metadata', `/pools/${poolId}/metadata`);
    await check('/pools/{pool_id}/history', `/pools/${poolId}/history`);
  }
}

describe('generated chain answers in Blockfrost’s schema', () => {
  let sim: SimulatorHandle;
  let client: Api;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 11, wallets: 12, txsPerWallet: 60, limits: { enabled: false } });
    client = api(sim.url, sim.controlUrl);
  });
  afterAll(() => sim.close());

  it('validates every endpoint, and each answers 200 somewhere', async () => {
    const seen = new Map<string, number>();
    await checkAll(client, sim, seen);
    for (const t of [
      '/health',
      '/blocks/latest',
      '/blocks/{hash_or_number}',
      '/addresses/{address}',
      '/addresses/{address}/total',
      '/addresses/{address}/transactions',
      '/addresses/{address}/utxos',
      '/txs/{hash}',
      '/txs/{hash}/utxos',
      '/txs/{hash}/metadata',
      '/txs/{hash}/redeemers',
      '/txs/{hash}/withdrawals',
      '/txs/{hash}/stakes',
      '/txs/{hash}/delegations',
      '/accounts/{stake_address}',
      '/accounts/{stake_address}/addresses',
      '/accounts/{stake_address}/transactions',
      '/accounts/{stake_address}/history',
      '/accounts/{stake_address}/rewards',
      '/accounts/{stake_address}/withdrawals',
      '/accounts/{stake_address}/delegations',
      '/accounts/{stake_address}/registrations',
      '/accounts/{stake_address}/addresses/total',
      '/accounts/{stake_address}/mirs',
      '/assets/{asset}',
      '/epochs/latest',
      '/epochs/{number}',
      '/pools/{pool_id}/metadata',
      '/pools/{pool_id}/history',
    ]) {
      expect(seen.get(t) ?? 0, t).toBeGreaterThan(0);
    }
    // The generator builds no CBOR: the endpoint answers 404 like Blockfrost for an unknown component.
    expect(seen.get('/txs/{hash}/cbor')).toBeUndefined();
  });

  it('answers errors with Blockfrost’s bodies', async () => {
    const missing = await client.get('/txs/' + '0'.repeat(64));
    expect(missing).toEqual({
      status: 404,
      body: { status_code: 404, error: 'Not Found', message: 'The requested component has not been found.' },
    });
    const bad = await client.get('/addresses/not-an-address');
    expect(bad.status).toBe(400);
    expect(schemaErrors('/addresses/{address}', bad.body, 400)).toEqual([]);
    const noKey = await client.get('/blocks/latest', '');
    expect(noKey.status).toBe(403);
    expect(schemaErrors('/blocks/latest', noKey.body, 403)).toEqual([]);
  });
});

describe('imported recording answers in Blockfrost’s schema', () => {
  let sim: SimulatorHandle;
  let client: Api;
  beforeAll(async () => {
    sim = await startSimulator({ recording: FIXTURE_DIR, limits: { enabled: false } });
    client = api(sim.url, sim.controlUrl);
  });
  afterAll(() => sim.close());

  it('validates every endpoint (404 where the recording cannot tell)', async () => {
    const seen = new Map<string, number>();
    await checkAll(client, sim, seen);
    expect(seen.get('/accounts/{stake_address}')).toBe(1);
    expect(seen.get('/accounts/{stake_address}/addresses')).toBe(1);
    expect(seen.get('/accounts/{stake_address}/transactions')).toBe(1);
    expect(seen.get('/txs/{hash}')).toBe(6);
    // Rewards of the real chain are not in the recording.
    expect(seen.get('/accounts/{stake_address}/rewards')).toBeUndefined();
    // Nor are epochs or pools: those answer 404.
    expect(seen.get('/epochs/latest')).toBeUndefined();
  });
});
