import type { PoolReserves, PoolUtxo } from './pool-utxo.js';

/** The DEX families and versions whose pools Adafolio reads. */
export const DEX_POOL_KINDS = [
  'minswap-v1',
  'minswap-v2',
  'sundaeswap-v1',
  'sundaeswap-v3',
  'wingriders-v1',
  'wingriders-v2',
] as const;
export type DexPoolKind = (typeof DEX_POOL_KINDS)[number];

/**
 * How one DEX version's pool UTxO holds its reserves. `reserves` is pure and throws `PoolDatumError`
 * when the UTxO does not have the version's layout (never answers a zero).
 */
export interface PoolFormula {
  kind: DexPoolKind;
  /** True when the reserves need the inline datum (a UTxO with only a datum hash cannot be read). */
  needsDatum: boolean;
  reserves(utxo: PoolUtxo, tokenUnit: string): PoolReserves;
}
