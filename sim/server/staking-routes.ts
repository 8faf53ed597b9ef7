import type { ChainModel } from '../model/chain-model.js';
import type { SimAccount, SimBlock, SimPool } from '../model/types.js';
import { compareRewards, EPOCH_SLOTS, epochStartTime } from '../generator/staking-rules.js';
import { HttpError } from './errors.js';
import { pageOf, parsePaging } from './pagination.js';

type Handler = (ctx: { model: ChainModel; params: string[]; query: URLSearchParams }) => unknown;

/**
 * Blockfrost's staking endpoints from a generated chain: an account's rewards and MIRs, epochs, and
 * pools' metadata and per-epoch history. An imported recording models no epochs or pools (its rewards
 * are the real chain's, unknown here): these answer 404 there.
 */

function stakeAccount(model: ChainModel, raw: string): SimAccount {
  if (!/^stake1[0-9a-z]+$/.test(raw)) throw new HttpError(400, 'Invalid or malformed stake address format.');
  const acc = model.account(raw);
  if (!acc || acc.recorded) throw new HttpError(404);
  return acc;
}

function modelsStaking(model: ChainModel): void {
  if (model.pools.size === 0 || !model.tip) throw new HttpError(404);
}

function poolOf(model: ChainModel, raw: string): SimPool {
  if (!/^pool1[0-9a-z]{50,60}$/.test(raw)) throw new HttpError(400, 'Invalid or malformed pool id format.');
  modelsStaking(model);
  const pool = model.pools.get(raw);
  if (!pool) throw new HttpError(404);
  return pool;
}

/** Blocks of one epoch, found by walking back from the tip (epochs are contiguous runs of blocks). */
function blocksOfEpoch(model: ChainModel, epoch: number): SimBlock[] {
  const out: SimBlock[] = [];
  for (let i = model.blocks.length - 1; i >= 0; i--) {
    const b = model.blocks[i]!;
    if (b.epoch < epoch) break;
    if (b.epoch === epoch) out.push(b);
  }
  return out.reverse();
}

interface PoolEpochRow {
  epoch: number;
  blocks: number;
  activeStake: bigint;
  delegators: number;
  rewards: bigint;
  fees: bigint;
}

/** Per pool and epoch: stake and delegators from the accounts' history, rewards as paid so far. */
const poolCache = new WeakMap<
  ChainModel,
  { key: string; rows: Map<string, Map<number, PoolEpochRow>>; total: Map<number, bigint> }
>();

function poolRows(model: ChainModel) {
  const key = `${model.tip!.height}:${model.tip!.hash}`;
  const cached = poolCache.get(model);
  if (cached?.key === key) return cached;
  const rows = new Map<string, Map<number, PoolEpochRow>>();
  const total = new Map<number, bigint>();
  const row = (poolId: string, epoch: number): PoolEpochRow => {
    let byEpoch = rows.get(poolId);
    if (!byEpoch) rows.set(poolId, (byEpoch = new Map()));
    let r = byEpoch.get(epoch);
    if (!r)
      byEpoch.set(epoch, (r = { epoch, blocks: 0, activeStake: 0n, delegators: 0, rewards: 0n, fees: 0n }));
    return r;
  };
  for (const acc of model.accounts.values()) {
    for (const h of acc.history) {
      const r = row(h.poolId, h.activeEpoch);
      r.activeStake += h.amount;
      r.delegators++;
      total.set(h.activeEpoch, (total.get(h.activeEpoch) ?? 0n) + h.amount);
    }
    for (const rw of acc.rewards) {
      if (rw.type === 'pool_deposit_refund') continue;
      const r = row(rw.poolId, rw.epoch);
      r.rewards += rw.amount;
      if (rw.type === 'leader') r.fees += rw.amount;
    }
  }
  for (const b of model.blocks) if (model.pools.has(b.slotLeader)) row(b.slotLeader, b.epoch).blocks++;
  const entry = { key, rows, total };
  poolCache.set(model, entry);
  return entry;
}

