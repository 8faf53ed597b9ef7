import type { TransactionRepository } from '../../db/repositories/transaction-repository.js';
import type { WalletCursor } from '../../db/repositories/wallet-repository.js';
import type { TxRef } from '../chain/sync-chain-source.js';
import type { FetchStage } from './fetch.stage.js';
import { BatchParser } from './parse.stage.js';
import { timed, type SyncRun } from './sync-run.js';
import type { WriteStage } from './write.stage.js';

export interface PipelineResult {
  records: number;
  /** The cursor the last batch stored with its records; null when nothing was listed. */
  cursor: WalletCursor | null;
}

/**
 * Fetch → parse → write in batches of whole blocks, fetching the next batch's chain data while the
 * current one is parsed and written (chain latency and database time overlap).
 */
export class BatchPipeline {
  constructor(
    private readonly deps: {
      transactions: Pick<TransactionRepository, 'openActions'>;
      fetch: FetchStage;
      write: WriteStage;
      batchSize: number;
    },
  ) {}

  async run(run: SyncRun, refs: TxRef[]): Promise<PipelineResult> {
    if (refs.length === 0) return { records: 0, cursor: null };
    const batches = splitAtBlocks(refs, this.deps.batchSize);
    const { progress } = run;
    progress.set('fetching', 0, refs.length);

    // The first batch's chain data is fetched while the open orders are read.
    let pending = this.deps.fetch.fetchBatch(run, batches[0]!);
    pending.catch(() => undefined); // awaited below; never unhandled
    const parser = new BatchParser(run, await this.deps.transactions.openActions(run.userId));

    let records = 0;
    let cursor: WalletCursor | null = null;
    for (let i = 0; i < batches.length; i++) {
      const fetched = await timed(run, 'fetch', () => pending);
      if (i + 1 < batches.length) {
        pending = this.deps.fetch.fetchBatch(run, batches[i + 1]!);
        pending.catch(() => undefined); // observed on the next iteration; never unhandled
      }
      run.signal?.throwIfAborted();
      await run.accountEvents?.fromDetails(fetched.map((f) => f.details));
      const parseStart = performance.now();
      const rows = parser.parse(fetched);
      run.timings.parse = (run.timings.parse ?? 0) + performance.now() - parseStart;
      progress.set('writing', progress.current.done, refs.length);
      const result = await this.deps.write.write(run, rows, fetched[fetched.length - 1]!);
      records += result.written;
      cursor = result.cursor;
      progress.set('fetching', progress.current.done, refs.length);
    }
    return { records, cursor };
  }
}

/** Batches of about `size` transactions that never split a block (the cursor only passes whole blocks). */
export function splitAtBlocks(refs: readonly TxRef[], size: number): TxRef[][] {
  const batches: TxRef[][] = [];
  let current: TxRef[] = [];
  for (let i = 0; i < refs.length; i++) {
    current.push(refs[i]!);
    const next = refs[i + 1];
    if (current.length >= size && (!next || next.blockHeight !== refs[i]!.blockHeight)) {
      batches.push(current);
      current = [];
    }
  }
  if (current.length) batches.push(current);
  return batches;
}
