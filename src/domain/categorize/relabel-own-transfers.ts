import { parseTransaction } from '../ledger/parse-transaction.js';
import type { ChainTransaction } from '../ledger/types.js';
import type { WalletSet } from '../ledger/wallet-set.js';
import type { TxAction } from '../vocabulary.js';

/**
 * The labels a change of the user's wallet set can turn into one another. Only whether every input and
 * output belongs to the user tells an `internal_transfer` from a `send` or `receive`; a swap, a mint, a
 * certificate or a contract call is judged before that rule and does not depend on the other wallets.
 */
export const WALLET_SET_LABELS: ReadonlySet<TxAction> = new Set<TxAction>([
  'send',
  'receive',
  'unknown',
  'internal_transfer',
]);

/** A stored record's label. */
export interface StoredLabel {
  walletAddress: string;
  txHash: string;
  action: TxAction;
}

export interface Relabel extends StoredLabel {
  description: string;
}

/**
 * Records are labelled with the wallet set of the sync that wrote them: a transfer to a wallet linked
 * later stays a `send`, and one to a wallet since removed stays an `internal_transfer`. This parses
 * each transaction again with the user's wallets as they are now and answers the stored labels that
 * change, with their new description. A record whose new label is outside `WALLET_SET_LABELS`, or whose
 * transaction is not in `txs`, is left as it is.
 */
export function relabelOwnTransfers(
  stored: readonly StoredLabel[],
  txs: ReadonlyMap<string, ChainTransaction>,
  wallets: WalletSet,
): Relabel[] {
  const out: Relabel[] = [];
  const parsed = new Map<string, Map<string, { action: TxAction; description: string }>>();
  for (const s of stored) {
    if (!WALLET_SET_LABELS.has(s.action)) continue;
    const tx = txs.get(s.txHash);
    if (!tx) continue;
    let records = parsed.get(s.txHash);
    if (!records) {
      records = new Map(parseTransaction(tx, wallets).map((r) => [r.walletAddress, r]));
      parsed.set(s.txHash, records);
    }
    const now = records.get(s.walletAddress);
    if (!now || now.action === s.action || !WALLET_SET_LABELS.has(now.action)) continue;
    out.push({ ...s, action: now.action, description: now.description });
  }
  return out;
}
