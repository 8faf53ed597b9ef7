import type { Decimal } from 'decimal.js';
import { collectPages, MAX_PAGE_SIZE, type BlockfrostClient } from '../chain/blockfrost-client.js';
import { BlockfrostError } from '../chain/errors/blockfrost.error.js';
import { DailyBudgetExhaustedError } from '../chain/errors/daily-budget-exhausted.error.js';
import type { RateLimiter } from '../chain/limiter/rate-limiter.js';
import {
  POOL_FORMULAS,
  POOL_NFT_POLICIES,
  PoolDatumError,
  poolPriceInAda,
  type DexPoolKind,
  type PoolReserves,
  type PoolUtxo,
} from '../domain/prices/pools/index.js';
import { POOL_ADDRESSES } from '../domain/prices/pools/pool-addresses.js';
import type {
  DailyPriceAnswer,
  DailyPriceRequest,
  LatestPriceAnswer,
  PriceGap,
  PriceSource,
} from '../domain/prices/price-source.js';
import { type DailyPrice, type LatestPrice, isTokenUnit } from '../domain/prices/price-types.js';
import { dayText } from '../domain/valuation/utc-day.js';
import { dayRangeOf, gapOf } from './day-range.js';
import type { DexPoolRecord, DexPoolStore } from './dex-pool-store.js';

export interface DexPoolPriceSourceOptions {
  /** A token with no pool found is looked for again after this long. Default 14 days. */
  rediscoverMs?: number;
  /**
   * At most this many tokens due to be looked for again are, per call (the longest unchecked first):
   * the tokens a first refresh found no pool for all fall due on the same later day, and each look
   * costs a request per pool address. Default 1 (with the hourly refresh, 24 tokens a day). A token
   * never looked for is always looked for at once.
   */
  rediscoverPerCall?: number;
  now?: () => number;
}

export interface DexPoolPriceSourceDeps {
  /** The sync's Blockfrost client: every request goes through the one shared bucket. */
  client: BlockfrostClient;
  pools: DexPoolStore;
  /** Token decimals from the stored metadata (null: metadata not fetched yet, so no price). */
  decimals(units: readonly string[]): Promise<Map<string, number | null>>;
  /**
   * Historical pool prices take a token from this budget before each request
   * (PRICE_DEX_DAILY_REQUESTS a day); current prices do not.
   */
  historyBudget: RateLimiter;
}

const DAY_S = 86_400;
const ADA = 'ADA';

interface Found {
  kind: DexPoolKind;
  address: string;
  nftUnit: string;
  reserves: PoolReserves;
}

/**
 * Token/ADA prices from on-chain DEX pools read through Blockfrost. A token's deepest pool across the
 * DEX versions Adafolio reads is found once (one request per pool address) and stored; after that the
 * current price costs ONE request per token per refresh (`/addresses/{pool}/utxos/{pool NFT}`).
 * History (the pool's state at the end of each day, from its NFT's transactions) is read only within
 * the daily request budget. The stored source names the pool: `dex:minswap-v2`.
 */
export class DexPoolPriceSource implements PriceSource {
  readonly name = 'dex';
  private readonly now: () => number;

  constructor(
    private readonly options: DexPoolPriceSourceOptions,
    private readonly deps: DexPoolPriceSourceDeps,
  ) {
    this.now = options.now ?? Date.now;
  }

  supports(unit: string, currency: string): boolean {
    return currency === ADA && isTokenUnit(unit);
  }

