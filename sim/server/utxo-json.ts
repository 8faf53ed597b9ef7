import { outputAmountJson, type ChainModel } from '../model/chain-model.js';
import type { SimOutput } from '../model/types.js';
import { blake2b256Hex } from '../util/cardano-address.js';

/** `data_hash` of an output: stored, or the blake2b-256 of its inline datum (the generator defers it). */
export function dataHash(o: Pick<SimOutput, 'dataHash' | 'inlineDatum'>): string | null {
  return o.dataHash ?? (o.inlineDatum ? blake2b256Hex(o.inlineDatum) : null);
}

/** One item of `/addresses/{a}/utxos` (and `/addresses/{a}/utxos/{asset}`) for a model output. */
export function addressUtxoJson(model: ChainModel, address: string, o: SimOutput): unknown {
  return {
    address,
    tx_hash: o.txHash,
    tx_index: o.index,
    output_index: o.index,
    amount: outputAmountJson(o),
    block: model.tx(o.txHash)!.block.hash,
    data_hash: dataHash(o),
    inline_datum: o.inlineDatum,
    reference_script_hash: o.referenceScriptHash,
  };
}
