import type { CborValue } from '../../cbor/cbor-decoder.js';
import {
  asBytesHex,
  asNatural,
  constrFields,
  decodeDatumHex,
  PoolDatumError,
  unitOf,
} from './plutus-data.js';
import type { PoolFormula } from './pool-formula.js';
import { amountOf, inlineDatumOf, positiveReserves } from './pool-utxo.js';

function pairUnit(value: CborValue | undefined, what: string): string {
  if (!Array.isArray(value) || value.length !== 2)
    throw new PoolDatumError(`${what}: expected [policy, name]`);
  return unitOf(asBytesHex(value[0]!, `${what} policy`), asBytesHex(value[1]!, `${what} name`));
}

/**
 * SundaeSwap V3: protocol fees accumulate in the pool UTxO's ADA, so ADA reserve = lovelace −
 * `protocol_fees`. Datum (sundae-contracts `PoolDatum`): `Constr 0 [identifier, assets, circulating_lp,
 * bid_fees_per_10_thousand, ask_fees_per_10_thousand, fee_manager?, market_open, protocol_fees]`, with
 * `assets` a list of two `[policy, name]` lists.
 */
export const sundaeswapV3: PoolFormula = {
  kind: 'sundaeswap-v3',
  needsDatum: true,
  reserves(utxo, tokenUnit) {
    const f = constrFields(
      decodeDatumHex(inlineDatumOf(utxo, 'sundaeswap-v3')),
      0,
      8,
      'sundaeswap-v3 pool datum',
    );
    const assets = f[1];
    if (!Array.isArray(assets) || assets.length !== 2) {
      throw new PoolDatumError('sundaeswap-v3 assets: expected two asset classes');
    }
    const a = pairUnit(assets[0], 'sundaeswap-v3 asset a');
    const b = pairUnit(assets[1], 'sundaeswap-v3 asset b');
    if (!((a === 'lovelace' && b === tokenUnit) || (b === 'lovelace' && a === tokenUnit))) {
      throw new PoolDatumError(`sundaeswap-v3 pool pairs ${a} with ${b}, not ADA with ${tokenUnit}`);
    }
    const protocolFees = asNatural(f[7]!, 'sundaeswap-v3 protocol_fees');
    return positiveReserves(
      amountOf(utxo, 'lovelace') - protocolFees,
      amountOf(utxo, tokenUnit),
      'sundaeswap-v3',
    );
  },
};
