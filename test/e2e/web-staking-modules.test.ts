import { describe, expect, it } from 'vitest';
import type { StakingReward, Transaction } from '../../web/src/api/types.js';
import { formatYield } from '../../web/src/format/money.js';
import { filterMatchesRewards, mergeActivity, STAKING_INCOME } from '../../web/src/staking/activity.js';
import { epochPoints, hasYields } from '../../web/src/staking/epoch-points.js';
import { labelIsPoolId, poolText } from '../../web/src/staking/reward-labels.js';

/** The Staking page's pure modules: yields as percent, the history merge, chart points, pool labels. */

const tx = (id: string, timestamp: string): Transaction => ({
  id,
  walletAddress: 'addr1',
  txHash: id.repeat(64).slice(0, 64),
  blockHeight: 1,
  timestamp,
  action: 'receive',
  protocol: null,
  description: null,
  netAdaChange: '1',
  fees: '0',
  actionId: null,
  flows: [],
});

const reward = (epoch: number, spendableAt: string): StakingReward => ({
  walletAddress: 'stake1',
  epoch,
  spendableEpoch: epoch + 2,
  spendableAt,
  type: 'member',
  poolId: 'pool1a',
  poolLabel: 'AAA',
  amountLovelace: '1000000',
  price: null,
  value: null,
  priceDate: null,
  unpricedReason: 'no_source',
  activeStakeLovelace: null,
  annualisedYield: null,
  poolAnnualisedYield: null,
});

describe('yield formatting (exact, from decimal fractions)', () => {
  it('moves the point two places and rounds half up, without floats', () => {
    expect(formatYield('0.0145099')).toBe('1.45%');
    expect(formatYield('0.03996')).toBe('4.00%');
    expect(formatYield('0.045')).toBe('4.50%');
    expect(formatYield('0.00005')).toBe('0.01%');
    expect(formatYield('12.5')).toBe('1,250.00%');
    expect(formatYield('0')).toBe('0.00%');
    // Decimal.js prints tiny numbers with an exponent.
    expect(formatYield('1.2e-7')).toBe('0.00%');
    expect(formatYield('5e-3')).toBe('0.50%');
    expect(formatYield(null)).toBe('—');
    expect(formatYield('n/a')).toBe('n/a');
  });
});

describe('rewards in the activity history', () => {
  const txs = [tx('b', '2026-01-10T00:00:00.000Z'), tx('a', '2026-01-05T00:00:00.000Z')];
  const rewards = [
    reward(1, '2026-01-01T00:00:00.000Z'),
    reward(2, '2026-01-06T00:00:00.000Z'),
    reward(3, '2026-01-12T00:00:00.000Z'),
  ];
  const kinds = (items: ReturnType<typeof mergeActivity>['items']) =>
    items.map((i) => (i.kind === 'tx' ? i.tx.id : `r${i.reward.epoch}`));

  it('interleaves newest first; rewards older than the loaded page wait for the next page', () => {
    const partial = mergeActivity(txs, rewards, { complete: false });
    expect(kinds(partial.items)).toEqual(['r3', 'b', 'r2', 'a']);
    expect([partial.shownRewards, partial.heldBack]).toEqual([2, 1]);
    const complete = mergeActivity(txs, rewards, { complete: true });
    expect(kinds(complete.items)).toEqual(['r3', 'b', 'r2', 'a', 'r1']);
    // Rewards only (the Staking income filter): all of them.
    expect(kinds(mergeActivity([], rewards, { complete: true }).items)).toEqual(['r3', 'r2', 'r1']);
  });

  it('gives every row a unique key, even two rewards of one epoch and type', () => {
    const twin = [reward(5, '2026-01-01T00:00:00.000Z'), reward(5, '2026-01-01T00:00:00.000Z')];
    const keys = mergeActivity([], twin, { complete: true }).items.map((i) => i.key);
    expect(new Set(keys).size).toBe(2);
  });

  it('matches rewards only for filters an ADA income without protocol can meet', () => {
    const none = { action: '', protocol: '', token: '' };
    expect(filterMatchesRewards(none)).toBe(true);
    expect(filterMatchesRewards({ ...none, action: STAKING_INCOME })).toBe(true);
    expect(filterMatchesRewards({ ...none, token: 'lovelace' })).toBe(true);
    expect(filterMatchesRewards({ ...none, action: 'receive' })).toBe(false);
    expect(filterMatchesRewards({ ...none, protocol: 'minswap' })).toBe(false);
    expect(filterMatchesRewards({ ...none, token: 'abc' })).toBe(false);
  });
});

describe('staking chart points and pool labels', () => {
  it('keeps exact figures beside the chart numbers; unpriced has no value bar', () => {
    const points = epochPoints([
      {
        epoch: 600,
        count: 2,
        amountLovelace: '6987654',
        value: '6.3123',
        unpriced: 0,
        annualisedYield: '0.0145099',
        poolAnnualisedYield: '0.03996',
      },
      {
        epoch: 601,
        count: 1,
        amountLovelace: '1',
        value: null,
        unpriced: 1,
        annualisedYield: null,
        poolAnnualisedYield: null,
      },
    ]);
    expect(points[0]).toMatchObject({
      ada: 6.987654,
      valueNumber: 6.3123,
      lovelace: '6987654',
      value: '6.3123',
    });
    expect(points[0]!.yieldPercent).toBeCloseTo(1.45099, 6);
    expect(points[1]).toMatchObject({ ada: 0.000001, valueNumber: null, yieldPercent: null });
    expect(hasYields(points)).toBe(true);
    expect(hasYields(points.slice(1))).toBe(false);
  });

  it('shows the ticker or name, else the pool id; no pool for a MIR', () => {
    expect(poolText({ poolId: 'pool1a', poolLabel: 'AAA' })).toBe('AAA');
    expect(poolText({ poolId: 'pool1a', poolLabel: 'pool1a' })).toBe('pool1a');
    expect(poolText({ poolId: 'pool1a', poolLabel: null })).toBe('pool1a');
    expect(poolText({ poolId: null, poolLabel: null })).toBe('No pool');
    expect(labelIsPoolId({ poolId: 'pool1a', poolLabel: 'pool1a' })).toBe(true);
    expect(labelIsPoolId({ poolId: 'pool1a', poolLabel: 'AAA' })).toBe(false);
    expect(labelIsPoolId({ poolId: null, poolLabel: null })).toBe(false);
  });
});
