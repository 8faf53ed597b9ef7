import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../sim/index.js';
import { api, FIXTURE_DIR, type Api } from './sim-test-helpers.js';

interface Recorded {
  stakeAddress: string;
  responses: Array<{ method: string; path: string; status: number; body: unknown }>;
}
interface Expected {
  stakeAddress: string;
  account: Record<string, string>;
  walletAddressCount: number;
  addressesWithTransactions: string[];
  txHashes: string[];
  txNetLovelace: Record<string, string>;
  txNetLovelaceSum: string;
}

const recorded = JSON.parse(readFileSync(join(FIXTURE_DIR, 'responses.json'), 'utf8')) as Recorded;
const expected = JSON.parse(readFileSync(join(FIXTURE_DIR, 'expected.json'), 'utf8')) as Expected;

/** Amount arrays in a stable order, so `[lovelace, token]` compares however it was built. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalize);
    if (
      items.every((i) => i && typeof i === 'object' && 'unit' in (i as object) && 'quantity' in (i as object))
    ) {
      return [...items].sort((a, b) =>
        String((a as { unit: string }).unit).localeCompare(String((b as { unit: string }).unit)),
      );
    }
    return items;
  }
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  return value;
}

/** Every field the recording has must come back equal; newer fields may be added. */
function expectSubset(actual: unknown, recordedValue: unknown, where: string): void {
  if (Array.isArray(recordedValue)) {
    expect(Array.isArray(actual), where).toBe(true);
    expect((actual as unknown[]).length, where).toBe(recordedValue.length);
    recordedValue.forEach((r, i) => expectSubset((actual as unknown[])[i], r, `${where}[${i}]`));
  } else if (recordedValue && typeof recordedValue === 'object') {
    expect(actual && typeof actual === 'object', where).toBe(true);
    for (const [k, v] of Object.entries(recordedValue))
      expectSubset((actual as Record<string, unknown>)[k], v, `${where}.${k}`);
  } else {
    expect(actual, where).toEqual(recordedValue);
  }
}