function epochJson(model: ChainModel, epoch: number): unknown {
  const blocks = blocksOfEpoch(model, epoch);
  let txCount = 0;
  let output = 0n;
  let fees = 0n;
  for (const b of blocks)
    for (const tx of b.txs) {
      txCount++;
      fees += tx.fee;
      for (const o of tx.outputs) output += o.lovelace;
    }
  const start = epochStartTime(epoch);
  const stake = poolRows(model).total.get(epoch);
  return {
    epoch,
    start_time: start,
    end_time: start + EPOCH_SLOTS,
    first_block_time: blocks[0]?.time ?? start,
    last_block_time: blocks[blocks.length - 1]?.time ?? start,
    block_count: blocks.length,
    tx_count: txCount,
    output: output.toString(),
    fees: fees.toString(),
    active_stake: stake === undefined ? null : stake.toString(),
  };
}

export const stakingRoutes: Array<[string, Handler]> = [
  [
    '/accounts/{stake_address}/rewards',
    ({ model, params, query }) => {
      const acc = stakeAccount(model, params[0]!);
      const sorted = [...acc.rewards].sort(compareRewards);
      return pageOf(sorted, parsePaging(query, false)).map((r) => ({
        epoch: r.epoch,
        amount: r.amount.toString(),
        pool_id: r.poolId,
        type: r.type,
      }));
    },
  ],
  [
    // No MIR certificates are generated (only genesis keys issue them): an empty, well-formed listing.
    '/accounts/{stake_address}/mirs',
    ({ model, params }) => {
      stakeAccount(model, params[0]!);
      return [];
    },
  ],
  [
    '/epochs/latest',
    ({ model }) => {
      modelsStaking(model);
      return epochJson(model, model.tip!.epoch);
    },
  ],
  [
    '/epochs/{number}',
    ({ model, params }) => {
      const raw = params[0]!;
      if (!/^\d{1,9}$/.test(raw))
        throw new HttpError(400, 'Missing, out of range or malformed epoch_number.');
      modelsStaking(model);
      const epoch = Number(raw);
      if (epoch < model.blocks[0]!.epoch || epoch > model.tip!.epoch) throw new HttpError(404);
      return epochJson(model, epoch);
    },
  ],
  [
    '/pools/{pool_id}/metadata',
    ({ model, params }) => {
      const pool = poolOf(model, params[0]!);
      const m = pool.metadata;
      // Blockfrost answers `{}` for a pool that registered no metadata.
      if (m.kind === 'none') return {};
      const base = { pool_id: pool.poolId, hex: pool.hex };
      if (m.kind === 'error')
        return {
          ...base,
          url: `https://${pool.hex.slice(0, 8)}.example/meta.json`,
          hash: pool.hex.padEnd(64, '0'),
          error: { code: m.code, message: m.message },
          ticker: null,
          name: null,
          description: null,
          homepage: null,
        };
      return {
        ...base,
        url: `${m.homepage}/meta.json`,
        hash: pool.hex.padEnd(64, '0'),
        ticker: m.ticker,
        name: m.name,
        description: `${m.name} on the chain simulator`,
        homepage: m.homepage,
      };
    },
  ],
  [
    '/pools/{pool_id}/history',
    ({ model, params, query }) => {
      const pool = poolOf(model, params[0]!);
      const { rows, total } = poolRows(model);
      const list = [...(rows.get(pool.poolId)?.values() ?? [])]
        .filter((r) => r.epoch <= model.tip!.epoch)
        .sort((a, b) => a.epoch - b.epoch);
      return pageOf(list, parsePaging(query, false)).map((r) => {
        const all = total.get(r.epoch) ?? 0n;
        return {
          epoch: r.epoch,
          blocks: r.blocks,
          active_stake: r.activeStake.toString(),
          active_size: all > 0n ? Number((r.activeStake * 1_000_000n) / all) / 1_000_000 : 0,
          delegators_count: r.delegators,
          rewards: r.rewards.toString(),
          fees: r.fees.toString(),
        };
      });
    },
  ],
];
