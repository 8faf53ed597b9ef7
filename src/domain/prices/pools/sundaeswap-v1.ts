import type { PoolFormula } from './pool-formula.js';
import { amountOf, positiveReserves } from './pool-utxo.js';

/** The 2 ADA every SundaeSwap V1 pool UTxO keeps as its minimum ADA: not liquidity. */
export const SUNDAESWAP_V1_MIN_ADA = 2_000_000n;

/** SundaeSwap V1: ADA reserve = the UTxO's lovelace − 2 ADA; the token reserve is its amount. */
export const sundaeswapV1: PoolFormula = {
  kind: 'sundaeswap-v1',
  needsDatum: false,
  reserves: (utxo, tokenUnit) =>
    positiveReserves(
      amountOf(utxo, 'lovelace') - SUNDAESWAP_V1_MIN_ADA,
      amountOf(utxo, tokenUnit),
      'sundaeswap-v1',
    ),
};
