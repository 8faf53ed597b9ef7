import { PoolDatumError } from './plutus-data.js';

/** What a pool UTxO looks like in Blockfrost's `/addresses/{a}/utxos` and `/txs/{h}/utxos` answers. */
export interface PoolUtxo {
  amount: ReadonlyArray<{ unit: string; quantity: string }>;
  /** CBOR hex of the inline datum, or null when the output carries only a datum hash. */
  inline_datum?: string | null;
}

/** Both sides of an ADA/token pool, in base units (lovelace; the token's smallest unit). */
export interface PoolReserves {
  lovelace: bigint;
  token: bigint;
}

/** The UTxO's quantity of `unit` (0 when absent); a quantity that is not a natural number is an error. */
export function amountOf(utxo: PoolUtxo, unit: string): bigint {
  let sum = 0n;
  for (const a of utxo.amount) {
    if (a.unit !== unit) continue;
    if (!/^\d+$/.test(a.quantity)) throw new PoolDatumError(`amount of ${unit} is not a natural number`);
    sum += BigInt(a.quantity);
  }
  return sum;
}

/** The inline datum or a `PoolDatumError` saying this DEX version needs one. */
export function inlineDatumOf(utxo: PoolUtxo, dex: string): string {
  if (!utxo.inline_datum) throw new PoolDatumError(`${dex} pool UTxO has no inline datum`);
  return utxo.inline_datum;
}

/** Reserves after subtracting what is not liquidity; a non-positive side is a `PoolDatumError`. */
export function positiveReserves(lovelace: bigint, token: bigint, dex: string): PoolReserves {
  if (lovelace <= 0n || token <= 0n) {
    throw new PoolDatumError(
      `${dex} pool has no liquidity on one side (${lovelace} lovelace, ${token} token)`,
    );
  }
  return { lovelace, token };
}
