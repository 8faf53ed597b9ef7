import type { EpochRef } from '../../domain/staking/staking-types.js';
import type { PoolEpochResult, PoolMetadataInfo } from '../../sync/chain/stake-rewards-source.js';
import type { SqlPool } from '../prisma-client.js';
import type { StakePoolStore, StoredPool } from './stake-pool-store.js';

export class PgStakePoolStore implements StakePoolStore {
  constructor(private readonly sql: SqlPool) {}

  async pools(poolIds: readonly string[]): Promise<Map<string, StoredPool>> {
    const out = new Map<string, StoredPool>();
    if (poolIds.length === 0) return out;
    const { rows } = await this.sql.query<{
      pool_id: string;
      ticker: string | null;
      name: string | null;
      homepage: string | null;
      metadata_error: string | null;
      history_epoch: number | null;
      n: number;
    }>({
      name: 'stake_pools_get',
      text: `SELECT p.pool_id, p.ticker, p.name, p.homepage, p.metadata_error, p.history_epoch,
               (SELECT count(*)::int FROM stake_pool_epochs e WHERE e.pool_id = p.pool_id) AS n
             FROM stake_pools p WHERE p.pool_id = ANY($1::text[])`,
      values: [[...new Set(poolIds)]],
    });
    for (const r of rows) {
      out.set(r.pool_id, {
        poolId: r.pool_id,
        ticker: r.ticker,
        name: r.name,
        homepage: r.homepage,
        metadataError: r.metadata_error,
        historyEpoch: r.history_epoch,
        historyCount: r.n,
      });
    }
    return out;
  }

  async saveMetadata(info: PoolMetadataInfo, at: Date): Promise<void> {
    await this.sql.query({
      name: 'stake_pools_save_metadata',
      text: `INSERT INTO stake_pools (pool_id, ticker, name, homepage, metadata_error, fetched_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (pool_id) DO UPDATE SET ticker = EXCLUDED.ticker, name = EXCLUDED.name,
               homepage = EXCLUDED.homepage, metadata_error = EXCLUDED.metadata_error,
               fetched_at = EXCLUDED.fetched_at`,
      values: [info.poolId, info.ticker, info.name, info.homepage, info.error, at],
    });
  }

  async saveHistory(
    poolId: string,
    results: PoolEpochResult[],
    historyEpoch: number,
    at: Date,
  ): Promise<void> {
    await this.sql.query({
      name: 'stake_pools_save_history',
      text: `WITH ins AS (
          INSERT INTO stake_pool_epochs (pool_id, epoch, active_stake, rewards, fees, blocks, delegators)
          SELECT $1, r.* FROM unnest($2::int[], $3::bigint[], $4::bigint[], $5::bigint[], $6::int[], $7::int[])
            AS r(epoch, active_stake, rewards, fees, blocks, delegators)
          ON CONFLICT (pool_id, epoch) DO UPDATE SET active_stake = EXCLUDED.active_stake,
            rewards = EXCLUDED.rewards, fees = EXCLUDED.fees, blocks = EXCLUDED.blocks,
            delegators = EXCLUDED.delegators
        )
        INSERT INTO stake_pools (pool_id, fetched_at, metadata_error, history_epoch, history_at)
        VALUES ($1, $9, 'not read yet', $8, $9)
        ON CONFLICT (pool_id) DO UPDATE SET history_epoch = EXCLUDED.history_epoch,
          history_at = EXCLUDED.history_at`,
      values: [
        poolId,
        results.map((r) => r.epoch),
        results.map((r) => r.activeStake.toString()),
        results.map((r) => r.rewards.toString()),
        results.map((r) => r.fees.toString()),
        results.map((r) => r.blocks),
        results.map((r) => r.delegators),
        historyEpoch,
        at,
      ],
    });
  }

  async history(poolIds: readonly string[]): Promise<Map<string, PoolEpochResult[]>> {
    const out = new Map<string, PoolEpochResult[]>();
    if (poolIds.length === 0) return out;
    const { rows } = await this.sql.query<{
      pool_id: string;
      epoch: number;
      active_stake: string;
      rewards: string;
      fees: string;
      blocks: number;
      delegators: number;
    }>({
      name: 'stake_pool_epochs_get',
      text: `SELECT pool_id, epoch, active_stake::text, rewards::text, fees::text, blocks, delegators
             FROM stake_pool_epochs WHERE pool_id = ANY($1::text[]) ORDER BY pool_id, epoch`,
      values: [[...new Set(poolIds)]],
    });
    for (const r of rows) {
      const list = out.get(r.pool_id) ?? [];
      list.push({
        epoch: r.epoch,
        activeStake: BigInt(r.active_stake),
        rewards: BigInt(r.rewards),
        fees: BigInt(r.fees),
        blocks: r.blocks,
        delegators: r.delegators,
      });
      out.set(r.pool_id, list);
    }
    return out;
  }

  async latestEpoch(): Promise<{ epoch: EpochRef; fetchedAt: Date } | null> {
    const { rows } = await this.sql.query<{
      epoch: number;
      start_time: Date;
      end_time: Date;
      fetched_at: Date;
    }>({
      name: 'chain_epochs_latest',
      text: `SELECT epoch, start_time, end_time, fetched_at FROM chain_epochs ORDER BY fetched_at DESC, epoch DESC LIMIT 1`,
    });
    const r = rows[0];
    if (!r) return null;
    return {
      epoch: {
        epoch: r.epoch,
        startTime: Math.round(r.start_time.getTime() / 1000),
        endTime: Math.round(r.end_time.getTime() / 1000),
      },
      fetchedAt: r.fetched_at,
    };
  }

  async saveEpoch(epoch: EpochRef, at: Date): Promise<void> {
    await this.sql.query({
      name: 'chain_epochs_save',
      text: `INSERT INTO chain_epochs (epoch, start_time, end_time, fetched_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (epoch) DO UPDATE SET start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time,
               fetched_at = EXCLUDED.fetched_at`,
      values: [epoch.epoch, new Date(epoch.startTime * 1000), new Date(epoch.endTime * 1000), at],
    });
  }

  async expireEpochs(): Promise<void> {
    await this.sql.query({
      name: 'chain_epochs_expire',
      text: `UPDATE chain_epochs SET fetched_at = to_timestamp(0) WHERE fetched_at > to_timestamp(0)`,
    });
  }
}
