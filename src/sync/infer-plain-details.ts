import type { TxUtxos } from '../domain/blockfrost-types.js';
import type { TxDetailsWithBlock } from './chain/sync-chain-source.js';

/** Shelley-era minimum fee constant `b` (155,381 lovelace), unchanged since 2020. */
export const MIN_FEE = 155_381n;
/** The largest fee of a transaction without scripts: `a × max size + b` = 44 × 16,384 + 155,381. */
export const MAX_PLAIN_FEE = 44n * 16_384n + MIN_FEE;

/**
 * The `/txs/{hash}` facts of a plain transaction, read from its UTxOs alone, or null when they cannot
 * be: a transaction with no collateral, no reference inputs and no collateral return whose lovelace
 * balance gap (Σ inputs − Σ outputs) is a possible fee of a script-less transaction. A deposit
 * (≥ 2 ADA, paid or refunded) or a withdrawal larger than the fee moves the gap out of that range, and
 * then the real `/txs/{hash}` is read. What this cannot see: another party's reward withdrawal of less
 * than the fee inside a transaction the wallet funds (the fee would read low by that amount; the
 * wallet's net change stays exact). The caller also fetches the real details whenever the account
 * history shows this transaction carries one of the wallet's own certificates or withdrawals.
 */
export function inferPlainDetails(utxos: TxUtxos, blockHeight: number): TxDetailsWithBlock | null {
  let gap = 0n;
  for (const i of utxos.inputs) {
    if (i.collateral || i.reference) return null;
    gap += lovelaceOf(i.amount);
  }
  for (const o of utxos.outputs) {
    if (o.collateral) return null;
    gap -= lovelaceOf(o.amount);
  }
  if (gap < MIN_FEE || gap > MAX_PLAIN_FEE) return null;
  return {
    fees: gap.toString(),
    deposit: '0',
    valid_contract: true,
    withdrawal_count: 0,
    stake_cert_count: 0,
    delegation_count: 0,
    block: '',
    block_height: blockHeight,
  } as TxDetailsWithBlock;
}

function lovelaceOf(amount: ReadonlyArray<{ unit: string; quantity: string }>): bigint {
  let sum = 0n;
  for (const a of amount) if (a.unit === 'lovelace') sum += BigInt(a.quantity);
  return sum;
}
