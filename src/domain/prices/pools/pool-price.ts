import { Decimal } from 'decimal.js';
import type { PoolReserves } from './pool-utxo.js';
import { PoolDatumError } from './plutus-data.js';

/** Decimals enough for any ratio of two 64-bit reserves: the price is exact, never rounded. */
const EXACT = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_EVEN });

/**
 * Price of ONE WHOLE token in ADA from the pool's reserves: (lovelace / 10^6) / (token / 10^decimals).
 * `decimals` comes from the token's metadata (0 when it has none). Exact to 80 significant digits
 * (reserves are integers, so the ratio has a terminating or 80-digit expansion; no float involved).
 */
export function poolPriceInAda(reserves: PoolReserves, decimals: number): Decimal {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 40) {
    throw new PoolDatumError(`token decimals ${decimals} out of range`);
  }
  if (reserves.lovelace <= 0n || reserves.token <= 0n) throw new PoolDatumError('empty pool side');
  const numerator = new EXACT(reserves.lovelace.toString()).times(new EXACT(10).pow(decimals));
  return new Decimal(numerator.div(new EXACT(reserves.token.toString()).times(1_000_000)));
}
