import type {
  NewWalletTransaction,
  TransactionRepository,
} from '../../db/repositories/transaction-repository.js';
import type { WalletCursor } from '../../db/repositories/wallet-repository.js';
import { utcDayStart } from '../holdings-snapshots.js';
import { cursorAt } from './rollback.stage.js';
import { timed, type FetchedTx, type SyncRun } from './sync-run.js';

/**
 * Write: one batch's records, flows, actions and the cursor advance in one atomic statement, so the
 * cursor never passes a block whose records are not stored. Tallies what later stages need from the
 * written rows (new token units; a fresh wallet's daily flows and balances).
 */
export class WriteStage {
  constructor(
    private readonly transactions: Pick<TransactionRepository, 'upsertBatchWithCursor'>,
    private readonly clock: () => Date,
  ) {}

  async write(
    run: SyncRun,
    rows: NewWalletTransaction[],
    last: FetchedTx,
  ): Promise<{ written: number; cursor: WalletCursor }> {
    const cursor: WalletCursor = { blockHeight: last.ref.blockHeight, blockHash: last.blockHash };
    if (!cursor.blockHash) cursor.blockHash = (await cursorAt(run, last.ref.blockHeight))?.blockHash ?? '';
    const { written } = await timed(run, 'write', () =>
      this.transactions.upsertBatchWithCursor(run.userId, run.wallet.address, rows, {
        walletId: run.wallet.id,
        blockHeight: cursor.blockHeight,
        blockHash: cursor.blockHash,
        syncedAt: this.clock(),
      }),
    );
    for (const r of rows) for (const f of r.flows) if (f.unit !== 'lovelace') run.newUnits.add(f.unit);
    if (run.fresh) {
      for (const r of rows) {
        const day = utcDayStart(r.txTimestamp).getTime();
        for (const f of r.flows) {
          const k = `${day}|${f.unit}`;
          run.fresh.daily.set(k, (run.fresh.daily.get(k) ?? 0n) + f.quantity);
          run.fresh.balances.set(f.unit, (run.fresh.balances.get(f.unit) ?? 0n) + f.quantity);
        }
      }
    }
    return { written, cursor };
  }
}
