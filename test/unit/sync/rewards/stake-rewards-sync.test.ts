import { beforeEach, describe, expect, it } from 'vitest';
import { RequestCounter } from '../../../../src/chain/request-counter.js';
import { EpochCache } from '../../../../src/sync/rewards/epoch-cache.js';
import { PoolDirectory } from '../../../../src/sync/rewards/pool-directory.js';
import { StakeRewardsSync, type RewardsTarget } from '../../../../src/sync/rewards/stake-rewards-sync.js';
import { FakeRewardsChain, MemoryPoolStore, MemoryRewardStore } from './fakes.js';

const POOL = 'pool1aaa';

function setup() {
  let now = new Date('2026-12-06T00:00:00Z');
  const chain = new FakeRewardsChain();
  const store = new MemoryRewardStore();
  const pools = new MemoryPoolStore();
  chain.pools.set(POOL, { poolId: POOL, ticker: 'AAA', name: 'Pool A', homepage: null, error: null });
  const sync = new StakeRewardsSync({
    source: chain,
    store,
    epochs: new EpochCache(pools, 600_000, () => now),
    pools: new PoolDirectory(pools, () => now),
  });
  const target = (): RewardsTarget & { counter: RequestCounter } => ({
    userId: 'u',
    walletId: 'w',
    stakeAddress: 'stake1x',
    counter: new RequestCounter(),
  });
  const advance = (ms: number) => (now = new Date(now.getTime() + ms));
  return { chain, store, pools, sync, target, advance };
}

/** Epochs `from`..`to` of member rewards (1,000 + epoch lovelace each) and history. */
function earn(chain: FakeRewardsChain, from: number, to: number) {
  for (let e = from; e <= to; e++) {
    chain.rewardList.push({ epoch: e, amount: 1000n + BigInt(e), poolId: POOL, type: 'member' });
    chain.historyList.push({ activeEpoch: e, activeStake: 5_000_000_000n, poolId: POOL });
  }
}

