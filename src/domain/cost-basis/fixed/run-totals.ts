import type { CostBasisTotals } from '../result.js';
import type { FixedMoney } from './fixed-money.js';

/** `CostBasisTotals` during a run: the money totals in FixedMoney units. */
export type RunTotals = {
  [K in keyof CostBasisTotals]: CostBasisTotals[K] extends number ? number : bigint;
};

export function emptyRunTotals(): RunTotals {
  return {
    proceeds: 0n,
    cost: 0n,
    gain: 0n,
    shortTermGain: 0n,
    longTermGain: 0n,
    income: 0n,
    fees: 0n,
    feeBasisRemoved: 0n,
    unattachedFees: 0n,
    missingBasis: 0,
    missingPrice: 0,
    events: 0,
  };
}

/** The totals as results show them (same key order as ever). */
export function totalsOf(t: RunTotals, fm: FixedMoney): CostBasisTotals {
  return {
    proceeds: fm.toDecimal(t.proceeds),
    cost: fm.toDecimal(t.cost),
    gain: fm.toDecimal(t.gain),
    shortTermGain: fm.toDecimal(t.shortTermGain),
    longTermGain: fm.toDecimal(t.longTermGain),
    income: fm.toDecimal(t.income),
    fees: fm.toDecimal(t.fees),
    feeBasisRemoved: fm.toDecimal(t.feeBasisRemoved),
    unattachedFees: fm.toDecimal(t.unattachedFees),
    missingBasis: t.missingBasis,
    missingPrice: t.missingPrice,
    events: t.events,
  };
}

/** A checkpoint's totals back in a run's units. */
export function runTotalsOf(t: CostBasisTotals, fm: FixedMoney): RunTotals {
  return {
    proceeds: fm.fromDecimal(t.proceeds),
    cost: fm.fromDecimal(t.cost),
    gain: fm.fromDecimal(t.gain),
    shortTermGain: fm.fromDecimal(t.shortTermGain),
    longTermGain: fm.fromDecimal(t.longTermGain),
    income: fm.fromDecimal(t.income),
    fees: fm.fromDecimal(t.fees),
    feeBasisRemoved: fm.fromDecimal(t.feeBasisRemoved),
    unattachedFees: fm.fromDecimal(t.unattachedFees),
    missingBasis: t.missingBasis,
    missingPrice: t.missingPrice,
    events: t.events,
  };
}
