import type { TransactionRepository } from '../../db/repositories/transaction-repository.js';
import type { SyncRun } from './sync-run.js';

/** Stored hashes of the run's wallet at one block height (the probe and the rollback check compare them). */
export async function storedHashesAt(
  transactions: Pick<TransactionRepository, 'listRefs'>,
  run: Pick<SyncRun, 'userId' | 'wallet'>,
  height: number,
): Promise<Set<string>> {
  const rows = await transactions.listRefs(run.userId, run.wallet.address, {
    minHeight: height,
    maxHeight: height,
  });
  return new Set(rows.map((r) => r.txHash));
}
