import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.js';
import type { TruthPool, TruthReward } from '../../../sim/truth/ground-truth.js';
import type { StoredRewardsLedger } from '../../../src/sync/rewards/stake-rewards-sync.js';
import { mapWithConcurrency } from '../../../src/sync/map-with-concurrency.js';
import {
  addUserWithWallets,
  control,
  createSyncEnv,
  trackByOwner,
  truthOf,
  type RunningSim,
  type SyncEnv,
  type TrackedWallet,
  type Truth,
} from './sync-test-env.js';

const CLI = fileURLToPath(new URL('../../../bin/adafolio.js', import.meta.url));

type StakingTruth = Truth & { epochs: { first: number; tip: number } | null; pools: TruthPool[] };
type Stats = { total: number; byEndpoint: Record<string, number> };

/** Endpoints read once for the whole system (epoch clock, pool directory), not per wallet. */
const SYSTEM_WIDE = (endpoint: string) => endpoint.startsWith('/epochs') || endpoint.startsWith('/pools');
const REWARDS_STAGE = ['rewards', 'history', 'mirs'].map((s) => `/accounts/{stake_address}/${s}`);

function count(stats: Stats, keep: (endpoint: string) => boolean): number {
  return Object.entries(stats.byEndpoint).reduce((n, [e, c]) => (keep(e) ? n + c : n), 0);
}

const asTruth = (r: {
  epoch: number;
  spendableEpoch: number;
  amount: bigint;
  poolId: string | null;
  type: string;
}): TruthReward => ({
  epoch: r.epoch,
  spendableEpoch: r.spendableEpoch,
  amount: r.amount.toString(),
  poolId: r.poolId!,
  type: r.type as TruthReward['type'],
});

const byListing = (a: TruthReward, b: TruthReward) =>
  a.epoch - b.epoch || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);

