import { assetClassUnit, asNatural, constrFields, decodeDatumHex, PoolDatumError } from './plutus-data.js';
import type { PoolFormula } from './pool-formula.js';
import { inlineDatumOf, positiveReserves } from './pool-utxo.js';

/**
 * Minswap V2: the reserves are `reserve_a`/`reserve_b` of the inline pool datum, because the UTxO also
 * holds trading fees owed to the protocol and the minimum ADA. Datum (minswap-dex-v2 `PoolDatum`):
 * `Constr 0 [stake_credential, asset_a, asset_b, total_liquidity, reserve_a, reserve_b,
 * base_fee_a_numerator, base_fee_b_numerator, fee_sharing_numerator?, allow_dynamic_fee]`, assets as
 * `Constr 0 [policy, name]`, ADA (empty policy and name) sorted first.
 */
export const minswapV2: PoolFormula = {
  kind: 'minswap-v2',
  needsDatum: true,
  reserves(utxo, tokenUnit) {
    const f = constrFields(decodeDatumHex(inlineDatumOf(utxo, 'minswap-v2')), 0, 6, 'minswap-v2 pool datum');
    const a = assetClassUnit(f[1]!, 'minswap-v2 asset_a');
    const b = assetClassUnit(f[2]!, 'minswap-v2 asset_b');
    const reserveA = asNatural(f[4]!, 'minswap-v2 reserve_a');
    const reserveB = asNatural(f[5]!, 'minswap-v2 reserve_b');
    if (a === 'lovelace' && b === tokenUnit) return positiveReserves(reserveA, reserveB, 'minswap-v2');
    if (b === 'lovelace' && a === tokenUnit) return positiveReserves(reserveB, reserveA, 'minswap-v2');
    throw new PoolDatumError(`minswap-v2 pool pairs ${a} with ${b}, not ADA with ${tokenUnit}`);
  },
};