describe('StakeRewardsSync', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('stores every reward and the stake of its epoch on the first read', async () => {
    earn(t.chain, 300, 498); // 199 rewards: two pages
    const target = t.target();
    const r = await t.sync.read(target);
    expect(r).toMatchObject({ read: true, newRewards: 199, fullRead: true, epoch: 500 });
    expect(t.store.rows.size).toBe(199);
    expect([...t.store.rows.values()].every((x) => x.activeStake === 5_000_000_000n)).toBe(true);
    expect(t.pools.meta.get(POOL)?.ticker).toBe('AAA');
    // epoch, 2 reward pages, 2 history pages, mirs; the pool once (metadata + history)
    expect(target.counter.snapshot()).toMatchObject({
      '/epochs/latest': 1,
      '/accounts/{stake_address}/rewards': 2,
      '/accounts/{stake_address}/history': 2,
      '/accounts/{stake_address}/mirs': 1,
    });
  });

  it('makes no request at all while the epoch has not changed', async () => {
    earn(t.chain, 480, 498);
    await t.sync.read(t.target());
    const again = t.target();
    const r = await t.sync.read(again);
    expect(r.read).toBe(false);
    expect(again.counter.total).toBe(0);
  });

  it('after an epoch boundary reads one page of rewards and one of history, only the new entries', async () => {
    earn(t.chain, 350, 498); // 149 stored: the new one lands on page 2, which stays short
    await t.sync.read(t.target());
    earn(t.chain, 499, 499);
    t.chain.epoch = {
      epoch: 501,
      startTime: t.chain.epoch.endTime,
      endTime: t.chain.epoch.endTime + 432_000,
    };
    t.advance(700_000); // past the epoch cache's ttl
    const target = t.target();
    const r = await t.sync.read(target);
    expect(r).toMatchObject({ read: true, newRewards: 1, fullRead: false, epoch: 501 });
    const wallet = target.counter.snapshot();
    expect(wallet['/accounts/{stake_address}/rewards']).toBe(1);
    expect(wallet['/accounts/{stake_address}/history']).toBe(1);
    expect(wallet['/accounts/{stake_address}/mirs']).toBeUndefined();
    expect(t.store.rows.size).toBe(150);
  });

  it('reads everything again and replaces what changed when the stored part of the page differs', async () => {
    earn(t.chain, 450, 498);
    await t.sync.read(t.target());
    // The boundary that paid epoch 498 was rolled back and paid again with another amount.
    t.chain.rewardList[t.chain.rewardList.length - 1]!.amount = 7n;
    t.chain.rewardList.splice(t.chain.rewardList.length - 1, 1, {
      epoch: 498,
      amount: 7n,
      poolId: POOL,
      type: 'leader',
    });
    t.chain.epoch = { ...t.chain.epoch, epoch: 501 };
    t.advance(700_000);
    const r = await t.sync.read(t.target());
    expect(r.fullRead).toBe(true);
    expect([...t.store.rows.keys()]).not.toContain('reward:498:member:pool1aaa');
    expect(t.store.rows.get('reward:498:leader:pool1aaa')?.amount).toBe(7n);
    expect(t.store.rows.size).toBe(49);
  });

  it('after a rollback back over epoch boundaries, drops the rewards those boundaries paid on the next read', async () => {
    earn(t.chain, 450, 498);
    await t.sync.read(t.target(), { knownEpoch: null });
    // The chain rolls back to epoch 497: the boundaries that paid epochs 496..498 are undone.
    t.chain.rewardList.splice(-3, 3);
    t.chain.epoch = {
      epoch: 497,
      startTime: t.chain.epoch.startTime - 3 * 432_000,
      endTime: t.chain.epoch.startTime - 2 * 432_000,
    };
    // Within the epoch check's interval the cached epoch (500) still stands: nothing is read.
    expect((await t.sync.read(t.target(), { knownEpoch: 500 })).read).toBe(false);
    await t.sync.chainRolledBack();
    const target = t.target();
    const r = await t.sync.read(target, { knownEpoch: 500 });
    expect(r).toMatchObject({ read: true, epoch: 497, fullRead: true });
    expect(target.counter.snapshot()['/epochs/latest']).toBe(1);
    expect(t.store.rows.size).toBe(46);
    expect([...t.store.rows.keys()]).not.toContain('reward:496:member:pool1aaa');
  });

  it('checks the rewards ledger and repairs a gap by reading everything again once', async () => {
    earn(t.chain, 490, 498);
    t.chain.mirList.push({
      txHash: 'ab'.repeat(32),
      amount: 500n,
      blockHeight: 1,
      blockTime: t.chain.epoch.startTime,
    });
    await t.sync.read(t.target());
    t.store.withdrawn = 3_000n;
    const sum = t.chain.rewardList.reduce((s, r) => s + r.amount, 0n) + 500n - 3_000n;
    const ok = await t.sync.checkLedger(t.target(), sum);
    expect(ok).toMatchObject({ status: 'matched', differenceLovelace: '0', repaired: false });

    // A reward the stored listing lacks (stored rows lost): the repair brings it back.
    t.store.rows.delete('reward:495:member:pool1aaa');
    const target = t.target();
    const fixed = await t.sync.checkLedger(target, sum);
    expect(fixed).toMatchObject({ repaired: true, status: 'matched' });
    expect(target.counter.snapshot()['/accounts/{stake_address}/mirs']).toBe(1);

    // A gap the chain itself cannot explain stays a mismatch naming the epochs without a reward.
    t.chain.rewardList = t.chain.rewardList.filter((r) => r.epoch !== 493);
    t.store.rows.delete('reward:493:member:pool1aaa');
    const gap = await t.sync.checkLedger(t.target(), sum);
    expect(gap).toMatchObject({ status: 'mismatch', repaired: true, gapEpochs: [493] });
    // The same gap in the same epoch is not read again.
    const quiet = t.target();
    const same = await t.sync.checkLedger(quiet, sum, gap);
    expect(same).toMatchObject({ status: 'mismatch', repaired: false });
    expect(quiet.counter.total).toBe(0);
  });

  it('a pool without readable metadata is stored with its error (shown by id), and does not fail the read', async () => {
    t.chain.pools.set(POOL, null);
    earn(t.chain, 490, 491);
    const r = await t.sync.read(t.target());
    expect(r.read).toBe(true);
    expect(t.pools.meta.get(POOL)).toMatchObject({ ticker: null, metadataError: 'pool not found' });
  });
});
