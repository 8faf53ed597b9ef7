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
  const day = dayOfPriceAt(at);
  for (const h of holdings) {
    const p = book.exactPriceOf(h.unit, currency, day);
    if (p.exact === null) {
      const priceDate = p.priceDay === undefined ? null : dayText(p.priceDay);
      valued.push({
        unit: h.unit,
        price: null,
        value: null,
        priceSource: null,
        priceDate,
        stale: p.reason === 'stale',
        reason: p.reason,
      });
      unpricedUnits.push({ unit: h.unit, reason: p.reason, priceDate });
      continue;
    }
    const value = valueOfQuantity(h.quantity, h.decimals, p.exact);
    total = exactPlus(total, value);
    valued.push({
      unit: h.unit,
      price: exactText(p.exact),
      value: exactText(value),
      priceSource: p.source,
      priceDate: dayText(p.priceDay),
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
  const atDay = dayOfPriceAt(at);
  const sinceDay = (atDay === 'now' ? book.todayNumber : atDay) - days;
  const since = dayText(sinceDay);
  let from: ExactAmount = EXACT_ZERO;
  let to: ExactAmount = EXACT_ZERO;
  let compared = 0;
  for (const h of holdings) {
    const now = book.exactPriceOf(h.unit, currency, atDay);
    const then = book.exactPriceOf(h.unit, currency, sinceDay);
    if (now.exact === null || then.exact === null) continue;
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

/**
 * The day number PriceBook.exactPriceOf takes for `at`, refusing what priceOf refuses. The exact
 * lookups, not priceOf: priceOf builds a Decimal and a day's text for every price, which cost more
 * than the rest of valuing a portfolio (five lookups per holding with the two changes).
 */
function dayOfPriceAt(at: PriceAt): number | 'now' {
  if (at === 'now') return 'now';
  const day = dayNumber(at);
  if (Number.isNaN(day)) throw new RangeError(`not a YYYY-MM-DD day: ${at}`);
  return day;
}

/** A 2-place ratio with both places shown (`-3.50`), as percentages are read. */
function fixed2(r: ExactAmount): string {
  const text = exactText(r);
  const [whole, fraction = ''] = text.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}
