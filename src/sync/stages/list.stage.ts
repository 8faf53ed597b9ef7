import { mapWithConcurrency } from '../map-with-concurrency.js';
import type { TxRef } from '../chain/sync-chain-source.js';
import type { SyncRun } from './sync-run.js';

/**
 * List: the wallet's transactions from a block height (inclusive), in chain order, without duplicates.
 * A stake wallet is listed by `/accounts/{s}/transactions` (`account`), or address by address.
 */
export class ListStage {
  constructor(
    private readonly stakeListing: 'account' | 'addresses',
    private readonly concurrency: number,
  ) {}

  async list(run: SyncRun, fromHeight: number | undefined): Promise<TxRef[]> {
    const { chain, target, signal } = run;
    let refs: TxRef[];
    if (target.kind === 'payment') {
      refs = await chain.addressTransactions(target.address, { fromHeight, signal });
    } else if (this.stakeListing === 'account') {
      refs = await chain.accountTransactions(target.address, { fromHeight, signal });
    } else {
      const addresses = await chain.accountAddresses(target.address, signal);
      const lists = await mapWithConcurrency(addresses, this.concurrency, (a) =>
        chain.addressTransactions(a, { fromHeight, signal }),
      );
      const byHash = new Map<string, TxRef>();
      for (const list of lists) for (const r of list) byHash.set(r.txHash, r);
      refs = [...byHash.values()];
    }
    return refs.sort((a, b) => a.blockHeight - b.blockHeight || a.txIndex - b.txIndex);
  }
}
