import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { buildStakingReport, type RewardToReport } from '../../../../src/domain/staking/staking-report.js';
import { PriceBook } from '../../../../src/domain/valuation/price-book.js';
import { priceSeriesOf } from '../../../../src/domain/valuation/price-series.js';

const day = (d: string) => new Date(`${d}T00:00:00Z`);

function reward(over: Partial<RewardToReport>): RewardToReport {
  return {
    walletAddress: 'stake1a',
    epoch: 500,
    spendableEpoch: 502,
    spendableAt: day('2024-12-30'),
    type: 'member',
    poolId: 'pool1a',
    poolTicker: 'AAA',
    poolName: 'Pool A',
    amount: 1_000_000n,
    activeStake: 1_000_000_000n,
    ...over,
  };
}

const book = new PriceBook(
  priceSeriesOf([
    { unit: 'lovelace', currency: 'USD', day: '2024-12-30', price: new Decimal('0.9'), source: 'kraken' },
    { unit: 'lovelace', currency: 'USD', day: '2025-01-04', price: new Decimal('1.1'), source: 'kraken' },
  ]),
  [],
  { now: day('2025-02-01'), carryDays: 0 },
);

describe('staking report', () => {
  const rewards = [
    reward({}),
    reward({ epoch: 501, spendableEpoch: 503, spendableAt: day('2025-01-04'), amount: 2_500_000n }),
    // No price that day: unpriced, never 0.
    reward({ epoch: 502, spendableEpoch: 504, spendableAt: day('2025-01-09'), amount: 3_000_000n }),
    reward({
      epoch: 501,
      spendableEpoch: 503,
      spendableAt: day('2025-01-04'),
      type: 'leader',
      poolId: 'pool1b',
      poolTicker: null,
      poolName: null,
      amount: 500_000n,
      activeStake: null,
    }),
  ];
  const report = buildStakingReport({
    rewards,
    book,
    currency: 'USD',
    epochsPerYear: 73,
    poolResults: new Map([
      ['pool1a', new Map([[500, { rewards: 1_100n, fees: 100n, activeStake: 73_000n }]])],
    ]),
    timeZone: 'UTC',
  });

  it('values each reward at the price of the day it became spendable, exactly', () => {
    expect(report.rewards.map((r) => r.value)).toEqual(['0.9', '2.75', null, '0.55']);
    expect(report.rewards[2]).toMatchObject({ price: null, unpricedReason: 'stale' });
  });

  it('totals per year (in the time zone), pool and overall, counting the unpriced', () => {
    expect(report.byYear).toEqual([
      { year: 2024, count: 1, amountLovelace: '1000000', value: '0.9', unpriced: 0 },
      { year: 2025, count: 3, amountLovelace: '6000000', value: '3.3', unpriced: 1 },
    ]);
    expect(report.total).toEqual({ count: 4, amountLovelace: '7000000', value: '4.2', unpriced: 1 });
    // A pool without metadata is labelled with its id.
    expect(report.byPool.map((p) => [p.poolLabel, p.amountLovelace])).toEqual([
      ['AAA', '6500000'],
      ['pool1b', '500000'],
    ]);
  });

  it("gives each epoch's member yield against the pool's", () => {
    const e500 = report.byEpoch.find((e) => e.epoch === 500)!;
    // 1 ADA on 1,000 ADA in one epoch × 73 = 7.3 %; the pool gave (1,100 − 100) / 73,000 × 73 = 100 %.
    expect(e500).toMatchObject({ annualisedYield: '0.073', poolAnnualisedYield: '1' });
    // Epoch 501's leader reward does not count in the member yield: 2.5 ADA / 1,000 ADA × 73.
    expect(report.byEpoch.find((e) => e.epoch === 501)!.annualisedYield).toBe('0.1825');
    expect(report.rewards[3]!.annualisedYield).toBeNull();
  });

  it('a year in another time zone moves a reward spendable at midnight UTC', () => {
    const la = buildStakingReport({
      rewards: [reward({})],
      book,
      currency: 'USD',
      epochsPerYear: 73,
      poolResults: new Map(),
      timeZone: 'America/Los_Angeles',
    });
    expect(la.byYear[0]!.year).toBe(2024);
    const tokyo = buildStakingReport({
      rewards: [reward({ spendableAt: new Date('2024-12-31T20:00:00Z') })],
      book,
      currency: 'USD',
      epochsPerYear: 73,
      poolResults: new Map(),
      timeZone: 'Asia/Tokyo',
    });
    expect(tokyo.byYear[0]!.year).toBe(2025);
  });

  it('no rewards at all total exactly 0 (not unknown); equal pool totals order by label', () => {
    const none = buildStakingReport({
      rewards: [],
      book,
      currency: 'USD',
      epochsPerYear: 73,
      poolResults: new Map(),
    });
    expect(none.total).toEqual({ count: 0, amountLovelace: '0', value: '0', unpriced: 0 });
    const tied = buildStakingReport({
      rewards: [
        reward({ poolId: 'pool1z', poolTicker: 'ZZZ' }),
        reward({ poolId: 'pool1y', poolTicker: 'BBB' }),
      ],
      book,
      currency: 'USD',
      epochsPerYear: 73,
      poolResults: new Map(),
    });
    expect(tied.byPool.map((p) => p.poolLabel)).toEqual(['BBB', 'ZZZ']);
  });
});
