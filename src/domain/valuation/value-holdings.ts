import {
  EXACT_ZERO,
  exactMinus,
  exactPlus,
  exactRatio,
  exactText,
  valueOfQuantity,
  type ExactAmount,
} from './exact-amount.js';
import type { PriceAt, PriceBook, UnpricedReason } from './price-book.js';
import { dayNumber, dayText } from './utc-day.js';

export interface HoldingToValue {
  unit: string;
  /** Base units (lovelace for ADA). */
  quantity: bigint;
  decimals: number;
}

export interface ValuedHolding {
  unit: string;
  /** Per whole unit (per ADA for lovelace), exact decimal text; null with `reason` when unpriced. */
  price: string | null;
  value: string | null;
  priceSource: string | null;
  priceDate: string | null;
  stale: boolean;
  reason: UnpricedReason | null;
}

export interface PortfolioValuation {
  currency: string;
  holdings: ValuedHolding[];
  /** Sum of the priced holdings; null when something is held and nothing of it is priced (never 0). */
  total: string | null;
  pricedUnits: number;
  unpricedUnits: Array<{ unit: string; reason: UnpricedReason; priceDate: string | null }>;
}

/** Values holdings at one moment: quantity ÷ 10^decimals × price, exact. */
export function valueHoldings(
  holdings: readonly HoldingToValue[],
  book: PriceBook,
  currency: string,
  at: PriceAt,
): PortfolioValuation {
  let total: ExactAmount = EXACT_ZERO;
  const valued: ValuedHolding[] = [];
  const unpricedUnits: PortfolioValuation['unpricedUnits'] = [];
  for (const h of holdings) {
    const p = book.priceOf(h.unit, currency, at);
    if (p.price === null) {
      valued.push({
        unit: h.unit,
        price: null,
        value: null,
        priceSource: null,
        priceDate: p.priceDate ?? null,
        stale: p.reason === 'stale',
        reason: p.reason,
      });
      unpricedUnits.push({ unit: h.unit, reason: p.reason, priceDate: p.priceDate ?? null });
      continue;
    }
    const value = valueOfQuantity(h.quantity, h.decimals, p.exact);
    total = exactPlus(total, value);
    valued.push({
      unit: h.unit,
      price: exactText(p.exact),
      value: exactText(value),
      priceSource: p.source,
      priceDate: p.priceDate,
      stale: p.stale,
      reason: null,
    });
  }
  const pricedUnits = holdings.length - unpricedUnits.length;
  return {
    currency,
    holdings: valued,
    total: pricedUnits === 0 && holdings.length > 0 ? null : exactText(total),
    pricedUnits,
    unpricedUnits,
  };
}

export interface ValueChange {
  /** The earlier day compared with. */
  since: string;
  /** Value of the compared holdings then and now (same quantities, the two days' prices). */
  from: string;
  to: string;
  absolute: string;
  /** Percent, rounded half-to-even to 2 places; null when the earlier value is 0. */
  percent: string | null;
  /** Holdings priced at both moments (the others are left out of the comparison). */
  comparedUnits: number;
}

/**
 * Market change of the current holdings over `days` days: the same quantities at the earlier day's
 * prices and at `at`'s. Units priced at only one of the two moments are left out (and counted);
 * null when none is priced at both.
 */
export function valueChange(
  holdings: readonly HoldingToValue[],
  book: PriceBook,
  currency: string,
  at: PriceAt,
  days: number,
): ValueChange | null {
  const atDay = at === 'now' ? null : dayNumber(at);
  const since = dayText((atDay ?? book.todayNumber) - days);
  let from: ExactAmount = EXACT_ZERO;
  let to: ExactAmount = EXACT_ZERO;
  let compared = 0;
  for (const h of holdings) {
    const now = book.priceOf(h.unit, currency, at);
    const then = book.priceOf(h.unit, currency, since);
    if (now.price === null || then.price === null) continue;
    compared++;
    to = exactPlus(to, valueOfQuantity(h.quantity, h.decimals, now.exact));
    from = exactPlus(from, valueOfQuantity(h.quantity, h.decimals, then.exact));
  }
  if (compared === 0) return null;
  const absolute = exactMinus(to, from);
  const ratio = exactRatio({ mantissa: absolute.mantissa * 100n, scale: absolute.scale }, from, 2);
  return {
    since,
    from: exactText(from),
    to: exactText(to),
    absolute: exactText(absolute),
    percent: ratio ? fixed2(ratio) : null,
    comparedUnits: compared,
  };
}

/** A 2-place ratio with both places shown (`-3.50`), as percentages are read. */
function fixed2(r: ExactAmount): string {
  const text = exactText(r);
  const [whole, fraction = ''] = text.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}
