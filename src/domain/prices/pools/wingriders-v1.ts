import { assetClassUnit, asNatural, constrFields, decodeDatumHex, PoolDatumError } from './plutus-data.js';
import type { PoolFormula } from './pool-formula.js';
import { amountOf, inlineDatumOf, positiveReserves } from './pool-utxo.js';

/**
 * WingRiders V1: the pool UTxO also holds the treasury (fees owed to the protocol), so each reserve is
 * the amount minus its treasury field. Datum (WingRiders dex-serializer `LiquidityPoolDatum`):
 * `Constr 0 [request_script_hash, Constr 0 [Constr 0 [asset_a, asset_b], last_interaction,
 * treasury_a, treasury_b]]`, assets as `Constr 0 [policy, name]`.
 */
export const wingridersV1: PoolFormula = {
  kind: 'wingriders-v1',
  needsDatum: true,
  reserves(utxo, tokenUnit) {
    const top = constrFields(
      decodeDatumHex(inlineDatumOf(utxo, 'wingriders-v1')),
      0,
      2,
      'wingriders-v1 pool datum',
    );
    const inner = constrFields(top[1]!, 0, 4, 'wingriders-v1 pool state');
    const [assetA, assetB] = constrFields(inner[0]!, 0, 2, 'wingriders-v1 asset pair');
    const a = assetClassUnit(assetA!, 'wingriders-v1 asset_a');
    const b = assetClassUnit(assetB!, 'wingriders-v1 asset_b');
    const treasuryA = asNatural(inner[2]!, 'wingriders-v1 treasury_a');
    const treasuryB = asNatural(inner[3]!, 'wingriders-v1 treasury_b');
    let adaTreasury: bigint;
    let tokenTreasury: bigint;
    if (a === 'lovelace' && b === tokenUnit) [adaTreasury, tokenTreasury] = [treasuryA, treasuryB];
    else if (b === 'lovelace' && a === tokenUnit) [adaTreasury, tokenTreasury] = [treasuryB, treasuryA];
    else throw new PoolDatumError(`wingriders-v1 pool pairs ${a} with ${b}, not ADA with ${tokenUnit}`);
    return positiveReserves(
      amountOf(utxo, 'lovelace') - adaTreasury,
      amountOf(utxo, tokenUnit) - tokenTreasury,
      'wingriders-v1',
    );
  },
};
