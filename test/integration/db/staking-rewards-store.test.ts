import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestCounter } from '../../../src/chain/request-counter.js';
import { createRepositories, type Repositories } from '../../../src/db/repositories/index.js';
import { EpochCache } from '../../../src/sync/rewards/epoch-cache.js';
import { PoolDirectory } from '../../../src/sync/rewards/pool-directory.js';
import { StakeRewardsSync } from '../../../src/sync/rewards/stake-rewards-sync.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { FakeRewardsChain } from '../../unit/sync/rewards/fakes.js';

/**
 * The rewards reader on the real repositories (PostgreSQL): the one-statement write, replace on a
 * changed listing, totals with the withdrawals of the wallet's records, scoping by user, pools shared.
 */
let db: TestDatabase;
let repos: Repositories;
let userA: string;
let userB: string;
let walletA: string;
const STAKE = 'stake1uxzutrtmxwv2rf2j3hdpps66ch0jydmkr58vwgnetddcdwg32u4rc';
const POOL = 'pool1pu5jlj4q9w9jlxeu370a3c9myx47md5j5m2str0naunn2q3lkdy';
const chain = new FakeRewardsChain();
let now = new Date('2026-12-06T00:00:00Z');
let sync: StakeRewardsSync;

beforeAll(async () => {
  db = await createTestDatabase();
  repos = createRepositories(db);
  userA = (await repos.users.findOrCreateByAddress('addr_test_a')).user.id;
  userB = (await repos.users.findOrCreateByAddress('addr_test_b')).user.id;
  walletA = (await repos.wallets.add(userA, { address: STAKE, kind: 'stake' })).id;
  await repos.wallets.add(userB, { address: STAKE, kind: 'stake' });
  chain.pools.set(POOL, { poolId: POOL, ticker: 'NUTS', name: 'Stake Nuts', homepage: null, error: null });
  for (let e = 400; e <= 498; e++) {
    chain.rewardList.push({ epoch: e, amount: 1_000_000n + BigInt(e), poolId: POOL, type: 'member' });
    chain.historyList.push({ activeEpoch: e, activeStake: 9_000_000_000n, poolId: POOL });
  }
  chain.poolResults.set(POOL, [
    { epoch: 498, activeStake: 10n ** 13n, rewards: 10n ** 10n, fees: 10n ** 8n, blocks: 3, delegators: 9 },
  ]);
  sync = new StakeRewardsSync({
    source: chain,
    store: repos.stakingRewards,
    epochs: new EpochCache(repos.stakePools, 600_000, () => now),
    pools: new PoolDirectory(repos.stakePools, () => now),
  });
});
afterAll(async () => {
  await db?.drop();
});

const target = (userId = userA, walletId = walletA) => ({
  userId,
  walletId,
  stakeAddress: STAKE,
  counter: new RequestCounter(),
});

describe('staking rewards on PostgreSQL', () => {
  it('stores every reward with its spendable time and stake, and the epoch it read up to', async () => {
    const r = await sync.read(target());
    expect(r).toMatchObject({ read: true, newRewards: 99, epoch: 500 });
    const rows = await repos.stakingRewards.list(userA);
    expect(rows).toHaveLength(99);
    expect(rows[0]).toMatchObject({
      epoch: 400,
      spendableEpoch: 402,
      amount: 1_000_400n,
      activeStake: 9_000_000_000n,
      poolTicker: 'NUTS',
    });
    expect(rows[0]!.spendableAt.getTime()).toBe((chain.epoch.startTime - 98 * 432_000) * 1000);
    expect((await db.prisma.wallet.findUnique({ where: { id: walletA } }))?.rewardsEpoch).toBe(500);
    const pool = (await repos.stakePools.pools([POOL])).get(POOL);
    expect(pool).toMatchObject({ ticker: 'NUTS', historyEpoch: 500, historyCount: 1 });
  });

  it("never shows one user's rewards to another, even for the same stake address", async () => {
    expect(await repos.stakingRewards.list(userB)).toHaveLength(0);
    expect((await repos.stakingRewards.totals(userB, STAKE)).count).toBe(0);
  });

  it('totals rewards and MIRs apart and takes withdrawals from the wallet records', async () => {
    await repos.transactions.upsertBatchWithCursor(
      userA,
      STAKE,
      [
        {
          txHash: 'aa'.repeat(32),
          blockHeight: 10,
          txTimestamp: new Date('2024-01-01T00:00:00Z'),
          txAction: 'reward_withdrawal',
          txProtocol: null,
          description: null,
          netAdaChange: 4_000_000n,
          fees: 170_000n,
          metadata: { deposit: '0', withdrawal: '4170000', txIndex: 0, failed: false },
          flows: [{ unit: 'lovelace', quantity: 4_000_000n }],
          action: null,
        },
      ],
      { walletId: walletA, blockHeight: 10, blockHash: 'bb'.repeat(32), syncedAt: now },
    );
    const totals = await repos.stakingRewards.totals(userA, STAKE);
    const expected = chain.rewardList.reduce((s, r) => s + r.amount, 0n);
    expect(totals).toEqual({
      count: 99,
      rewardsLovelace: expected,
      mirLovelace: 0n,
      withdrawnLovelace: 4_170_000n,
    });
  });

  it('replaces what a changed listing no longer has, in one write', async () => {
    chain.rewardList.splice(98, 1, { epoch: 498, amount: 5n, poolId: POOL, type: 'leader' });
    const r = await sync.read(target(), { full: true });
    expect(r.fullRead).toBe(true);
    const rows = await repos.stakingRewards.list(userA, { types: ['leader'] });
    expect(rows.map((x) => [x.epoch, x.amount])).toEqual([[498, 5n]]);
    expect(await repos.stakingRewards.list(userA)).toHaveLength(99);
  });

  it('a wallet removed takes its rewards and stake history with it', async () => {
    const other = await repos.wallets.add(userB, { address: 'stake1uother', kind: 'stake' });
    await repos.stakingRewards.write(userB, other.id, 'stake1uother', {
      rewards: [],
      history: [{ activeEpoch: 1, activeStake: 1n, poolId: POOL }],
      replaceHistory: false,
      rewardsEpoch: 1,
    });
    expect(await repos.stakingRewards.stakeHistory(userB, ['stake1uother'])).toHaveLength(1);
    await repos.wallets.remove(userB, other.id);
    expect(await repos.stakingRewards.stakeHistory(userB, ['stake1uother'])).toHaveLength(0);
  });

  it('reads the epoch once for the whole system while it is fresh', async () => {
    now = new Date(now.getTime() + 60_000);
    const t = target(userB, (await repos.wallets.getByAddress(userB, STAKE))!.id);
    await sync.read(t);
    expect(t.counter.snapshot()['/epochs/latest']).toBeUndefined();
    // The pool was read by user A's sync: not again.
    expect(t.counter.snapshot()['/pools/{pool_id}/metadata']).toBeUndefined();
  });
});
