import { Decimal } from 'decimal.js';
import type { PoolReserves } from './pool-utxo.js';
import { PoolDatumError } from './plutus-data.js';

/** Working precision for the division (two 64-bit reserves and a power of ten fit many times over). */
const EXACT = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_EVEN });
/** The shared price table's scale (`numeric(65, 30)`): a pool price is stored without further rounding. */
export const POOL_PRICE_DECIMAL_PLACES = 30;

/**
 * Price of ONE WHOLE token in ADA from the pool's reserves: (lovelace / 10^6) / (token / 10^decimals).
 * `decimals` comes from the token's metadata (0 when it has none). Computed in decimal arithmetic (no
 * float), then rounded half-even to 30 decimal places, the price table's scale, so what is stored
 * equals what was computed.
 */
export function poolPriceInAda(reserves: PoolReserves, decimals: number): Decimal {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 40) {
    throw new PoolDatumError(`token decimals ${decimals} out of range`);
  }
  if (reserves.lovelace <= 0n || reserves.token <= 0n) throw new PoolDatumError('empty pool side');
  const numerator = new EXACT(reserves.lovelace.toString()).times(new EXACT(10).pow(decimals));
  const ratio = numerator.div(new EXACT(reserves.token.toString()).times(1_000_000));
  return new Decimal(ratio.toDecimalPlaces(POOL_PRICE_DECIMAL_PLACES, Decimal.ROUND_HALF_EVEN));
}
