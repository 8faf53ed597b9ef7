import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type pg from 'pg';
import { MemoryTokenBucket } from '../chain/limiter/memory-token-bucket.js';
import { PostgresTokenBucket } from '../chain/limiter/postgres-token-bucket.js';
import { RedisTokenBucket } from '../chain/limiter/redis-token-bucket.js';
import { TokenBucketRateLimiter } from '../chain/limiter/token-bucket-rate-limiter.js';
import type { TokenBucketStore } from '../chain/limiter/token-bucket-store.js';
import type { AppConfig, PriceSourceName } from '../config/config.js';
import type { PriceSource } from '../domain/prices/price-source.js';
import { CoinGeckoPriceSource } from './coingecko-price-source.js';
import { KrakenPriceSource } from './kraken-price-source.js';
import type { BlockfrostClient } from '../chain/blockfrost-client.js';
import type { SqlPool } from '../db/prisma-client.js';
import { PgDexPoolStore } from '../db/repositories/pg-dex-pool-store.js';
import { PgSwapFillStore } from '../db/repositories/pg-swap-fill-store.js';
import { pgTokenDecimals } from '../db/repositories/pg-token-decimals.js';
import { FillPriceSource } from './fill-price-source.js';
import { DexPoolPriceSource } from './dex-pool-price-source.js';
import { PriceHttpClient, type PriceHttpClientOptions } from './price-http-client.js';

export interface CreatePriceSourcesDeps {
  /** The shared buckets live where Blockfrost's does: Redis, else PostgreSQL, else this process. */
  redis?: Redis;
  pool?: pg.Pool;
  redisPrefix?: string;
  fetch?: typeof fetch;
  /** Overrides for every source's HTTP client (tests: short waits). */
  http?: Partial<Omit<PriceHttpClientOptions, 'source'>>;
  /** Present time (tests). */
  now?: () => number;
  /** The DEX pool source reads through the sync's Blockfrost client; without it the source is left out. */
  dex?: { client: BlockfrostClient; sql: SqlPool };
  /** The fill source reads the synced swaps and the chain cache here; without it the source is left out. */
  fills?: { sql: SqlPool; logger?: Logger };
}

/**
 * Builds the configured price sources in their configured order, each with its own HTTP client and
 * its own token bucket (key `prices:<source>`), shared by every process like Blockfrost's.
 */
export function createPriceSources(
  prices: AppConfig['prices'],
  deps: CreatePriceSourcesDeps = {},
): PriceSource[] {
  const store = (key: string): TokenBucketStore =>
    deps.redis
      ? new RedisTokenBucket(
          { key, ...(deps.redisPrefix ? { prefix: deps.redisPrefix } : {}) },
          { redis: deps.redis },
        )
      : deps.pool
        ? new PostgresTokenBucket({ key }, { pool: deps.pool })
        : new MemoryTokenBucket();
  const client = (source: string, ratePerSecond: number, burst: number) =>
    new PriceHttpClient(
      { source, ...deps.http },
      {
        limiter: new TokenBucketRateLimiter(
          // No daily cap of ours: these APIs limit by the minute; their 429s pause every process.
          { ratePerSecond, burst, dailyLimit: Number.MAX_SAFE_INTEGER, marginTokens: 0 },
          { store: store(`prices:${source}`) },
        ),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      },
    );
  const now = deps.now ? { now: deps.now } : {};
  const build: Record<PriceSourceName, () => PriceSource | undefined> = {
    coingecko: () => {
      const cg = prices.coingecko;
      return new CoinGeckoPriceSource(
        {
          baseUrl: cg.baseUrl,
          plan: cg.plan,
          ...(cg.apiKey ? { apiKey: cg.apiKey } : {}),
          tokens: cg.tokens,
          ...now,
        },
        client('coingecko', cg.callsPerMinute / 60, Math.max(1, Math.min(5, cg.callsPerMinute))),
      );
    },
    kraken: () =>
      new KrakenPriceSource(
        { baseUrl: prices.kraken.baseUrl, ...now },
        client('kraken', prices.kraken.callsPerSecond, Math.max(1, prices.kraken.callsPerSecond * 5)),
      ),
    dex: () => {
      if (!deps.dex) return undefined;
      const sql = deps.dex.sql;
      return new DexPoolPriceSource(now, {
        client: deps.dex.client,
        pools: new PgDexPoolStore(sql),
        decimals: pgTokenDecimals(sql),
        historyBudget: dexHistoryBudget(prices.dexDailyRequests, store('prices:dex-history'), deps.now),
      });
    },
    fill: () =>
      deps.fills
        ? new FillPriceSource({
            swaps: new PgSwapFillStore(deps.fills.sql),
            decimals: pgTokenDecimals(deps.fills.sql),
            ...(deps.fills.logger ? { logger: deps.fills.logger } : {}),
          })
        : undefined,
  };
  return prices.sources.map((name) => build[name]()).filter((s): s is PriceSource => s !== undefined);
}

/**
 * PRICE_DEX_DAILY_REQUESTS as a limiter: no rate of its own (the Blockfrost client's bucket paces the
 * requests), only the daily count, whose UTC day follows the present time given (`now`, as the rest of
 * the price code does) so that a day moved on by the clock gets its own budget.
 */
export function dexHistoryBudget(
  dailyRequests: number,
  store: TokenBucketStore,
  now?: () => number,
): TokenBucketRateLimiter {
  return new TokenBucketRateLimiter(
    { ratePerSecond: 1_000, burst: 1_000, dailyLimit: dailyRequests, marginTokens: 0 },
    { store, ...(now ? { clock: now } : {}) },
  );
}
