import { LOVELACE } from '../prices/price-types.js';
import { localDay } from '../valuation/as-of.js';
import {
  EXACT_ZERO,
  exactPlus,
  exactText,
  valueOfQuantity,
  type ExactAmount,
} from '../valuation/exact-amount.js';
import type { PriceBook, UnpricedReason } from '../valuation/price-book.js';
import { dayOf, dayText } from '../valuation/utc-day.js';
import type { RewardType } from './staking-types.js';
import { annualisedYield, poolAnnualisedYield } from './staking-yield.js';

export interface RewardToReport {
  walletAddress: string;
  epoch: number;
  spendableEpoch: number;
  spendableAt: Date;
  type: RewardType;
  poolId: string | null;
  poolTicker: string | null;
  poolName: string | null;
  amount: bigint;
  activeStake: bigint | null;
}

export interface PoolEpochFigures {
  rewards: bigint;
  fees: bigint;
  activeStake: bigint;
}

export interface ReportedReward {
  walletAddress: string;
  epoch: number;
  spendableEpoch: number;
  spendableAt: string;
  type: RewardType;
  poolId: string | null;
  /** Ticker, else name, else the pool id (a pool without readable metadata shows its id). */
  poolLabel: string | null;
  amountLovelace: string;
  /** ADA per unit of `currency` on the day it became spendable; null (with `unpricedReason`) if unknown. */
  price: string | null;
  /** Value at receipt in `currency`; never a silent zero: null when unpriced. */
  value: string | null;
  priceDate: string | null;
  unpricedReason: UnpricedReason | null;
  activeStakeLovelace: string | null;
  /** reward ÷ active stake × epochs per year (decimal fraction), null when the stake is unknown. */
  annualisedYield: string | null;
  poolAnnualisedYield: string | null;
}

export interface RewardTotal {
  count: number;
  amountLovelace: string;
  /** Σ of the priced rewards; null when there are rewards and none of them is priced ('0' for none). */
  value: string | null;
  unpriced: number;
}

export interface StakingReport {
  currency: string;
  rewards: ReportedReward[];
  byEpoch: Array<
    RewardTotal & { epoch: number; annualisedYield: string | null; poolAnnualisedYield: string | null }
  >;
  byPool: Array<RewardTotal & { poolId: string | null; poolLabel: string | null }>;
  /** Calendar years of the spendable time in the user's time zone. */
  byYear: Array<RewardTotal & { year: number }>;
  total: RewardTotal;
}

class Tally {
  count = 0;
  amount = 0n;
  value: ExactAmount = EXACT_ZERO;
  priced = 0;
  /** Member rewards and the stake that earned them, per wallet (the yield's two sides). */
  memberAmount = 0n;
  stakes = new Map<string, bigint>();
  poolYield: string | null = null;

  add(amount: bigint, value: ExactAmount | null): void {
    this.count++;
    this.amount += amount;
    if (value) {
      this.value = exactPlus(this.value, value);
      this.priced++;
    }
  }

  addMember(wallet: string, amount: bigint, stake: bigint | null): void {
    if (stake === null) return;
    this.memberAmount += amount;
    this.stakes.set(wallet, stake);
  }

  yieldOf(epochsPerYear: number): string | null {
    let stake = 0n;
    for (const s of this.stakes.values()) stake += s;
    return annualisedYield(this.memberAmount, stake, epochsPerYear);
  }

  total(): RewardTotal {
    return {
      count: this.count,
      amountLovelace: this.amount.toString(),
      // No rewards at all is worth exactly 0 (like an empty portfolio); rewards none of which has a
      // price are worth an unknown amount, which must not read as 0.
      value: this.priced > 0 || this.count === 0 ? exactText(this.value) : null,
      unpriced: this.count - this.priced,
    };
  }
}

const poolLabel = (r: RewardToReport) => r.poolTicker ?? r.poolName ?? r.poolId;

function tallyOf<K>(map: Map<K, Tally>, key: K): Tally {
  let t = map.get(key);
  if (!t) map.set(key, (t = new Tally()));
  return t;
}

/**
 * Staking income: every reward valued at the day it became spendable (when it is income), with its
 * yield against the pool's, and totals per epoch, pool and year. Pure: the caller loads the rows, the
 * price book and the pools' results.
 */
export function buildStakingReport(input: {
  rewards: readonly RewardToReport[];
  book: PriceBook;
  currency: string;
  epochsPerYear: number;
  /** Pool results by pool id, then epoch. */
  poolResults: ReadonlyMap<string, ReadonlyMap<number, PoolEpochFigures>>;
  timeZone?: string;
}): StakingReport {
  const { book, currency, epochsPerYear } = input;
  const total = new Tally();
  const byEpoch = new Map<number, Tally>();
  const byPool = new Map<string | null, Tally & { label?: string | null }>();
  const byYear = new Map<number, Tally>();
  const rewards: ReportedReward[] = input.rewards.map((r) => {
    const p = book.exactPriceOf(LOVELACE, currency, dayOf(r.spendableAt));
    const value = p.exact ? valueOfQuantity(r.amount, 6, p.exact) : null;
    const pool = r.poolId ? input.poolResults.get(r.poolId)?.get(r.epoch) : undefined;
    const poolYield = pool ? poolAnnualisedYield(pool, epochsPerYear) : null;
    total.add(r.amount, value);
    const e = tallyOf(byEpoch, r.epoch);
    e.add(r.amount, value);
    if (r.type === 'member') e.addMember(r.walletAddress, r.amount, r.activeStake);
    if (poolYield) e.poolYield = poolYield;
    const pt = tallyOf(byPool, r.poolId) as Tally & { label?: string | null };
    pt.label ??= poolLabel(r);
    pt.add(r.amount, value);
    tallyOf(byYear, Number(localDay(r.spendableAt, input.timeZone).slice(0, 4))).add(r.amount, value);
    return {
      walletAddress: r.walletAddress,
      epoch: r.epoch,
      spendableEpoch: r.spendableEpoch,
      spendableAt: r.spendableAt.toISOString(),
      type: r.type,
      poolId: r.poolId,
      poolLabel: poolLabel(r),
      amountLovelace: r.amount.toString(),
      price: p.exact ? exactText(p.exact) : null,
      value: value ? exactText(value) : null,
      priceDate: p.priceDay !== undefined ? dayText(p.priceDay) : null,
      unpricedReason: p.exact ? null : p.reason,
      activeStakeLovelace: r.activeStake?.toString() ?? null,
      annualisedYield: r.type === 'member' ? annualisedYield(r.amount, r.activeStake, epochsPerYear) : null,
      poolAnnualisedYield: poolYield,
    };
  });
  return {
    currency,
    rewards,
    byEpoch: [...byEpoch]
      .sort(([a], [b]) => a - b)
      .map(([epoch, t]) => ({
        epoch,
        ...t.total(),
        annualisedYield: t.yieldOf(epochsPerYear),
        poolAnnualisedYield: t.poolYield,
      })),
    byPool: [...byPool]
      .map(([poolId, t]) => ({ poolId, poolLabel: t.label ?? poolId, ...t.total() }))
      // Largest first; equal amounts by label so the order does not depend on the rows' order.
      .sort((a, b) => {
        const d = BigInt(b.amountLovelace) - BigInt(a.amountLovelace);
        if (d !== 0n) return d > 0n ? 1 : -1;
        return (a.poolLabel ?? '').localeCompare(b.poolLabel ?? '');
      }),
    byYear: [...byYear].sort(([a], [b]) => a - b).map(([year, t]) => ({ year, ...t.total() })),
    total: total.total(),
  };
}
