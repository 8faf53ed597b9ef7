import {
  dexPoolsOf,
  type DexPoolModel,
  type PoolOutputJson,
  type PoolState,
} from '../generator/dex-pools.js';
import { loadProtocolScripts, type ProtocolScripts } from '../generator/protocol-scripts.js';
import { outputAmountJson, type ChainModel } from '../model/chain-model.js';
import { blake2b256Hex } from '../util/cardano-address.js';
import { HttpError } from './errors.js';
import { addressUtxoJson, dataHash } from './utxo-json.js';
import { pageOf, parsePaging } from './pagination.js';

/**
 * The Blockfrost endpoints that read the generated DEX pools (`sim/generator/dex-pools.ts`):
 * `/addresses/{a}/utxos/{asset}` (pool UTxOs and the model's own), `/assets/{asset}/addresses` and
 * `/assets/{asset}/transactions` of pool NFTs, and `/txs/{h}/utxos` of pool transactions.
 */
type Handler = (ctx: { model: ChainModel; params: string[]; query: URLSearchParams }) => unknown;

let scripts: ProtocolScripts | null = null;
function poolsOf(model: ChainModel): DexPoolModel {
  scripts ??= loadProtocolScripts();
  return dexPoolsOf(model, scripts);
}

function unitParam(raw: string): string {
  if (!/^[0-9a-f]{56,120}$/.test(raw)) throw new HttpError(400, 'Invalid or malformed asset format.');
  return raw;
}

function outputJson(o: PoolOutputJson, txHash: string, blockHash: string): unknown {
  return {
    address: o.address,
    tx_hash: txHash,
    tx_index: 0,
    output_index: 0,
    amount: o.amount,
    block: blockHash,
    data_hash: o.data_hash ?? dataHash({ dataHash: null, inlineDatum: o.inline_datum }),
    inline_datum: o.inline_datum,
    reference_script_hash: null,
  };
}

function stateUtxo(s: PoolState): unknown {
  return outputJson(s.output, s.txHash, s.block.hash);
}

export const dexPoolRoutes: Array<[string, Handler]> = [
  [
    '/addresses/{address}/utxos/{asset}',
    ({ model, params, query }) => {
      const [address, raw] = [params[0]!, params[1]!];
      const unit = raw === 'lovelace' ? raw : unitParam(raw);
      const pools = poolsOf(model);
      const known = pools.isPoolAddress(address) || model.txOrdinalsOfAddress(address);
      if (!known) throw new HttpError(404);
      const items: unknown[] = [];
      for (const pool of pools.poolsAt(address)) {
        if (pool.nftUnit !== unit && pool.tokenUnit !== unit && unit !== 'lovelace') continue;
        const s = pools.stateAt(pool);
        if (s) items.push(stateUtxo(s));
      }
      for (const o of model.utxosOf(address)) {
        if (unit === 'lovelace' || o.assets?.some((a) => a.unit === unit))
          items.push(addressUtxoJson(model, address, o));
      }
      return pageOf(items, parsePaging(query, false));
    },
  ],
  [
    '/assets/{asset}/addresses',
    ({ model, params, query }) => {
      const pool = poolsOf(model).poolByNft(unitParam(params[0]!));
      if (!pool || !poolsOf(model).stateAt(pool)) throw new HttpError(404);
      return pageOf([{ address: pool.address, quantity: '1' }], parsePaging(query, false));
    },
  ],
  [
    '/assets/{asset}/transactions',
    ({ model, params, query }) => {
      const pools = poolsOf(model);
      const pool = pools.poolByNft(unitParam(params[0]!));
      if (!pool) throw new HttpError(404);
      const blocks = pools.updateBlocks(pool);
      if (!blocks.length) throw new HttpError(404);
      return pageOf(blocks, parsePaging(query, false)).map((b) => {
        const s = pools.state(pool, b);
        return { tx_hash: s.txHash, tx_index: b.txs.length, block_height: b.height, block_time: b.time };
      });
    },
  ],
];

/** `/txs/{h}/utxos` of a pool transaction, or null when `hash` is not one. */
export function poolTxUtxos(model: ChainModel, hash: string): unknown {
  const pools = poolsOf(model);
  const found = pools.txByHash(hash);
  if (!found) return null;
  const { state, previous } = found;
  const next = pools.updateBlocks(state.pool).find((b) => b.height > state.block.height);
  const input = previous
    ? { ...(stateUtxo(previous) as object), collateral: false, reference: false }
    : {
        address: state.pool.address,
        amount: outputAmountJson({ lovelace: state.lovelace, assets: null }),
        tx_hash: blake2b256Hex(Buffer.from(`create ${state.pool.nftUnit}`).toString('hex')),
        output_index: 0,
        data_hash: null,
        inline_datum: null,
        reference_script_hash: null,
        collateral: false,
        reference: false,
      };
  const out = stateUtxo(state) as Record<string, unknown>;
  return {
    hash,
    inputs: [input].map(({ block: _block, tx_index: _ti, ...rest }: Record<string, unknown>) => rest),
    outputs: [
      {
        address: out.address,
        amount: out.amount,
        output_index: 0,
        data_hash: out.data_hash,
        inline_datum: out.inline_datum,
        collateral: false,
        reference_script_hash: null,
        consumed_by_tx: next ? pools.state(state.pool, next).txHash : null,
      },
    ],
  };
}
