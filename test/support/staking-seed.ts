import { Decimal } from 'decimal.js';
import type { Repositories } from '../../src/db/repositories/index.js';
import type { SqlPool } from '../../src/db/prisma-client.js';
import { PgPriceRepository } from '../../src/db/repositories/pg-price-repository.js';
import { epochStartTime } from '../../src/domain/staking/epoch-clock.js';
import { checkRewardsLedger, type RewardsLedgerResult } from '../../src/domain/staking/rewards-ledger.js';
import { mirKey, rewardKey } from '../../src/domain/staking/reward-records.js';
import type {
  EpochRef,
  RewardType,
  StakeEpochEntry,
  StakingRewardRecord,
} from '../../src/domain/staking/staking-types.js';

/**
 * What the rewards stage of a sync would have written for one stake wallet, written through the
 * repositories (the sync does not store rewards yet). Shared by the API integration test and the
 * browser test so both check the same figures.
 *
 * Seven rewards over two calendar years: member rewards of epochs 598–603 from three pools (one with a
 * ticker, one whose name needs CSV quoting and a formula guard, one without readable metadata) and a MIR.
 * ADA/USD prices exist only from 2025-12-20 to 2026-01-11, so the reward of epoch 598 (spendable
 * 2025-12-17) has no price: it is counted as unpriced, never as zero.
 */

const SECONDS_PER_EPOCH = 432_000;
/** Epoch 604 as a mainnet epoch would be read from `/epochs/latest` (5-day epochs: 73 a year). */
export const EPOCH_604: EpochRef = {
  epoch: 604,
  startTime: Date.UTC(2026, 0, 6, 21, 44, 51) / 1000,
  endTime: Date.UTC(2026, 0, 6, 21, 44, 51) / 1000 + SECONDS_PER_EPOCH,
};

export const POOL_NUTS = 'pool1pu5jlj4q9w9jlxeu370a3c9myx47md5j5m2str0naunn2q3lkdy';
/** Registered metadata that could not be read: shows its pool id. */
export const POOL_BROKEN = 'pool1qqqqqdefmmnfkjg6qzcl8aqr9p4u2pm5xqtk8ynx85cmjhmde5r';
/** Name only (no ticker), with a comma, quotes and a leading `=` (the CSV must quote and defuse it). */
export const POOL_QUOTED = 'pool1z5uqdk7dzdxaae5633fqfcu2eqzy3a3rgtuvy087fdld7yws5xt';
export const POOL_QUOTED_NAME = '=Nuts, "Fair" Pool';

export const ACTIVE_STAKE = 10_000_000_000n;

interface SeedReward {
  epoch: number;
  pool: string | null;
  type: RewardType;
  amount: bigint;
}

export const SEEDED_REWARDS: readonly SeedReward[] = [
  { epoch: 598, pool: POOL_NUTS, type: 'member', amount: 1_234_567n },
  { epoch: 599, pool: POOL_QUOTED, type: 'member', amount: 2_000_001n },
  { epoch: 600, pool: POOL_NUTS, type: 'member', amount: 1_987_654n },
  { epoch: 600, pool: null, type: 'mir', amount: 5_000_000n },
  { epoch: 601, pool: POOL_NUTS, type: 'member', amount: 2_100_000n },
  { epoch: 602, pool: POOL_BROKEN, type: 'member', amount: 1_900_003n },
  { epoch: 603, pool: POOL_BROKEN, type: 'member', amount: 1_850_000n },
];

const day = (t: Date) => t.toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

/** ADA/USD on each day from 2025-12-20 to 2026-01-11 (distinct on every day). */
export const ADA_USD: ReadonlyMap<string, Decimal> = new Map(
  Array.from({ length: 23 }, (_, i) => {
    const d = new Date(Date.UTC(2025, 11, 20) + i * DAY_MS);
    return [day(d), new Decimal(`0.9${String(i).padStart(2, '0')}123`)] as const;
  }),
);

/** A MIR pays at the end of its transaction's epoch: spendable one epoch on, no pool. */
function toRecord(r: SeedReward): StakingRewardRecord {
  const spendableEpoch = r.epoch + (r.type === 'mir' ? 1 : 2);
  const txHash = r.type === 'mir' ? 'c0'.repeat(32) : null;
  return {
    sourceKey:
      r.type === 'mir'
        ? mirKey({ txHash: txHash! })
        : rewardKey({ epoch: r.epoch, type: r.type, poolId: r.pool! }),
    epoch: r.epoch,
    spendableEpoch,
    spendableAt: new Date(epochStartTime(EPOCH_604, spendableEpoch) * 1000),
    type: r.type,
    poolId: r.pool,
    amount: r.amount,
    activeStake: r.type === 'mir' ? null : ACTIVE_STAKE,
    txHash,
  };
}

