/** Pure DEX pool math: pool UTxO → reserves → price of one whole token in ADA (no I/O). */
export { DEX_POOL_KINDS, type DexPoolKind, type PoolFormula } from './pool-formula.js';
export { POOL_FORMULAS, POOL_NFT_POLICIES, isDexPoolKind } from './pool-kinds.js';
export { amountOf, type PoolReserves, type PoolUtxo } from './pool-utxo.js';
export { PoolDatumError } from './plutus-data.js';
export { poolPriceInAda } from './pool-price.js';
