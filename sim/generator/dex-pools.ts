import { createHash } from 'node:crypto';
import { CborTagged, type CborValue } from '../../src/domain/cbor/cbor-decoder.js';
import { encodeCborHex } from '../../src/domain/cbor/cbor-encoder.js';
import { POOL_NFT_POLICIES } from '../../src/domain/prices/pools/pool-kinds.js';
import { poolPriceInAda } from '../../src/domain/prices/pools/pool-price.js';
import type { ChainModel } from '../model/chain-model.js';
import type { SimBlock } from '../model/types.js';
import { addressInfo } from '../util/cardano-address.js';
import type { ProtocolScripts } from './protocol-scripts.js';

/**
 * Generated DEX pools for the generated tokens: for every token with registry decimals, 2–4 ADA/token
 * pools on different DEXes (Minswap V1/V2, SundaeSwap V1/V3, WingRiders V1), each depth 4× the next, at
 * the DEX's real pool script address and holding a pool-identity NFT under the DEX's real pool NFT
 * policy. A pool's reserves move at every `stride`-th block (a "pool transaction" in that block) as a
 * smooth, seeded function of block time; the reserves, the UTxO amounts (reserves plus what each DEX
 * version keeps beside them) and the datum follow the layouts `src/domain/prices/pools/` reads.
 *
 * Pools live beside the chain model, not in it: their transactions are answered by the pool routes
 * (`sim/server/dex-pool-routes.ts`) and never touch a wallet, so the wallets' ground truth is unchanged.
 * Everything is a pure function of the model's blocks and token units, so added blocks and rollbacks
 * are followed without any state.
 */
export type SimPoolKind = 'minswap-v1' | 'minswap-v2' | 'sundaeswap-v1' | 'sundaeswap-v3' | 'wingriders-v1';

export interface SimPool {
  index: number;
  kind: SimPoolKind;
  address: string;
  nftUnit: string;
  tokenUnit: string;
  decimals: number;
  /** Rank by depth among the token's pools, 0 = deepest. */
  rank: number;
  depthLovelace: bigint;
  /** Lovelace per whole token at factor 1. */
  basePrice: bigint;
  phase: number;
  period: number;
  stride: number;
  offset: number;
  /** First height the pool exists at (the token's mint, or the chain's start). */
  startHeight: number;
}

export interface PoolState {
  pool: SimPool;
  block: SimBlock;
  txHash: string;
  lovelace: bigint;
  token: bigint;
  output: PoolOutputJson;
}

export interface PoolOutputJson {
  address: string;
  amount: Array<{ unit: string; quantity: string }>;
  data_hash: string | null;
  inline_datum: string | null;
}

/** SundaeSwap V3's pool address (`../shared/data/crfa-dapps` SundaeSwap "Liquidity Pool" v3). */
const SUNDAESWAP_V3_POOL_ADDRESS =
  'addr1x8srqftqemf0mjlukfszd97ljuxdp44r372txfcr75wrz26rnxqnmtv3hdu2t6chcfhl2zzjh36a87nmd6dwsu3jenqsslnz7e';
const SUNDAESWAP_V3_POOL_SCRIPT = 'e0302560ced2fdcbfcb2602697df970cd0d6a38f94b32703f51c312b';

const KINDS_BY_DEPTH: SimPoolKind[][] = [
  ['minswap-v2', 'minswap-v1', 'sundaeswap-v3', 'wingriders-v1'],
  ['minswap-v1', 'sundaeswap-v1', 'wingriders-v1'],
  ['sundaeswap-v3', 'minswap-v2', 'sundaeswap-v1'],
  ['sundaeswap-v1', 'wingriders-v1'],
];

function h256(...parts: string[]): Buffer {
  return createHash('sha256').update(parts.join('|')).digest();
}

function u32(buf: Buffer, at = 0): number {
  return buf.readUInt32BE(at);
}

const constr = (i: number, fields: CborValue[]): CborTagged => new CborTagged(121n + BigInt(i), fields);
const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

export class DexPoolModel {
  readonly pools: SimPool[] = [];
  private readonly byNft = new Map<string, SimPool>();
  private readonly byAddress = new Map<string, SimPool[]>();

