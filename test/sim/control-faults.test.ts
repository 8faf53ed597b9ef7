import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startSimulator,
  type RollbackResult,
  type SimulatorHandle,
  type TruthWallet,
} from '../../sim/index.js';
import { api, type Api } from './sim-test-helpers.js';

describe('control API: stats, faults, new blocks and rollbacks', () => {
  let sim: SimulatorHandle;
  let client: Api;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 9, wallets: 8, txsPerWallet: 40, limits: { enabled: false } });
    client = api(sim.url, sim.controlUrl);
  });
  afterAll(() => sim.close());

  const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(sim.controlUrl + path, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.json();
  };

  it('counts requests by endpoint template and status, and resets', async () => {
    await control('POST', '/stats/reset');
    const tx = sim.model.txs[0]!.hash;
    await client.get(`/txs/${tx}`);
    await client.get(`/txs/${tx}/utxos`);
    await client.get(`/txs/${'f'.repeat(64)}`);
    await client.get('/blocks/latest', '');
    const stats = (await control('GET', '/stats')) as {
      total: number;
      byEndpoint: Record<string, number>;
      byStatus: Record<string, number>;
    };
    expect(stats).toEqual({
      total: 4,
      byEndpoint: { '/txs/{hash}': 2, '/txs/{hash}/utxos': 1, '/blocks/latest': 1 },
      byStatus: { '200': 2, '404': 1, '403': 1 },
    });
    await control('POST', '/stats/reset');
    expect(await control('GET', '/stats')).toEqual({ total: 0, byEndpoint: {}, byStatus: {} });
  });

  it('injects 5xx for the next N matching requests, then answers normally', async () => {
    await control('POST', '/faults', { kind: 'status', status: 503, count: 2, path: '/blocks/latest' });
    expect((await client.get('/health')).status).toBe(200); // path does not match
    expect(await client.get('/blocks/latest')).toMatchObject({ status: 503, body: { status_code: 503 } });
    expect((await client.get('/blocks/latest')).status).toBe(503);
    expect((await client.get('/blocks/latest')).status).toBe(200);
  });

  it('schedules a fault after N requests, and applies one by rate', async () => {
    await control('POST', '/faults', { kind: 'status', status: 500, count: 1, after: 2, path: '/health' });
    const s = [];
    for (let i = 0; i < 4; i++) s.push((await client.get('/health')).status);
    expect(s).toEqual([200, 200, 500, 200]);
    await control('POST', '/faults', { kind: 'status', status: 502, rate: 1, path: '/health' });
    expect((await client.get('/health')).status).toBe(502);
    await control('DELETE', '/faults');
    expect((await client.get('/health')).status).toBe(200);
  });

  it('resets connections, answers slowly and sends malformed bodies', async () => {
    await control('POST', '/faults', { kind: 'reset', count: 1, path: '/blocks/latest' });
    await expect(fetch(`${sim.url}/blocks/latest`, { headers: { project_id: 'x' } })).rejects.toThrow();
    await control('POST', '/faults', { kind: 'slow', delayMs: 300, count: 1, path: '/blocks/latest' });
    const t0 = Date.now();
    expect((await client.get('/blocks/latest')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    await control('POST', '/faults', { kind: 'malformed', count: 1, path: '/blocks/latest' });
    const res = await fetch(`${sim.url}/blocks/latest`, { headers: { project_id: 'x' } });
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
    expect((await client.get('/blocks/latest')).status).toBe(200);
  });

  it('adds blocks with new transactions for existing wallets', async () => {
    const before = sim.model.tip!;
    const tip = (await control('POST', '/blocks', { count: 2 })) as { height: number; hash: string };
    expect(tip.height).toBe(before.height + 2);
    const latest = (await client.get('/blocks/latest')).body as {
      height: number;
      hash: string;
      previous_block: string;
    };
    expect(latest).toMatchObject(tip);
    const tracked = new Set(
      sim.wallets.flatMap((w) =>
        w.kind === 'stake' ? sim.model.account(w.address)!.addresses : [w.address],
      ),
    );
    const fresh = sim.model.blocks.slice(-2).flatMap((b) => b.txs);
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.some((t) => [...t.inputs, ...t.outputs].some((o) => tracked.has(o.address)))).toBe(true);
  });

  it('rolls back k blocks and replaces them with different ones; truth stays consistent', async () => {
    const tipBefore = sim.model.tip!;
    const droppedBlocks = sim.model.blocks.slice(-3).map((b) => ({
      height: b.height,
      hash: b.hash,
      txs: b.txs.map((t) => t.hash),
    }));
    const dropped = droppedBlocks.flatMap((b) => b.txs);
    const answer = (await control('POST', '/rollback', { depth: 3 })) as RollbackResult;
    // The answer names what left the chain, block by block, oldest first.
    expect(answer.dropped).toEqual(droppedBlocks);
    const tip = { height: answer.height, hash: answer.hash };
    expect(tip.height).toBe(tipBefore.height);
    expect(tip.hash).not.toBe(tipBefore.hash);
    expect((await client.get(`/blocks/${tipBefore.hash}`)).status).toBe(404);
    for (const h of dropped) expect((await client.get(`/txs/${h}`)).status).toBe(404);
    const truth = (await control('GET', '/truth')) as {
      tip: { height: number; hash: string };
      wallets: TruthWallet[];
    };
    expect(truth.tip).toEqual(tip);
    for (const w of truth.wallets) {
      expect(w.expected.transactions.some((t) => dropped.includes(t.txHash))).toBe(false);
      const sum = w.expected.transactions.reduce((s, t) => s + BigInt(t.netLovelace), 0n);
      expect(sum.toString()).toBe(w.expected.balanceLovelace);
      if (w.kind === 'stake') {
        const account = (await client.get(`/accounts/${w.address}`)).body as {
          controlled_amount: string;
          withdrawable_amount: string;
        };
        expect(account.controlled_amount).toBe(w.expected.controlledAmount);
        expect((sum + BigInt(account.withdrawable_amount)).toString()).toBe(account.controlled_amount);
      } else {
        const address = (await client.get(`/addresses/${w.address}`)).body as {
          amount: Array<{ unit: string; quantity: string }>;
        };
        expect(address.amount.find((a) => a.unit === 'lovelace')!.quantity).toBe(w.expected.balanceLovelace);
      }
    }
    expect(await control('GET', '/wallets')).toHaveLength(8);
  });
});

