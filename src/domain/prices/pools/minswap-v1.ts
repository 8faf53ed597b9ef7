import type { PoolFormula } from './pool-formula.js';
import { amountOf, positiveReserves } from './pool-utxo.js';

/**
 * Minswap V1: the pool UTxO's amounts are the reserves as they are (its datum, known by hash only,
 * holds the pair and the LP total, nothing to subtract).
 */
export const minswapV1: PoolFormula = {
  kind: 'minswap-v1',
  needsDatum: false,
  reserves: (utxo, tokenUnit) =>
    positiveReserves(amountOf(utxo, 'lovelace'), amountOf(utxo, tokenUnit), 'minswap-v1'),
};