  async latest(units: readonly string[], currency: string, signal?: AbortSignal): Promise<LatestPriceAnswer> {
    const answer: LatestPriceAnswer = { prices: [], gaps: [] };
    const asked = units.filter((u) => this.supports(u, currency));
    for (const u of units)
      if (!asked.includes(u)) answer.gaps.push({ unit: u, gap: { kind: 'unsupported' } });
    if (!asked.length) return answer;
    const [stored, decimals] = await Promise.all([this.deps.pools.find(asked), this.deps.decimals(asked)]);
    const byUnit = new Map(stored.map((r) => [r.tokenUnit, r]));
    const rediscoverMs = this.options.rediscoverMs ?? 14 * DAY_S * 1000;
    const lookAgain = new Set(
      stored
        .filter(
          (r) =>
            !(r.nftUnit && r.kind && r.address) &&
            this.now() - r.checkedAt.getTime() > rediscoverMs &&
            (decimals.get(r.tokenUnit) ?? null) !== null,
        )
        .sort((a, b) => a.checkedAt.getTime() - b.checkedAt.getTime())
        .slice(0, this.options.rediscoverPerCall ?? 1)
        .map((r) => r.tokenUnit),
    );
    const saves: DexPoolRecord[] = [];
    for (const unit of asked) {
      const d = decimals.get(unit);
      if (d === undefined || d === null) {
        answer.gaps.push({
          unit,
          gap: { kind: 'unavailable', message: 'dex: token metadata (decimals) not known yet' },
        });
        continue;
      }
      try {
        const record = byUnit.get(unit);
        let found: Found | null;
        if (record?.nftUnit && record.kind && record.address) {
          found = await this.readPool(unit, record.kind, record.address, record.nftUnit, signal);
          // The pool is gone (or moved): looked for again first from the next refresh on.
          if (!found) saves.push({ ...noPool(unit), checkedAt: new Date(0) });
        } else if (!record || lookAgain.has(unit)) {
          found = await this.discover(unit, signal);
          saves.push(
            found
              ? {
                  tokenUnit: unit,
                  kind: found.kind,
                  address: found.address,
                  nftUnit: found.nftUnit,
                  checkedAt: new Date(this.now()),
                }
              : { ...noPool(unit), checkedAt: new Date(this.now()) },
          );
        } else {
          found = null;
        }
        if (!found) {
          answer.gaps.push({ unit, gap: { kind: 'unsupported' } });
          continue;
        }
        answer.prices.push(this.latestOf(unit, found, d));
      } catch (error) {
        answer.gaps.push({ unit, gap: gapOfError(error) });
        if (error instanceof DailyBudgetExhaustedError) break;
      }
    }
    await this.deps.pools.save(saves);
    return answer;
  }

  /**
   * The pool's state at the end of each asked day: its NFT's transactions newest first down to the
   * last one before the range, then one `/txs/{h}/utxos` per distinct state, newest day first, until
   * the day's budget is spent.
   */
  async daily(request: DailyPriceRequest, signal?: AbortSignal): Promise<DailyPriceAnswer> {
    const range = dayRangeOf(request);
    if (!this.supports(request.unit, request.currency))
      return { prices: [], gaps: [gapOf(range, { kind: 'unsupported' })] };
    const [record] = await this.deps.pools.find([request.unit]);
    const decimals = (await this.deps.decimals([request.unit])).get(request.unit);
    if (!record?.nftUnit || !record.kind || decimals === undefined || decimals === null) {
      const gap: PriceGap =
        record && !record.nftUnit
          ? { kind: 'unsupported' }
          : { kind: 'unavailable', message: 'dex: pool not found yet' };
      return { prices: [], gaps: [gapOf(range, gap)] };
    }
    const prices: DailyPrice[] = [];
    const source = `dex:${record.kind}`;
    // Days before the pool existed are known without asking once its first transaction was read.
    const historyFrom = await this.deps.pools.historyFrom(request.unit);
    if (historyFrom !== null && request.to < historyFrom) {
      return { prices: [], gaps: [gapOf(range, { kind: 'outside_history', earliest: historyFrom })] };
    }
    let txs: Array<{ hash: string; time: number }>;
    let complete: boolean;
    try {
      ({ txs, complete } = await this.poolTransactions(record.nftUnit, range.from * DAY_S, signal));
    } catch (error) {
      return { prices: [], gaps: [gapOf(range, gapOfError(error))] };
    }
    if (complete && txs.length) {
      await this.deps.pools.setHistoryFrom(
        request.unit,
        dayText(Math.floor(txs[txs.length - 1]!.time / DAY_S)),
      );
    }
    const states = new Map<string, Decimal | null>();
    for (let day = range.to; day >= range.from; day--) {
      const end = (day + 1) * DAY_S;
      const tx = txs.find((t) => t.time < end); // newest first
      if (!tx) {
        return { prices, gaps: [gapOf({ from: range.from, to: day }, { kind: 'outside_history' })] };
      }
      let price = states.get(tx.hash);
      if (price === undefined) {
        try {
          price = await this.priceAfterTx(
            tx.hash,
            request.unit,
            record.kind,
            record.nftUnit,
            decimals,
            signal,
          );
        } catch (error) {
          return { prices, gaps: [gapOf({ from: range.from, to: day }, gapOfError(error))] };
        }
        states.set(tx.hash, price);
      }
      if (price) prices.push({ unit: request.unit, currency: ADA, day: dayText(day), price, source });
    }
    return { prices, gaps: [] };
  }

