import { exactText, pow10 } from './exact-amount.js';
import type { PriceBook } from './price-book.js';

/** One token's holdings as change points over buckets (as the history's series, in base units). */
export interface QuantityChanges {
  unit: string;
  decimals: number;
  /** Bucket indexes where the quantity changed, ascending. */
  at: number[];
  /** Base units held from bucket `at[i]` until the next change. */
  quantities: bigint[];
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
 * (`valuationDays[k]`, a UTC day number: the bucket's last day, or the range's end). Exact (bigint
 * mantissas, aligned to the largest scale per bucket); the lookups take the book's carry-forward and
 * cross-rate rules.
 */
export function valueSeries(
  changes: readonly QuantityChanges[],
  valuationDays: readonly number[],
  book: PriceBook,
  currency: string,
): ValueSeries {
  const n = valuationDays.length;
  const mantissas: bigint[] = new Array<bigint>(n).fill(0n);
  const scales: number[] = new Array<number>(n).fill(0);
  const held: number[] = new Array<number>(n).fill(0);
  const unpriced: number[] = new Array<number>(n).fill(0);
  for (const token of changes) {
    let j = -1;
    for (let k = 0; k < n; k++) {
      while (j + 1 < token.at.length && token.at[j + 1]! <= k) j++;
      if (j < 0) continue;
      const quantity = token.quantities[j]!;
      if (quantity === 0n) continue;
      held[k]!++;
      const p = book.exactPriceOf(token.unit, currency, valuationDays[k]!);
      if (p.exact === null) {
        unpriced[k]!++;
        continue;
      }
      const mantissa = quantity * p.exact.mantissa;
      const scale = token.decimals + p.exact.scale;
      const s = scales[k]!;
      if (scale === s) mantissas[k]! += mantissa;
      else if (scale < s) mantissas[k]! += mantissa * pow10(s - scale);
      else {
        mantissas[k] = mantissas[k]! * pow10(scale - s) + mantissa;
        scales[k] = scale;
      }
    }
  }
  const totals = mantissas.map((m, k) =>
    held[k]! > 0 && unpriced[k] === held[k] ? null : exactText({ mantissa: m, scale: scales[k]! }),
  );
  return { currency, totals, unpriced };
}
