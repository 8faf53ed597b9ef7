import type { StakeRewardsSync, StoredRewardsLedger } from '../rewards/stake-rewards-sync.js';
import type { RewardsStageReport } from '../wallet-sync.types.js';
import { timed, type SyncRun } from './sync-run.js';

/**
 * Rewards (stake wallets): the account's rewards, MIRs and stake history, read once per epoch (rewards
 * arrive at epoch boundaries) from the page that can hold new entries, stored in one atomic write; and
 * the rewards ledger the reconciliation stores beside the balance check. Payment wallets have no
 * rewards: null, not an error.
 */
export class RewardsStage {
  constructor(private readonly rewards: StakeRewardsSync | undefined) {}

  /** After a rollback: the cached epoch and shared listings are forgotten (StakeRewardsSync). */
  async chainRolledBack(): Promise<void> {
    await this.rewards?.chainRolledBack();
  }

  async read(run: SyncRun): Promise<RewardsStageReport | null> {
    if (!this.rewards || run.target.kind !== 'stake') return null;
    const rewards = this.rewards;
    run.progress.set('rewards');
    const result = await timed(run, 'rewards', () =>
      rewards.read(this.target(run), { knownEpoch: run.wallet.rewardsEpoch }),
    );
    return {
      read: result.read,
      unavailable: result.unavailable,
      epoch: result.epoch,
      newRewards: result.newRewards,
      pools: result.pools,
    };
  }

  /**
   * Σ rewards + Σ MIR − Σ withdrawals against the chain's withdrawable amount; a gap not already found
   * in this epoch is re-read in full once first. Null for payment wallets or a chain without epochs.
   */
  async ledger(run: SyncRun, withdrawableLovelace: bigint): Promise<StoredRewardsLedger | null> {
    if (!this.rewards || run.target.kind !== 'stake') return null;
    const rewards = this.rewards;
    const previous =
      (run.wallet.reconciliation?.details as { rewards?: StoredRewardsLedger | null } | undefined)?.rewards ??
      null;
    return timed(run, 'rewards', () => rewards.checkLedger(this.target(run), withdrawableLovelace, previous));
  }

  private target(run: SyncRun) {
    return {
      userId: run.userId,
      walletId: run.wallet.id,
      stakeAddress: run.wallet.address,
      counter: run.counter,
      ...(run.signal ? { signal: run.signal } : {}),
    };
  }
}