describe('staking rewards sync against a generated chain (simulator, PostgreSQL, Redis)', () => {
  let sim: RunningSim;
  let env: SyncEnv;
  let tracked: TrackedWallet[];
  // The sync's clock runs ahead when a test needs the system-wide epoch check to look again.
  let offsetMs = 0;
  const later = () => (offsetMs += 11 * 60_000);

  const truth = () => truthOf(sim) as Promise<StakingTruth>;
  const stakeTracked = () => tracked.filter((t) => t.wallet.kind === 'stake');
  const stored = async (userId: string, address: string) =>
    (await env.app.repositories.stakingRewards.list(userId, { walletAddresses: [address] }))
      .map(asTruth)
      .sort(byListing);
  const syncAll = () =>
    mapWithConcurrency(tracked, 4, (t) => env.app.sync.sync({ userId: t.userId, walletId: t.walletId }));
  const resetStats = () => control(sim, '/stats/reset', {});
  const stats = () => control<Stats>(sim, '/stats');

  async function expectRewardsAsTruth(t: StakingTruth, users: Array<{ userId: string }> = stakeTracked()) {
    for (const [i, tw] of stakeTracked().entries()) {
      const expected = t.wallets.find((w) => w.address === tw.wallet.address)!.expected;
      const rows = await stored(users[i]?.userId ?? tw.userId, tw.wallet.address);
      expect({ wallet: tw.wallet.address, rows }).toEqual({
        wallet: tw.wallet.address,
        rows: [...(expected.rewards ?? [])].sort(byListing),
      });
    }
  }

  async function ledgerOf(tw: TrackedWallet): Promise<StoredRewardsLedger | null | undefined> {
    const w = await env.app.repositories.wallets.get(tw.userId, tw.walletId);
    return (w!.reconciliation?.details as { rewards?: StoredRewardsLedger | null } | undefined)?.rewards;
  }

  beforeAll(async () => {
    sim = await startSimulator({
      seed: 21,
      wallets: 8,
      txsPerWallet: 40,
      limits: { enabled: false },
      port: 0,
    });
    env = await createSyncEnv(sim, { unlimited: true, clock: () => new Date(Date.now() + offsetMs) });
    tracked = await trackByOwner(env.app, await truth(), 'staker');
  }, 60_000);
  afterAll(async () => {
    await env?.close();
    await sim?.close();
  });

  it('stores exactly the truth’s rewards per stake wallet and reconciles the rewards ledger', async () => {
    const t = await truth();
    expect(t.epochs).not.toBeNull();
    expect(stakeTracked().length).toBeGreaterThanOrEqual(2);
    await resetStats();
    const reports = await syncAll();
    const s = await stats();
    for (const [i, tw] of tracked.entries()) {
      const report = reports[i]!;
      if (tw.wallet.kind === 'payment') {
        expect(report.rewards, tw.wallet.address).toBeNull();
        continue;
      }
      expect(report.rewards?.read).toBe(true);
      expect(report.reconciliation?.status).toBe('matched');
      const ledger = await ledgerOf(tw);
      expect(ledger?.status, tw.wallet.address).toBe('matched');
    }
    await expectRewardsAsTruth(t);
    const types = new Set(t.wallets.flatMap((w) => (w.expected.rewards ?? []).map((r) => r.type)));
    expect([...types].sort()).toEqual(['leader', 'member', 'pool_deposit_refund']);
    // Initial read: rewards, history and MIRs, one page each here.
    const perStake = count(s, (e) => REWARDS_STAGE.includes(e)) / stakeTracked().length;
    expect(perStake).toBeLessThanOrEqual(3);
  });

  it('names pools from their metadata once for the whole system; a pool without readable metadata has none', async () => {
    const t = await truth();
    const rows = await env.app.repositories.stakingRewards.list(stakeTracked()[0]!.userId);
    const pools = new Map(t.pools.map((p) => [p.poolId, p]));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const p = pools.get(r.poolId!)!;
      expect({ pool: r.poolId, ticker: r.poolTicker }).toEqual({ pool: r.poolId, ticker: p.ticker });
    }
  });

  it('an idle re-sync within the epoch costs at most one request per wallet and reads no rewards', async () => {
    await resetStats();
    await syncAll();
    const s = await stats();
    expect(count(s, (e) => REWARDS_STAGE.includes(e))).toBe(0);
    expect(count(s, (e) => !SYSTEM_WIDE(e)) / tracked.length).toBeLessThanOrEqual(1);
  });

  it('a second user of the same stake accounts reads their rewards from the process’s listings: no request', async () => {
    const t = await truth();
    const stakes = t.wallets.filter((w) => w.kind === 'stake');
    const second = await addUserWithWallets(env.app, 'second-staker', stakes);
    await resetStats();
    for (const w of stakes)
      await env.app.sync.sync({ userId: second.userId, walletId: second.walletIds.get(w.address)! });
    const s = await stats();
    expect(count(s, (e) => REWARDS_STAGE.includes(e))).toBe(0);
    for (const w of stakes) {
      expect(await stored(second.userId, w.address)).toEqual([...(w.expected.rewards ?? [])].sort(byListing));
    }
  });

  it('the first re-sync after an epoch boundary reads each stake wallet’s rewards with at most 2 requests', async () => {
    await control(sim, '/epoch', { count: 1 });
    later();
    await resetStats();
    const reports = await syncAll();
    const s = await stats();
    const perStake = count(s, (e) => REWARDS_STAGE.includes(e)) / stakeTracked().length;
    expect(perStake).toBeGreaterThan(0);
    expect(perStake).toBeLessThanOrEqual(2);
    expect(reports.filter((r) => (r.rewards?.newRewards ?? 0) > 0).length).toBeGreaterThan(0);
    const t = await truth();
    await expectRewardsAsTruth(t);
    for (const tw of stakeTracked()) expect((await ledgerOf(tw))?.status).toBe('matched');
  });

  it('a rollback across an epoch boundary leaves no duplicate or missing reward', async () => {
    // Cross a boundary, sync, then roll the boundary block back and sync again.
    await control(sim, '/epoch', { count: 1 });
    later();
    await syncAll();
    const paid = await truth();
    await expectRewardsAsTruth(paid);
    await control(sim, '/rollback', { depth: 1 });
    const rolled = await truth();
    expect(rolled.epochs!.tip).toBe(paid.epochs!.tip - 1);
    later();
    await syncAll();
    await expectRewardsAsTruth(rolled);
    // And across it again: the boundary pays anew.
    await control(sim, '/epoch', { count: 1 });
    later();
    await syncAll();
    await expectRewardsAsTruth(await truth());
    for (const tw of stakeTracked()) expect((await ledgerOf(tw))?.status).toBe('matched');
  });

  it('a SIGKILL mid rewards stage leaves the last complete read; the rerun stores exactly the truth', async () => {
    await control(sim, '/epoch', { count: 1 });
    later();
    const t = await truth();
    const owner = stakeTracked()[0]!.wallet.owner;
    const owned = t.wallets.filter((w) => w.owner === owner);
    const target = owned.find((w) => w.kind === 'stake')!;
    const crash = await addUserWithWallets(env.app, 'rewards-crash', owned);
    const childEnv = { ...process.env, ...env.env, EPOCH_CHECK_MINUTES: '1' };
    const run = () =>
      new Promise<number | null>((resolve) => {
        const child = spawn(CLI, ['sync', target.address, '--user', 'rewards-crash', '--json'], {
          env: childEnv,
          stdio: 'ignore',
        });
        child.on('exit', (code) => resolve(code));
      });
    // The history page answers slowly: the kill lands after the rewards page, before the stage writes.
    await control(sim, '/faults', {
      kind: 'slow',
      delayMs: 3000,
      path: `/accounts/${target.address}/history`,
    });
    const before = (await stats()).byEndpoint['/accounts/{stake_address}/rewards'] ?? 0;
    const child = spawn(CLI, ['sync', target.address, '--user', 'rewards-crash', '--json'], {
      env: childEnv,
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let killed = false;
    const deadline = Date.now() + 60_000;
    while (!killed && Date.now() < deadline) {
      const answered = (await stats()).byEndpoint['/accounts/{stake_address}/rewards'] ?? 0;
      if (answered > before) killed = child.kill('SIGKILL');
      else await new Promise((r) => setTimeout(r, 5));
    }
    await exited;
    await fetch(`${sim.controlUrl}/faults`, { method: 'DELETE' });
    expect(killed).toBe(true);
    // Nothing of the interrupted read was written: the stage's write is one transaction.
    expect(await stored(crash.userId, target.address)).toEqual([]);
    expect(await run()).toBe(0);
    // A second run is idle for rewards and changes nothing.
    expect(await run()).toBe(0);
    const rows = await stored(crash.userId, target.address);
    expect(rows).toEqual([...(target.expected.rewards ?? [])].sort(byListing));
    const keys = await env.db.prisma.stakingReward.findMany({
      where: { userId: crash.userId, walletAddress: target.address },
      select: { sourceKey: true },
    });
    expect(new Set(keys.map((k) => k.sourceKey)).size).toBe(keys.length);
  }, 120_000);
});
