import type { ChainTransactionRepository } from '../../db/repositories/chain-transaction-repository.js';
import type { TransactionRepository } from '../../db/repositories/transaction-repository.js';
import type { WalletCursor, WalletRepository } from '../../db/repositories/wallet-repository.js';
import type { TxRef } from '../chain/sync-chain-source.js';
import type { SyncLogger } from '../wallet-sync.types.js';
import type { ListStage } from './list.stage.js';
import { storedHashesAt } from './stored-hashes.js';
import type { SyncRun } from './sync-run.js';

export interface RollbackDeps {
  transactions: Pick<TransactionRepository, 'listRefs' | 'deleteAboveHeight'>;
  chainTransactions: Pick<ChainTransactionRepository, 'deleteAboveHeight'>;
  wallets: Pick<WalletRepository, 'setCursor'>;
  list: ListStage;
  logger?: SyncLogger;
  clock: () => Date;
}

export interface RollbackResult {
  /** The transactions still to fetch: above the cursor, or above the last common block after a rollback. */
  refs: TxRef[];
  rollback: { fromHeight: number; toHeight: number } | null;
  recordsDeleted: number;
}

/** Finds the block a cursor block's hash belongs to (the cursor after a rollback). */
export async function cursorAt(run: SyncRun, height: number): Promise<WalletCursor | null> {
  const b = await run.chain.block(height, run.signal);
  return b ? { blockHeight: b.height, blockHash: b.hash } : null;
}

/**
 * Rollback: the listing starts at the cursor's block (inclusive), so the transactions stored there must
 * still be listed, and the probe's newest transaction must not be below the cursor; else blocks were
 * rolled back under us. Then the records above the last common block are deleted (with the shared
 * chain cache above it), the cursor restarts there, and the wallet is listed again from it.
 */
export class RollbackStage {
  constructor(private readonly deps: RollbackDeps) {}

  async resolve(run: SyncRun, listed: TxRef[], latest: TxRef | null | undefined): Promise<RollbackResult> {
    const cursor = run.wallet.cursor;
    if (!cursor) return { refs: listed, rollback: null, recordsDeleted: 0 };
    const stored = await storedHashesAt(this.deps.transactions, run, cursor.blockHeight);
    const listedAtCursor = new Set(
      listed.filter((r) => r.blockHeight === cursor.blockHeight).map((r) => r.txHash),
    );
    const lost = [...stored].some((h) => !listedAtCursor.has(h));
    const behind = latest !== undefined && (latest === null || latest.blockHeight < cursor.blockHeight);
    if (!lost && !behind) {
      return {
        refs: listed.filter((r) => r.blockHeight > cursor.blockHeight),
        rollback: null,
        recordsDeleted: 0,
      };
    }
    run.progress.set('rollback');
    const common = await this.findCommonHeight(run, cursor.blockHeight);
    const recordsDeleted = await this.deps.transactions.deleteAboveHeight(
      run.userId,
      run.wallet.address,
      common,
    );
    if (common > 0) await this.deps.chainTransactions.deleteAboveHeight(common);
    this.deps.logger?.warn(
      {
        walletId: run.wallet.id,
        walletAddress: run.wallet.address,
        cursor,
        commonHeight: common,
        recordsDeleted,
      },
      'rollback detected: records above the last common block removed',
    );
    const refs = await this.deps.list.list(run, common + 1);
    // Records of blocks at or below the common height are stored; the cursor restarts there.
    const base = common > 0 ? await cursorAt(run, common) : null;
    await this.deps.wallets.setCursor(run.userId, run.wallet.id, base, this.deps.clock());
    return { refs, rollback: { fromHeight: cursor.blockHeight, toHeight: common }, recordsDeleted };
  }

  /**
   * Walks this wallet's stored records down from the cursor, one height at a time, until one is still
   * on chain in the same block: that height is the last common block. 0 when none survives.
   */
  private async findCommonHeight(run: SyncRun, cursorHeight: number): Promise<number> {
    let maxHeight = cursorHeight;
    for (;;) {
      const rows = await this.deps.transactions.listRefs(run.userId, run.wallet.address, {
        maxHeight,
        limit: 50,
      });
      if (rows.length === 0) return 0;
      const checked = new Set<number>();
      for (const r of rows) {
        if (checked.has(r.blockHeight)) continue;
        checked.add(r.blockHeight);
        const tx = await run.chain.tx(r.txHash, run.signal);
        if (tx && tx.block_height === r.blockHeight) return r.blockHeight;
      }
      maxHeight = Math.min(...checked) - 1;
    }
  }
}
