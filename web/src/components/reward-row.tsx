import type { StakingReward } from '../api/types.js';
import { shortHash } from '../format/addresses.js';
import { formatAda } from '../format/amounts.js';
import { formatDateTime } from '../format/dates.js';
import { formatMoney } from '../format/money.js';
import { labelIsPoolId, poolText, REWARD_TYPE_LABEL } from '../staking/reward-labels.js';

/**
 * A staking reward in the activity history: income the ledger credited to the reward account when it
 * became spendable, so it has an epoch and a pool but no transaction (and no fee). Styled apart from
 * the on-chain records.
 */
export function RewardRow({
  reward,
  walletLabel,
  currency,
}: {
  reward: StakingReward;
  walletLabel: string | undefined;
  currency: string;
}) {
  const pool = poolText(reward);
  return (
    <tr data-testid="reward-row" data-action="reward" data-epoch={reward.epoch} className="income-row">
      <td className="nowrap" title={`Spendable from epoch ${reward.spendableEpoch}`}>
        {formatDateTime(reward.spendableAt)}
      </td>
      <td>
        <span className="badge action-reward">Reward</span>
        <span className="muted small"> · {REWARD_TYPE_LABEL[reward.type]}</span>
        <div className="muted small" data-testid="reward-detail">
          Epoch {reward.epoch} ·{' '}
          <span title={reward.poolId ?? undefined} className={labelIsPoolId(reward) ? 'mono' : undefined}>
            {labelIsPoolId(reward) ? shortHash(pool) : pool}
          </span>
          {reward.value !== null ? ` · ${formatMoney(reward.value, currency)} at receipt` : ' · no price'}
        </div>
      </td>
      <td className="nowrap" title={reward.walletAddress}>
        {walletLabel ?? shortHash(reward.walletAddress)}
      </td>
      <td className="num mono nowrap pos">{formatAda(reward.amountLovelace, { signed: true })}</td>
      <td />
      <td className="num mono muted">—</td>
      <td
        className="muted small"
        title="Credited to the reward account at an epoch boundary: there is no transaction"
      >
        no tx
      </td>
    </tr>
  );
}