  private latestOf(unit: string, found: Found, decimals: number): LatestPrice {
    return {
      unit,
      currency: ADA,
      price: poolPriceInAda(found.reserves, decimals),
      source: `dex:${found.kind}`,
      observedAt: new Date(this.now()),
    };
  }

  /** One request: the pool UTxO holding the NFT, read with its version's formula. */
  private async readPool(
    unit: string,
    kind: DexPoolKind,
    address: string,
    nftUnit: string,
    signal?: AbortSignal,
  ): Promise<Found | null> {
    const utxos = await collectPages(
      this.deps.client.addressUtxosOfAsset({ address, unit: nftUnit, ...(signal ? { signal } : {}) }),
    );
    for (const utxo of utxos) {
      const reserves = reservesOf(kind, utxo as PoolUtxo, unit, nftUnit);
      if (reserves) return { kind, address, nftUnit, reserves };
    }
    return null;
  }

  /** One request per known pool address: the deepest genuine pool (holding its version's NFT) of `unit`. */
  private async discover(unit: string, signal?: AbortSignal): Promise<Found | null> {
    let best: Found | null = null;
    for (const [kind, addresses] of Object.entries(POOL_ADDRESSES) as Array<
      [DexPoolKind, readonly string[]]
    >) {
      for (const address of addresses) {
        const utxos = await collectPages(
          this.deps.client.addressUtxosOfAsset({ address, unit, ...(signal ? { signal } : {}) }),
        );
        for (const utxo of utxos) {
          const nft = utxo.amount.find(
            (a) => a.unit.startsWith(POOL_NFT_POLICIES[kind]) && a.unit !== unit,
          )?.unit;
          if (!nft) continue; // anyone can pay to a pool address: only a UTxO with the NFT is a pool
          const reserves = reservesOf(kind, utxo as PoolUtxo, unit, nft);
          if (reserves && (!best || reserves.lovelace > best.reserves.lovelace))
            best = { kind, address, nftUnit: nft, reserves };
        }
      }
    }
    return best;
  }

  /** The pool NFT's transactions newest first, down to and including the last one before `fromTime`. */
  /** `complete`: the listing reached the pool's first transaction. */
  private async poolTransactions(
    nftUnit: string,
    fromTime: number,
    signal?: AbortSignal,
  ): Promise<{ txs: Array<{ hash: string; time: number }>; complete: boolean }> {
    const txs: Array<{ hash: string; time: number }> = [];
    await this.deps.historyBudget.take(signal ? { signal } : {});
    for await (const page of this.deps.client.assetTransactions({
      unit: nftUnit,
      order: 'desc',
      ...(signal ? { signal } : {}),
    })) {
      for (const t of page.items) txs.push({ hash: t.tx_hash, time: t.block_time });
      if (txs.length && txs[txs.length - 1]!.time < fromTime) return { txs, complete: false };
      // A full page means the client asks for the next one: take its token first. A shorter page is
      // the last (the client sends nothing more), so taking one then would spend the budget on no
      // request, and with the budget spent, throw away the whole listing just read.
      if (page.items.length >= MAX_PAGE_SIZE) await this.deps.historyBudget.take(signal ? { signal } : {});
    }
    return { txs, complete: true };
  }

  private async priceAfterTx(
    hash: string,
    unit: string,
    kind: DexPoolKind,
    nftUnit: string,
    decimals: number,
    signal?: AbortSignal,
  ): Promise<Decimal | null> {
    await this.deps.historyBudget.take(signal ? { signal } : {});
    const utxos = await this.deps.client.txUtxos({ hash, ...(signal ? { signal } : {}) });
    for (const output of utxos.outputs) {
      const reserves = reservesOf(kind, output as PoolUtxo, unit, nftUnit);
      if (reserves) return poolPriceInAda(reserves, decimals);
    }
    return null;
  }
}

function reservesOf(kind: DexPoolKind, utxo: PoolUtxo, unit: string, nftUnit: string): PoolReserves | null {
  if (!utxo.amount.some((a) => a.unit === nftUnit)) return null;
  try {
    return POOL_FORMULAS[kind].reserves(utxo, unit);
  } catch (error) {
    if (error instanceof PoolDatumError) return null;
    throw error;
  }
}

function noPool(unit: string): Omit<DexPoolRecord, 'checkedAt'> {
  return { tokenUnit: unit, kind: null, address: null, nftUnit: null };
}

function gapOfError(error: unknown): PriceGap {
  if (error instanceof DailyBudgetExhaustedError) return { kind: 'budget_exhausted' };
  if (error instanceof BlockfrostError) return { kind: 'unavailable', message: `dex: ${error.message}` };
  throw error;
}
