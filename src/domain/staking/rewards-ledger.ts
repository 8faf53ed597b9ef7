import type { StakeEpochEntry } from './staking-types.js';

export interface RewardsLedgerInput {
  rewardsLovelace: bigint;
  mirLovelace: bigint;
  /** Σ withdrawals in the wallet's own transaction records. */
  withdrawnLovelace: bigint;
  /** The chain's `withdrawable_amount`. */
  withdrawableLovelace: bigint;
  /** Epochs whose rewards are stored (earned epoch). */
  rewardEpochs: ReadonlySet<number>;
  /** The account's stake per epoch (`/accounts/{s}/history`). */
  history: readonly StakeEpochEntry[];
  /** The current epoch: rewards of epoch e are listed from epoch e + 2 on. */
  currentEpoch: number;
}

export interface RewardsLedgerResult {
  status: 'matched' | 'mismatch';
  rewardsLovelace: string;
  mirLovelace: string;
  withdrawnLovelace: string;
  /** rewards + MIR − withdrawn: what the account should hold. */
  computedLovelace: string;
  withdrawableLovelace: string;
  /** withdrawable − computed. */
  differenceLovelace: string;
  /**
   * On a mismatch: the epochs the account had stake delegated in, old enough to have paid, with no
   * stored reward (where a missing reward would explain the gap). Empty when matched.
   */
  gapEpochs: number[];
}

/** Σ rewards + Σ MIR − Σ withdrawals must equal what the chain says the reward account holds. */
export function checkRewardsLedger(input: RewardsLedgerInput): RewardsLedgerResult {
  const computed = input.rewardsLovelace + input.mirLovelace - input.withdrawnLovelace;
  const matched = computed === input.withdrawableLovelace;
  const gapEpochs = matched
    ? []
    : input.history
        .filter((h) => h.activeEpoch <= input.currentEpoch - 2 && h.activeStake > 0n)
        .map((h) => h.activeEpoch)
        .filter((e) => !input.rewardEpochs.has(e))
        .sort((a, b) => a - b);
  return {
    status: matched ? 'matched' : 'mismatch',
    rewardsLovelace: input.rewardsLovelace.toString(),
    mirLovelace: input.mirLovelace.toString(),
    withdrawnLovelace: input.withdrawnLovelace.toString(),
    computedLovelace: computed.toString(),
    withdrawableLovelace: input.withdrawableLovelace.toString(),
    differenceLovelace: (input.withdrawableLovelace - computed).toString(),
    gapEpochs,
  };
}
