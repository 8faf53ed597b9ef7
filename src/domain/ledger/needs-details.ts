import type { TxUtxos } from '../blockfrost-types.js';
import type { WalletAddress } from '../address/wallet-address.js';
import { WalletSet } from './wallet-set.js';

/**
 * Whether the sync must also fetch `/txs/{hash}`: when one of the user's wallets supplied an input
 * (it may pay the fee, a deposit, or withdraw rewards) or the transaction has collateral inputs (its
 * script validity decides which side moved). Incoming-only transactions are parsed from the UTxOs alone.
 */
export function needsDetails(utxos: TxUtxos, wallets: WalletSet | readonly WalletAddress[]): boolean {
  const set = wallets instanceof WalletSet ? wallets : new WalletSet(wallets);
  for (const input of utxos.inputs) {
    if (input.collateral) return true;
    if (input.reference) continue;
    if (set.ownersOf(input.address).length > 0) return true;
  }
  return false;
}
