import type { ChainTransactionRepository } from '../db/repositories/chain-transaction-repository.js';
import type { TransactionRepository } from '../db/repositories/transaction-repository.js';
import type { WalletRepository } from '../db/repositories/wallet-repository.js';
import type { Network } from '../domain/address/decode-address.js';
import { parseWalletAddress } from '../domain/address/wallet-address.js';
import type { TxUtxos } from '../domain/blockfrost-types.js';
import { relabelOwnTransfers, type StoredLabel } from '../domain/categorize/relabel-own-transfers.js';
import type { ChainTransaction } from '../domain/ledger/types.js';
import { WalletSet } from '../domain/ledger/wallet-set.js';
import type { TxDetailsWithBlock } from './chain/sync-chain-source.js';
import { inferPlainDetails } from './infer-plain-details.js';

export interface OwnTransferLabelsDeps {
  transactions: Pick<TransactionRepository, 'labelsSharedWith' | 'unpairedInternalTransfers' | 'relabel'>;
  chainTransactions: Pick<ChainTransactionRepository, 'getMany'>;
  wallets: Pick<WalletRepository, 'list'>;
  network: Network;
}

/**
 * Keeps the send / receive / internal-transfer labels true to the user's wallet set as it changes:
 * after a wallet's sync wrote records, the other wallets' records of the same transactions (a wallet
 * linked after them turns their sends to it into internal transfers); after a wallet is removed, the
 * internal transfers it no longer pairs. Transactions are parsed again from the shared chain cache:
 * no chain request. One indexed query when nothing changes.
 */
export class OwnTransferLabels {
  constructor(private readonly deps: OwnTransferLabelsDeps) {}

  /**
   * After a sync of a wallet (added at `addedAt`) wrote records above `aboveHeight` (null: a first
   * sync): only records written before the wallet was added can have been labelled without it.
   */
  async afterWrite(
    userId: string,
    wallet: { address: string; createdAt: Date },
    aboveHeight: number | null,
    wallets?: WalletSet,
  ): Promise<number> {
    const stored = await this.deps.transactions.labelsSharedWith(
      userId,
      wallet.address,
      aboveHeight,
      wallet.createdAt,
    );
    return this.apply(userId, stored, wallets);
  }

  /** After a wallet of the user was removed (its records with it). */
  async afterRemoval(userId: string): Promise<number> {
    return this.apply(userId, await this.deps.transactions.unpairedInternalTransfers(userId));
  }

  private async apply(userId: string, stored: StoredLabel[], wallets?: WalletSet): Promise<number> {
    if (stored.length === 0) return 0;
    const set =
      wallets ??
      new WalletSet(
        (await this.deps.wallets.list(userId)).map((w) => parseWalletAddress(w.address, this.deps.network)),
      );
    const cached = await this.deps.chainTransactions.getMany([...new Set(stored.map((s) => s.txHash))]);
    const txs = new Map<string, ChainTransaction>();
    for (const [hash, c] of cached) {
      const utxos = c.utxos as TxUtxos;
      // As the fetch stage hands it to the parser: a plain transaction's details may have been
      // inferred from its UTxOs and never cached.
      const details = (c.details as TxDetailsWithBlock | null) ?? inferPlainDetails(utxos, c.blockHeight);
      txs.set(hash, {
        hash,
        blockHeight: c.blockHeight,
        blockTime: c.blockTime,
        txIndex: c.txIndex,
        utxos,
        ...(details ? { details } : {}),
      });
    }
    return this.deps.transactions.relabel(userId, relabelOwnTransfers(stored, txs, set));
  }
}
