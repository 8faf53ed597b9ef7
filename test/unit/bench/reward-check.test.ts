import { describe, expect, it } from 'vitest';
import { compareRewards, expectedRewards, type TruthReward } from '../../../bench/scale/reward-check.js';
import type { TruthWallet } from '../../../sim/truth/ground-truth.js';

const reward = (epoch: number, over: Partial<TruthReward> = {}): TruthReward => ({
  epoch,
  spendableEpoch: epoch + 2,
  amount: '1000000',
  poolId: 'pool1a',
  type: 'member',
  ...over,
});

function problems(expected: TruthReward[], stored: TruthReward[]): string[] {
  const out: string[] = [];
  compareRewards('u stake1x', expected, stored, (p) => out.push(p));
  return out;
}

describe('the truth check’s reward comparison', () => {
  it('finds nothing when the stored rewards are the truth’s, in any order', () => {
    const truth = [reward(500), reward(501), reward(501, { type: 'leader', amount: '7' })];
    expect(problems(truth, [...truth].reverse())).toEqual([]);
  });

  it('names a missing, an extra, a duplicated and an unequal reward', () => {
    const truth = [reward(500), reward(501), reward(502)];
    const stored = [
      reward(500),
      reward(500), // the same reward twice (another source key in the table)
      reward(501, { amount: '999999' }),
      reward(503),
    ];
    expect(problems(truth, stored)).toEqual([
      'duplicate reward u stake1x 500:member:pool1a',
      'unequal reward u stake1x 501:member:pool1a: stored [501,503,"member","pool1a","999999"] truth [501,503,"member","pool1a","1000000"]',
      'missing reward u stake1x 502:member:pool1a (1000000 lovelace)',
      'extra reward u stake1x 503:member:pool1a',
    ]);
  });

  it('a wrong spendable epoch or pool is a difference too', () => {
    expect(problems([reward(500)], [reward(500, { spendableEpoch: 501 })])).toHaveLength(1);
    expect(problems([reward(500)], [reward(500, { poolId: 'pool1b' })])).toEqual([
      'missing reward u stake1x 500:member:pool1a (1000000 lovelace)',
      'extra reward u stake1x 500:member:pool1b',
    ]);
  });

  it('expects no reward of a payment wallet, and leaves a stake account the truth has no rewards for unchecked', () => {
    const wallet = (kind: 'stake' | 'payment', rewards?: TruthReward[]) =>
      ({ kind, expected: { rewards } }) as unknown as TruthWallet;
    expect(expectedRewards(wallet('payment'))).toEqual([]);
    expect(expectedRewards(wallet('stake'))).toBeUndefined();
    expect(expectedRewards(wallet('stake', [reward(500)]))).toEqual([reward(500)]);
  });
});
