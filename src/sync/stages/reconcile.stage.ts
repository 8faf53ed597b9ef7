import type { TransactionRepository } from '../../db/repositories/transaction-repository.js';
import type {
  ReconciliationResult,
  Wallet,
  WalletCursor,
  WalletRepository,
} from '../../db/repositories/wallet-repository.js';
import type { AccountState } from '../chain/sync-chain-source.js';
import type { SyncLogger } from '../wallet-sync.types.js';
import type { RewardsStage } from './rewards.stage.js';
import type { SyncRun } from './sync-run.js';

export interface ReconcileDeps {
  transactions: Pick<TransactionRepository, 'balances'>;
  wallets: Pick<WalletRepository, 'setReconciliation'>;
  rewards: RewardsStage;
  logger?: SyncLogger;
  clock: () => Date;
  /** Reconcile an idle wallet when its last reconciliation is older than this. */
  reconcileEveryMs: number;
}

/**
 * Reconcile: the computed balance against the chain's. Stake account: Σ net + withdrawable = controlled
 * amount, and the rewards ledger (Σ rewards + Σ MIR − Σ withdrawals = withdrawable) beside it; payment
 * address: Σ net per unit = its current amounts (every token compared). Stored on the wallet; a
 * mismatch is logged as a warning naming the amount.
 */
export class ReconcileStage {
  constructor(private readonly deps: ReconcileDeps) {}

  /** Due when the last one is older than `reconcileEveryMs` or was made at another cursor. */
  due(wallet: Wallet, cursor: WalletCursor | null, now: Date): boolean {
    const rec = wallet.reconciliation;
    if (!rec) return true;
    if (now.getTime() - new Date(rec.checkedAt).getTime() >= this.deps.reconcileEveryMs) return true;
    const at = (rec.details as { cursorHeight?: number | null } | undefined)?.cursorHeight;
    return at !== (cursor?.blockHeight ?? null);
  }

  /** `known`: the account state read after the listing (stake wallets), reused when it still adds up. */
  async run(
    run: SyncRun,
    known: AccountState | null,
    cursor: WalletCursor | null,
  ): Promise<ReconciliationResult> {
    run.progress.set('reconciling');
    const result =
      run.target.kind === 'stake' ? await this.stake(run, known, cursor) : await this.payment(run, cursor);
    await this.deps.wallets.setReconciliation(run.userId, run.wallet.id, result);
    if (result.status === 'mismatch') {
      this.deps.logger?.warn(
        {
          walletId: run.wallet.id,
          walletAddress: run.wallet.address,
          computedLovelace: result.computedLovelace,
          chainLovelace: result.chainLovelace,
          differenceLovelace: result.differenceLovelace,
          details: result.details,
        },
        `reconciliation mismatch: chain reports ${result.differenceLovelace} lovelace more than the records`,
      );
    }
    return result;
  }

  private balances(run: SyncRun): Promise<Map<string, bigint>> {
    return run.fresh
      ? Promise.resolve(run.fresh.balances)
      : this.deps.transactions.balances(run.userId, run.wallet.address);
  }

  private async stake(
    run: SyncRun,
    known: AccountState | null,
    cursor: WalletCursor | null,
  ): Promise<ReconciliationResult> {
    const { chain, signal, wallet } = run;
    // The chain's figure and ours are read at the same time.
    const [balances, first] = await Promise.all([
      this.balances(run),
      known ? Promise.resolve(known) : chain.account(wallet.address, signal),
    ]);
    const sumNet = balances.get('lovelace') ?? 0n;
    let account = first;
    let computed = sumNet + (account?.withdrawableAmount ?? 0n);
    if (account && computed !== account.controlledAmount && known) {
      // The state read before the fetches may predate blocks the listing did not see; read it again.
      account = await chain.account(wallet.address, signal);
      computed = sumNet + (account?.withdrawableAmount ?? 0n);
    }
    const chainAmount = account?.controlledAmount ?? 0n;
    const withdrawable = account?.withdrawableAmount ?? 0n;
    const rewards = account ? await this.deps.rewards.ledger(run, withdrawable) : null;
    return {
      status: computed === chainAmount ? 'matched' : 'mismatch',
      computedLovelace: computed.toString(),
      chainLovelace: chainAmount.toString(),
      differenceLovelace: (chainAmount - computed).toString(),
      checkedAt: this.deps.clock().toISOString(),
      details: {
        kind: 'stake',
        cursorHeight: cursor?.blockHeight ?? null,
        sumNetLovelace: sumNet.toString(),
        withdrawableLovelace: withdrawable.toString(),
        account: account
          ? {
              withdrawalsSum: account.withdrawalsSum.toString(),
              active: account.active,
              poolId: account.poolId,
              activeEpoch: account.activeEpoch,
            }
          : null,
        ...(rewards ? { rewards } : {}),
      },
    };
  }

  private async payment(run: SyncRun, cursor: WalletCursor | null): Promise<ReconciliationResult> {
    const [balances, amounts] = await Promise.all([
      this.balances(run),
      run.chain.addressAmounts(run.wallet.address, run.signal),
    ]);
    const sumNet = balances.get('lovelace') ?? 0n;
    const chainAmount = amounts.get('lovelace') ?? 0n;
    const tokenMismatches: Record<string, { computed: string; chain: string }> = {};
    for (const unit of new Set([...balances.keys(), ...amounts.keys()])) {
      if (unit === 'lovelace') continue;
      const c = balances.get(unit) ?? 0n;
      const h = amounts.get(unit) ?? 0n;
      if (c !== h) tokenMismatches[unit] = { computed: c.toString(), chain: h.toString() };
    }
    const tokensOk = Object.keys(tokenMismatches).length === 0;
    return {
      status: sumNet === chainAmount && tokensOk ? 'matched' : 'mismatch',
      computedLovelace: sumNet.toString(),
      chainLovelace: chainAmount.toString(),
      differenceLovelace: (chainAmount - sumNet).toString(),
      checkedAt: this.deps.clock().toISOString(),
      details: {
        kind: 'payment',
        cursorHeight: cursor?.blockHeight ?? null,
        tokensCompared: amounts.size - (amounts.has('lovelace') ? 1 : 0),
        tokenMismatches,
      },
    };
  }
}
