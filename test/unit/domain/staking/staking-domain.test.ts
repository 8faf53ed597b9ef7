import { describe, expect, it } from 'vitest';
import { epochAtTime, epochStartTime, epochsPerYear } from '../../../../src/domain/staking/epoch-clock.js';
import { newItemsAfterOverlap, resumePoint } from '../../../../src/domain/staking/listing-resume.js';
import { checkRewardsLedger } from '../../../../src/domain/staking/rewards-ledger.js';
import { mirKey, rewardKey, toRewardRecords } from '../../../../src/domain/staking/reward-records.js';
import { annualisedYield, poolAnnualisedYield } from '../../../../src/domain/staking/staking-yield.js';
import type { EpochRef } from '../../../../src/domain/staking/staking-types.js';

// Mainnet: epoch 208 (the first Shelley epoch) started at 1596059091; epochs last 432,000 s.
const EPOCH_500: EpochRef = {
  epoch: 500,
  startTime: 1596059091 + (500 - 208) * 432_000,
  endTime: 1596059091 + (501 - 208) * 432_000,
};

describe('epoch clock', () => {
  it("derives any Shelley epoch's start from one known epoch", () => {
    expect(epochStartTime(EPOCH_500, 208)).toBe(1596059091);
    expect(epochStartTime(EPOCH_500, 510)).toBe(EPOCH_500.startTime + 10 * 432_000);
  });
  it('finds the epoch of a time, boundaries included', () => {
    expect(epochAtTime(EPOCH_500, 1596059091)).toBe(208);
    expect(epochAtTime(EPOCH_500, 1596059091 - 1)).toBe(207);
    expect(epochAtTime(EPOCH_500, EPOCH_500.endTime)).toBe(501);
  });
  it('counts 73 epochs per year on 5-day epochs', () => {
    expect(epochsPerYear(EPOCH_500)).toBe(73);
  });
});

describe('reward records', () => {
  it('makes each reward spendable at the start of its epoch + 2, with the active stake of its epoch', () => {
    const [r] = toRewardRecords(
      [{ epoch: 498, amount: 1_234_567n, poolId: 'pool1a', type: 'member' }],
      [],
      new Map([[498, { activeEpoch: 498, activeStake: 10_000_000_000n, poolId: 'pool1a' }]]),
      EPOCH_500,
    );
    expect(r).toMatchObject({
      sourceKey: 'reward:498:member:pool1a',
      spendableEpoch: 500,
      spendableAt: new Date(EPOCH_500.startTime * 1000),
      amount: 1_234_567n,
      activeStake: 10_000_000_000n,
    });
  });
  it('makes a pool deposit refund spendable in the epoch it is listed under (paid at that boundary)', () => {
    const [r] = toRewardRecords(
      [{ epoch: 500, amount: 500_000_000n, poolId: 'pool1a', type: 'pool_deposit_refund' }],
      [],
      new Map(),
      EPOCH_500,
    );
    expect(r).toMatchObject({ spendableEpoch: 500, spendableAt: new Date(EPOCH_500.startTime * 1000) });
  });
  it('keys leader and member rewards of one epoch apart, MIRs by transaction', () => {
    expect(rewardKey({ epoch: 5, type: 'leader', poolId: 'p' })).not.toBe(
      rewardKey({ epoch: 5, type: 'member', poolId: 'p' }),
    );
    const [m] = toRewardRecords(
      [],
      [{ txHash: 'ab', amount: 5n, blockHeight: 1, blockTime: EPOCH_500.startTime + 10 }],
      new Map(),
      EPOCH_500,
    );
    expect(m).toMatchObject({
      sourceKey: mirKey({ txHash: 'ab' }),
      type: 'mir',
      epoch: 500,
      spendableEpoch: 501,
    });
  });
});

describe('rewards ledger', () => {
  const base = {
    rewardsLovelace: 1_000n,
    mirLovelace: 200n,
    withdrawnLovelace: 700n,
    rewardEpochs: new Set([498]),
    history: [
      { activeEpoch: 497, activeStake: 5n, poolId: 'p' },
      { activeEpoch: 498, activeStake: 5n, poolId: 'p' },
      { activeEpoch: 499, activeStake: 5n, poolId: 'p' },
    ],
    currentEpoch: 500,
  };
  it('matches when rewards + MIR − withdrawals = withdrawable', () => {
    const r = checkRewardsLedger({ ...base, withdrawableLovelace: 500n });
    expect(r).toMatchObject({
      status: 'matched',
      computedLovelace: '500',
      differenceLovelace: '0',
      gapEpochs: [],
    });
  });
  it('names the delegated epochs old enough to have paid that have no reward on a gap', () => {
    const r = checkRewardsLedger({ ...base, withdrawableLovelace: 600n });
    expect(r.status).toBe('mismatch');
    expect(r.differenceLovelace).toBe('100');
    // 499 has not paid yet (pays at 501); 498 has its reward.
    expect(r.gapEpochs).toEqual([497]);
  });
});

describe('listing resume', () => {
  it('resumes on the page holding the first new item', () => {
    expect(resumePoint(0, 100)).toEqual({ page: 1, overlap: 0 });
    expect(resumePoint(250, 100)).toEqual({ page: 3, overlap: 50 });
    expect(resumePoint(300, 100)).toEqual({ page: 4, overlap: 0 });
  });
  it('returns only the new items when the overlap is still stored, null when it changed', () => {
    const stored = new Set(['a', 'b']);
    expect(newItemsAfterOverlap(['a', 'b', 'c'], 2, stored, (x) => x)).toEqual(['c']);
    expect(newItemsAfterOverlap(['a', 'x', 'c'], 2, stored, (x) => x)).toBeNull();
    expect(newItemsAfterOverlap(['a'], 2, stored, (x) => x)).toBeNull();
  });
});

describe('yield', () => {
  it('annualises one epoch exactly', () => {
    // 0.0411 % per epoch × 73 = 3.0003 %
    expect(annualisedYield(411_000n, 1_000_000_000n, 73)).toBe('0.030003');
    expect(annualisedYield(5n, 0n, 73)).toBeNull();
    expect(annualisedYield(5n, null, 73)).toBeNull();
  });
  it("gives the pool's yield to delegators after the operator's fees", () => {
    expect(poolAnnualisedYield({ rewards: 1_100n, fees: 100n, activeStake: 73_000n }, 73)).toBe('1');
  });
});
