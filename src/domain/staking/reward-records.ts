import { epochAtTime, epochStartTime } from './epoch-clock.js';
import type {
  EpochRef,
  ListedMir,
  ListedReward,
  StakeEpochEntry,
  StakingRewardRecord,
} from './staking-types.js';

/** A reward is credited to the account at the start of the second epoch after the one it was earned in. */
export const SPENDABLE_AFTER_EPOCHS = 2;

export const rewardKey = (r: Pick<ListedReward, 'epoch' | 'type' | 'poolId'>): string =>
  `reward:${r.epoch}:${r.type}:${r.poolId}`;
export const mirKey = (m: Pick<ListedMir, 'txHash'>): string => `mir:${m.txHash}`;

/** Listed rewards and MIRs as stored records, each with its spendable epoch and time and active stake. */
export function toRewardRecords(
  rewards: readonly ListedReward[],
  mirs: readonly ListedMir[],
  history: ReadonlyMap<number, StakeEpochEntry>,
  clock: EpochRef,
): StakingRewardRecord[] {
  const out: StakingRewardRecord[] = rewards.map((r) => {
    // A pool deposit refund is listed under the epoch it is paid in (the retiring pool's boundary):
    // spendable at once, unlike member and leader rewards, which are paid two epochs after earning.
    const spendableEpoch = r.type === 'pool_deposit_refund' ? r.epoch : r.epoch + SPENDABLE_AFTER_EPOCHS;
    return {
      sourceKey: rewardKey(r),
      epoch: r.epoch,
      spendableEpoch,
      spendableAt: new Date(epochStartTime(clock, spendableEpoch) * 1000),
      type: r.type,
      poolId: r.poolId,
      amount: r.amount,
      activeStake: history.get(r.epoch)?.activeStake ?? null,
      txHash: null,
    };
  });
  for (const m of mirs) {
    // A MIR certificate pays into the reward account when its transaction's epoch ends.
    const epoch = epochAtTime(clock, m.blockTime);
    out.push({
      sourceKey: mirKey(m),
      epoch,
      spendableEpoch: epoch + 1,
      spendableAt: new Date(epochStartTime(clock, epoch + 1) * 1000),
      type: 'mir',
      poolId: null,
      amount: m.amount,
      activeStake: null,
      txHash: m.txHash,
    });
  }
  return out;
}
