import type {
  CachedChainTransaction,
  ChainTransactionRepository,
} from '../../db/repositories/chain-transaction-repository.js';
import type { TxUtxos } from '../../domain/blockfrost-types.js';
import { needsDetails } from '../../domain/ledger/needs-details.js';
import type { TxDetailsWithBlock, TxRef } from '../chain/sync-chain-source.js';
import { inferPlainDetails } from '../infer-plain-details.js';
import { mapWithConcurrency } from '../map-with-concurrency.js';
import type { FetchedTx, SyncRun } from './sync-run.js';

/**
 * Fetch: a batch's chain data, from the shared cache where present, else fetched once for the whole
 * system and cached. `/txs/{h}/utxos` for every transaction; `/txs/{h}` only when the ledger needs the
 * fee/deposit/validity and the UTxOs alone cannot tell them (see inferPlainDetails), or for the batch's
 * last transaction when its block hash (the cursor) is not known otherwise.
 */
export class FetchStage {
  constructor(
    private readonly chainTransactions: Pick<ChainTransactionRepository, 'getMany' | 'upsertMany'>,
    private readonly options: { concurrency: number; inferPlainFees: boolean },
  ) {}

  async fetchBatch(run: SyncRun, batch: TxRef[]): Promise<FetchedTx[]> {
    const { chain, signal } = run;
    const cached = await this.chainTransactions.getMany(batch.map((r) => r.txHash));
    const lastHash = batch[batch.length - 1]!.txHash;
    const toCache: CachedChainTransaction[] = [];
    const out = await mapWithConcurrency(batch, this.options.concurrency, async (ref) => {
      const hit = cached.get(ref.txHash);
      let utxos = hit?.utxos as TxUtxos | undefined;
      let details = (hit?.details ?? null) as TxDetailsWithBlock | null;
      let fetchedSomething = false;
      if (!utxos) {
        utxos = await chain.txUtxos(ref.txHash, signal);
        run.stats.utxos++;
        fetchedSomething = true;
      }
      const isLast = ref.txHash === lastHash && !hit?.blockHash;
      let inferred: TxDetailsWithBlock | null = null;
      if (!details && !isLast && needsDetails(utxos, run.walletSet)) {
        const ownEvents = run.accountEvents?.eventsFor(ref.txHash);
        inferred =
          this.options.inferPlainFees && !ownEvents ? inferPlainDetails(utxos, ref.blockHeight) : null;
        if (inferred) run.stats.inferred++;
        else details = await this.fetchDetails(run, ref.txHash);
      } else if (!details && isLast) {
        details = await this.fetchDetails(run, ref.txHash);
      }
      if (details && !hit?.details) fetchedSomething = true;
      if (!fetchedSomething) run.stats.cached++;
      const blockHash = details?.block ?? hit?.blockHash ?? '';
      if (fetchedSomething) {
        toCache.push({
          txHash: ref.txHash,
          blockHeight: ref.blockHeight,
          blockHash,
          blockTime: ref.blockTime,
          txIndex: ref.txIndex,
          details,
          utxos,
          txMetadata: hit?.txMetadata ?? null,
        });
      }
      run.progress.advance();
      // Inferred facts are not cached: the shared cache holds only what Blockfrost answered.
      return { ref, utxos, details: details ?? inferred, blockHash };
    });
    if (toCache.length) await this.chainTransactions.upsertMany(toCache);
    return out;
  }

  private async fetchDetails(run: SyncRun, hash: string): Promise<TxDetailsWithBlock | null> {
    const details = await run.chain.tx(hash, run.signal);
    if (details) run.stats.details++;
    return details;
  }
}