export const SEEDED_RECORDS: readonly StakingRewardRecord[] = SEEDED_REWARDS.map(toRecord);

/** The account's stake per epoch: delegated to the pool that paid it, then to the broken pool. */
export const SEEDED_HISTORY: readonly StakeEpochEntry[] = [598, 599, 600, 601, 602, 603, 604].map((e) => ({
  activeEpoch: e,
  activeStake: ACTIVE_STAKE,
  poolId: SEEDED_REWARDS.find((r) => r.epoch === e && r.pool)?.pool ?? POOL_BROKEN,
}));

/** NUTS's result in epoch 600: 4 % to its delegators before fees of 0.1 %. */
export const NUTS_EPOCH_600 = {
  epoch: 600,
  activeStake: 10n ** 13n,
  rewards: 5_479_452_054n,
  fees: 5_479_452n,
  blocks: 12,
  delegators: 900,
};

/**
 * The ledger of the last reconciliation: 10 ADA withdrawn, the chain holds 1 ADA more than the stored
 * rewards explain; epoch 597 (staked, old enough to have paid, no reward stored) explains the gap.
 */
export function seededLedger(): RewardsLedgerResult {
  const rewards = SEEDED_REWARDS.filter((r) => r.type !== 'mir').reduce((s, r) => s + r.amount, 0n);
  const mirs = SEEDED_REWARDS.filter((r) => r.type === 'mir').reduce((s, r) => s + r.amount, 0n);
  return checkRewardsLedger({
    rewardsLovelace: rewards,
    mirLovelace: mirs,
    withdrawnLovelace: 10_000_000n,
    withdrawableLovelace: rewards + mirs - 10_000_000n + 1_000_000n,
    rewardEpochs: new Set(SEEDED_REWARDS.map((r) => r.epoch)),
    history: [{ activeEpoch: 597, activeStake: ACTIVE_STAKE, poolId: POOL_NUTS }, ...SEEDED_HISTORY],
    currentEpoch: 604,
  });
}

/** The pools (shared chain data), the chain epoch and the ADA/USD prices. Once per database. */
export async function seedStakingChainData(repos: Repositories, sql: SqlPool): Promise<void> {
  const at = new Date(EPOCH_604.startTime * 1000);
  await repos.stakePools.saveEpoch(EPOCH_604, at);
  await repos.stakePools.saveMetadata(
    { poolId: POOL_NUTS, ticker: 'NUTS', name: 'Stake Nuts', homepage: null, error: null },
    at,
  );
  await repos.stakePools.saveMetadata(
    { poolId: POOL_QUOTED, ticker: null, name: POOL_QUOTED_NAME, homepage: null, error: null },
    at,
  );
  await repos.stakePools.saveMetadata(
    {
      poolId: POOL_BROKEN,
      ticker: null,
      name: null,
      homepage: null,
      error: 'HASH_MISMATCH: metadata hash does not match',
    },
    at,
  );
  await repos.stakePools.saveHistory(POOL_NUTS, [NUTS_EPOCH_600], 604, at);
  await new PgPriceRepository(sql).upsertDaily(
    [...ADA_USD].map(([d, price]) => ({ unit: 'lovelace', currency: 'USD', day: d, price, source: 'csv' })),
  );
}

/** One stake wallet's rewards, stake history and reconciliation, as the rewards stage writes them. */
export async function seedStakeWallet(
  repos: Repositories,
  userId: string,
  walletId: string,
  address: string,
): Promise<void> {
  await repos.stakingRewards.write(userId, walletId, address, {
    rewards: [...SEEDED_RECORDS],
    history: [...SEEDED_HISTORY],
    replaceHistory: true,
    rewardsEpoch: 604,
  });
  const ledger = seededLedger();
  await repos.wallets.setReconciliation(userId, walletId, {
    status: 'matched',
    computedLovelace: '0',
    chainLovelace: '0',
    differenceLovelace: '0',
    checkedAt: new Date(EPOCH_604.startTime * 1000).toISOString(),
    details: { rewards: ledger },
  });
}

/** Value at receipt, exactly: lovelace ÷ 10⁶ × ADA/USD of the spendable day; null when unpriced. */
export function expectedUsdValue(record: StakingRewardRecord): string | null {
  const price = ADA_USD.get(day(record.spendableAt));
  return price ? new Decimal(record.amount.toString()).div(1e6).times(price).toFixed() : null;
}
