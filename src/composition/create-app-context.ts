import { Redis } from 'ioredis';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import { createBlockfrost, type BlockfrostStack } from '../chain/create-blockfrost.js';
import { PrismaTokenStore } from '../chain/tokens/prisma-token-store.js';
import type { TokenMetadataService } from '../chain/tokens/token-metadata-service.js';
import type { TokenBucketRateLimiterOptions } from '../chain/limiter/token-bucket-rate-limiter.js';
import type { AppConfig } from '../config/config.js';
import { pgConfigFromUrl } from '../db/pg-config-from-url.js';
import { createDatabase, type PrismaClient, type SqlPool } from '../db/prisma-client.js';
import { createRepositories, type Repositories } from '../db/repositories/index.js';
import type { JobQueue } from '../queue/job-queue.js';
import type { QueueOptions } from '../queue/queue-options.js';
import { createEventBus } from '../realtime/create-event-bus.js';
import type { EventBus } from '../realtime/event-subscriber.js';
import { BlockfrostSyncChainSource } from '../sync/chain/blockfrost-sync-chain-source.js';
import { BlockfrostTokenMetadataSource } from '../sync/token-metadata-source.js';
import { WalletSyncService, type WalletSyncServiceOptions } from '../sync/wallet-sync.service.js';
import { PgPriceDemand } from '../db/repositories/pg-price-demand.js';
import { PgSnapshotValues } from '../db/repositories/pg-snapshot-values.js';
import type { PriceSource } from '../domain/prices/price-source.js';
import { PriceBookLoader } from '../portfolio/price-book-loader.js';
import { createPriceSources, type CreatePriceSourcesDeps } from '../prices/create-price-sources.js';
import { PriceRefreshService } from '../prices/price-refresh-service.js';
import { SnapshotValuer } from '../prices/snapshot-valuer.js';
import { BlockfrostStakeRewardsSource } from '../sync/chain/blockfrost-stake-rewards-source.js';
import { ListingMemo } from '../sync/rewards/listing-memo.js';
import { EpochCache } from '../sync/rewards/epoch-cache.js';
import { PoolDirectory } from '../sync/rewards/pool-directory.js';
import { StakeRewardsSync } from '../sync/rewards/stake-rewards-sync.js';

export interface AppContextOptions {
  /** Build the job queue (worker, API). Default false (the one-shot CLI sync needs none). */
  queue?: boolean | QueueOptions;
  /** Build the event bus. Default true. */
  events?: boolean;
  /** Prefix for Redis keys (bucket, event channel, BullMQ): tests use their own. */
  redisPrefix?: string;
  /** Overrides of the limiter settings (tests: a clock, tiny daily budgets). */
  limiter?: Partial<TokenBucketRateLimiterOptions>;
  /** Overrides of the sync pipeline's options (concurrency defaults to SYNC_CONCURRENCY). */
  sync?: Partial<WalletSyncServiceOptions>;
  /** Clock for the sync pipeline (tests). */
  clock?: () => Date;
  logger?: Logger;
  /** Prisma pool size. Default 10. */
  poolSize?: number;
  /**
   * Commit without waiting for the WAL flush (`synchronous_commit = off`, see DatabaseOptions): for the
   * worker and the one-shot sync, whose writes the chain can always give again. Default false.
   */
  asyncCommit?: boolean;
  /** Overrides for the price sources' HTTP clients (tests: short retry waits). */
  priceHttp?: CreatePriceSourcesDeps['http'];
}

/** Everything the API, the worker and the CLI build from the configuration, built in one place. */
export interface AppContext {
  config: AppConfig;
  logger: Logger;
  prisma: PrismaClient;
  /** Plain SQL on Prisma's own pool (hot statements). */
  sql: SqlPool;
  repositories: Repositories;
  blockfrost: BlockfrostStack;
  chain: BlockfrostSyncChainSource;
  events: EventBus | undefined;
  queue: JobQueue | undefined;
  sync: WalletSyncService;
  /** Stake wallets' rewards, stake history and the pools they name (the sync's rewards stage). */
  rewards: StakeRewardsSync;
  /**
   * Token metadata (`tokens` table, `/assets/{asset}` at most once per unit): the process-wide service
   * the sync fills; the API can read through it too.
   */
  tokens: TokenMetadataService;
  /** Price sources in their configured order, the refresh that fills the shared price table, and the snapshot valuer. */
  prices: { sources: PriceSource[]; refresh: PriceRefreshService; valuer: SnapshotValuer };
  /** The shared token bucket lives here: Redis when REDIS_URL is set, else PostgreSQL. */
  bucketBackend: 'redis' | 'postgres';
  /** The Redis key prefix the context was built with (undefined: each component's default). */
  redisPrefix: string | undefined;
  close(): Promise<void>;
}

/**
 * The composition root: config → Prisma → repositories → Blockfrost client with the shared token
 * bucket (Redis when REDIS_URL is set, PostgreSQL otherwise) → job queue → event bus → sync service.
 */
