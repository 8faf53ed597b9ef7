import { EXACT_ZERO, exactPlus, exactText, exactTimes, type ExactAmount } from './exact-amount.js';
import type { PriceBook } from './price-book.js';

/** One token's holdings as change points over buckets (as the history's series, in base units). */
export interface QuantityChanges {
  unit: string;
  decimals: number;
  /** Bucket indexes where the quantity changed, ascending. */
  at: number[];
  /** Base units held from bucket `at[i]` until the next change (numbers only when exact integers). */
  quantities: readonly bigint[] | readonly number[];
}

export interface ValueSeries {
  currency: string;
  /**
   * Value of the priced holdings at the end of each bucket, exact decimal text; null where something
   * was held and none of it was priced (never a silent 0).
   */
  totals: Array<string | null>;
  /** How many held units had no price at each bucket (their value is not in `totals`). */
  unpriced: number[];
}

/**
 * Values the holdings at every bucket: Σ quantity × price of the bucket's valuation day
 * (`valuationDays[k]`, a UTC day number: the bucket's last day, or the range's end), with the book's
 * carry-forward and cross-rate rules. Exact, in bigint mantissas. Cross rates are factored out:
 * every token priced through ADA on a day shares that day's ADA/currency leg, so Σ q × (token/ADA ×
 * ADA/currency) is summed as (Σ q × token/ADA) × ADA/currency, one product per day instead of one
 * per token and day; the total is the same exact number, so its text is the same. Sums are kept per
 * scale and aligned once per day, not per addition.
 */
export function valueSeries(
  changes: readonly QuantityChanges[],
  valuationDays: readonly number[],
  book: PriceBook,
  currency: string,
): ValueSeries {
  const n = valuationDays.length;
  const held: number[] = new Array<number>(n).fill(0);
  const unpriced: number[] = new Array<number>(n).fill(0);
  // Per scale (decimals + price scale), per bucket: Σ quantity × price mantissa.
  const direct = new ScaledSums(n);
  const viaAda = new ScaledSums(n);
  let adaIn: Array<ExactAmount | null> | undefined;
  for (const token of changes) {
    const legs = book.dailyLegs(token.unit, currency, valuationDays);
    if (legs.inAda && !adaIn) adaIn = book.adaPricesOnDays(currency, valuationDays);
    let j = -1;
    let quantity = 0n;
    for (let k = 0; k < n; k++) {
      // Converted once per change point, not per bucket.
      if (j + 1 < token.at.length && token.at[j + 1]! <= k) {
        while (j + 1 < token.at.length && token.at[j + 1]! <= k) j++;
        quantity = BigInt(token.quantities[j]!);
      }
      if (quantity === 0n) continue;
      held[k]!++;
      const p = legs.direct[k]!;
      if (p !== null) {
        direct.add(token.decimals + p.scale, k, quantity * p.mantissa);
        continue;
      }
      const a = legs.inAda?.[k] ?? null;
      if (a !== null && adaIn![k]! !== null) viaAda.add(token.decimals + a.scale, k, quantity * a.mantissa);
      else unpriced[k]!++;
    }
  }
  const totals = new Array<string | null>(n);
  for (let k = 0; k < n; k++) {
    if (held[k]! > 0 && unpriced[k] === held[k]) {
      totals[k] = null;
      continue;
    }
    let total = direct.at(k);
    const cross = viaAda.at(k);
    if (cross.mantissa !== 0n) total = exactPlus(total, exactTimes(cross, adaIn![k]!));
    totals[k] = exactText(total);
  }
  return { currency, totals, unpriced };
}

/** Bucket sums kept apart per scale (a handful: decimals + price places), combined per bucket. */
class ScaledSums {
  private readonly byScale: bigint[][] = [];

  constructor(private readonly n: number) {}

  add(scale: number, k: number, mantissa: bigint): void {
    let sums = this.byScale[scale];
    if (!sums) this.byScale[scale] = sums = new Array<bigint>(this.n).fill(0n);
    sums[k]! += mantissa;
  }

  /** The exact sum of bucket `k` at the largest scale used. */
  at(k: number): ExactAmount {
    let total: ExactAmount = EXACT_ZERO;
    for (let scale = 0; scale < this.byScale.length; scale++) {
      const sums = this.byScale[scale];
      if (sums) total = exactPlus(total, { mantissa: sums[k]!, scale });
    }
    return total;
  }
}