  constructor(
    private readonly model: ChainModel,
    scripts: ProtocolScripts,
  ) {
    const address: Record<SimPoolKind, string> = {
      'minswap-v1': scripts.dexes.find((d) => d.protocol === 'minswap' && d.version === 'v1')!.poolAddress,
      'minswap-v2': scripts.dexes.find((d) => d.protocol === 'minswap' && d.version === 'v2')!.poolAddress,
      'sundaeswap-v1': scripts.dexes.find((d) => d.protocol === 'sundaeswap')!.poolAddress,
      'sundaeswap-v3': SUNDAESWAP_V3_POOL_ADDRESS,
      'wingriders-v1': scripts.dexes.find((d) => d.protocol === 'wingriders')!.poolAddress,
    };
    if (addressInfo(SUNDAESWAP_V3_POOL_ADDRESS).paymentHash !== SUNDAESWAP_V3_POOL_SCRIPT) {
      throw new Error('SundaeSwap V3 pool address does not carry its pool script');
    }
    const first = model.blocks[0]?.height ?? 0;
    const tokens = [...model.assets.values()]
      .filter((a) => a.metadata?.decimals !== null && a.metadata?.decimals !== undefined)
      .sort((a, b) => (a.unit < b.unit ? -1 : 1));
    for (const asset of tokens) {
      const seed = h256('token', asset.unit);
      const kinds = KINDS_BY_DEPTH[seed[0]! % KINDS_BY_DEPTH.length]!;
      const startHeight = asset.mintOrdinals.length ? model.txs[asset.mintOrdinals[0]!]!.block.height : first;
      // Deepest pool 20,000–2,000,000 ADA; each further pool a quarter of the one before.
      let depth = BigInt(20_000 + (u32(seed, 4) % 1_980_000)) * 1_000_000n;
      const basePrice = BigInt(1_000 + (u32(seed, 8) % 5_000_000)); // 0.001 – 5 ADA per whole token
      kinds.forEach((kind, rank) => {
        const s = h256('pool', asset.unit, kind);
        const pool: SimPool = {
          index: this.pools.length,
          kind,
          address: address[kind],
          nftUnit: POOL_NFT_POLICIES[kind] + s.subarray(0, 28).toString('hex'),
          tokenUnit: asset.unit,
          decimals: asset.metadata!.decimals!,
          rank,
          depthLovelace: depth,
          basePrice,
          phase: (u32(s, 28) % 6283) / 1000,
          period: 86_400 * (3 + (s[2]! % 20)),
          stride: 1 + (s[3]! % 2),
          offset: s[4]! % 2,
          startHeight,
        };
        this.pools.push(pool);
        this.byNft.set(pool.nftUnit, pool);
        const list = this.byAddress.get(pool.address) ?? [];
        list.push(pool);
        this.byAddress.set(pool.address, list);
        depth /= 4n;
      });
    }
  }

  poolByNft(unit: string): SimPool | undefined {
    return this.byNft.get(unit);
  }

  poolsAt(address: string): readonly SimPool[] {
    return this.byAddress.get(address) ?? [];
  }

  isPoolAddress(address: string): boolean {
    return this.byAddress.has(address);
  }

  /** The deepest pool of each token (rank 0: never a WingRiders V1 pool, whose datum is by hash). */
  deepest(): SimPool[] {
    return this.pools.filter((p) => p.rank === 0);
  }

  private updatesAt(pool: SimPool, block: SimBlock): boolean {
    return block.height >= pool.startHeight && (block.height + pool.offset) % pool.stride === 0;
  }

  /** Blocks (up to the tip) holding a transaction of the pool, oldest first. */
  updateBlocks(pool: SimPool): SimBlock[] {
    return this.model.blocks.filter((b) => this.updatesAt(pool, b));
  }

  /** The pool's state after its last transaction at or before `height` (default: the tip). */
  stateAt(pool: SimPool, height = Number.MAX_SAFE_INTEGER): PoolState | null {
    const blocks = this.model.blocks;
    for (let i = blocks.length - 1; i >= 0; i--) {
      const b = blocks[i]!;
      if (b.height > height) continue;
      if (b.height < pool.startHeight) return null;
      if (this.updatesAt(pool, b)) return this.state(pool, b);
    }
    return null;
  }

  /** The state created by the pool's transaction in `block`. */
  state(pool: SimPool, block: SimBlock): PoolState {
    const t = block.time;
    const w = (2 * Math.PI) / pool.period;
    // Seeded smooth moves, as integer parts per million (floats only pick integers; reserves are bigint).
    const priceFactor =
      1_000_000 +
      Math.trunc(250_000 * Math.sin(w * t + pool.phase)) +
      Math.trunc(40_000 * Math.sin(5.3 * w * t + 2 * pool.phase)) +
      (pool.rank === 0 ? 0 : 15_000 * pool.rank); // shallower pools trade a little off the deepest
    const depthFactor = 1_000_000 + Math.trunc(100_000 * Math.sin(0.6 * w * t + pool.phase / 2));
    const lovelace = (pool.depthLovelace * BigInt(depthFactor)) / 1_000_000n;
    const price = (pool.basePrice * BigInt(priceFactor)) / 1_000_000n; // lovelace per whole token
    const token = (lovelace * 10n ** BigInt(pool.decimals)) / (price > 0n ? price : 1n);
    const txHash = poolTxHash(pool, block);
    return { pool, block, txHash, lovelace, token, output: this.outputOf(pool, block, lovelace, token) };
  }

