import type { TransactionRepository } from '../../db/repositories/transaction-repository.js';
import type { TxRef } from '../chain/sync-chain-source.js';
import { storedHashesAt } from './stored-hashes.js';
import { timed, type SyncRun } from './sync-run.js';

export interface ProbeResult {
  /** The chain's newest transaction of the wallet; undefined when no probe was made. */
  latest: TxRef | null | undefined;
  /** The newest transaction is the one stored at the cursor: nothing is new, nothing rolled back. */
  idle: boolean;
}

/**
 * Probe: one request for the wallet's newest transaction. When it is the one stored at the cursor an
 * idle re-sync costs this single request. A first sync has nothing to compare with (it lists at once),
 * nor has a stake wallet listed address by address (no single listing to probe).
 */
export class ProbeStage {
  constructor(
    private readonly transactions: Pick<TransactionRepository, 'listRefs'>,
    private readonly stakeListing: 'account' | 'addresses',
  ) {}

  async run(run: SyncRun): Promise<ProbeResult> {
    const cursor = run.wallet.cursor;
    run.progress.set('checking');
    if (cursor === null || (run.target.kind === 'stake' && this.stakeListing !== 'account'))
      return { latest: undefined, idle: false };
    const latest = await timed(run, 'probe', () => run.chain.latestTx(run.target, run.signal));
    const idle =
      latest !== null &&
      latest.blockHeight === cursor.blockHeight &&
      (await storedHashesAt(this.transactions, run, cursor.blockHeight)).has(latest.txHash);
    return { latest, idle };
  }
}