export async function createAppContext(
  config: AppConfig,
  options: AppContextOptions = {},
): Promise<AppContext> {
  const logger = options.logger ?? pino({ level: config.logLevel, base: undefined });
  const closers: Array<() => Promise<unknown>> = [];
  try {
    const db = createDatabase(config.databaseUrl, {
      poolSize: options.poolSize ?? 10,
      synchronousCommit: !options.asyncCommit,
    });
    closers.push(() => db.close());
    const { prisma } = db;
    const repositories = createRepositories(db);

    let redis: Redis | undefined;
    let pool: pg.Pool | undefined;
    if (config.redisUrl) {
      redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3, lazyConnect: false });
      redis.on('error', (e) => logger.warn({ err: e }, 'redis connection error'));
      closers.push(() => redis!.quit().catch(() => redis!.disconnect()));
    } else {
      pool = new pg.Pool({ ...pgConfigFromUrl(config.databaseUrl), max: 4 });
      pool.on('error', (e) => logger.warn({ err: e }, 'postgres pool error'));
      closers.push(() => pool!.end());
    }
    const blockfrost = createBlockfrost(config.blockfrost, {
      ...(redis ? { redis } : { pool }),
      ...(options.redisPrefix ? { redisPrefix: options.redisPrefix } : {}),
      ...(options.limiter ? { limiter: options.limiter } : {}),
    });
    const chain = new BlockfrostSyncChainSource(blockfrost.client, blockfrost.http);

    let events: EventBus | undefined;
    if (options.events !== false) {
      events = createEventBus(
        {
          databaseUrl: config.databaseUrl,
          redisUrl: config.redisUrl,
          ...(options.redisPrefix ? { redisPrefix: options.redisPrefix } : {}),
        },
        { onError: (e) => logger.warn({ err: e }, 'event bus error') },
      );
      closers.push(() => events!.close());
    }

    let queue: JobQueue | undefined;
    if (options.queue) {
      // Loaded only when asked for: the one-shot CLI sync never loads BullMQ or the SQL backends.
      const { createJobQueue } = await import('../queue/create-job-queue.js');
      queue = await createJobQueue(
        config,
        { logger, ...(options.redisPrefix ? { bullmqPrefix: options.redisPrefix + 'bull' } : {}) },
        typeof options.queue === 'object' ? options.queue : {},
      );
      closers.push(() => queue!.close());
    }

    const tokenMetadata = new BlockfrostTokenMetadataSource(
      {},
      {
        client: blockfrost.client,
        store: new PrismaTokenStore({ prisma }),
        ...(options.clock ? { clock: options.clock } : {}),
      },
    );
    const clockNow = options.clock ?? (() => new Date());
    const rewards = new StakeRewardsSync({
      source: new BlockfrostStakeRewardsSource(blockfrost.client),
      store: repositories.stakingRewards,
      epochs: new EpochCache(repositories.stakePools, config.epochCheckMinutes * 60_000, clockNow),
      pools: new PoolDirectory(repositories.stakePools, clockNow, logger.child({ component: 'pools' })),
      listings: new ListingMemo({ now: () => clockNow().getTime() }),
    });
    const sync = new WalletSyncService(
      { concurrency: config.syncConcurrency, batchSize: config.syncBatchSize, ...options.sync },
      {
        chain,
        wallets: repositories.wallets,
        transactions: repositories.transactions,
        snapshots: repositories.snapshots,
        chainTransactions: repositories.chainTransactions,
        tokenMetadata,
        rewards,
        logger: logger.child({ component: 'sync' }),
        ...(events ? { events } : {}),
        ...(options.clock ? { clock: options.clock } : {}),
      },
    );

    const priceSources = createPriceSources(config.prices, {
      ...(redis ? { redis } : { pool }),
      ...(options.redisPrefix ? { redisPrefix: options.redisPrefix } : {}),
      ...(options.priceHttp ? { http: options.priceHttp } : {}),
      dex: { client: blockfrost.client, sql: db.sql },
      fills: { sql: db.sql, logger: logger.child({ component: 'prices' }) },
      ...(options.clock ? { now: () => options.clock!().getTime() } : {}),
    });
    const now = options.clock ?? (() => new Date());
    const prices = {
      sources: priceSources,
      refresh: new PriceRefreshService({
        prices: repositories.prices,
        demand: new PgPriceDemand(db.sql),
        sources: priceSources,
        currencies: config.prices.currencies,
        tokenLatestEveryMs: config.prices.dexLatestHours * 3_600_000,
        now,
        logger: logger.child({ component: 'prices' }),
      }),
      valuer: new SnapshotValuer({
        store: new PgSnapshotValues(db.sql),
        // Read afresh on every revalue: the refresh has just written the rows.
        books: new PriceBookLoader({ prices: repositories.prices, now }, { ttlMs: 0 }),
        baseCurrency: config.prices.baseCurrency,
      }),
    };

    return {
      config,
      logger,
      prices,
      prisma,
      sql: db.sql,
      repositories,
      blockfrost,
      chain,
      events,
      queue,
      sync,
      rewards,
      tokens: tokenMetadata.service,
      bucketBackend: redis ? 'redis' : 'postgres',
      redisPrefix: options.redisPrefix,
      async close() {
        // Reverse order: queue and bus before the connections they use.
        for (const close of closers.reverse()) await close().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    throw error;
  }
}
