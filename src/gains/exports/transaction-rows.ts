import type { CostBasisRecordRow } from '../../db/repositories/cost-basis-records.js';
import { LOVELACE } from '../../domain/amounts.js';

/** One transaction of the user as the tax-tool exports show it: what left and what arrived, net. */
export interface TransactionRow {
  txHash: string | null;
  /** Unix ms. */
  time: number;
  /** Units that left (positive quantities, base units), the fee excluded. */
  sent: Array<[string, bigint]>;
  received: Array<[string, bigint]>;
  /** Lovelace paid as fee by the in-scope wallets. */
  fee: bigint;
  /** `internal_fee`: only a fee left the wallets in scope. */
  kind: 'transfer' | 'reward' | 'internal_fee' | 'lost' | 'liquidity_in' | 'liquidity_out' | 'deposit';
  description: string;
}

export interface RowOptions {
  /** Wallet addresses in scope (null: all the user's). */
  wallets: ReadonlySet<string> | null;
  /** Stake wallets whose rewards are stored: their withdrawals are movements, the rewards income. */
  rewardsKnown: ReadonlySet<string>;
  rewardPolicy: 'when_earned' | 'when_withdrawn';
  from?: number;
  to?: number;
}

/**
 * The user's records grouped per transaction (summed over the wallets in scope, so a movement between
 * two of them nets out), each as sent / received / fee with received − sent − fee = the in-scope net
 * change per unit. Withdrawals: when the wallet's rewards are stored and income is taken when earned,
 * the withdrawn rewards were income already (the reward rows) and the withdrawal only moves them, so
 * they are left out of `received`; otherwise the withdrawn amount is received as a reward.
 */
export function* transactionRows(
  records: readonly CostBasisRecordRow[],
  options: RowOptions,
): Generator<TransactionRow> {
  for (let start = 0; start < records.length;) {
    let end = start + 1;
    while (end < records.length && records[end]!.txHash === records[start]!.txHash) end++;
    const group = records
      .slice(start, end)
      .filter((r) => options.wallets === null || options.wallets.has(r.walletAddress));
    start = end;
    if (group.length === 0) continue;
    const time = group[0]!.blockTime * 1000;
    if (
      (options.from !== undefined && time < options.from) ||
      (options.to !== undefined && time >= options.to)
    )
      continue;
    const net = new Map<string, bigint>();
    let fee = 0n;
    let withdrawnAsMovement = 0n;
    let withdrawnAsIncome = 0n;
    for (const r of group) {
      for (const [u, q] of r.flows) net.set(u, (net.get(u) ?? 0n) + q);
      fee += r.fee;
      if (r.withdrawal > 0n) {
        if (options.rewardPolicy === 'when_earned' && options.rewardsKnown.has(r.walletAddress))
          withdrawnAsMovement += r.withdrawal;
        else withdrawnAsIncome += r.withdrawal;
      }
    }
    // The fee is its own column; the withdrawal moved out of the reward account (not a receipt).
    net.set(LOVELACE, (net.get(LOVELACE) ?? 0n) + fee - withdrawnAsMovement);
    const sent: Array<[string, bigint]> = [];
    const received: Array<[string, bigint]> = [];
    for (const [u, q] of net) {
      if (q < 0n) sent.push([u, -q]);
      else if (q > 0n) received.push([u, q]);
    }
    const first = group[0]!;
    const actions = new Set(group.map((r) => r.action));
    // Nothing but a fee moved (a transfer between the wallets in scope, a delegation, a withdrawal of
    // rewards already counted as income): a fee row.
    const internal = sent.length === 0 && received.length === 0;
    if (internal && fee === 0n) continue;
    const failed = group.some((r) => r.failed || r.action === 'collateral_loss');
    const kind: TransactionRow['kind'] = failed
      ? 'lost'
      : internal
        ? 'internal_fee'
        : withdrawnAsIncome > 0n && sent.length === 0
          ? 'reward'
          : actions.has('liquidity_add')
            ? 'liquidity_in'
            : actions.has('liquidity_remove')
              ? 'liquidity_out'
              : actions.has('stake_registration') || actions.has('stake_deregistration')
                ? 'deposit'
                : 'transfer';
    yield {
      txHash: first.txHash,
      time,
      sent,
      received,
      fee,
      kind,
      description: [...actions].join(', ') + (first.description ? `: ${first.description}` : ''),
    };
  }
}

/** Staking rewards as income rows (income when earned, stored rewards only). */
export function* rewardRows(
  rewards: ReadonlyArray<{ walletAddress: string; epoch: number; amount: bigint; spendableAt: Date }>,
  options: Pick<RowOptions, 'wallets' | 'from' | 'to' | 'rewardPolicy'>,
): Generator<TransactionRow> {
  if (options.rewardPolicy !== 'when_earned') return;
  for (const r of rewards) {
    const time = r.spendableAt.getTime();
    if (options.wallets !== null && !options.wallets.has(r.walletAddress)) continue;
    if (
      (options.from !== undefined && time < options.from) ||
      (options.to !== undefined && time >= options.to)
    )
      continue;
    if (r.amount <= 0n) continue;
    yield {
      txHash: null,
      time,
      sent: [],
      received: [[LOVELACE, r.amount]],
      fee: 0n,
      kind: 'reward',
      description: `staking reward, epoch ${r.epoch} (${r.walletAddress})`,
    };
  }
}

/** Both, in time order (rows at the same time: transactions first). */
export function mergeByTime(a: Iterable<TransactionRow>, b: Iterable<TransactionRow>): TransactionRow[] {
  return [...a, ...b].sort(
    (x, y) => x.time - y.time || (x.txHash === null ? 1 : 0) - (y.txHash === null ? 1 : 0),
  );
}
