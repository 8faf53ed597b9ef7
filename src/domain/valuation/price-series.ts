import type { DailyPrice } from '../prices/price-types.js';
import { exactFromDecimal, type ExactAmount } from './exact-amount.js';
import { dayNumber } from './utc-day.js';

/**
 * One unit's daily prices in one currency, ascending by day, in the shape lookups want: day numbers
 * for a binary search and exact mantissas for bigint arithmetic. Built once from the stored rows
 * (the read side caches it: prices are public and change once a day).
 */
export interface PriceSeries {
  days: number[];
  prices: ExactAmount[];
  sources: string[];
}

/** Groups daily rows per `unit|currency` into series (rows in any order). */
export function priceSeriesOf(rows: readonly DailyPrice[]): Map<string, PriceSeries> {
  const byKey = new Map<string, DailyPrice[]>();
  for (const row of rows) {
    const key = seriesKey(row.unit, row.currency);
    const list = byKey.get(key);
    if (list) list.push(row);
    else byKey.set(key, [row]);
  }
  const out = new Map<string, PriceSeries>();
  for (const [key, list] of byKey) {
    list.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    out.set(key, {
      days: list.map((r) => dayNumber(r.day)),
      prices: list.map((r) => exactFromDecimal(r.price)),
      sources: list.map((r) => r.source),
    });
  }
  return out;
}

export function seriesKey(unit: string, currency: string): string {
  return `${unit}|${currency}`;
}

/** Index of the last day ≤ `day`, or -1. */
export function indexAtOrBefore(series: PriceSeries, day: number): number {
  let lo = 0;
  let hi = series.days.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (series.days[mid]! <= day) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
