import type { DailyPrice, LatestPrice } from './price-types.js';

/** What a source is asked for: one unit's daily prices in one quote currency over inclusive UTC days. */
export interface DailyPriceRequest {
  unit: string;
  currency: string;
  /** `YYYY-MM-DD`, inclusive. */
  from: string;
  to: string;
}

/**
 * Why a source gave no price for what it was asked, as a value (not an exception) so the refresh can
 * try the next source and say why a unit stays unpriced.
 */
export type PriceGap =
  | { kind: 'unsupported' } // the source does not list this unit or currency
  | { kind: 'outside_history'; earliest?: string } // e.g. keyless CoinGecko before the last 365 days
  | { kind: 'budget_exhausted' } // the source's own daily budget (DEX pools: PRICE_DEX_DAILY_REQUESTS)
  | { kind: 'unavailable'; message: string }; // down, rate limited after retries, malformed answer

export interface DailyPriceAnswer {
  prices: DailyPrice[];
  /** Days of the request the source could not price, grouped by reason. */
  gaps: Array<{ from: string; to: string; gap: PriceGap }>;
}

export interface LatestPriceAnswer {
  prices: LatestPrice[];
  gaps: Array<{ unit: string; gap: PriceGap }>;
}

/**
 * A price source (CoinGecko, Kraken, DEX pools, the user's fills, CSV) behind one narrow port. Each
 * adapter has its own HTTP client and its own rate limit; the refresh tries sources in a configured
 * order and stores which one answered.
 */
export interface PriceSource {
  /** Stored as the price's `source` (a DEX source may append the pool, e.g. `dex:minswap`). */
  readonly name: string;
  /**
   * True for a source whose knowledge of past days grows after they were stored and that costs no
   * request to ask (the users' own DEX fills, which arrive with each wallet sync): the refresh asks it
   * for every day, not only the missing ones, and its rows replace those of the sources ranked after
   * it in the configured order (never those ranked before it, nor a CSV import).
   */
  readonly revisitsStoredDays?: boolean;
  /** Cheap, offline check: could this source ever price `unit` in `currency`? */
  supports(unit: string, currency: string): boolean;
  daily(request: DailyPriceRequest, signal?: AbortSignal): Promise<DailyPriceAnswer>;
  latest(units: readonly string[], currency: string, signal?: AbortSignal): Promise<LatestPriceAnswer>;
}