describe('importing mainnet-stake-2021', () => {
  let sim: SimulatorHandle;
  let client: Api;
  beforeAll(async () => {
    sim = await startSimulator({ recording: FIXTURE_DIR, limits: { enabled: false } });
    client = api(sim.url, sim.controlUrl);
  });
  afterAll(() => sim.close());

  it('answers every recorded request as recorded (derived from the model, newer fields added)', async () => {
    let compared = 0;
    for (const r of recorded.responses) {
      const { status, body } = await client.get(r.path);
      expect(status, r.path).toBe(r.status);
      expectSubset(normalize(body), normalize(r.body), r.path);
      compared++;
    }
    expect(compared).toBe(recorded.responses.length);
  });

  it('fills in fields older recordings lack with the current schema’s shape', async () => {
    const tx = (await client.get(`/txs/${expected.txHashes[0]}`)).body as Record<string, unknown>;
    expect(tx.treasury_donation).toBe('0');
    const utxos = (await client.get(`/txs/${expected.txHashes[0]}/utxos`)).body as {
      inputs: Array<Record<string, unknown>>;
      outputs: Array<Record<string, unknown>>;
    };
    expect(utxos.inputs[0]).toMatchObject({
      inline_datum: null,
      reference_script_hash: null,
      reference: false,
    });
    expect(utxos.outputs[0]).toMatchObject({
      collateral: false,
      inline_datum: null,
      reference_script_hash: null,
    });
    const account = (await client.get(`/accounts/${expected.stakeAddress}`)).body as Record<string, unknown>;
    expect(account).toMatchObject({ registered: true, drep_id: null });
  });

  it('names the recorded transaction that spends a recorded output (consumed_by_tx)', async () => {
    type Utxos = { hash: string; inputs: Array<{ tx_hash: string; output_index: number }> };
    const bodies = recorded.responses
      .filter((r) => /^\/txs\/[0-9a-f]{64}\/utxos$/.test(r.path))
      .map((r) => r.body as Utxos);
    const spentBy = new Map<string, string>();
    for (const b of bodies) for (const i of b.inputs) spentBy.set(`${i.tx_hash}#${i.output_index}`, b.hash);
    let spentInRecording = 0;
    for (const b of bodies) {
      const served = (await client.get(`/txs/${b.hash}/utxos`)).body as {
        outputs: Array<{ output_index: number; consumed_by_tx: string | null }>;
      };
      for (const o of served.outputs) {
        const spender = spentBy.get(`${b.hash}#${o.output_index}`);
        if (spender) spentInRecording++;
        expect(o.consumed_by_tx, `${b.hash}#${o.output_index}`).toBe(spender ?? null);
      }
    }
    expect(spentInRecording).toBeGreaterThan(0);
  });

  it('derives endpoints the recording lacks, and 404s what it cannot know', async () => {
    const s = expected.stakeAddress;
    const addresses = (await client.get(`/accounts/${s}/addresses`)).body as Array<{ address: string }>;
    expect(addresses.map((a) => a.address).sort()).toEqual([...expected.addressesWithTransactions].sort());
    const txs = (await client.get(`/accounts/${s}/transactions`)).body as Array<{
      tx_hash: string;
      address: string;
    }>;
    expect(txs.map((t) => t.tx_hash).sort()).toEqual([...expected.txHashes].sort());
    const withdrawals = (await client.get(`/accounts/${s}/withdrawals`)).body as Array<{ amount: string }>;
    expect(withdrawals.map((w) => w.amount)).toEqual([expected.account.withdrawals_sum]);
    const registrations = (await client.get(`/accounts/${s}/registrations`)).body as Array<{
      action: string;
      deposit: string;
    }>;
    expect(registrations).toMatchObject([{ action: 'registered', deposit: '2000000' }]);
    expect((await client.get(`/accounts/${s}/rewards`)).status).toBe(404);
    expect((await client.get(`/txs/${expected.txHashes[0]}/metadata`)).status).toBe(404);
    expect((await client.get(`/txs/${expected.txHashes[0]}/cbor`)).status).toBe(404);
    expect((await client.get(`/txs/${expected.txHashes[0]}/redeemers`)).body).toEqual([]);
  });

  it('lets expected.json be recomputed from the simulator’s answers alone', async () => {
    const s = expected.stakeAddress;
    const own = new Set(
      ((await client.get(`/accounts/${s}/addresses`)).body as Array<{ address: string }>).map(
        (a) => a.address,
      ),
    );
    const hashes = new Set<string>();
    for (const a of own) {
      for (let page = 1; ; page++) {
        const list = (await client.get(`/addresses/${a}/transactions?page=${page}&count=100`)).body as Array<{
          tx_hash: string;
        }>;
        list.forEach((t) => hashes.add(t.tx_hash));
        if (list.length < 100) break;
      }
    }
    const nets: Record<string, string> = {};
    let sum = 0n;
    for (const h of hashes) {
      const u = (await client.get(`/txs/${h}/utxos`)).body as {
        inputs: Array<{
          address: string;
          amount: Array<{ unit: string; quantity: string }>;
          collateral: boolean;
        }>;
        outputs: Array<{ address: string; amount: Array<{ unit: string; quantity: string }> }>;
      };
      let net = 0n;
      for (const o of u.outputs)
        if (own.has(o.address)) net += BigInt(o.amount.find((x) => x.unit === 'lovelace')!.quantity);
      for (const i of u.inputs)
        if (own.has(i.address) && !i.collateral)
          net -= BigInt(i.amount.find((x) => x.unit === 'lovelace')!.quantity);
      nets[h] = net.toString();
      sum += net;
    }
    expect(nets).toEqual(expected.txNetLovelace);
    expect(sum.toString()).toBe(expected.txNetLovelaceSum);
    const account = (await client.get(`/accounts/${s}`)).body as Record<string, string>;
    expect(account).toMatchObject(expected.account);
    expect((sum + BigInt(account.withdrawable_amount!)).toString()).toBe(account.controlled_amount);
  });

  it('computes ground truth for the imported account that reconciles', async () => {
    const res = await fetch(`${sim.controlUrl}/truth`);
    const truth = (await res.json()) as {
      wallets: Array<{
        address: string;
        expected: {
          transactions: Array<{
            txHash: string;
            netLovelace: string;
            action: string;
            fee: string;
            deposit: string;
          }>;
          controlledAmount: string;
        };
      }>;
    };
    const w = truth.wallets[0]!;
    expect(w.address).toBe(expected.stakeAddress);
    const nets = Object.fromEntries(w.expected.transactions.map((t) => [t.txHash, t.netLovelace]));
    expect(nets).toEqual(expected.txNetLovelace);
    expect(w.expected.controlledAmount).toBe(expected.account.controlled_amount);
    const reg = w.expected.transactions.find((t) => t.deposit === '2000000');
    expect(reg?.action).toBe('stake_registration');
    expect(w.expected.transactions.filter((t) => t.action === 'reward_withdrawal')).toHaveLength(1);
  });
});
