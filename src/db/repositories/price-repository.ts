import type { DailyPrice, LatestPrice } from '../../domain/prices/price-types.js';

export type DailyUpsertMode = 'keep' | 'replace' | { over: readonly string[] };

export interface DailyPriceQuery {
  units: readonly string[];
  currencies: readonly string[];
  /** Inclusive UTC days, `YYYY-MM-DD`. */
  from: string;
  to: string;
}

/**
 * The shared price table: public data like the chain cache, not user data, so no `userId`. One row
 * per (unit, currency, UTC day) for history and one per (unit, currency) for the latest price, each
 * fetched once for the whole system.
 */
export interface PriceRepository {
  /**
   * Stores daily prices. `keep` (default) leaves a day already stored untouched, so a lower-priority
   * source never overwrites a higher one that answered first; `replace` overwrites (an operator's CSV
   * import, a late correction); `{ over }` overwrites only rows whose source (its name before any `:`,
   * so `dex` covers `dex:minswap-v2`) is listed, and only when price or source differ. Returns the
   * number of rows written.
   */
  upsertDaily(points: readonly DailyPrice[], mode?: DailyUpsertMode): Promise<number>;
  /** Stores latest prices, replacing older observations (a newer `observedAt` wins). */
  upsertLatest(points: readonly LatestPrice[]): Promise<number>;
  /** Daily rows for the units × currencies within the days, ordered by unit, currency, day. */
  daily(query: DailyPriceQuery): Promise<DailyPrice[]>;
  /** The latest price per (unit, currency) among those asked. */
  latest(units: readonly string[], currencies: readonly string[]): Promise<LatestPrice[]>;
  /**
   * Deletes `source`'s daily rows for (unit, currency) in [from, to] except on `keep` days: what a
   * source that revisits its days (the users' fills) no longer answers, e.g. after a rollback removed
   * the fill. Returns the deleted days, ascending.
   */
  withdrawDaily(
    source: string,
    unit: string,
    currency: string,
    range: { from: string; to: string },
    keep: readonly string[],
  ): Promise<string[]>;
  /** The days in [from, to] with no stored row for (unit, currency), ascending. */
  missingDays(unit: string, currency: string, from: string, to: string): Promise<string[]>;
}
