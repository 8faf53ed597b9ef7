import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../sim/index.js';
import type { TruthPool, TruthReward, TruthWallet } from '../../sim/truth/ground-truth.js';
import { api, FIXTURE_DIR, type Api } from './sim-test-helpers.js';

interface Truth {
  wallets: TruthWallet[];
  epochs: { first: number; tip: number } | null;
  pools: TruthPool[];
}

type RewardRow = { epoch: number; amount: string; pool_id: string; type: string };

describe('staking endpoints of a generated chain agree with its ground truth', () => {
  let sim: SimulatorHandle;
  let client: Api;
  const truth = async (): Promise<Truth> => (await (await fetch(`${sim.controlUrl}/truth`)).json()) as Truth;
  const get = async <T>(path: string): Promise<T> => {
    const { status, body } = await client.get(path);
    expect(status, `${path} → ${JSON.stringify(body)}`).toBe(200);
    return body as T;
  };
  const allRewards = async (stake: string): Promise<RewardRow[]> => {
    const out: RewardRow[] = [];
    for (let page = 1; ; page++) {
      const rows = await get<RewardRow[]>(`/accounts/${stake}/rewards?count=100&page=${page}`);
      out.push(...rows);
      if (rows.length < 100) return out;
    }
  };
  const asRows = (rewards: TruthReward[] = []): RewardRow[] =>
    rewards.map((r) => ({ epoch: r.epoch, amount: r.amount, pool_id: r.poolId, type: r.type }));
  const stakeWallets = (t: Truth): TruthWallet[] => t.wallets.filter((w) => w.kind === 'stake');

  beforeAll(async () => {
    sim = await startSimulator({ seed: 21, wallets: 8, txsPerWallet: 40, limits: { enabled: false } });
    client = api(sim.url, sim.controlUrl);
  });
  afterAll(() => sim.close());

  it('lists every stake wallet’s rewards as the truth has them, ordered by epoch then type', async () => {
    const t = await truth();
    const stakes = stakeWallets(t);
    expect(stakes.length).toBeGreaterThanOrEqual(2);
    const types = new Set<string>();
    for (const w of stakes) {
      const rows = await allRewards(w.address);
      expect(rows).toEqual(asRows(w.expected.rewards));
      for (let i = 1; i < rows.length; i++) {
        const a = rows[i - 1]!;
        const b = rows[i]!;
        expect(a.epoch < b.epoch || (a.epoch === b.epoch && a.type <= b.type), w.address).toBe(true);
      }
      for (const r of rows) types.add(r.type);
      const sum = rows.reduce((s, r) => s + BigInt(r.amount), 0n);
      expect(sum.toString()).toBe(w.expected.rewardsSumLovelace);
    }
    expect([...types].sort()).toEqual(['leader', 'member', 'pool_deposit_refund']);
  });

  it('keeps withdrawable = rewards sum − withdrawals sum for every stake account', async () => {
    const t = await truth();
    for (const w of stakeWallets(t)) {
      const acc = await get<Record<string, string>>(`/accounts/${w.address}`);
      expect(acc.rewards_sum).toBe(w.expected.rewardsSumLovelace);
      expect(acc.withdrawals_sum).toBe(w.expected.withdrawnLovelace);
      expect(BigInt(acc.withdrawable_amount!)).toBe(BigInt(acc.rewards_sum!) - BigInt(acc.withdrawals_sum!));
      expect(acc.withdrawable_amount).toBe(w.expected.withdrawableAmount);
      expect(await get<unknown[]>(`/accounts/${w.address}/mirs`)).toEqual([]);
    }
  });

  it('answers /epochs/latest and /epochs/{n} within the chain, 404 outside it and 400 for a non-number', async () => {
    const t = await truth();
    expect(t.epochs).not.toBeNull();
    const { first, tip } = t.epochs!;
    const latest = await get<{ epoch: number; end_time: number; start_time: number }>('/epochs/latest');
    expect(latest.epoch).toBe(tip);
    expect(latest.end_time).toBeGreaterThan(latest.start_time);
    const firstEpoch = await get<{ epoch: number; block_count: number }>(`/epochs/${first}`);
    expect(firstEpoch.epoch).toBe(first);
    expect(firstEpoch.block_count).toBeGreaterThan(0);
    expect((await client.get(`/epochs/${tip + 1}`)).status).toBe(404);
    expect((await client.get(`/epochs/${first - 1}`)).status).toBe(404);
    expect((await client.get('/epochs/abc')).status).toBe(400);
  });

  it('serves each pool’s metadata as registered, none ({}) or an error, and 400/404 for bad ids', async () => {
    const t = await truth();
    const kinds = new Set<string>();
    for (const p of t.pools) {
      const m = await get<Record<string, unknown>>(`/pools/${p.poolId}/metadata`);
      if (p.metadataError === 'none') {
        expect(m).toEqual({});
        kinds.add('none');
      } else if (p.metadataError) {
        expect(m.ticker).toBeNull();
        expect((m.error as { code: string }).code).toBe(p.metadataError);
        kinds.add(p.metadataError);
      } else {
        expect(m).toMatchObject({ pool_id: p.poolId, ticker: p.ticker, name: p.name });
        kinds.add('ok');
      }
    }
    expect([...kinds].sort()).toEqual(['CONNECTION_ERROR', 'DECODE_ERROR', 'none', 'ok']);
    expect((await client.get('/pools/notapool/metadata')).status).toBe(400);
    const unknown = 'pool1' + 'q'.repeat(51);
    expect((await client.get(`/pools/${unknown}/metadata`)).status).toBe(404);
  });

  it('reports per-epoch pool history whose rewards add up to what its delegators were paid', async () => {
    const t = await truth();
    const paid = new Map<string, bigint>();
    for (const w of stakeWallets(t))
      for (const r of w.expected.rewards ?? [])
        if (r.type !== 'pool_deposit_refund')
          paid.set(r.poolId, (paid.get(r.poolId) ?? 0n) + BigInt(r.amount));
    expect(paid.size).toBeGreaterThan(0);
    for (const [poolId, total] of paid) {
      const rows = await get<Array<{ epoch: number; rewards: string }>>(`/pools/${poolId}/history?count=100`);
      expect(
        rows.reduce((s, r) => s + BigInt(r.rewards), 0n),
        poolId,
      ).toBe(total);
      expect(rows.every((r) => r.epoch <= t.epochs!.tip)).toBe(true);
    }
  });

  it('POST /__sim/epoch crosses boundaries and pays each stake wallet its new rewards', async () => {
    const before = await truth();
    const tip = before.epochs!.tip;
    const res = (await client.post('/epoch', { count: 2 })) as { epoch: number; height: number };
    expect(res.epoch).toBe(tip + 2);
    expect(((await client.post('/epoch', { count: 0 })) as { message?: string }).message).toMatch(/count/);
    const after = await truth();
    expect(after.epochs!.tip).toBe(tip + 2);
    expect((await get<{ epoch: number }>('/epochs/latest')).epoch).toBe(tip + 2);
    let grew = 0;
    for (const w of stakeWallets(after)) {
      const old = before.wallets.find((x) => x.address === w.address)!.expected.rewards ?? [];
      const now = w.expected.rewards ?? [];
      // Rewards are only ever appended at a boundary: the old list is a prefix of the new.
      expect(now.slice(0, old.length)).toEqual(old);
      if (now.length > old.length) grew++;
      expect(now.every((r) => r.epoch <= tip + 2 - 2 || r.type === 'pool_deposit_refund')).toBe(true);
      expect(await allRewards(w.address)).toEqual(asRows(now));
    }
    expect(grew).toBeGreaterThan(0);
  });

  it('a rollback across an epoch boundary drops the rewards that boundary paid', async () => {
    const before = await truth();
    const tipEpoch = before.epochs!.tip;
    await client.post('/epoch', { count: 1 });
    const paid = await truth();
    expect(paid.epochs!.tip).toBe(tipEpoch + 1);
    // The boundary block is the tip: rolling back one block returns to the previous epoch.
    await client.post('/rollback', { depth: 1 });
    const rolled = await truth();
    expect(rolled.epochs!.tip).toBe(tipEpoch);
    for (const w of stakeWallets(rolled)) {
      const old = before.wallets.find((x) => x.address === w.address)!.expected;
      expect(w.expected.rewards).toEqual(old.rewards);
      expect(w.expected.rewardsSumLovelace).toBe(old.rewardsSumLovelace);
      expect(await allRewards(w.address)).toEqual(asRows(old.rewards));
    }
  });
});

describe('a recording models no epochs or pools', () => {
  it('answers 404 for epochs and an unknown pool', async () => {
    const sim = await startSimulator({ recording: FIXTURE_DIR, limits: { enabled: false } });
    try {
      const client = api(sim.url, sim.controlUrl);
      expect((await client.get('/epochs/latest')).status).toBe(404);
      expect((await client.get('/epochs/300')).status).toBe(404);
      expect((await client.get(`/pools/pool1${'q'.repeat(51)}/history`)).status).toBe(404);
    } finally {
      await sim.close();
    }
  });
});
