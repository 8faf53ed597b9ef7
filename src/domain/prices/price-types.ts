import type { Decimal } from 'decimal.js';

/**
 * A price is public market data: what one whole unit of `unit` cost in `currency`. `unit` is
 * `lovelace` (priced per ADA, not per lovelace) or a native token's policy id + asset name hex (priced
 * per whole token, i.e. after its decimals). `currency` is a fiat code (`USD`, `EUR`, …) or `ADA` for
 * token/ADA prices. `price` is exact: parsed from decimal text, never from a JavaScript float.
 */
export interface DailyPrice {
  unit: string;
  currency: string;
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  price: Decimal;
  /** Which source gave it: `coingecko`, `kraken`, `dex:minswap`, `fill`, `csv`, … */
  source: string;
}

/** The most recent price a source reported, with when it was observed (shown as its age). */
export interface LatestPrice {
  unit: string;
  currency: string;
  price: Decimal;
  source: string;
  observedAt: Date;
}

/** The unit ADA is counted in; its price is per ADA (1,000,000 lovelace). */
export const LOVELACE = 'lovelace';

/** A native token's unit (policy id + asset name hex), as the token price sources accept it. */
export function isTokenUnit(unit: string): boolean {
  return /^[0-9a-f]{56,120}$/.test(unit);
}