describe('live mode', () => {
  it('appends a block with new transactions every N seconds', async () => {
    const sim = await startSimulator({
      seed: 4,
      wallets: 4,
      txsPerWallet: 10,
      liveIntervalSeconds: 0.3,
      limits: { enabled: false },
    });
    try {
      const start = sim.model.tip!.height;
      await new Promise((r) => setTimeout(r, 2000));
      expect(sim.model.tip!.height).toBeGreaterThanOrEqual(start + 2);
    } finally {
      await sim.close();
    }
  });

  it('is started, stopped and restarted by POST /__sim/live {seconds}', async () => {
    const sim = await startSimulator({ seed: 4, wallets: 4, txsPerWallet: 10, limits: { enabled: false } });
    const live = async (body?: unknown) =>
      fetch(sim.controlUrl + '/live', {
        method: body === undefined ? 'GET' : 'POST',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    try {
      expect(await (await live()).json()).toEqual({ seconds: 0 });
      const start = sim.model.tip!.height;
      expect(await (await live({ seconds: 0.2 })).json()).toEqual({ seconds: 0.2 });
      await sleep(1500);
      const running = sim.model.tip!.height;
      expect(running).toBeGreaterThanOrEqual(start + 2);
      expect(await (await live({ seconds: 0 })).json()).toEqual({ seconds: 0 });
      // Stopped: the chain holds still (a block already being made has landed by the stop's answer).
      await sleep(800);
      const stopped = sim.model.tip!.height;
      await sleep(800);
      expect(sim.model.tip!.height).toBe(stopped);
      expect((await live({ seconds: -1 })).status).toBe(400);
      expect((await live({ seconds: 'x' })).status).toBe(400);
    } finally {
      await sim.close();
    }
  });
});