  private outputOf(pool: SimPool, block: SimBlock, lovelace: bigint, token: bigint): PoolOutputJson {
    const [policy, name] = [pool.tokenUnit.slice(0, 56), pool.tokenUnit.slice(56)];
    const jitter = BigInt(block.height % 97) * 10_000n;
    const amount = (ada: bigint, tok: bigint): PoolOutputJson['amount'] => [
      { unit: 'lovelace', quantity: ada.toString() },
      { unit: pool.tokenUnit, quantity: tok.toString() },
      { unit: pool.nftUnit, quantity: '1' },
    ];
    const hashOnly = (ada: bigint, tok: bigint): PoolOutputJson => ({
      address: pool.address,
      amount: amount(ada, tok),
      data_hash: h256('datum', pool.nftUnit, String(block.height)).toString('hex'),
      inline_datum: null,
    });
    const inline = (ada: bigint, tok: bigint, datum: CborValue): PoolOutputJson => {
      const hex = encodeCborHex(datum);
      return { address: pool.address, amount: amount(ada, tok), data_hash: null, inline_datum: hex };
    };
    switch (pool.kind) {
      case 'minswap-v1':
        return hashOnly(lovelace, token);
      case 'sundaeswap-v1':
        return hashOnly(lovelace + 2_000_000n, token);
      case 'wingriders-v1':
        return hashOnly(lovelace + 3_000_000n + jitter, token + 1_000n);
      case 'minswap-v2': {
        const datum = constr(0, [
          constr(0, [constr(1, [bytes(h256('stake', pool.nftUnit).subarray(0, 28).toString('hex'))])]),
          constr(0, [bytes(''), bytes('')]),
          constr(0, [bytes(policy), bytes(name)]),
          lovelace / 1_000n + 1n, // total_liquidity (any positive number)
          lovelace, // reserve_a (ADA)
          token, // reserve_b
          30n,
          30n,
          constr(1, []),
          constr(0, []),
        ]);
        // The UTxO also holds the 2 ADA minimum and fees owed to the protocol: not reserves.
        return inline(lovelace + 2_000_000n + jitter, token, datum);
      }
      case 'sundaeswap-v3': {
        const protocolFees = 2_500_000n + jitter;
        const datum = constr(0, [
          bytes(pool.nftUnit.slice(64)),
          [
            [bytes(''), bytes('')],
            [bytes(policy), bytes(name)],
          ],
          lovelace / 1_000n + 1n,
          30n,
          30n,
          constr(1, []),
          0n,
          protocolFees,
        ]);
        return inline(lovelace + protocolFees, token, datum);
      }
    }
  }

  /** Finds the pool transaction a hash names (hashes encode pool and height, checked against the block). */
  txByHash(hash: string): { state: PoolState; previous: PoolState | null } | null {
    if (!/^[0-9a-f]{64}$/.test(hash)) return null;
    const index = parseInt(hash.slice(0, 6), 16);
    const height = parseInt(hash.slice(6, 14), 16);
    const pool = this.pools[index];
    const block = pool ? this.model.block(String(height)) : undefined;
    if (!pool || !block || !this.updatesAt(pool, block) || poolTxHash(pool, block) !== hash) return null;
    return { state: this.state(pool, block), previous: this.stateAt(pool, height - 1) };
  }

  /**
   * Ground truth: each token's price per UTC day from its deepest pool, the state at the end of the
   * day (its last pool transaction before the next 00:00 UTC), as decimal text.
   */
  priceTruth(): Record<string, { ADA: Record<string, string> }> {
    const out: Record<string, { ADA: Record<string, string> }> = {};
    const blocks = this.model.blocks;
    if (!blocks.length) return out;
    const lastDay = utcDay(blocks[blocks.length - 1]!.time);
    for (const pool of this.deepest()) {
      const days: Record<string, string> = {};
      let state: PoolState | null = null;
      let bi = 0;
      for (let day = utcDay(blocks[0]!.time); day <= lastDay; day = nextDay(day)) {
        const end = Date.parse(`${nextDay(day)}T00:00:00Z`) / 1000;
        for (; bi < blocks.length && blocks[bi]!.time < end; bi++) {
          const b = blocks[bi]!;
          if (this.updatesAt(pool, b)) state = this.state(pool, b);
        }
        if (state) days[day] = priceText(state, pool.decimals);
      }
      out[pool.tokenUnit] = { ADA: days };
    }
    return out;
  }
}

/** The price a state implies (the deepest pool's formula reads exactly these reserves back). */
export function priceText(state: PoolState, decimals: number): string {
  return poolPriceInAda({ lovelace: state.lovelace, token: state.token }, decimals).toFixed();
}

/** `pool index (3 bytes) | height (4 bytes) | 25 bytes of hash over the pool and the block hash`. */
function poolTxHash(pool: SimPool, block: SimBlock): string {
  return (
    pool.index.toString(16).padStart(6, '0') +
    block.height.toString(16).padStart(8, '0') +
    h256('pooltx', pool.nftUnit, block.hash).subarray(0, 25).toString('hex')
  );
}

function utcDay(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

const cache = new WeakMap<ChainModel, DexPoolModel>();

/** The pools of a chain model, built on first use (a recording has no generated tokens: no pools). */
export function dexPoolsOf(model: ChainModel, scripts: ProtocolScripts): DexPoolModel {
  let pools = cache.get(model);
  if (!pools) {
    pools = new DexPoolModel(model, scripts);
    cache.set(model, pools);
  }
  return pools;
}
