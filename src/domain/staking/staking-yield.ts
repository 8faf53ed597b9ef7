import { Decimal } from 'decimal.js';

/**
 * Effective annualised yield of one epoch: reward ÷ active stake × epochs per year, as a decimal
 * fraction string (0.0312 = 3.12 %); null when the stake is unknown or zero.
 */
export function annualisedYield(
  reward: bigint,
  activeStake: bigint | null,
  epochsPerYear: number,
): string | null {
  if (activeStake === null || activeStake <= 0n) return null;
  return new Decimal(reward.toString())
    .div(activeStake.toString())
    .mul(epochsPerYear)
    .toSignificantDigits(6)
    .toString();
}

/**
 * A pool's yield to its delegators in one epoch: (rewards − operator fees) ÷ active stake × epochs per
 * year. `fees` is what the operator kept (fixed cost + margin), so the rest went to the stake.
 */
export function poolAnnualisedYield(
  pool: { rewards: bigint; fees: bigint; activeStake: bigint },
  epochsPerYear: number,
): string | null {
  const toDelegators = pool.rewards - pool.fees;
  return annualisedYield(toDelegators < 0n ? 0n : toDelegators, pool.activeStake, epochsPerYear);
}
