import {
  BlockfrostClient,
  collectPages,
  MAX_PAGE_SIZE,
  orWhenNotFound,
  type Page,
} from '../../chain/blockfrost-client.js';
import type { RequestCounter } from '../../chain/request-counter.js';
import type { ListedReward, StakeEpochEntry } from '../../domain/staking/staking-types.js';
import type {
  PoolEpochResult,
  PoolMetadataInfo,
  ResumedListing,
  StakeRewardsSource,
} from './stake-rewards-source.js';

const REWARD_TYPES = new Set<string>(['member', 'leader', 'pool_deposit_refund']);

/** Reads every page from `page` on (asc) and maps its items. */
async function resumed<T, U>(
  pages: AsyncIterable<Page<T>>,
  page: number,
  map: (item: T) => U,
): Promise<ResumedListing<U>> {
  const items: U[] = [];
  for await (const p of pages) for (const item of p.items) items.push(map(item));
  return { page, pageSize: MAX_PAGE_SIZE, items };
}

/** Text fields of pool metadata are operator-supplied: keep them short and printable. */
function cleanText(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  // eslint-disable-next-line no-control-regex -- strip control characters from operator-supplied text
  const text = value.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return text ? text.slice(0, max) : null;
}

/** `StakeRewardsSource` over the Blockfrost client (and so the shared token bucket). */
export class BlockfrostStakeRewardsSource implements StakeRewardsSource {
  constructor(private readonly client: BlockfrostClient) {}

  withCounter(counter: RequestCounter): StakeRewardsSource {
    return new BlockfrostStakeRewardsSource(this.client.withCounter(counter));
  }

  async latestEpoch(signal?: AbortSignal) {
    const e = await this.client.latestEpoch({ signal });
    return { epoch: e.epoch, startTime: e.start_time, endTime: e.end_time };
  }

  rewards(
    stakeAddress: string,
    fromPage: number,
    signal?: AbortSignal,
  ): Promise<ResumedListing<ListedReward>> {
    return resumed(this.client.accountRewards({ stakeAddress, page: fromPage, signal }), fromPage, (r) => ({
      epoch: r.epoch,
      amount: BigInt(r.amount),
      poolId: r.pool_id,
      // An unknown future type is kept as a member reward rather than dropped (its amount counts).
      type: (REWARD_TYPES.has(r.type) ? r.type : 'member') as ListedReward['type'],
    }));
  }

  history(
    stakeAddress: string,
    fromPage: number,
    signal?: AbortSignal,
  ): Promise<ResumedListing<StakeEpochEntry>> {
    return resumed(this.client.accountHistory({ stakeAddress, page: fromPage, signal }), fromPage, (h) => ({
      activeEpoch: h.active_epoch,
      activeStake: BigInt(h.amount),
      poolId: h.pool_id,
    }));
  }

  async mirs(stakeAddress: string, signal?: AbortSignal) {
    const all = await collectPages(this.client.accountMirs({ stakeAddress, signal }));
    return all.map((m) => ({
      txHash: m.tx_hash,
      amount: BigInt(m.amount),
      blockHeight: m.block_height,
      blockTime: m.block_time,
    }));
  }

  async poolMetadata(poolId: string, signal?: AbortSignal): Promise<PoolMetadataInfo | null> {
    const m = await orWhenNotFound(() => this.client.poolMetadata({ poolId, signal }), null);
    if (!m) return null;
    const raw = m as Record<string, unknown>;
    const error = raw.error as { code?: unknown; message?: unknown } | undefined;
    const ticker = cleanText(raw.ticker, 16);
    const name = cleanText(raw.name, 120);
    return {
      poolId,
      ticker,
      name,
      homepage: cleanText(raw.homepage, 300),
      error: error
        ? `${String(error.code ?? 'ERROR')}: ${String(error.message ?? '')}`.trim()
        : !ticker && !name
          ? 'no metadata'
          : null,
    };
  }

  poolHistory(
    poolId: string,
    fromPage: number,
    signal?: AbortSignal,
  ): Promise<ResumedListing<PoolEpochResult>> {
    return resumed(this.client.poolHistory({ poolId, page: fromPage, signal }), fromPage, (h) => ({
      epoch: h.epoch,
      activeStake: BigInt(h.active_stake),
      rewards: BigInt(h.rewards),
      fees: BigInt(h.fees),
      blocks: h.blocks,
      delegators: h.delegators_count,
    }));
  }
}
