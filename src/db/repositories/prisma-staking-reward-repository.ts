import type { RewardType } from '../../domain/staking/staking-types.js';
import type { PrismaClient, SqlPool } from '../prisma-client.js';
import type {
  RewardQuery,
  RewardTotals,
  RewardsWrite,
  StakeEpochRow,
  StakingRewardRepository,
  StakingRewardRow,
  StoredRewardsState,
} from './staking-reward-repository.js';
import { isUuid } from './uuid.js';

interface RewardSqlRow {
  wallet_address: string;
  source_key: string;
  epoch: number;
  spendable_epoch: number;
  spendable_at: Date;
  type: string;
  pool_id: string | null;
  amount: string;
  active_stake: string | null;
  tx_hash: string | null;
  ticker: string | null;
  name: string | null;
}

export class PrismaStakingRewardRepository implements StakingRewardRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: SqlPool,
  ) {}

  async state(userId: string, walletAddress: string): Promise<StoredRewardsState> {
    const empty: StoredRewardsState = {
      rewardKeys: new Set(),
      mirKeys: new Set(),
      history: new Map(),
      rewardsEpoch: null,
    };
    if (!isUuid(userId)) return empty;
    const [keys, history, wallet] = await Promise.all([
      this.prisma.stakingReward.findMany({
        where: { userId, walletAddress },
        select: { sourceKey: true, type: true },
      }),
      this.prisma.stakeEpoch.findMany({ where: { userId, walletAddress } }),
      this.prisma.wallet.findFirst({
        where: { userId, address: walletAddress },
        select: { rewardsEpoch: true },
      }),
    ]);
    for (const k of keys) (k.type === 'mir' ? empty.mirKeys : empty.rewardKeys).add(k.sourceKey);
    for (const h of history) {
      empty.history.set(h.epoch, { activeEpoch: h.epoch, activeStake: h.activeStake, poolId: h.poolId });
    }
    empty.rewardsEpoch = wallet?.rewardsEpoch ?? null;
    return empty;
  }

  async write(userId: string, walletId: string, walletAddress: string, w: RewardsWrite): Promise<void> {
    if (!isUuid(userId) || !isUuid(walletId)) return;
    // ONE statement (atomic in autocommit): the deletes and upserts touch disjoint rows, and the
    // wallet's rewards epoch moves only with the rows it describes.
    await this.sql.query({
      name: 'staking_rewards_write',
      text: `WITH new_rewards AS (
          SELECT * FROM unnest($3::text[], $4::int[], $5::int[], $6::timestamptz[], $7::text[], $8::text[],
            $9::bigint[], $10::bigint[], $11::text[])
            AS r(source_key, epoch, spendable_epoch, spendable_at, type, pool_id, amount, active_stake, tx_hash)
        ), new_history AS (
          SELECT * FROM unnest($12::int[], $13::text[], $14::bigint[]) AS h(epoch, pool_id, stake)
        ), del_rewards AS (
          DELETE FROM staking_rewards s WHERE s.user_id = $1::uuid AND s.wallet_address = $2
            AND ((s.type <> 'mir' AND $15::boolean) OR (s.type = 'mir' AND $16::boolean))
            AND NOT EXISTS (SELECT 1 FROM new_rewards n WHERE n.source_key = s.source_key)
        ), ins_rewards AS (
          INSERT INTO staking_rewards (user_id, wallet_address, source_key, epoch, spendable_epoch,
            spendable_at, type, pool_id, amount, active_stake, tx_hash)
          SELECT $1::uuid, $2, n.* FROM new_rewards n
          ON CONFLICT (user_id, wallet_address, source_key) DO UPDATE SET
            epoch = EXCLUDED.epoch, spendable_epoch = EXCLUDED.spendable_epoch,
            spendable_at = EXCLUDED.spendable_at, type = EXCLUDED.type, pool_id = EXCLUDED.pool_id,
            amount = EXCLUDED.amount, active_stake = EXCLUDED.active_stake, tx_hash = EXCLUDED.tx_hash
        ), del_history AS (
          DELETE FROM stake_epochs e WHERE $17::boolean AND e.user_id = $1::uuid AND e.wallet_address = $2
            AND NOT EXISTS (SELECT 1 FROM new_history n WHERE n.epoch = e.epoch)
        ), ins_history AS (
          INSERT INTO stake_epochs (user_id, wallet_address, epoch, pool_id, active_stake)
          SELECT $1::uuid, $2, n.epoch, n.pool_id, n.stake FROM new_history n
          ON CONFLICT (user_id, wallet_address, epoch) DO UPDATE SET
            pool_id = EXCLUDED.pool_id, active_stake = EXCLUDED.active_stake
        )
        UPDATE wallets SET rewards_epoch = $18 WHERE id = $19::uuid AND user_id = $1::uuid`,
      values: [
        userId,
        walletAddress,
        w.rewards.map((r) => r.sourceKey),
        w.rewards.map((r) => r.epoch),
        w.rewards.map((r) => r.spendableEpoch),
        w.rewards.map((r) => r.spendableAt),
        w.rewards.map((r) => r.type),
        w.rewards.map((r) => r.poolId),
        w.rewards.map((r) => r.amount.toString()),
        w.rewards.map((r) => r.activeStake?.toString() ?? null),
        w.rewards.map((r) => r.txHash),
        w.history.map((h) => h.activeEpoch),
        w.history.map((h) => h.poolId),
        w.history.map((h) => h.activeStake.toString()),
        w.replace?.listed ?? false,
        w.replace?.mirs ?? false,
        w.replaceHistory,
        w.rewardsEpoch,
        walletId,
      ],
    });
  }

  async totals(userId: string, walletAddress: string): Promise<RewardTotals> {
    if (!isUuid(userId)) return { count: 0, rewardsLovelace: 0n, mirLovelace: 0n, withdrawnLovelace: 0n };
    const { rows } = await this.sql.query<{ n: number; rewards: string; mirs: string; withdrawn: string }>({
      name: 'staking_reward_totals',
      text: `SELECT
          (SELECT count(*)::int FROM staking_rewards WHERE user_id = $1 AND wallet_address = $2) AS n,
          (SELECT coalesce(sum(amount), 0)::text FROM staking_rewards
            WHERE user_id = $1 AND wallet_address = $2 AND type <> 'mir') AS rewards,
          (SELECT coalesce(sum(amount), 0)::text FROM staking_rewards
            WHERE user_id = $1 AND wallet_address = $2 AND type = 'mir') AS mirs,
          (SELECT coalesce(sum((metadata->>'withdrawal')::numeric), 0)::text FROM transactions
            WHERE user_id = $1 AND wallet_address = $2) AS withdrawn`,
      values: [userId, walletAddress],
    });
    const r = rows[0]!;
    return {
      count: r.n,
      rewardsLovelace: BigInt(r.rewards),
      mirLovelace: BigInt(r.mirs),
      withdrawnLovelace: BigInt(r.withdrawn),
    };
  }

  async list(userId: string, query: RewardQuery = {}): Promise<StakingRewardRow[]> {
    if (!isUuid(userId)) return [];
    const { rows } = await this.sql.query<RewardSqlRow>({
      name: 'staking_rewards_list',
      text: `SELECT r.wallet_address, r.source_key, r.epoch, r.spendable_epoch, r.spendable_at, r.type,
               r.pool_id, r.amount::text, coalesce(r.active_stake, e.active_stake)::text AS active_stake,
               r.tx_hash, p.ticker, p.name
             FROM staking_rewards r
             LEFT JOIN stake_epochs e ON e.user_id = r.user_id AND e.wallet_address = r.wallet_address
               AND e.epoch = r.epoch AND r.type <> 'mir'
             LEFT JOIN stake_pools p ON p.pool_id = r.pool_id
             WHERE r.user_id = $1 AND ($2::text[] IS NULL OR r.wallet_address = ANY($2))
               AND ($3::timestamptz IS NULL OR r.spendable_at >= $3)
               AND ($4::timestamptz IS NULL OR r.spendable_at < $4)
               AND ($5::text[] IS NULL OR r.type = ANY($5))
             ORDER BY r.spendable_at, r.epoch, r.source_key`,
      values: [
        userId,
        query.walletAddresses ?? null,
        query.from ?? null,
        query.to ?? null,
        query.types ?? null,
      ],
    });
    return rows.map((r) => ({
      walletAddress: r.wallet_address,
      sourceKey: r.source_key,
      epoch: r.epoch,
      spendableEpoch: r.spendable_epoch,
      spendableAt: r.spendable_at,
      type: r.type as RewardType,
      poolId: r.pool_id,
      amount: BigInt(r.amount),
      activeStake: r.active_stake === null ? null : BigInt(r.active_stake),
      txHash: r.tx_hash,
      poolTicker: r.ticker,
      poolName: r.name,
    }));
  }

  async stakeHistory(userId: string, walletAddresses?: string[]): Promise<StakeEpochRow[]> {
    if (!isUuid(userId)) return [];
    const rows = await this.prisma.stakeEpoch.findMany({
      where: { userId, ...(walletAddresses ? { walletAddress: { in: walletAddresses } } : {}) },
      orderBy: [{ walletAddress: 'asc' }, { epoch: 'asc' }],
    });
    return rows.map((h) => ({
      walletAddress: h.walletAddress,
      activeEpoch: h.epoch,
      activeStake: h.activeStake,
      poolId: h.poolId,
    }));
  }
}
